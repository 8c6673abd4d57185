"""The providers as the state stores them: small, by reference, secret-free, loadable elsewhere."""

from __future__ import annotations

import base64
import subprocess
import sys
from pathlib import Path

import pytest
from pulumi.dynamic.dynamic import serialize_provider

from provider import ConnectorStagedProvider, DeploymentProvider
from provider._runtime import ConnectProvider

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("provider_class", [ConnectorStagedProvider, DeploymentProvider])
def test_provider_pickles_by_reference_and_loads_in_a_fresh_process(provider_class: type[ConnectProvider]) -> None:
    pickled = serialize_provider(provider_class())
    raw = base64.b64decode(pickled)
    assert len(raw) < 200, "pickled by value: the provider class must live in an importable module"
    assert provider_class.__module__.encode() in raw
    assert provider_class.serialize_as_secret_always is False
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import base64, sys, dill; print(type(dill.loads(base64.b64decode(sys.argv[1]))).__name__)",
            pickled,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert loaded.stdout.strip() == provider_class.__name__


def test_configured_provider_holds_no_secret_in_its_pickle() -> None:
    from pulumi.dynamic import Config, ConfigureRequest

    provider = DeploymentProvider()
    provider.configure(ConfigureRequest(Config({"connect:clientSecret": "very-secret-value"}, "p")))
    assert provider.settings().client_secret == "very-secret-value"
    assert b"very-secret-value" not in base64.b64decode(serialize_provider(provider))
