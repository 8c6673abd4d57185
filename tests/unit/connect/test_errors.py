"""Error responses become the right exception, with a one-line message that never shows a secret."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import httpx
import pytest

from connect_as_code.connect import (
    AmbiguousWriteError,
    AuthenticationError,
    AuthorizationError,
    BadGatewayError,
    BadRequestError,
    ConcurrentModificationError,
    ConflictError,
    ConnectApiError,
    ConnectError,
    GeneralError,
    InvalidClientCredentialsError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    ServiceUnavailableError,
    TransportError,
)
from connect_as_code.connect._error_responses import api_error, error_class_for, parse_error_body, token_endpoint_error
from connect_as_code.connect._scopes import required_scopes

from ._support import SECRET, error_body

EXAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "raml_examples"


def _error(status: int, body: Any, **kwargs: Any) -> ConnectApiError:
    text = body if isinstance(body, str) else json.dumps(body)
    return api_error(
        status,
        text,
        method=kwargs.pop("method", "GET"),
        path=kwargs.pop("path", "/connectors/drafts/key=abc"),
        correlation_id=kwargs.pop("correlation_id", "cid-1"),
        **kwargs,
    )


@pytest.mark.parametrize(
    ("status", "codes", "expected"),
    [
        (400, ["InvalidJsonInput"], BadRequestError),
        (400, [], BadRequestError),
        (401, ["invalid_token"], AuthenticationError),
        (403, ["AuthorizationError"], AuthorizationError),
        (404, ["ResourceNotFound"], NotFoundError),
        (409, ["ConcurrentModification"], ConcurrentModificationError),
        (409, ["DeploymentInvalidStatusTransition"], ConflictError),
        (409, [], ConflictError),
        (429, [], RateLimitedError),
        (500, ["General"], GeneralError),
        (500, [], ServerError),
        (502, ["BadGateway"], BadGatewayError),
        (503, [], ServiceUnavailableError),
        (504, [], ServiceUnavailableError),
        (507, [], ServerError),
        (418, ["Teapot"], ConnectApiError),
    ],
)
def test_error_class_by_status_and_code(status: int, codes: list[str], expected: type[ConnectApiError]) -> None:
    assert error_class_for(status, codes) is expected


def test_hierarchy() -> None:
    assert issubclass(ConcurrentModificationError, ConflictError)
    assert issubclass(GeneralError, ServerError) and issubclass(BadGatewayError, ServerError)
    assert issubclass(ServiceUnavailableError, ServerError)
    assert issubclass(InvalidClientCredentialsError, AuthenticationError)
    for cls in (ConnectApiError, TransportError, AmbiguousWriteError):
        assert issubclass(cls, ConnectError)


def test_not_found_example() -> None:
    error = _error(404, json.loads((EXAMPLES / "error/not-found.json").read_text()))
    assert isinstance(error, NotFoundError)
    assert error.status_code == 404
    assert error.code == "ResourceNotFound"
    assert error.message == "The Resource with key 'resource-key' was not found."
    assert error.correlation_id == "cid-1" and error.method == "GET"
    assert error.path == "/connectors/drafts/key=abc"
    assert str(error) == (
        "GET /connectors/drafts/key=abc returned 404 ResourceNotFound: "
        "The Resource with key 'resource-key' was not found. [correlation id: cid-1]"
    )


def test_several_errors_are_all_listed() -> None:
    error = _error(
        400,
        json.loads((EXAMPLES / "error/error-response.json").read_text()),
        method="POST",
        path="/connectors/drafts",
    )
    assert isinstance(error, BadRequestError)
    assert [e.message for e in error.errors] == ["First error message.", "Second error message."]
    assert error.errors[0].detailed_error_message == ""
    assert str(error) == (
        "POST /connectors/drafts returned 400 InvalidJsonInput: First error message.; "
        "InvalidJsonInput: Second error message. [correlation id: cid-1]"
    )


def test_has_code_and_error_specific_fields() -> None:
    body = {
        "statusCode": 400,
        "message": "A duplicate value 'k' exists for field 'key'.",
        "errors": [
            {"code": "InvalidJsonInput", "message": "bad", "detailedErrorMessage": "x"},
            {
                "code": "DuplicateField",
                "message": "dup",
                "field": "key",
                "duplicateValue": "k",
                "newField": 1,
            },
        ],
    }
    error = _error(400, body)
    assert error.has_code("DuplicateField") and not error.has_code("General")
    assert error.code == "InvalidJsonInput"
    assert error.codes == ["InvalidJsonInput", "DuplicateField"]
    duplicate = error.error_with_code("DuplicateField")
    assert duplicate is not None and duplicate.field == "key" and duplicate.duplicate_value == "k"
    assert duplicate.model_extra == {"newField": 1}


def test_concurrent_modification_carries_versions_from_the_body() -> None:
    body = error_body(
        409,
        "ConcurrentModification",
        "Object id=x has a different version than expected.",
        expectedVersion=3,
        currentVersion=5,
    )
    error = _error(409, body, method="POST", path="/connectors/drafts/x", sent_version=2)
    assert isinstance(error, ConcurrentModificationError)
    assert (error.expected_version, error.current_version) == (3, 5)
    assert str(error) == (
        "POST /connectors/drafts/x returned 409 ConcurrentModification: Object id=x has a different version "
        "than expected. (expected version 3, current version 5): re-read the object and recompute the "
        "update. "
        "[correlation id: cid-1]"
    )


def test_concurrent_modification_falls_back_to_the_version_sent() -> None:
    error = _error(409, json.loads((EXAMPLES / "error.example.json").read_text()), sent_version=7)
    assert isinstance(error, ConcurrentModificationError)
    assert (error.expected_version, error.current_version) == (7, None)
    assert "(expected version 7, current version unknown)" in str(error)


def test_rate_limited_carries_retry_after() -> None:
    error = _error(429, "", retry_after=2.5, reason_phrase="Too Many Requests")
    assert isinstance(error, RateLimitedError) and error.retry_after == 2.5
    assert str(error) == (
        "GET /connectors/drafts/key=abc returned 429: Too Many Requests (retry after 2.5 s) [correlation id: cid-1]"
    )


def test_authorization_error_suggests_checking_scopes() -> None:
    body = error_body(403, "AuthorizationError", "Access denied")
    error = _error(403, body, granted_scopes=("view_connectors:shop",))
    assert isinstance(error, AuthorizationError)
    assert error.granted_scopes == ("view_connectors:shop",)
    assert str(error).startswith(
        "GET /connectors/drafts/key=abc returned 403 AuthorizationError: Access denied. The token lacks the scope "
        "for this call: it needs view_connectors:shop (or manage_connectors:shop or manage_project:shop); "
        "it has: view_connectors:shop."
    )


@pytest.mark.parametrize(
    ("method", "path", "needed"),
    [
        ("GET", "/connectors/drafts/key=k", ["view_connectors:p", "manage_connectors:p", "manage_project:p"]),
        ("POST", "/connectors/drafts", ["manage_connectors:p", "manage_project:p"]),
        ("DELETE", "/connectors/drafts/key=k", ["manage_connectors:p", "manage_project:p"]),
        ("GET", "/connectors/search?text=x", ["view_connectors:p", "manage_connectors:p", "manage_project:p"]),
        (
            "GET",
            "/shop/deployments/key=d",
            ["view_connectors_deployments:shop", "manage_connectors_deployments:shop", "manage_project:shop"],
        ),
        ("POST", "/shop/deployments", ["manage_connectors_deployments:shop", "manage_project:shop"]),
    ],
)
def test_required_scopes_per_call(method: str, path: str, needed: list[str]) -> None:
    assert required_scopes(method, path, ["view_connectors:p"]) == needed


def test_deployment_create_mentions_manage_api_clients() -> None:
    body = error_body(403, "AuthorizationError", "Access denied")
    error = api_error(
        403,
        json.dumps(body),
        method="POST",
        path="/shop/deployments",
        correlation_id=None,
        granted_scopes=("manage_connectors_deployments:shop",),
    )
    assert "plus manage_api_clients:shop when the connector has an apiClient" in str(error)


@pytest.mark.parametrize(
    ("status", "text", "reason", "expected_class", "expected_message"),
    [
        (
            502,
            "upstream connect error or disconnect/reset before headers",
            "Bad Gateway",
            BadGatewayError,
            "upstream connect error or disconnect/reset before headers",
        ),
        (
            502,
            "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
            "Bad Gateway",
            BadGatewayError,
            "Bad Gateway",
        ),
        (503, "", "Service Unavailable", ServiceUnavailableError, "Service Unavailable"),
        (500, "{not json", "Internal Server Error", ServerError, "{not json"),
        (504, "[1, 2]", "Gateway Timeout", ServiceUnavailableError, "[1, 2]"),
        (500, "line one\n   line two", "Internal Server Error", ServerError, "line one line two"),
    ],
)
def test_non_json_error_bodies(
    status: int, text: str, reason: str, expected_class: type[ConnectApiError], expected_message: str
) -> None:
    error = _error(status, text, reason_phrase=reason)
    assert type(error) is expected_class
    assert error.errors == [] and error.code is None
    assert error.message == expected_message
    assert str(error) == f"GET /connectors/drafts/key=abc returned {status}: {expected_message} [correlation id: cid-1]"


def test_long_text_bodies_are_cut() -> None:
    error = _error(502, "x" * 1000)
    assert len(error.message) == 200 and error.message.endswith("...")


def test_oauth_style_body_becomes_an_error_object() -> None:
    message, errors = parse_error_body(json.dumps({"error": "invalid_scope", "error_description": "bad scope"}))
    assert message == "bad scope"
    assert [(e.code, e.message) for e in errors] == [("invalid_scope", "bad scope")]


def test_auth_error_example_is_an_authentication_error() -> None:
    error = _error(401, json.loads((EXAMPLES / "error/auth-error-response.json").read_text()))
    assert isinstance(error, AuthenticationError) and error.code == "invalid_token"


def test_error_without_correlation_id() -> None:
    error = _error(404, error_body(404, "ResourceNotFound", "gone"), correlation_id=None)
    assert str(error) == "GET /connectors/drafts/key=abc returned 404 ResourceNotFound: gone"


def test_secrets_echoed_by_a_server_are_redacted() -> None:
    body = error_body(400, "InvalidJsonInput", f"bad value {SECRET} and token tok-123")
    error = _error(400, body, redact=(SECRET, "tok-123", ""))
    assert SECRET not in str(error) and "tok-123" not in str(error) and SECRET not in repr(error)
    assert "bad value [redacted] and token [redacted]" in str(error)


def test_invalid_client_credentials_names_the_client_not_the_secret() -> None:
    body = {
        "statusCode": 401,
        "message": "Please provide valid client credentials using HTTP Basic Authentication.",
        "errors": [{"code": "invalid_client", "message": "Please provide valid client credentials."}],
        "error": "invalid_client",
    }
    raw = _error(401, body, method="POST", path="/oauth/token", redact=(SECRET,))
    error = token_endpoint_error(raw, client_id="my-client-id")
    assert isinstance(error, InvalidClientCredentialsError) and isinstance(error, AuthenticationError)
    assert error.client_id == "my-client-id"
    assert str(error) == (
        "the auth server rejected the credentials of API client 'my-client-id': "
        "POST /oauth/token returned 401 "
        "(invalid_client: Please provide valid client credentials.). Check clientId and clientSecret "
        "(and that the API client belongs to this region) [correlation id: cid-1]"
    )
    assert SECRET not in str(error)


def test_token_endpoint_400_is_only_invalid_client_with_that_code() -> None:
    invalid_client = _error(400, {"error": "invalid_client", "error_description": "unknown client"})
    assert isinstance(token_endpoint_error(invalid_client, client_id="c"), InvalidClientCredentialsError)
    invalid_scope = _error(400, {"error": "invalid_scope", "error_description": "scope"})
    assert type(token_endpoint_error(invalid_scope, client_id="c")) is BadRequestError


def test_transport_error_message() -> None:
    error = TransportError(
        httpx.ConnectError("[Errno 111] Connection refused"), method="GET", path="/x", correlation_id="cid-2"
    )
    assert str(error) == "GET /x failed: ConnectError: [Errno 111] Connection refused [correlation id: cid-2]"


def test_ambiguous_write_messages() -> None:
    cause = _error(
        500,
        error_body(500, "General", "Write operations are temporarily unavailable"),
        method="POST",
        path="/connectors/drafts",
    )
    create = AmbiguousWriteError(cause, method="POST", path="/connectors/drafts", key="my-key")
    assert create.correlation_id == "cid-1"
    assert str(create) == (
        "POST /connectors/drafts may or may not have been applied "
        "(POST /connectors/drafts returned 500 General: "
        "Write operations are temporarily unavailable [correlation id: cid-1]); look the object up by key "
        "'my-key' before trying again"
    )
    keyless = AmbiguousWriteError(cause, method="POST", path="/connectors/drafts")
    assert "check for a duplicate" in str(keyless)
    update = AmbiguousWriteError(
        cause,
        method="POST",
        path="/connectors/drafts/x",
        sent_version=4,
        reread_error=TransportError(httpx.ReadError("reset"), method="GET", path="/x"),
    )
    assert "if its version is above 4 the update was applied (the re-read failed: GET /x failed" in str(update)


def test_an_error_that_outlasted_the_retries_says_so() -> None:
    error = _error(503, "", reason_phrase="Service Unavailable", path="/connectors/drafts/key=abc").gave_up(6, 31.25)
    assert isinstance(error, ServiceUnavailableError)
    assert (error.attempts, error.elapsed, error.correlation_id) == (6, 31.25, "cid-1")
    assert str(error) == (
        "GET /connectors/drafts/key=abc returned 503: Service Unavailable [correlation id: cid-1] "
        "(gave up after 6 attempts in 31.2 s)"
    )
    dropped = TransportError(httpx.ReadError("reset"), method="GET", path="/x").gave_up(2, 1.5)
    assert str(dropped) == "GET /x failed: ReadError: reset (gave up after 2 attempts in 1.5 s)"


def test_errors_survive_pickling() -> None:
    errors: list[ConnectError] = [
        _error(409, error_body(409, "ConcurrentModification", "m", expectedVersion=1, currentVersion=2)),
        _error(403, error_body(403, "AuthorizationError", "Access denied"), granted_scopes=("a:p",)),
        token_endpoint_error(_error(401, {"error": "invalid_client"}), client_id="c"),
        TransportError(httpx.ReadError("reset"), method="GET", path="/x", correlation_id="c"),
        AmbiguousWriteError(_error(502, "bad"), method="POST", path="/x", key="k"),
        _error(503, "").gave_up(2, 1.0),
    ]
    for error in errors:
        copy = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error) and str(copy) == str(error)


def test_an_errors_own_fields_are_kept_in_the_message() -> None:
    body = error_body(400, "GitRepositoryNotReachable", "Repository with the tag is not reachable")
    body["errors"][0].update({"url": "https://github.com/abc/x.git", "tag": "9.9.9"})
    error = _error(400, body, method="POST", path="/connectors/drafts")
    assert str(error) == (
        "POST /connectors/drafts returned 400 GitRepositoryNotReachable: Repository with the tag is not reachable "
        "(url: https://github.com/abc/x.git, tag: 9.9.9) [correlation id: cid-1]"
    )
    conflict = _error(409, error_body(409, "ConcurrentModification", "m", expectedVersion=1, currentVersion=2))
    assert "expectedVersion" not in str(conflict)  # the versions are said once, by the hint
