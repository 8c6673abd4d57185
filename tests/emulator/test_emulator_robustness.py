"""Malformed requests get ErrorResponse bodies with 4xx statuses, never a 500 or a traceback."""

from __future__ import annotations

import json
import random
from collections.abc import MutableMapping
from typing import Any

import pytest

from connect_as_code.emulator.models import AuthErrorResponse, ErrorResponse
from tests.emulator.support import PROJECT, Env, assert_error, create_staged, published_connector

BODY_ROUTES = [
    "/connectors/drafts",
    "/connectors/drafts/key=abc-first-connector",
    f"/{PROJECT}/deployments",
    f"/{PROJECT}/deployments/key=my-first-deployment",
]

BAD_BODIES: list[tuple[str, bytes, str | None]] = [
    ("truncated json", b'{"name": ', "application/json"),
    ("not json", b"hello", "application/json"),
    ("array", b"[1, 2]", "application/json"),
    ("string", b'"text"', "application/json"),
    ("null", b"null", "application/json"),
    ("number", b"1e999", "application/json"),
    ("empty", b"", "application/json"),
    ("invalid utf-8", b'{"name": "\xff\xfe"}', "application/json"),
    ("deep nesting", b"[" * 100_000 + b"]" * 100_000, "application/json"),
    ("huge integer", b'{"version": ' + b"9" * 5000 + b', "actions": []}', "application/json"),
    ("text/plain", b'{"version": 1, "actions": []}', "text/plain"),
    ("form", b"version=1", "application/x-www-form-urlencoded"),
    ("no content type", b"{", None),
    ("nan", b'{"version": NaN, "actions": []}', "application/json"),
]


@pytest.mark.parametrize("route", BODY_ROUTES)
@pytest.mark.parametrize(("case", "body", "content_type"), BAD_BODIES, ids=[c[0] for c in BAD_BODIES])
def test_bad_bodies(env: Env, route: str, case: str, body: bytes, content_type: str | None) -> None:
    create_staged(env)
    headers = {"Content-Type": content_type} if content_type else {}
    response = env.client.post(route, content=body, headers=headers)
    assert 400 <= response.status_code < 500, (case, route, response.text)
    ErrorResponse.model_validate(response.json())
    assert "Traceback" not in response.text


def test_invalid_json_detail(env: Env) -> None:
    body = assert_error(
        env.client.post("/connectors/drafts", content=b'{"name": ', headers={"Content-Type": "application/json"}),
        400,
        "InvalidJsonInput",
        "Request body does not contain valid JSON.",
    )
    assert body["errors"][0]["detailedErrorMessage"].startswith("JSON decode error at position")


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/connectors/drafts", {"limit": "x"}),
        ("/connectors/drafts", {"offset": "-5"}),
        ("/connectors/drafts", {"limit": "1e3"}),
        ("/connectors/search", {"private": "maybe"}),
        ("/connectors/search", {"integrationTypes": "nope"}),
        (f"/{PROJECT}/deployments", {"deploymentType": "x"}),
        (f"/{PROJECT}/deployments", {"sort": "name sideways"}),
    ],
)
def test_bad_query_params(env: Env, path: str, params: dict[str, str]) -> None:
    assert_error(env.client.get(path, params=params), 400, "InvalidQueryParam", "Request query param is not valid")


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/nothing", 404, "ResourceNotFound"),
        ("GET", "/connectors/drafts/a/b", 404, "ResourceNotFound"),
        ("GET", "/connectors/drafts/", 404, "ResourceNotFound"),
        ("GET", f"/{PROJECT}/deployments/x/logs/stream", 404, "ResourceNotFound"),
        ("PUT", "/connectors/drafts", 405, "MethodNotAllowed"),
        ("POST", "/connectors/search", 405, "MethodNotAllowed"),
        ("DELETE", "/connectors/some-id", 405, "MethodNotAllowed"),
        ("PATCH", f"/{PROJECT}/deployments/x", 405, "MethodNotAllowed"),
        ("GET", "/oauth/token", 405, "MethodNotAllowed"),
    ],
)
def test_unknown_routes_and_methods(env: Env, method: str, path: str, status: int, code: str) -> None:
    response = env.client.request(method, path)
    assert_error(response, status, code)
    if status == 405:
        assert "allow" in response.headers


def test_invalid_project_key(env: Env) -> None:
    assert_error(env.client.get("/a/deployments"), 400, "InvalidPathParam")
    assert_error(env.client.get(f"/{'p' * 40}/deployments"), 400, "InvalidPathParam")


def test_correlation_ids(env: Env) -> None:
    echoed = env.client.get("/connectors/drafts", headers={"X-Correlation-ID": "commercetools-cli-abc"})
    assert echoed.headers["x-correlation-id"] == "commercetools-cli-abc"
    generated = env.anon.get("/connectors/drafts")
    assert generated.status_code == 401
    assert generated.headers["x-correlation-id"].startswith("connect-emulator-")
    assert env.anon.get("/_emulator/health").headers["x-correlation-id"]
    assert env.anon.get("/nothing").headers["x-correlation-id"]
    weird = env.client.get("/connectors/drafts", headers={"X-Correlation-ID": "x" * 300})
    assert weird.headers["x-correlation-id"].startswith("connect-emulator-")


def test_openapi_document(env: Env) -> None:
    schema = env.anon.get("/openapi.json").json()
    paths = schema["paths"]
    for path in [
        "/connectors/{ID}",
        "/connectors/search",
        "/connectors/drafts",
        "/connectors/drafts/{ID}",
        "/{projectKey}/deployments",
        "/{projectKey}/deployments/{ID}",
        "/{projectKey}/deployments/{ID}/logs",
        "/oauth/token",
    ]:
        assert path in paths
    assert not any(p.startswith("/_emulator") for p in paths)
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    for path, operations in paths.items():
        for operation in operations.values():
            assert "422" not in operation["responses"]
            if not path.startswith("/oauth"):
                assert operation["security"] == [{"bearerAuth": []}]
                assert "400" in operation["responses"]
    assert paths["/connectors/drafts"]["post"]["responses"]["201"]
    assert paths["/{projectKey}/deployments/{ID}"]["delete"]["responses"]["202"]
    body_schema = paths["/connectors/drafts"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body_schema["$ref"].endswith("/ConnectorStagedDraft")
    draft = schema["components"]["schemas"]["ConnectorStagedDraft"]
    assert "supportedRegions" in draft["properties"]
    assert set(schema["components"]["securitySchemes"]) == {"bearerAuth", "basicAuth"}


def _random_value(rng: random.Random, depth: int = 0) -> Any:
    choices: list[Any] = [
        None,
        True,
        rng.randint(-(2**70), 2**70),
        rng.random() * 1e6,
        "".join(chr(rng.randint(0, 0x2FFF)) for _ in range(rng.randint(0, 12))),
        "key=" + "x" * rng.randint(0, 3),
    ]
    if depth < 3:
        choices.append([_random_value(rng, depth + 1) for _ in range(rng.randint(0, 3))])
        choices.append(
            {
                rng.choice(
                    ["key", "name", "version", "actions", "action", "connector", "configurations", "region", "x"]
                ): _random_value(rng, depth + 1)
                for _ in range(rng.randint(0, 4))
            }
        )
    return rng.choice(choices)


def test_a_small_fuzz_never_gets_a_500(env: Env) -> None:
    """A seeded fuzz over every route: random bodies, params and path values."""
    published_connector(env)
    rng = random.Random(1234)
    routes = [
        ("GET", "/connectors/{x}"),
        ("GET", "/connectors/search"),
        ("POST", "/connectors/drafts"),
        ("GET", "/connectors/drafts"),
        ("GET", "/connectors/drafts/{x}"),
        ("POST", "/connectors/drafts/{x}"),
        ("DELETE", "/connectors/drafts/{x}"),
        ("POST", "/{p}/deployments"),
        ("GET", "/{p}/deployments"),
        ("GET", "/{p}/deployments/{x}"),
        ("POST", "/{p}/deployments/{x}"),
        ("DELETE", "/{p}/deployments/{x}"),
        ("GET", "/{p}/deployments/{x}/logs"),
        ("POST", "/oauth/token"),
    ]
    params_pool = [
        "limit",
        "offset",
        "sort",
        "text",
        "private",
        "isPrivate",
        "integrationTypes",
        "deploymentType",
        "pageToken",
        "startDate",
        "endDate",
        "applicationName",
        "id",
        "key",
        "creator.company",
    ]
    for _ in range(400):
        method, template = rng.choice(routes)
        path = template.replace(
            "{x}", rng.choice(["key=abc-first-connector", "key=", "abc", "key=%20", "%00"])
        ).replace("{p}", rng.choice([PROJECT, "x", "other-project", "-_-"]))
        params = {name: str(_random_value(rng))[:40] for name in rng.sample(params_pool, rng.randint(0, 3))}
        body = json.dumps(_random_value(rng)) if method == "POST" else None
        response = env.client.request(
            method, path, params=params, content=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code < 500, (method, path, params, body, response.text)
        if response.status_code >= 400:
            payload = response.json()
            model = AuthErrorResponse if "error" in payload else ErrorResponse
            model.model_validate(payload)


def test_unexpected_errors_become_a_500_error_response(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object) -> None:
        raise RuntimeError("bug with a secret inside")

    monkeypatch.setattr(env.app.state.engine, "list_staged", explode)
    response = env.client.get("/connectors/drafts", headers={"X-Correlation-ID": "bug-1"})
    assert_error(response, 500, "General", "Internal error")
    assert response.headers["x-correlation-id"] == "bug-1"
    assert "secret" not in response.text and "Traceback" not in response.text


def _post_streamed(env: Env, size: int, *, declared: bool) -> tuple[int, dict[str, Any], int]:
    """POST a body of ``size`` bytes to the app in 1 MiB chunks made on the fly: status, body, peak bytes held."""
    import asyncio
    import tracemalloc

    chunk = b" " * (1024 * 1024)
    headers = [(b"content-type", b"application/json"), (b"authorization", f"Bearer {env.token()}".encode())]
    if declared:
        headers.append((b"content-length", str(size).encode()))
    scope = {"type": "http", "method": "POST", "path": "/connectors/drafts", "raw_path": b"/connectors/drafts",
             "query_string": b"", "headers": headers, "http_version": "1.1", "scheme": "http",
             "server": ("testserver", 80), "client": ("127.0.0.1", 1), "root_path": ""}  # fmt: skip
    sent = 0
    answer: dict[str, Any] = {"body": b""}

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent >= size:
            await asyncio.sleep(3600)  # nothing more: the client waits for the answer
        part = chunk[: min(len(chunk), size - sent)]
        sent += len(part)
        return {"type": "http.request", "body": part, "more_body": sent < size}

    async def send(message: MutableMapping[str, Any]) -> None:
        if message["type"] == "http.response.start":
            answer["status"] = message["status"]
        else:
            answer["body"] += message.get("body", b"")

    tracemalloc.start()
    try:
        asyncio.run(env.app(scope, receive, send))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return answer["status"], json.loads(answer["body"]), peak


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
def test_a_body_above_16_mib_is_refused_without_being_held(env: Env, declared: bool) -> None:
    status, body, peak = _post_streamed(env, 50 * 1024 * 1024, declared=declared)
    assert status == 413
    assert body["errors"] == [
        {"code": "ResourceSizeLimitExceeded", "message": "The resource size exceeds the maximal allowed size of 16 MB."}
    ]
    assert peak < (4 if declared else 20) * 1024 * 1024  # 50 MiB went through; at most the limit was kept
    assert env.client.get("/connectors/drafts").json()["results"] == []


def test_a_body_within_the_limit_reaches_the_api(env: Env) -> None:
    status, body, _ = _post_streamed(env, 2 * 1024 * 1024, declared=True)
    assert (status, body["errors"][0]["code"]) == (400, "InvalidJsonInput")  # read whole: blanks are no JSON
