"""The client over ``httpx.MockTransport``: requests on the wire, retries, re-reads and ambiguous writes."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import httpx
import pytest

from connect_as_code.connect import (
    AmbiguousWriteError,
    BadGatewayError,
    BadRequestError,
    ConcurrentModificationError,
    ConnectorReference,
    ConnectorSetNameAction,
    ConnectorStagedDraft,
    ConnectorUpdatePreviewableAction,
    Creator,
    DeploymentDraft,
    DeploymentRedeployAction,
    DeploymentStatus,
    DeploymentType,
    GeneralError,
    IntegrationType,
    InvalidResponseError,
    NotFoundError,
    RateLimitedError,
    Region,
    Repository,
    RetryPolicy,
    ServiceUnavailableError,
    TransportError,
)
from connect_as_code.connect._calls import applied_version, object_ref, query_params

from ._support import FakeClock, Server, config, deployment_body, error_body, json_response, staged_body

GENERAL_500 = error_body(500, "General", "Write operations are temporarily unavailable")
DRAFT = ConnectorStagedDraft(
    key="my-connector",
    name="My connector",
    creator=Creator(email="dev@example.com"),
    repository=Repository(url="git@github.com:org/repo.git", tag="v1.0.0"),
)


def _raw(request: httpx.Request) -> str:
    return request.url.raw_path.decode()


def _body(request: httpx.Request) -> Any:
    return json.loads(request.content)


# ------------------------------------------------------------------------------ what goes on the wire


def test_headers_on_get_and_post() -> None:
    server = Server(script=[json_response(200, staged_body()), json_response(201, staged_body())])
    with server.client() as client:
        client.get_connector_staged(key="connector-key")
        client.create_connector_staged(DRAFT)
    get, post = server.api_requests
    for request in (get, post):
        assert request.headers["Accept"] == "application/json"
        assert request.headers["User-Agent"].startswith("connect-as-code/")
        assert re.fullmatch(r"connect-as-code-[0-9a-f]{32}", request.headers["X-Correlation-ID"])
    assert "Content-Type" not in get.headers
    assert post.headers["Content-Type"] == "application/json"
    assert get.headers["X-Correlation-ID"] != post.headers["X-Correlation-ID"]


def test_custom_user_agent_and_correlation_prefix() -> None:
    server = Server(lambda r: json_response(200, staged_body()))
    with server.client(config=config(user_agent="bench/1", correlation_id_prefix="pulumi")) as client:
        client.get_connector_staged(id="x")
    request = server.api_requests[0]
    assert request.headers["User-Agent"] == "bench/1"
    assert request.headers["X-Correlation-ID"].startswith("pulumi-")


def test_create_body_uses_wire_names_and_drops_none() -> None:
    server = Server(lambda r: json_response(201, staged_body()))
    with server.client() as client:
        staged = client.create_connector_staged(DRAFT)
    assert staged.id == "5ab3edcd-9d23-4934-8f48-256805253119"
    request = server.api_requests[0]
    assert (request.method, _raw(request)) == ("POST", "/connectors/drafts")
    assert _body(request) == {
        "key": "my-connector",
        "name": "My connector",
        "creator": {"email": "dev@example.com"},
        "repository": {"url": "git@github.com:org/repo.git", "tag": "v1.0.0"},
    }


def test_update_body_and_any_2xx() -> None:
    server = Server(script=[json_response(200, staged_body(2)), json_response(201, staged_body(3))])
    with server.client() as client:
        assert (
            client.update_connector_staged(key="k", version=1, actions=[ConnectorSetNameAction(name="x")]).version == 2
        )
        raw_action = {"action": "setSomethingNew", "value": 1}
        assert (
            client.update_connector_staged(
                id="i", version=2, actions=[ConnectorUpdatePreviewableAction(), raw_action]
            ).version
            == 3
        )
    first, second = server.api_requests
    assert (first.method, _raw(first)) == ("POST", "/connectors/drafts/key=k")
    assert _body(first) == {"version": 1, "actions": [{"action": "setName", "name": "x"}]}
    assert _body(second) == {"version": 2, "actions": [{"action": "updatePreviewable"}, raw_action]}


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"id": "5ab3edcd-9d23"}, "/connectors/drafts/5ab3edcd-9d23"),
        ({"key": "my-key_1"}, "/connectors/drafts/key=my-key_1"),
        ({"key": "a/b c?d#e&f=g"}, "/connectors/drafts/key=a%2Fb%20c%3Fd%23e%26f%3Dg"),
        ({"id": "ünï/cödé"}, "/connectors/drafts/%C3%BCn%C3%AF%2Fc%C3%B6d%C3%A9"),
    ],
)
def test_id_and_key_addressing_is_url_encoded(kwargs: dict[str, str], path: str) -> None:
    server = Server(lambda r: json_response(200, staged_body()))
    with server.client() as client:
        client.get_connector_staged(**kwargs)
    assert _raw(server.api_requests[0]) == path


@pytest.mark.parametrize("kwargs", [{}, {"id": "a", "key": "b"}, {"id": ""}, {"key": ""}])
def test_exactly_one_non_empty_address(kwargs: dict[str, str]) -> None:
    server = Server()
    with server.client() as client, pytest.raises(ValueError, match=r"id|key"):
        client.get_connector_staged(**kwargs)
    assert server.requests == []


def test_every_endpoint_path() -> None:
    server = Server(_answer_for)
    with server.client() as client:
        client.get_connector(key="c")
        client.search_connectors()
        client.list_connectors_staged()
        client.delete_connector_staged(id="s")
        client.get_deployment(key="d")
        client.get_deployment(id="d", project_key="other project")
        client.list_deployments()
        client.create_deployment(DeploymentDraft(connector=ConnectorReference(key="c"), region=Region.US_EAST_2_AWS))
        client.update_deployment(key="d", version=1, actions=[DeploymentRedeployAction(update_connector=True)])
        client.delete_deployment(key="d")
        client.get_deployment_logs(key="d")
    assert [(r.method, _raw(r)) for r in server.api_requests] == [
        ("GET", "/connectors/key=c"),
        ("GET", "/connectors/search"),
        ("GET", "/connectors/drafts"),
        ("DELETE", "/connectors/drafts/s"),
        ("GET", "/my-project/deployments/key=d"),
        ("GET", "/other%20project/deployments/d"),
        ("GET", "/my-project/deployments"),
        ("POST", "/my-project/deployments"),
        ("POST", "/my-project/deployments/key=d"),
        ("DELETE", "/my-project/deployments/key=d"),
        ("GET", "/my-project/deployments/key=d/logs"),
    ]


def _answer_for(request: httpx.Request) -> httpx.Response:
    path = request.url.path
    if path.endswith("/logs"):
        return json_response(200, {"data": [], "next": ""})
    if path.endswith("/search"):
        return json_response(200, {"limit": 20, "offset": 0, "count": 0, "total": 0, "results": []})
    if path in {"/connectors/drafts", "/my-project/deployments"} and request.method == "GET":
        return json_response(200, {"limit": 20, "offset": 0, "count": 0, "total": 0, "results": []})
    if "deployments" in path:
        return json_response(202 if request.method == "DELETE" else 200, deployment_body())
    if path.startswith("/connectors/key="):
        return json_response(200, {**staged_body(), "certified": False})
    return json_response(200, staged_body())


def test_deployment_calls_need_a_project_key() -> None:
    server = Server()
    with (
        server.client(config=config(project_key="")) as client,
        pytest.raises(ValueError, match="project key"),
    ):
        client.get_deployment(key="d")


def test_query_params_repeat_array_keys() -> None:
    empty_page = {"limit": 5, "offset": 0, "count": 0, "total": 0, "results": []}
    server = Server(lambda r: json_response(200, empty_page))
    with server.client() as client:
        client.list_connectors_staged(
            limit=5,
            offset=10,
            sort=["name asc", "key desc"],
            is_private=False,
            integration_types=[IntegrationType.PSP, "tax"],
        )
        client.search_connectors(
            text="tax calc",
            private=True,
            creator_company="ACME & Co",
            ids=["1", "2"],
            keys=["k"],
            integration_types=["other"],
            sort="createdAt desc",
        )
        client.list_deployments(deployment_type=DeploymentType.PREVIEW, integration_types=["oms"], limit=1)
        client.list_connectors_staged()
    queries = [r.url.query.decode() for r in server.api_requests]
    assert queries == [
        "limit=5&offset=10&sort=name+asc&sort=key+desc&isPrivate=false&integrationTypes=psp&integrationTypes=tax",
        "text=tax+calc&sort=createdAt+desc&private=true&creator.company=ACME+%26+Co&id=1&id=2&key=k"
        "&integrationTypes=other",
        "limit=1&integrationTypes=oms&deploymentType=preview",
        "",
    ]


def test_log_query_and_datetime_format() -> None:
    server = Server(lambda r: json_response(200, {"data": [], "next": None}))
    start = dt.datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    with server.client() as client:
        client.get_deployment_logs(
            key="d",
            application_name="svc",
            start_date=start,
            end_date=dt.datetime(2026, 1, 3),
            page_token="tok/1",
        )
    params = server.api_requests[0].url.params
    assert params["applicationName"] == "svc"
    assert params["startDate"] == "2026-01-02T01:04:05.678Z"
    assert params["endDate"] == "2026-01-03T00:00:00.000Z"
    assert params["pageToken"] == "tok/1"


def test_log_pages_follow_next_until_empty() -> None:
    def log(n: int) -> dict[str, Any]:
        return {
            "type": "APPLICATION_TEXT",
            "deploymentId": "d",
            "applicationName": "svc",
            "severity": "INFO",
            "timestamp": "2026-01-01T00:00:00Z",
            "details": {"message": f"line {n}"},
        }

    pages = {None: ([log(1), log(2)], "p2"), "p2": ([log(3)], "p3"), "p3": ([], "")}

    def handler(request: httpx.Request) -> httpx.Response:
        entries, following = pages[request.url.params.get("pageToken")]
        return json_response(200, {"data": entries, "next": following})

    server = Server(handler)
    with server.client() as client:
        messages = [entry.details["message"] for entry in client.iter_deployment_logs(key="d", application_name="svc")]
        assert len(list(client.iter_deployment_log_pages(key="d"))) == 3
    assert messages == ["line 1", "line 2", "line 3"]


def test_log_pages_stop_on_a_repeated_token() -> None:
    server = Server(lambda r: json_response(200, {"data": [], "next": "same"}))
    with server.client() as client:
        assert len(list(client.iter_deployment_log_pages(id="d"))) == 2


def test_on_request_hook_sees_every_attempt_with_route_templates() -> None:
    seen: list[tuple[str, str, int | None]] = []
    clock = FakeClock()
    server = Server(script=[httpx.ConnectError("refused"), json_response(200, staged_body())])
    with server.client(clock, on_request=lambda m, route, status, elapsed: seen.append((m, route, status))) as client:
        client.get_connector_staged(key="connector-key")
        server.script = [json_response(200, deployment_body())]
        client.get_deployment(id="d")
    assert seen == [
        ("POST", "/oauth/token", 200),
        ("GET", "/connectors/drafts/key={key}", None),
        ("GET", "/connectors/drafts/key={key}", 200),
        ("GET", "/{projectKey}/deployments/{id}", 200),
    ]


# ------------------------------------------------------------------------------------ responses


def test_find_returns_none_on_404() -> None:
    not_found = json_response(404, error_body(404, "ResourceNotFound", "not found"))
    server = Server(lambda r: not_found)
    with server.client() as client:
        assert client.find_connector_staged(key="nope") is None
        assert client.find_connector(id="nope") is None
        assert client.find_deployment(key="nope") is None
        with pytest.raises(NotFoundError):
            client.get_deployment(key="nope")


def test_error_keeps_the_correlation_id_sent_or_echoed() -> None:
    server = Server(
        script=[
            json_response(400, error_body(400, "InvalidJsonInput", "bad")),
            json_response(400, error_body(400, "InvalidJsonInput", "bad"), headers={"X-Correlation-ID": "server-cid"}),
        ]
    )
    with server.client() as client:
        with pytest.raises(BadRequestError) as first:
            client.create_connector_staged(DRAFT)
        with pytest.raises(BadRequestError) as second:
            client.create_connector_staged(DRAFT)
    assert first.value.correlation_id == server.api_requests[0].headers["X-Correlation-ID"]
    assert second.value.correlation_id == "server-cid"
    assert first.value.method == "POST" and first.value.path == "/connectors/drafts"


def test_unexpected_success_bodies() -> None:
    server = Server(script=[httpx.Response(200, text="<html>ok</html>"), json_response(200, {"id": "x"})])
    with server.client() as client:
        with pytest.raises(InvalidResponseError, match="not JSON"):
            client.get_connector_staged(id="x")
        with pytest.raises(InvalidResponseError, match=r"not a ConnectorStaged \(version: Field required\)"):
            client.get_connector_staged(id="x")


def test_deployment_delete_accepts_202() -> None:
    server = Server(lambda r: json_response(202, deployment_body(status="Undeploying")))
    with server.client() as client:
        assert client.delete_deployment(key="d").status is DeploymentStatus.UNDEPLOYING


def test_client_closes_its_pool() -> None:
    server = Server(lambda r: json_response(200, staged_body()))
    client = server.client()
    with client:
        client.get_connector_staged(id="x")
    with pytest.raises(RuntimeError):
        client.get_connector_staged(id="x")


# ---------------------------------------------------------------------------------------- retries


def _transient(kind: str) -> httpx.Response | Exception:
    answers: dict[str, httpx.Response | Exception] = {
        "500": json_response(500, GENERAL_500),
        "502": httpx.Response(502, text="Bad Gateway"),
        "503": json_response(503, {"message": "unavailable"}),
        "504": httpx.Response(504, text="<html>timeout</html>"),
        "429": json_response(429, {"statusCode": 429, "message": "slow down"}),
        "connect": httpx.ConnectError("refused"),
        "read": httpx.ReadError("connection reset"),
        "read-timeout": httpx.ReadTimeout("timed out"),
        "disconnect": httpx.RemoteProtocolError("Server disconnected without sending a response."),
    }
    return answers[kind]


@pytest.mark.parametrize(
    "failure", ["500", "502", "503", "504", "429", "connect", "read", "read-timeout", "disconnect"]
)
def test_get_is_retried_on_transient_failures(failure: str) -> None:
    clock = FakeClock()
    server = Server(script=[_transient(failure), _transient(failure), json_response(200, staged_body())])
    with server.client(clock) as client:
        assert client.get_connector_staged(key="connector-key").version == 1
    assert len(server.api_requests) == 3
    assert clock.sleeps == [0.5, 1.0]  # rng 0.5 of ceilings 1 s and 2 s


@pytest.mark.parametrize("failure", ["500", "503", "read"])
def test_delete_is_retried_like_a_get(failure: str) -> None:
    server = Server(script=[_transient(failure), json_response(200, staged_body())])
    with server.client() as client:
        client.delete_connector_staged(key="connector-key")
    assert [r.method for r in server.api_requests] == ["DELETE", "DELETE"]


@pytest.mark.parametrize("status", [400, 403, 404, 409, 501])
def test_get_is_not_retried_on_other_errors(status: int) -> None:
    clock = FakeClock()
    server = Server(script=[json_response(status, error_body(status, "Whatever", "no"))])
    with server.client(clock) as client, pytest.raises(Exception) as caught:
        client.get_connector_staged(id="x")
    assert getattr(caught.value, "status_code", None) == status
    assert len(server.api_requests) == 1 and clock.sleeps == []


def test_fatal_transport_errors_are_not_retried() -> None:
    server = Server(script=[httpx.UnsupportedProtocol("no such scheme")])
    with server.client() as client, pytest.raises(TransportError) as caught:
        client.get_connector_staged(id="x")
    assert isinstance(caught.value.cause, httpx.UnsupportedProtocol)
    assert len(server.api_requests) == 1


def test_retry_after_is_honoured() -> None:
    clock = FakeClock()
    server = Server(
        script=[
            json_response(429, {"message": "slow"}, headers={"Retry-After": "3"}),
            json_response(503, {"message": "busy"}, headers={"Retry-After": "0.25"}),
            json_response(429, {"message": "slow"}, headers={"Retry-After": "3600"}),
            json_response(200, staged_body()),
        ]
    )
    with server.client(clock) as client:
        client.get_connector_staged(id="x")
    assert clock.sleeps == [3.0, 0.25, 30.0]


def test_attempts_are_bounded() -> None:
    clock = FakeClock()
    server = Server(lambda r: httpx.Response(503, text="busy"))
    policy = RetryPolicy(max_attempts=4, backoff_base=1.0, backoff_cap=20.0, budget=1000.0)
    with (
        server.client(clock, rng=lambda: 0.999, retry_policy=policy) as client,
        pytest.raises(ServiceUnavailableError) as caught,
    ):
        client.get_connector_staged(id="x")
    assert len(server.api_requests) == 4
    assert caught.value.attempts == 4
    assert str(caught.value).endswith("(gave up after 4 attempts in 7.0 s)")
    assert clock.sleeps == pytest.approx([0.999, 1.998, 3.996])
    assert all(0 <= delay < 2**i for i, delay in enumerate(clock.sleeps))


def test_budget_is_respected() -> None:
    clock = FakeClock()

    def slow_failure(request: httpx.Request) -> httpx.Response:
        clock.now += 25.0  # each attempt takes 25 s before failing
        return httpx.Response(502, text="bad gateway")

    server = Server(slow_failure)
    policy = RetryPolicy(max_attempts=100, budget=60.0)
    with (
        server.client(clock, rng=lambda: 0.5, retry_policy=policy) as client,
        pytest.raises(BadGatewayError) as caught,
    ):
        client.get_connector_staged(id="x")
    # Attempts end at 25 s and 50.5 s; the third starts at 51.5 s (inside the 60 s budget) and ends at
    # 76.5 s, after which no retry may start.
    assert len(server.api_requests) == 3
    assert caught.value.elapsed == pytest.approx(76.5)
    assert clock.sleeps == [0.5, 1.0]


def test_default_policy_gives_up_after_eight_attempts() -> None:
    clock = FakeClock()
    server = Server(lambda r: httpx.Response(502, text="bad gateway"))
    with server.client(clock, rng=lambda: 0.999999) as client, pytest.raises(BadGatewayError):
        client.get_connector_staged(id="x")
    assert len(server.api_requests) == 8
    assert sum(clock.sleeps) < 72.0  # 1 + 2 + 4 + 8 + 16 + 20 + 20 at most


# ----------------------------------------------------------------------------- updates: re-read first


def _update(client: Any) -> Any:
    return client.update_connector_staged(key="connector-key", version=1, actions=[ConnectorSetNameAction(name="n")])


def test_update_after_500_general_is_reread_and_taken_as_applied() -> None:
    clock = FakeClock()
    server = Server(script=[json_response(500, GENERAL_500), json_response(200, staged_body(2, name="n"))])
    with server.client(clock) as client:
        staged = _update(client)
    assert (staged.version, staged.name) == (2, "n")
    assert [(r.method, _raw(r)) for r in server.api_requests] == [
        ("POST", "/connectors/drafts/key=connector-key"),
        ("GET", "/connectors/drafts/key=connector-key"),
    ]
    assert clock.sleeps == []


def test_update_not_applied_is_posted_again() -> None:
    server = Server(
        script=[
            json_response(500, GENERAL_500),
            json_response(200, staged_body(1)),
            json_response(201, staged_body(2)),
        ]
    )
    with server.client() as client:
        assert _update(client).version == 2
    assert [r.method for r in server.api_requests] == ["POST", "GET", "POST"]
    assert _body(server.api_requests[2]) == _body(server.api_requests[0])


@pytest.mark.parametrize("failure", ["502", "503", "504", "read", "read-timeout", "disconnect"])
def test_update_with_unknown_outcome_is_reread(failure: str) -> None:
    server = Server(script=[_transient(failure), json_response(200, staged_body(2))])
    with server.client() as client:
        assert _update(client).version == 2
    assert [r.method for r in server.api_requests] == ["POST", "GET"]


@pytest.mark.parametrize("failure", ["connect", "429"])
def test_update_not_sent_is_resent_without_reread(failure: str) -> None:
    server = Server(script=[_transient(failure), json_response(201, staged_body(2))])
    with server.client() as client:
        assert _update(client).version == 2
    assert [r.method for r in server.api_requests] == ["POST", "POST"]


def test_update_whose_reread_fails_is_ambiguous() -> None:
    policy = RetryPolicy(max_attempts=2)
    server = Server(script=[json_response(500, GENERAL_500), httpx.Response(503), httpx.Response(503)])
    with server.client(retry_policy=policy) as client, pytest.raises(AmbiguousWriteError) as caught:
        _update(client)
    error = caught.value
    assert isinstance(error.cause, GeneralError) and isinstance(error.reread_error, ServiceUnavailableError)
    assert error.reread_error.attempts == 2
    assert error.sent_version == 1
    assert [r.method for r in server.api_requests] == ["POST", "GET", "GET"]


def test_update_exhausted_after_rereads() -> None:
    policy = RetryPolicy(max_attempts=3)

    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return json_response(500, GENERAL_500)
        return json_response(200, staged_body(1))

    server = Server(handler)
    with server.client(retry_policy=policy) as client, pytest.raises(GeneralError) as caught:
        _update(client)
    assert caught.value.attempts == 3
    assert [r.method for r in server.api_requests] == ["POST", "GET", "POST", "GET", "POST", "GET"]


def test_update_deployment_is_reread_in_the_same_project() -> None:
    server = Server(script=[httpx.ReadError("reset"), json_response(200, deployment_body(5))])
    with server.client() as client:
        deployment = client.update_deployment(
            key="d", version=4, actions=[DeploymentRedeployAction()], project_key="p2"
        )
    assert deployment.version == 5
    assert [(r.method, _raw(r)) for r in server.api_requests] == [
        ("POST", "/p2/deployments/key=d"),
        ("GET", "/p2/deployments/key=d"),
    ]


def test_concurrent_modification_surfaces_without_retry() -> None:
    clock = FakeClock()
    body = error_body(409, "ConcurrentModification", "Version mismatch.", expectedVersion=1, currentVersion=3)
    server = Server(script=[json_response(409, body)])
    with server.client(clock) as client, pytest.raises(ConcurrentModificationError) as caught:
        _update(client)
    assert (caught.value.expected_version, caught.value.current_version) == (1, 3)
    assert len(server.api_requests) == 1 and clock.sleeps == []


def test_concurrent_modification_without_versions_uses_the_version_sent() -> None:
    server = Server(script=[json_response(409, error_body(409, "ConcurrentModification", "Version mismatch."))])
    with server.client() as client, pytest.raises(ConcurrentModificationError) as caught:
        client.update_deployment(id="d", version=9, actions=[DeploymentRedeployAction()])
    assert (caught.value.expected_version, caught.value.current_version) == (9, None)


# --------------------------------------------------------------------------- creates: never blindly


@pytest.mark.parametrize("failure", ["500", "502", "503", "504", "read", "read-timeout", "disconnect", "write"])
def test_create_with_unknown_outcome_is_never_resent(failure: str) -> None:
    clock = FakeClock()
    entry = httpx.WriteError("broken pipe") if failure == "write" else _transient(failure)
    server = Server(script=[entry])
    with server.client(clock) as client, pytest.raises(AmbiguousWriteError) as caught:
        client.create_connector_staged(DRAFT)
    assert len(server.api_requests) == 1 and clock.sleeps == []
    error = caught.value
    assert (error.method, error.path, error.key) == ("POST", "/connectors/drafts", "my-connector")
    assert error.__cause__ is error.cause
    assert "look the object up by key 'my-connector'" in str(error)


def test_create_after_503_with_retry_after_is_still_ambiguous() -> None:
    server = Server(script=[json_response(503, {"message": "busy"}, headers={"Retry-After": "1"})])
    with server.client() as client, pytest.raises(AmbiguousWriteError):
        client.create_connector_staged(DRAFT)
    assert len(server.api_requests) == 1


@pytest.mark.parametrize("failure", ["connect", "connect-timeout", "pool-timeout", "429"])
def test_create_is_resent_when_provably_not_applied(failure: str) -> None:
    answers: dict[str, httpx.Response | Exception] = {
        "connect": httpx.ConnectError("refused"),
        "connect-timeout": httpx.ConnectTimeout("handshake"),
        "pool-timeout": httpx.PoolTimeout("pool"),
        "429": json_response(429, {"message": "slow"}, headers={"Retry-After": "2"}),
    }
    entry = answers[failure]
    server = Server(script=[entry, json_response(201, staged_body())])
    with server.client() as client:
        assert client.create_connector_staged(DRAFT).key == "connector-key"
    assert [r.method for r in server.api_requests] == ["POST", "POST"]


def test_create_deployment_is_never_resent_after_a_dropped_connection() -> None:
    draft = DeploymentDraft(key="dep", connector=ConnectorReference(key="c", version=1), region="europe-west1.gcp")
    server = Server(script=[httpx.RemoteProtocolError("Server disconnected")])
    with server.client() as client, pytest.raises(AmbiguousWriteError) as caught:
        client.create_deployment(draft)
    assert caught.value.key == "dep" and isinstance(caught.value.cause, TransportError)
    assert len(server.api_requests) == 1


def test_create_rate_limited_until_exhausted() -> None:
    server = Server(lambda r: json_response(429, {"message": "slow"}))
    with (
        server.client(retry_policy=RetryPolicy(max_attempts=2)) as client,
        pytest.raises(RateLimitedError) as caught,
    ):
        client.create_connector_staged(DRAFT)
    assert caught.value.attempts == 2
    assert len(server.api_requests) == 2


# ------------------------------------------------------------------------------------ pure helpers


@pytest.mark.parametrize(
    ("body", "sent", "applied"),
    [
        ({"version": 2}, 1, True),
        ({"version": 2.0}, 1, True),
        ({"version": 1}, 1, False),
        ({"version": 0}, 1, False),
        ({"version": True}, 0, False),
        ({"version": "2"}, 1, False),
        ({}, 1, False),
        ([], 1, False),
    ],
)
def test_applied_version(body: Any, sent: int, applied: bool) -> None:
    assert applied_version(body, sent) is applied


def test_object_ref_and_query_params() -> None:
    assert object_ref(None, "a b") == "key=a%20b"
    assert object_ref("x/y", None) == "x%2Fy"
    assert query_params({"a": None, "b": ["1", "2"], "c": True, "d": 3, "e": ("x",)}) == [
        ("b", "1"),
        ("b", "2"),
        ("c", "true"),
        ("d", "3"),
        ("e", "x"),
    ]
