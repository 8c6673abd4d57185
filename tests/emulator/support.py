"""Shared helpers of the emulator tests: an in-process HTTP client and request builders."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import threading
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI

from connect_as_code.emulator import ManualClock, Settings, create_app
from connect_as_code.emulator.models import Deployment

EXAMPLES = Path(__file__).resolve().parents[1] / "fixtures" / "raml_examples"
DEFAULT_AUTH = ("connect-emulator", "connect-emulator-secret")
SEED_URL = "https://github.com/abc/first-connect-application.git"
SEED_REPOSITORY = {"url": SEED_URL, "tag": "0.0.0"}
PROJECT = "demo-project"
DEPLOYMENT = f"/{PROJECT}/deployments/key=my-first-deployment"
"""The path of the deployment :func:`deploy` creates."""


def access_token(http: httpx.Client) -> str:
    """A token of the default API client from an emulator served over HTTP (checked to be a 200)."""
    response = http.post("/oauth/token", data={"grant_type": "client_credentials"}, auth=DEFAULT_AUTH)
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def authorize(http: httpx.Client) -> str:
    """Send every further request of ``http`` with a token of the default API client; that token."""
    token = access_token(http)
    http.headers["Authorization"] = f"Bearer {token}"
    return token


def example(name: str) -> Any:
    """A RAML example JSON file, e.g. ``example("connector/created-draft.json")``."""
    return json.loads((EXAMPLES / name).read_text())


class SyncClient:
    """A synchronous httpx client over ASGITransport (no sockets), with default headers."""

    def __init__(self, app: FastAPI, headers: dict[str, str] | None = None) -> None:
        self.app = app
        self.headers = dict(headers or {})
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        self._client = httpx.AsyncClient(transport=transport, base_url="http://emulator.test")

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """Send one request and wait for the response."""
        headers = {**self.headers, **kwargs.pop("headers", {})}
        future = asyncio.run_coroutine_threadsafe(
            self._client.request(method, url, headers=headers, **kwargs), self._loop
        )
        return future.result(timeout=30)

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", url, **kwargs)

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self._client.aclose(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()


class Env:
    """One emulator app with a manual clock, an authorized client and an anonymous one."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.clock = ManualClock()
        self.settings = dataclasses.replace(settings or Settings(), clock=self.clock)
        self.app = create_app(self.settings)
        self.anon = SyncClient(self.app)
        self.client = SyncClient(self.app, {"Authorization": f"Bearer {self.token()}"})
        self._extra: list[SyncClient] = []

    def token(self, auth: tuple[str, str] = DEFAULT_AUTH, scope: str | None = None) -> str:
        """A fresh access token."""
        data = {"grant_type": "client_credentials"} | ({"scope": scope} if scope else {})
        response = self.anon.post("/oauth/token", data=data, auth=auth)
        assert response.status_code == 200, response.text
        token: str = response.json()["access_token"]
        return token

    def client_with_scopes(self, *scopes: str, client_id: str = "scoped-client") -> SyncClient:
        """A client authorized with exactly ``scopes`` (registered through the admin API)."""
        registered = self.anon.post(
            "/_emulator/clients",
            json={"clientId": client_id, "clientSecret": "s3cret", "scopes": list(scopes)},
        )
        assert registered.status_code == 201, registered.text
        client = SyncClient(self.app, {"Authorization": f"Bearer {self.token((client_id, 's3cret'))}"})
        self._extra.append(client)
        return client

    def reset(self) -> None:
        """Back to a fresh emulator (admin reset), with a new token for ``client``."""
        assert self.anon.post("/_emulator/reset").status_code == 200
        for client in self._extra:
            client.close()
        self._extra = []
        self.client.headers["Authorization"] = f"Bearer {self.token()}"

    def advance(self, seconds: float) -> None:
        """Move the manual clock."""
        self.clock.advance(seconds)

    def close(self) -> None:
        for client in [self.anon, self.client, *self._extra]:
            client.close()
        self.app.state.engine.store.close()


def staged_draft(**overrides: Any) -> dict[str, Any]:
    """The guide's ConnectorStagedDraft (with its ``noOfDevelopers``), overridable."""
    draft: dict[str, Any] = {
        "key": "abc-first-connector",
        "name": "Abc First Connector",
        "description": "An example connector",
        "creator": {
            "title": "Mr",
            "name": "John Doe",
            "email": "john.doe@example.com",
            "company": "abc",
            "noOfDevelopers": 10,
        },
        "repository": dict(SEED_REPOSITORY),
        "supportedRegions": ["europe-west1.gcp"],
    }
    draft.update(overrides)
    return draft


def seed_configurations(region: str = "europe-west1.gcp") -> list[dict[str, Any]]:
    """Valid configuration values for the seed's cartExtension."""
    return [
        {
            "applicationName": "cartExtension",
            "standardConfiguration": [{"key": "CTP_REGION", "value": region}],
            "securedConfiguration": [
                {"key": "CTP_CLIENT_ID", "value": "client-id-value"},
                {"key": "CTP_CLIENT_SECRET", "value": "client-secret-value"},
            ],
        }
    ]


def deployment_draft(connector_key: str = "abc-first-connector", **overrides: Any) -> dict[str, Any]:
    """A DeploymentDraft of the seed connector."""
    draft: dict[str, Any] = {
        "key": "my-first-deployment",
        "connector": {"key": connector_key},
        "region": "europe-west1.gcp",
        "configurations": seed_configurations(),
    }
    draft.update(overrides)
    return draft


def update(client: SyncClient, path: str, *actions: dict[str, Any]) -> httpx.Response:
    """POST update actions with the resource's current version."""
    current = client.get(path)
    assert current.status_code == 200, current.text
    return client.post(path, json={"version": current.json()["version"], "actions": list(actions)})


def create_staged(env: Env, **overrides: Any) -> dict[str, Any]:
    """Create a ConnectorStaged (201) and return it."""
    response = env.client.post("/connectors/drafts", json=staged_draft(**overrides))
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def make_previewable(env: Env, key: str = "abc-first-connector") -> dict[str, Any]:
    """updatePreviewable and let the validation finish."""
    response = update(env.client, f"/connectors/drafts/key={key}", {"action": "updatePreviewable"})
    assert response.status_code == 201, response.text
    env.advance(env.settings.durations.previewable + 0.001)
    body: dict[str, Any] = env.client.get(f"/connectors/drafts/key={key}").json()
    return body


def publish(env: Env, key: str = "abc-first-connector", certification: bool = False) -> dict[str, Any]:
    """Publish and let publishing finish."""
    response = update(
        env.client, f"/connectors/drafts/key={key}", {"action": "publish", "certification": certification}
    )
    assert response.status_code == 201, response.text
    env.advance(env.settings.durations.publishing + 0.001)
    body: dict[str, Any] = env.client.get(f"/connectors/drafts/key={key}").json()
    return body


def published_connector(env: Env, **overrides: Any) -> dict[str, Any]:
    """Create and publish the seed connector; return the published Connector."""
    staged = create_staged(env, **overrides)
    publish(env, staged.get("key", "abc-first-connector"))
    body: dict[str, Any] = env.client.get(f"/connectors/{staged['id']}").json()
    return body


def deploy(env: Env, project: str = PROJECT, **overrides: Any) -> httpx.Response:
    """POST a DeploymentDraft."""
    return env.client.post(f"/{project}/deployments", json=deployment_draft(**overrides))


def get_deployment(env: Env, path: str = DEPLOYMENT) -> dict[str, Any]:
    """GET a deployment: its JSON, checked to be a 200 that parses as the API's Deployment."""
    response = env.client.get(path)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    Deployment.model_validate(body)
    return body


def settle_deployment(env: Env) -> None:
    """Advance past the queued and deploying phases."""
    durations = env.settings.durations
    env.advance(durations.queued + durations.deploying + 0.001)


def error_codes(response: httpx.Response) -> list[str]:
    """The ``code`` of every error in an ErrorResponse."""
    return [error["code"] for error in response.json()["errors"]]


def assert_error(response: httpx.Response, status: int, code: str, message: str | None = None) -> dict[str, Any]:
    """Check an ErrorResponse: status, statusCode, first code and (optionally) its exact message."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["statusCode"] == status
    assert body["errors"][0]["code"] == code, body
    assert body["message"] == body["errors"][0]["message"]
    if message is not None:
        assert body["errors"][0]["message"] == message
    return body
