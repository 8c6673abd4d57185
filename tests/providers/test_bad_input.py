"""Every case of the bad-input corpus against the providers in process: the property named, the fix, nothing made.

The Resource classes hand their arguments to the providers unchanged (``props``), so a case's arguments
are what ``check`` receives; the engine turns numbers into floats on the way, and so does this test.
"""

from __future__ import annotations

from typing import Any

import pytest

from connect_as_code import ConnectorStagedProvider, DeploymentProvider
from connect_as_code._runtime.provider import ConnectResourceError
from tests.bad_input_corpus import CASES

from .conftest import Harness

ENGINE_ONLY = {"key-missing", "settings-unresolvable-host"}
"""A missing keyword argument fails in the program itself, before any provider sees it; the providers here
reach the emulator's app whatever the host, so a host that does not resolve is tried under the engine."""


def as_the_engine_sends(value: Any) -> Any:
    """Numbers become floats (protobuf ``Struct``), inside maps and lists too."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, dict):
        return {k: as_the_engine_sends(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_the_engine_sends(v) for v in value]
    return value


def failure_line(prop: str, reason: str) -> str:
    """``path: reason``. The failure names the top-level input; a deeper path leads its reason."""
    assert "." not in prop and "[" not in prop, f"{prop}: the engine shows value {{<nil>}} for a nested path"
    return reason if reason.startswith((f"{prop}.", f"{prop}[")) else f"{prop}: {reason}"


def failures_of(harness: Harness, declaration: dict[str, Any], settings: dict[str, str], phase: str) -> list[str]:
    """What the provider says about the declaration, as ``property: reason`` lines or one error text."""
    provider = DeploymentProvider() if declaration["kind"] == "Deployment" else ConnectorStagedProvider()
    harness.configure(provider, **settings)
    props = as_the_engine_sends(declaration["args"])
    try:
        checked = provider.check({}, props)
        if phase == "up":
            assert not checked.failures, checked.failures
            provider.create(checked.inputs)
    except ConnectResourceError as error:
        return [str(error)]
    return [failure_line(failure.property, failure.reason) for failure in checked.failures]


@pytest.mark.parametrize(
    ("declaration", "settings", "phase", "texts"),
    [case[1:] for case in CASES if case[0] not in ENGINE_ONLY],
    ids=[case[0] for case in CASES if case[0] not in ENGINE_ONLY],
)
def test_bad_input_is_refused_with_the_property_and_the_fix(
    harness: Harness,
    monkeypatch: pytest.MonkeyPatch,
    declaration: dict[str, Any],
    settings: dict[str, str],
    phase: str,
    texts: list[str],
) -> None:
    for variable in ("CTP_CLIENT_ID", "CTP_CLIENT_SECRET", "CTP_PROJECT_KEY", "CTP_REGION"):
        monkeypatch.delenv(variable, raising=False)
    if declaration["kind"] == "Deployment":
        harness.configure(ConnectorStagedProvider()).create(
            {
                "key": "abc-first-connector",
                "name": "Abc",
                "creator": {"email": "john.doe@example.com"},
                "repository": {"url": "https://github.com/abc/first-connect-application.git", "tag": "0.0.0"},
                "supported_regions": ["europe-west1.gcp"],
                "private_projects": ["europe-west1.gcp:demo-project"],
                "previewable": True,
                "publish": "none",
                "timeouts": {"previewable": 1800.0, "publish": 1200.0},
            }
        )
    before = harness.admin("GET", "/stats")
    found = failures_of(harness, declaration, settings, phase)
    assert found, "nothing was refused"
    text = "\n".join(found)
    for expected in texts:
        if expected.startswith("property "):
            name = expected.split()[1]
            assert any(line.startswith(f"{name}: ") for line in found), f"{name} not named in:\n{text}"
        else:
            assert expected in text
    after = harness.admin("GET", "/stats")
    assert (after["objects"], after["mutatingRequests"]) == (before["objects"], before["mutatingRequests"])


def test_the_corpus_has_at_least_forty_cases() -> None:
    assert len(CASES) >= 40
    assert len({case[0] for case in CASES}) == len(CASES)
