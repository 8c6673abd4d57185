"""The providers as the state stores them: small, by reference, secret-free, loadable elsewhere."""

from __future__ import annotations

import base64
import os
import pickletools
import subprocess
import sys
from pathlib import Path

import pytest
from pulumi.dynamic.dynamic import serialize_provider

from connect_as_code import ConnectorStagedProvider, DeploymentProvider
from connect_as_code._runtime.provider import ConnectProvider

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


# The state of every stack refers to these by name: the provider classes inside each resource's pickled
# ``__provider`` (dill loads them by module and name) and the resource type tokens inside every URN.
# Changing one breaks existing stacks; docs/compatibility.md says how to rename safely.
PINNED_PROVIDER_PATHS = {
    ConnectorStagedProvider: ("connect_as_code.connector_staged", "ConnectorStagedProvider"),
    DeploymentProvider: ("connect_as_code.deployment", "DeploymentProvider"),
}
PINNED_TYPE_TOKENS = {
    "ConnectorStaged": "pulumi-python:dynamic/connect:ConnectorStaged",
    "Deployment": "pulumi-python:dynamic/connect:Deployment",
}


def _globals_referenced(pickled: str) -> set[tuple[str, str]]:
    """The (module, name) pairs a pickle loads by reference."""
    strings: list[str] = []
    found: set[tuple[str, str]] = set()
    for opcode, argument, _ in pickletools.genops(base64.b64decode(pickled)):
        if opcode.name in ("SHORT_BINUNICODE", "BINUNICODE", "UNICODE"):
            strings.append(str(argument))
        elif opcode.name == "STACK_GLOBAL":
            found.add((strings[-2], strings[-1]))
        elif opcode.name == "GLOBAL":
            module, name = str(argument).split(" ", 1)
            found.add((module, name))
    return found


@pytest.mark.parametrize("provider_class", list(PINNED_PROVIDER_PATHS))
def test_pickled_provider_class_paths_are_pinned(provider_class: type[ConnectProvider]) -> None:
    assert _globals_referenced(serialize_provider(provider_class())) == {PINNED_PROVIDER_PATHS[provider_class]}


def test_resource_type_tokens_are_pinned() -> None:
    import connect_as_code

    # The SDK builds the type token as "pulumi-python:" + _resource_type_name (pulumi/dynamic/dynamic.py).
    tokens = {
        name: f"pulumi-python:{getattr(connect_as_code, name)._resource_type_name}" for name in PINNED_TYPE_TOKENS
    }
    assert tokens == PINNED_TYPE_TOKENS


@pytest.mark.parametrize("provider_class", list(PINNED_PROVIDER_PATHS))
def test_a_pickle_of_the_pinned_path_loads_outside_the_repository(
    provider_class: type[ConnectProvider], tmp_path: Path
) -> None:
    pickled = serialize_provider(provider_class())
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import base64, sys, dill; print(type(dill.loads(base64.b64decode(sys.argv[1]))))",
            pickled,
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    module, name = PINNED_PROVIDER_PATHS[provider_class]
    assert loaded.stdout.strip() == f"<class '{module}.{name}'>"
