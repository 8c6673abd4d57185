"""Fakes shared by the client tests: a clock that never sleeps, a scripted Connect server, sample bodies."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from connect_as_code.connect import ClientConfig, ConnectClient, RetryPolicy

SECRET = "s3cr3t-client-secret-value"
TOKEN = "access-token-1"
BASE = "https://connect.europe-west1.gcp.commercetools.com"
AUTH = "https://auth.europe-west1.gcp.commercetools.com"

Handler = Callable[[httpx.Request], httpx.Response]


@dataclass
class FakeClock:
    """Monotonic time that only moves when the code sleeps (or a test advances it)."""

    now: float = 1000.0
    sleeps: list[float] = field(default_factory=list)

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def config(**overrides: Any) -> ClientConfig:
    values: dict[str, Any] = {
        "region": "europe-west1.gcp",
        "project_key": "my-project",
        "client_id": "my-client-id",
        "client_secret": SECRET,
    }
    values.update(overrides)
    return ClientConfig(**values)


def token_body(
    token: str = TOKEN, expires_in: float = 172800, scope: str = "manage_project:my-project"
) -> dict[str, Any]:
    return {"access_token": token, "expires_in": expires_in, "scope": scope, "token_type": "Bearer"}


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> httpx.Response:
    return httpx.Response(
        status,
        content=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
    )


def error_body(status: int, code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"statusCode": status, "message": message, "errors": [{"code": code, "message": message, **extra}]}


class Server:
    """A scripted Connect + auth server behind ``httpx.MockTransport``.

    API requests are answered by ``api`` (a function of the request), or by popping ``script``
    entries in order (a response, or an exception to raise). Token requests get fresh tokens
    ``access-token-1``, ``-2``... unless ``token_script`` says otherwise. Every request is recorded.
    """

    def __init__(self, api: Handler | None = None, *, script: list[httpx.Response | Exception] | None = None) -> None:
        self.api = api
        self.script = list(script or [])
        self.token_script: list[httpx.Response | Exception] = []
        self.requests: list[httpx.Request] = []
        self.token_count = 0
        self.token_expires_in: float = 172800
        self._lock = threading.Lock()

    @property
    def api_requests(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path != "/oauth/token"]

    @property
    def token_requests(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path == "/oauth/token"]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        with self._lock:
            self.requests.append(request)
            if request.url.path == "/oauth/token":
                if self.token_script:
                    return _play(self.token_script.pop(0))
                self.token_count += 1
                return json_response(200, token_body(f"access-token-{self.token_count}", self.token_expires_in))
            if self.script:
                return _play(self.script.pop(0))
        assert self.api is not None, f"unexpected request {request.method} {request.url}"
        return self.api(request)

    def client(
        self, clock: FakeClock | None = None, *, rng: Callable[[], float] = lambda: 0.5, **kwargs: Any
    ) -> ConnectClient:
        clock = clock or FakeClock()
        cfg = kwargs.pop("config", None) or config()
        return ConnectClient(
            cfg,
            transport=httpx.MockTransport(self),
            sleep=clock.sleep,
            clock=clock,
            rng=rng,
            retry_policy=kwargs.pop("retry_policy", RetryPolicy()),
            **kwargs,
        )


def _play(entry: httpx.Response | Exception) -> httpx.Response:
    if isinstance(entry, Exception):
        raise entry
    return entry


def staged_body(version: int = 1, *, key: str = "connector-key", name: str = "Connector's name") -> dict[str, Any]:
    return {
        "id": "5ab3edcd-9d23-4934-8f48-256805253119",
        "key": key,
        "version": version,
        "name": name,
        "description": "Connector's description",
        "integrationTypes": ["other"],
        "creator": {"email": "john.doe@example.com"},
        "repository": {"url": "git@github.com:commercetools/connect-application-kit.git", "tag": "0.0.0"},
        "configurations": [],
        "private": True,
        "privateProjects": [],
        "supportedRegions": ["europe-west1.gcp"],
        "hasChanges": False,
        "alreadyListed": False,
        "status": "Draft",
        "isPreviewable": "none",
    }


def deployment_body(version: int = 1, *, key: str = "deployment-key", status: str = "Queued") -> dict[str, Any]:
    return {
        "id": "13c72c44-7a8e-44f2-a570-b5e991f7021a",
        "key": key,
        "version": version,
        "type": "sandbox",
        "connector": {
            "id": "a49aa2c5-15b6-41c4-88af-4b7afdcc07a5",
            "version": 1,
            "name": "Connectors name",
            "integrationTypes": ["other"],
            "creator": {"email": "john.doe@example.com"},
            "repository": {"url": "git@github.com:commercetools/connect-application-kit.git", "tag": "0.0.0"},
            "certified": False,
        },
        "details": {"build": {"id": "build-1"}},
        "applications": [],
        "deployedRegion": "europe-west1.gcp",
        "preview": False,
        "status": status,
    }
