"""The providers against the emulator's app in process: no engine, no sockets, no real waiting.

A :class:`Harness` swaps the providers' runtime (``connect_as_code._runtime.provider.use_runtime``): their API
clients reach the emulator's FastAPI app through an httpx transport, and the clock the waits and the
retries sleep on is the emulator's own manual clock, which a sleep moves forward. A ten-minute
deployment is waited on in milliseconds, with the real poll schedule and the real lifecycle.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from pulumi.dynamic import Config, ConfigureRequest

from connect_as_code._runtime.provider import Runtime, client_config, use_runtime
from connect_as_code.connect import ConnectClient
from connect_as_code.emulator import PROFILES, ManualClock, Settings, create_app
from connect_as_code.settings import Settings as ProviderSettings

BASE_URL = "http://emulator.test"
SETTINGS = {
    "connect:region": "europe-west1.gcp",
    "connect:projectKey": "demo-project",
    "connect:clientId": "connect-emulator",
    "connect:clientSecret": "connect-emulator-secret",
    "connect:connectUrl": BASE_URL,
    "connect:authUrl": BASE_URL,
}


class AppTransport(httpx.BaseTransport):
    """A synchronous httpx transport into an ASGI app, on an event loop of its own."""

    def __init__(self, app: Any) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self._asgi = httpx.ASGITransport(app=app, raise_app_exceptions=False)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        async def send() -> httpx.Response:
            response = await self._asgi.handle_async_request(request)
            content = await response.aread()
            return httpx.Response(response.status_code, headers=response.headers, content=content)

        return asyncio.run_coroutine_threadsafe(send(), self._loop).result(timeout=30)

    def close(self) -> None:
        """Kept open: one transport serves every client of a test (see :meth:`shutdown`)."""

    def shutdown(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()


@dataclass
class EmulatorTime:
    """The waits' clock: the emulator's manual clock, moved forward by every sleep."""

    clock: ManualClock
    slept: list[float] = field(default_factory=list)

    def now(self) -> float:
        return self.clock.now()

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.clock.advance(seconds)


@dataclass
class Harness:
    """The emulator app, the providers' runtime pointed at it, and what they printed."""

    app: Any
    time: EmulatorTime
    transport: AppTransport
    lines: list[str] = field(default_factory=list)
    requests: list[tuple[str, str, int | None]] = field(default_factory=list)

    def make_client(self, settings: ProviderSettings) -> ConnectClient:
        return ConnectClient(
            client_config(settings),
            transport=self.transport,
            sleep=self.time.sleep,
            clock=self.time.now,
            on_request=lambda method, route, status, _elapsed: self.requests.append((method, route, status)),
        )

    def configure(self, provider: Any, **settings: str) -> Any:
        """``provider`` configured as the engine would, with the emulator's settings (overridable)."""
        provider.configure(ConfigureRequest(Config({**SETTINGS, **settings}, "tests")))
        return provider

    def admin(self, method: str, path: str, body: Any = None) -> Any:
        with httpx.Client(transport=self.transport, base_url=BASE_URL) as http:
            response = http.request(method, f"/_emulator{path}", json=body)
            response.raise_for_status()
            return response.json()

    def api(self, path: str) -> Any:
        """GET a Connect API path as the default client; ``None`` on 404."""
        with httpx.Client(transport=self.transport, base_url=BASE_URL) as http:
            token = http.post(
                "/oauth/token",
                data={"grant_type": "client_credentials"},
                auth=("connect-emulator", "connect-emulator-secret"),
            ).json()["access_token"]
            response = http.get(path, headers={"Authorization": f"Bearer {token}"})
            return None if response.status_code == 404 else response.json()

    def script(self, kind: str, key: str, outcomes: list[Any]) -> None:
        self.admin("POST", "/outcomes", {"kind": kind, "key": key, "outcomes": outcomes})


@pytest.fixture
def harness(monkeypatch: pytest.MonkeyPatch) -> Iterator[Harness]:
    """The emulator with realistic durations (minutes), driven by the providers in process.

    connect.yaml is read from the emulator's GitHub-like routes, as from GitHub.
    """
    clock = ManualClock()
    settings = Settings(clock=clock, durations=PROFILES["realistic"])
    app = create_app(settings)
    transport = AppTransport(app)
    harness = Harness(app, EmulatorTime(clock), transport)
    monkeypatch.setenv("GITHUB_API_URL", f"{BASE_URL}/github")
    monkeypatch.setenv("GITHUB_TOKEN", settings.github_token)
    monkeypatch.delenv("GH_TOKEN", raising=False)
    runtime = Runtime(
        make_client=harness.make_client,
        clock=harness.time,
        write=harness.lines.append,
        github_client=lambda: httpx.Client(transport=transport),
        wall_clock=clock.now,
    )
    with use_runtime(runtime):
        yield harness
    transport.shutdown()
    app.state.engine.store.close()
