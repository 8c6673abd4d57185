"""End-to-end fixtures: the real Pulumi engine, the emulator on a free loopback port, a temp backend."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto

from emulator import Settings as EmulatorSettings
from emulator import run_in_thread
from emulator.lifecycle import PROFILES
from tools.stack import ROOT, engine_env, open_stack

PASSPHRASE = "e2e-passphrase"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session", autouse=True)
def _engine_on_path() -> None:
    if shutil.which("pulumi") is None:
        pytest.fail("no pulumi CLI on PATH: run the tests with `make test` (it puts the engine on PATH)")


@dataclass
class Emulator:
    """A running emulator and a little HTTP helper for its admin API."""

    url: str

    def get(self, path: str) -> Any:
        with urllib.request.urlopen(f"{self.url}{path}", timeout=10) as response:
            return json.load(response)

    def admin(self, method: str, path: str, body: Any) -> Any:
        request = urllib.request.Request(
            f"{self.url}{path}",
            data=json.dumps(body).encode(),
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    def token(self) -> str:
        request = urllib.request.Request(
            f"{self.url}/oauth/token",
            data=b"grant_type=client_credentials",
            method="POST",
            headers={
                "Authorization": "Basic Y29ubmVjdC1lbXVsYXRvcjpjb25uZWN0LWVtdWxhdG9yLXNlY3JldA==",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return str(json.load(response)["access_token"])

    def api(self, path: str) -> Any:
        """GET a Connect API path with a fresh token, as a client would."""
        request = urllib.request.Request(f"{self.url}{path}", headers={"Authorization": f"Bearer {self.token()}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    durations = PROFILES["fast"].merged({"previewable": 0.3, "queued": 0.2, "deploying": 0.5, "undeploying": 0.3})
    handle = run_in_thread(EmulatorSettings(durations=durations))
    try:
        yield Emulator(handle.url)
    finally:
        handle.stop()


@dataclass
class Program:
    """A copy of a program directory with its own stack, backend and outputs log."""

    directory: Path
    stack: auto.Stack
    lines: list[str] = field(default_factory=list)

    def cli(self, *args: str) -> str:
        """Run the pulumi CLI itself on this stack, as a user would, and return its stdout."""
        env = {**os.environ, **self.stack.workspace.env_vars}
        command = ["pulumi", *args, "--stack", self.stack.name, "--non-interactive"]
        done = subprocess.run(command, cwd=self.directory, env=env, capture_output=True, text=True, check=True)
        return done.stdout

    def run(self, command: str, **kwargs: Any) -> Any:
        on_output = self.lines.append
        if command == "up":
            return self.stack.up(on_output=on_output, color="never", **kwargs)
        if command == "preview":
            return self.stack.preview(on_output=on_output, color="never", **kwargs)
        if command == "refresh":
            return self.stack.refresh(on_output=on_output, color="never", **kwargs)
        if command == "destroy":
            return self.stack.destroy(on_output=on_output, color="never", **kwargs)
        raise ValueError(command)


def copy_program(source: Path, target: Path) -> Path:
    """Copy a program's Pulumi.yaml and Python files; point its virtualenv at this project's."""
    target.mkdir(parents=True)
    for path in source.iterdir():
        if path.suffix == ".py" or path.name == "Pulumi.yaml":
            shutil.copy(path, target / path.name)
    text = (target / "Pulumi.yaml").read_text()
    (target / "Pulumi.yaml").write_text(text.replace("virtualenv: .venv", f"virtualenv: {ROOT / '.venv'}"))
    return target


@pytest.fixture
def root_program(tmp_path: Path, emulator: Emulator) -> Program:
    """The project's root program on a fresh ``e2e`` stack, configured for the emulator."""
    directory = copy_program(ROOT, tmp_path / "program")
    env = engine_env(
        state_dir=tmp_path / "state",
        passphrase=PASSPHRASE,
        extra={"PULUMI_CONFIG_PASSPHRASE": PASSPHRASE, "PULUMI_BACKEND_URL": (tmp_path / "state").as_uri()},
    )
    stack = open_stack(directory, "e2e", env)
    config = {
        "connect:region": auto.ConfigValue("europe-west1.gcp"),
        "connect:projectKey": auto.ConfigValue("demo-project"),
        "connect:clientId": auto.ConfigValue("connect-emulator"),
        "connect:clientSecret": auto.ConfigValue("connect-emulator-secret", secret=True),
        "connect:connectUrl": auto.ConfigValue(emulator.url),
        "connect:authUrl": auto.ConfigValue(emulator.url),
        "cartExtensionClientId": auto.ConfigValue("cart-client-id-e2e", secret=True),
        "cartExtensionClientSecret": auto.ConfigValue("cart-client-secret-e2e-value", secret=True),
    }
    stack.set_all_config(config)
    return Program(directory, stack)
