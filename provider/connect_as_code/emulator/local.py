"""A local Connect API for testing Pulumi programs offline: where it is, who may call it, and its admin API.

::

    from connect_as_code.emulator.local import start_local_connect

    with start_local_connect(durations="fast") as connect:
        env = {**os.environ, **connect.environment()}   # CTP_* variables for `pulumi up`
        connect.script("deploy", "my-deployment", ["Failed"])  # the next build of that key fails
        ...
        assert connect.deployment("my-deployment")["status"] == "Deployed"

The pytest fixture ``connect_emulator`` (loaded automatically with the ``emulator`` extra) hands out the
same object, started on a free loopback port and stopped after the test.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from connect_as_code.emulator.domain.lifecycle import Durations, durations_from_json, parse_durations
from connect_as_code.emulator.http.github import PREFIX as GITHUB_PREFIX
from connect_as_code.emulator.http.server import EmulatorHandle, run_in_thread
from connect_as_code.emulator.settings import DEFAULT_GITHUB_TOKEN, Settings

DEFAULT_REGION = "europe-west1.gcp"


@dataclass
class LocalConnect:
    """A running local Connect API and the credentials of its default API client.

    Point programs at it with :meth:`environment` (the ``CTP_*`` variables the providers read, and
    ``GITHUB_API_URL``/``GITHUB_TOKEN`` for its GitHub-like repository routes) or :meth:`stack_config`
    (``connect:*`` stack config). The admin methods script what the emulated Connect does next;
    :meth:`api` reads what it holds, as any API client would.
    """

    url: str
    client_id: str
    client_secret: str = field(repr=False)
    project_key: str
    region: str = DEFAULT_REGION
    github_token: str = field(default=DEFAULT_GITHUB_TOKEN, repr=False)
    handle: EmulatorHandle | None = field(default=None, repr=False)
    _http: httpx.Client = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._http = httpx.Client(base_url=self.url, timeout=30.0)

    # ---------------------------------------------------------------------- pointing programs at it

    @property
    def github_api_url(self) -> str:
        """Base URL of its GitHub-like repository routes: the value for ``GITHUB_API_URL``."""
        return f"{self.url}{GITHUB_PREFIX}"

    def environment(self) -> dict[str, str]:
        """The environment variables that point the providers at this API with its default client.

        ``CTP_*`` for Connect, ``GITHUB_API_URL`` and ``GITHUB_TOKEN`` for reading connect.yaml from its
        repositories (its token, so that a GitHub token of your own is neither sent to nor refused by it).
        """
        return {
            "CTP_REGION": self.region,
            "CTP_PROJECT_KEY": self.project_key,
            "CTP_CLIENT_ID": self.client_id,
            "CTP_CLIENT_SECRET": self.client_secret,
            "CTP_CONNECT_URL": self.url,
            "CTP_AUTH_URL": self.url,
            "GITHUB_API_URL": self.github_api_url,
            "GITHUB_TOKEN": self.github_token,
        }

    def stack_config(self) -> dict[str, str]:
        """The same settings as ``connect:*`` stack config (set ``connect:clientSecret`` as a secret)."""
        return {
            "connect:region": self.region,
            "connect:projectKey": self.project_key,
            "connect:clientId": self.client_id,
            "connect:clientSecret": self.client_secret,
            "connect:connectUrl": self.url,
            "connect:authUrl": self.url,
        }

    # ------------------------------------------------------------------------------------ admin API

    def admin(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        """Call ``/_emulator{path}`` and return its JSON; an error status raises :class:`httpx.HTTPStatusError`."""
        response = self._http.request(
            method, f"/_emulator{path}", json=body, params={k: v for k, v in params.items() if v is not None}
        )
        response.raise_for_status()
        return response.json()

    def script(self, kind: str, key: str, outcomes: Sequence[Any]) -> None:
        """Queue outcomes for the next lifecycle runs of one object, by key.

        ``kind`` is ``deploy``, ``undeploy``, ``publish`` or ``previewable``; an outcome is a status
        (``"Failed"``, ``"Deployed"``, ``"false"``...) or ``{"outcome": ..., "report": [...], "durations": {...}}``.
        """
        self.admin("POST", "/outcomes", {"kind": kind, "key": key, "outcomes": list(outcomes)})

    def set_durations(self, profile: str = "fast", **phases: float) -> dict[str, Any]:
        """Phase durations in seconds for processes started from now on (``deploying=30``, ...)."""
        return dict(self.admin("PUT", "/durations", {"profile": profile, **phases}))

    def set_faults(self, **settings: Any) -> dict[str, Any]:
        """Fault injection: ``rate``, ``mix``, ``seed``, ``latencySeconds``, ``retryAfterSeconds``, ``queue``."""
        return dict(self.admin("PUT", "/faults", settings))

    def add_repository(self, url: str, tag: str, connect_yaml: str | None, *, private: bool | None = None) -> None:
        """Register a repository tag and its connect.yaml (``None``: the tag has no connect.yaml).

        ``private=True`` makes the whole repository private: its GitHub-like routes then answer 404
        unless :attr:`github_token` is sent; ``False`` makes it public; ``None`` keeps its mark.
        """
        body: dict[str, Any] = {"url": url, "tag": tag, "connectYaml": connect_yaml}
        if private is not None:
            body["private"] = private
        self.admin("POST", "/repositories", body)

    def add_client(self, client_id: str, scopes: Sequence[str], client_secret: str | None = None) -> tuple[str, str]:
        """Create an API client with these scopes; returns its id and secret."""
        secret = client_secret or f"{client_id}-secret"
        self.admin("POST", "/clients", {"clientId": client_id, "clientSecret": secret, "scopes": list(scopes)})
        return client_id, secret

    def features(self) -> dict[str, Any]:
        """Which switchable parts of the API are served: ``{"logsEndpoints": bool}``."""
        return dict(self.admin("GET", "/features"))

    def set_features(self, *, logs_endpoints: bool | None = None) -> dict[str, Any]:
        """Switch parts of the API on or off; ``logs_endpoints=False`` removes the Query Deployment Logs
        endpoints (404, as after their sunset on 2027-01-31). ``None`` keeps a part as it is."""
        body = {"logsEndpoints": logs_endpoints} if logs_endpoints is not None else {}
        return dict(self.admin("PUT", "/features", body))

    def advance_clock(self, seconds: float) -> None:
        """Move the emulator's time forward: lifecycles due by then complete at once."""
        self.admin("POST", "/clock/advance", {"seconds": seconds})

    def stats(self) -> dict[str, Any]:
        """Requests per route, mutating requests, tokens issued, objects by kind and status, faults."""
        return dict(self.admin("GET", "/stats"))

    def requests(self, limit: int = 200) -> list[dict[str, Any]]:
        """The request log, oldest first (never bodies, headers or secrets)."""
        return list(self.admin("GET", "/requests", limit=limit)["requests"])

    def events(self, *, resource: str | None = None, key: str | None = None) -> list[dict[str, Any]]:
        """Status transitions with their scheduled times."""
        return list(self.admin("GET", "/events", resource=resource, key=key)["events"])

    def comment_as_connect_team(self, key: str, comment: str) -> dict[str, Any]:
        """Write a certification comment on ConnectorStaged ``key`` as the Connect team's reviewer would."""
        return dict(self.admin("POST", f"/connectors/key={key}/certification-comments", {"comment": comment}))

    def certify(self, key: str) -> dict[str, Any]:
        """Finish the certification of ConnectorStaged ``key`` (the Connect team's part): Published, certified."""
        return dict(self.admin("POST", f"/connectors/key={key}/certify"))

    def reset(self) -> None:
        """Forget every object, client, script and fault: back to the start settings."""
        self.admin("POST", "/reset")

    # ---------------------------------------------------------------------------------- Connect API

    def token(self) -> str:
        """A fresh access token of the default API client."""
        response = self._http.post(
            "/oauth/token", data={"grant_type": "client_credentials"}, auth=(self.client_id, self.client_secret)
        )
        response.raise_for_status()
        return str(response.json()["access_token"])

    def api(self, path: str, *, method: str = "GET", body: Any = None) -> Any:
        """Call the Connect API (``/connectors/...``, ``/{projectKey}/deployments/...``) as the default client."""
        response = self._http.request(method, path, json=body, headers={"Authorization": f"Bearer {self.token()}"})
        response.raise_for_status()
        return response.json()

    def find(self, path: str) -> Any | None:
        """GET a Connect API path; ``None`` on 404."""
        try:
            return self.api(path)
        except httpx.HTTPStatusError as error:
            if error.response.status_code == 404:
                return None
            raise

    def connector_staged(self, key: str) -> Any | None:
        """The ConnectorStaged with this key, as API JSON, or ``None``."""
        return self.find(f"/connectors/drafts/key={key}")

    def deployment(self, key: str, project_key: str | None = None) -> Any | None:
        """The Deployment with this key in the project (default: the client's), as API JSON, or ``None``."""
        return self.find(f"/{project_key or self.project_key}/deployments/key={key}")

    def close(self) -> None:
        """Close the HTTP client; stop the server when this object started it."""
        self._http.close()
        if self.handle is not None:
            self.handle.stop()


@contextmanager
def start_local_connect(
    *,
    durations: str | Mapping[str, Any] | Durations = "fast",
    project_key: str = "demo-project",
    region: str = DEFAULT_REGION,
    port: int = 0,
    **settings: Any,
) -> Iterator[LocalConnect]:
    """Start a local Connect API on loopback (a free port unless given) and stop it afterwards.

    ``durations`` is a profile (``fast``: 50 ms phases, ``default``, ``realistic``) or phase seconds such
    as ``{"profile": "fast", "deploying": 2}``; other keyword arguments are emulator :class:`Settings`.
    """
    handle = run_in_thread(Settings(port=port, durations=_durations(durations), project=project_key, **settings))
    connect = LocalConnect(
        url=handle.url,
        client_id=handle.settings.client_id,
        client_secret=handle.settings.client_secret,
        project_key=project_key,
        region=region,
        github_token=handle.settings.github_token,
        handle=handle,
    )
    try:
        yield connect
    finally:
        connect.close()


def _durations(value: str | Mapping[str, Any] | Durations) -> Durations:
    if isinstance(value, Durations):
        return value
    if isinstance(value, str):
        return parse_durations(value)
    return durations_from_json(dict(value))
