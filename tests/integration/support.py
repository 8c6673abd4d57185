"""Helpers of the integration tests: a real emulator on loopback, driven by its admin API, and clients of it."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

from connect_as_code.connect import ClientConfig, ConnectClient, ConnectorStagedDraft
from connect_as_code.emulator import ManualClock

REPOSITORY = {"url": "https://github.com/abc/first-connect-application.git", "tag": "0.0.0"}


class Emulator:
    def __init__(self, url: str, clock: ManualClock) -> None:
        self.url = url
        self.clock = clock

    def admin(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}/_emulator{path}", data=data, method=method, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    def client(self, **overrides: Any) -> ConnectClient:
        config = {
            "region": "europe-west1.gcp",
            "project_key": "demo-project",
            "client_id": "connect-emulator",
            "client_secret": "connect-emulator-secret",
            "connect_url": self.url,
            "auth_url": self.url,
            **overrides,
        }
        return ConnectClient(ClientConfig(**config), sleep=lambda _seconds: None)


def seed_draft(key: str = "abc-first-connector") -> ConnectorStagedDraft:
    return ConnectorStagedDraft.model_validate(
        {
            "key": key,
            "name": "Abc First Connector",
            "creator": {"email": "john.doe@example.com", "noOfContributors": 10},
            "repository": REPOSITORY,
            "supportedRegions": ["europe-west1.gcp"],
            "privateProjects": ["europe-west1.gcp:demo-project"],
        }
    )
