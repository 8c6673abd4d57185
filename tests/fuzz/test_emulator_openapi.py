"""The emulator fuzzed through its own OpenAPI spec: valid and malformed requests, never a 500."""

from __future__ import annotations

import base64
import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from schemathesis import GenerationMode

from connect_as_code.emulator import ManualClock, Settings, create_app, run_in_thread

schema = schemathesis.openapi.from_dict(create_app(Settings(clock=ManualClock())).openapi())
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=40, deterministic=True
)


@pytest.fixture(scope="module")
def emulator() -> Iterator[tuple[str, str]]:
    """A real emulator on loopback and a valid bearer token for it."""
    with run_in_thread(Settings(clock=ManualClock())) as handle:
        basic = base64.b64encode(b"connect-emulator:connect-emulator-secret").decode()
        request = urllib.request.Request(
            f"{handle.url}/oauth/token",
            data=b"grant_type=client_credentials",
            headers={"Authorization": f"Basic {basic}", "Content-Type": "application/x-www-form-urlencoded"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            token = json.load(response)["access_token"]
        yield handle.url, token


@schema.parametrize()
def test_no_request_makes_the_emulator_fail(case: schemathesis.Case[Any], emulator: tuple[str, str]) -> None:
    url, token = emulator
    response = case.call(base_url=url, headers={"Authorization": f"Bearer {token}"})
    described = f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:300]}"
    assert response.status_code < 500, described
    assert "Traceback" not in response.text, described
    if response.status_code >= 400:
        body = response.json()
        assert body["statusCode"] == response.status_code, described
        assert isinstance(body["message"], str) and body["message"], described
