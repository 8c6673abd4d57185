"""OAuth: the token request, caching with a refresh margin, one token for many threads, re-auth once."""

from __future__ import annotations

import base64
import threading
from urllib.parse import parse_qs

import httpx
import pytest

from connect_as_code.connect import (
    AuthenticationError,
    BadGatewayError,
    ConnectorStagedDraft,
    Creator,
    InvalidClientCredentialsError,
    Repository,
    RetryPolicy,
    ServiceUnavailableError,
    TokenResponse,
    TokenSource,
)
from connect_as_code.connect._auth import refresh_margin

from ._support import SECRET, FakeClock, Server, config, error_body, json_response, staged_body, token_body


def _ok(request: httpx.Request) -> httpx.Response:
    return json_response(200, staged_body())


def test_token_request_shape() -> None:
    server = Server(_ok)
    with server.client() as client:
        client.get_connector_staged(key="connector-key")
    (token_request,) = server.token_requests
    assert str(token_request.url) == "https://auth.europe-west1.gcp.commercetools.com/oauth/token"
    assert token_request.method == "POST"
    assert token_request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    expected = base64.b64encode(f"my-client-id:{SECRET}".encode()).decode()
    assert token_request.headers["Authorization"] == f"Basic {expected}"
    assert parse_qs(token_request.content.decode()) == {"grant_type": ["client_credentials"]}
    (api_request,) = server.api_requests
    assert api_request.headers["Authorization"] == "Bearer access-token-1"


def test_scopes_are_sent_space_separated() -> None:
    server = Server(_ok)
    scopes = ("manage_connectors:my-project", "manage_connectors_deployments:my-project")
    with server.client(config=config(scopes=scopes)) as client:
        client.get_connector_staged(id="x")
    form = parse_qs(server.token_requests[0].content.decode())
    assert form["scope"] == ["manage_connectors:my-project manage_connectors_deployments:my-project"]


def test_auth_url_override() -> None:
    server = Server(_ok)
    cfg = config(auth_url="http://localhost:8999/", connect_url="http://localhost:8998")
    with server.client(config=cfg) as client:
        client.get_connector_staged(id="x")
    assert str(server.token_requests[0].url) == "http://localhost:8999/oauth/token"
    assert str(server.api_requests[0].url) == "http://localhost:8998/connectors/drafts/x"


@pytest.mark.parametrize(("expires_in", "margin"), [(172800, 300.0), (3600, 300.0), (600, 60.0), (60, 6.0)])
def test_refresh_margin(expires_in: float, margin: float) -> None:
    assert refresh_margin(expires_in) == margin


def test_token_is_cached_until_the_refresh_margin() -> None:
    server = Server(_ok)
    server.token_expires_in = 3600
    clock = FakeClock()
    with server.client(clock) as client:
        client.get_connector_staged(id="x")
        clock.now += 3299
        client.get_connector_staged(id="x")
        assert client.token_requests == 1
        clock.now += 1
        client.get_connector_staged(id="x")
        assert client.token_requests == 2
    assert [r.headers["Authorization"] for r in server.api_requests] == [
        "Bearer access-token-1",
        "Bearer access-token-1",
        "Bearer access-token-2",
    ]


def test_short_lived_token_uses_ten_percent_margin() -> None:
    fetched: list[float] = []
    clock = FakeClock()

    def fetch() -> TokenResponse:
        fetched.append(clock.now)
        return TokenResponse(access_token=f"t{len(fetched)}", expires_in=100)

    source = TokenSource(fetch, clock=clock)
    assert source.token() == "t1"
    clock.now += 89.9
    assert source.token() == "t1"
    clock.now += 0.1
    assert source.token() == "t2"
    assert source.token_requests == 2


def test_missing_expires_in_gets_a_default_lifetime() -> None:
    clock = FakeClock()
    source = TokenSource(lambda: TokenResponse(access_token="t"), clock=clock)
    source.token()
    clock.now += 3000
    source.token()
    assert source.token_requests == 1


def test_granted_scopes_are_remembered() -> None:
    source = TokenSource(lambda: TokenResponse.model_validate(token_body(scope="a:p b:p")), clock=FakeClock())
    assert source.granted_scopes is None
    source.token()
    assert source.granted_scopes == ("a:p", "b:p")


def test_eight_threads_share_one_token() -> None:
    server = Server(_ok)
    start = threading.Barrier(8)
    errors: list[BaseException] = []
    with server.client() as client:

        def hammer() -> None:
            try:
                start.wait()
                for _ in range(25):
                    client.get_connector_staged(key="connector-key")
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=hammer) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert client.token_requests == 1
    assert len(server.token_requests) == 1
    assert len(server.api_requests) == 200


def test_concurrent_first_use_blocks_on_one_slow_fetch() -> None:
    release = threading.Event()
    calls: list[int] = []

    def slow_fetch() -> TokenResponse:
        calls.append(1)
        release.wait(5)
        return TokenResponse(access_token="only", expires_in=3600)

    source = TokenSource(slow_fetch, clock=FakeClock())
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(source.token())) for _ in range(8)]
    for thread in threads:
        thread.start()
    release.set()
    for thread in threads:
        thread.join()
    assert results == ["only"] * 8 and len(calls) == 1


def test_early_refresh_failure_keeps_the_valid_token() -> None:
    clock = FakeClock()
    answers: list[TokenResponse | Exception] = [
        TokenResponse(access_token="t1", expires_in=1000),
        ServiceUnavailableError(503, "down", method="POST", path="/oauth/token"),
    ]

    def fetch() -> TokenResponse:
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    source = TokenSource(fetch, clock=clock)
    assert source.token() == "t1"
    clock.now += 950  # inside the 100 s margin, before expiry
    assert source.token() == "t1"
    assert source.token_requests == 2


def test_invalidate_only_drops_the_rejected_token() -> None:
    count = iter(range(1, 100))
    source = TokenSource(lambda: TokenResponse(access_token=f"t{next(count)}", expires_in=3600), clock=FakeClock())
    assert source.token() == "t1"
    source.invalidate("t0")
    assert source.token() == "t1"
    source.invalidate("t1")
    assert source.token() == "t2"
    source.invalidate("t1")  # a second thread that saw the same 401
    assert source.token() == "t2"
    assert source.token_requests == 2


def test_401_reauthenticates_once_and_retries() -> None:
    server = Server(script=[json_response(401, error_body(401, "invalid_token", "invalid_token"))])
    server.api = _ok
    with server.client() as client:
        staged = client.get_connector_staged(id="x")
        assert staged.version == 1
        assert client.token_requests == 2
    assert [r.headers["Authorization"] for r in server.api_requests] == [
        "Bearer access-token-1",
        "Bearer access-token-2",
    ]


def test_second_401_raises_authentication_error() -> None:
    unauthorized = json_response(401, error_body(401, "invalid_token", "invalid_token"))
    server = Server(script=[unauthorized, unauthorized, unauthorized])
    clock = FakeClock()
    with server.client(clock) as client, pytest.raises(AuthenticationError) as caught:
        client.get_connector_staged(id="x")
    assert type(caught.value) is AuthenticationError
    assert len(server.api_requests) == 2 and len(server.token_requests) == 2
    assert clock.sleeps == []


def test_401_on_a_create_is_resent_after_reauthentication() -> None:
    server = Server(
        script=[
            json_response(401, error_body(401, "invalid_token", "invalid_token")),
            json_response(201, staged_body()),
        ]
    )
    draft = ConnectorStagedDraft(
        key="k",
        name="n",
        creator=Creator(email="e@x.io"),
        repository=Repository(url="git@github.com:a/b.git", tag="v"),
    )
    with server.client() as client:
        assert client.create_connector_staged(draft).key == "connector-key"
    assert len(server.api_requests) == 2


def test_invalid_client_credentials() -> None:
    server = Server(_ok)
    server.token_script = [
        json_response(
            401,
            {
                **error_body(401, "invalid_client", "Please provide valid client credentials."),
                "error": "invalid_client",
            },
        )
    ]
    clock = FakeClock()
    with server.client(clock) as client, pytest.raises(InvalidClientCredentialsError) as caught:
        client.get_connector_staged(id="x")
    text = str(caught.value)
    assert "'my-client-id'" in text and "Check clientId and clientSecret" in text
    assert SECRET not in text and SECRET not in repr(caught.value)
    assert server.api_requests == [] and len(server.token_requests) == 1 and clock.sleeps == []


def test_token_endpoint_transient_failures_are_retried() -> None:
    server = Server(_ok)
    server.token_script = [
        httpx.ConnectError("refused"),
        json_response(503, {"message": "busy"}),
        httpx.Response(500, text="oops"),
        json_response(429, {}, headers={"Retry-After": "1"}),
    ]
    clock = FakeClock()
    with server.client(clock) as client:
        assert client.get_connector_staged(id="x").version == 1
        assert client.token_requests == 1  # one token obtained, after four failed HTTP attempts
    assert len(server.token_requests) == 5
    assert clock.sleeps == [0.5, 1.0, 2.0, 1.0]


def test_token_endpoint_gives_up_within_the_policy() -> None:
    server = Server(_ok)
    server.token_script = [httpx.Response(502, text="bad gateway")] * 3
    policy = RetryPolicy(max_attempts=3)
    with server.client(retry_policy=policy) as client, pytest.raises(BadGatewayError) as caught:
        client.get_connector_staged(id="x")
    assert caught.value.attempts == 3 and caught.value.path == "/oauth/token"
    assert server.api_requests == []
