"""End-to-end fixtures: the real Pulumi engine, the emulator on a free loopback port, a temp backend."""

from __future__ import annotations

import gc
import os
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pulumi import automation as auto

from connect_as_code._runtime.provider import close_clients
from connect_as_code.connect import ClientConfig, ConnectClient, ConnectorStagedDraft
from connect_as_code.emulator import PROFILES
from connect_as_code.emulator.local import LocalConnect, start_local_connect
from connect_as_code.waiting import MAX_POLL_SECONDS_ENV
from tools.stack import ROOT, engine_env, open_stack

PASSPHRASE = "e2e-passphrase"
PROGRAMS = Path(__file__).parent / "programs"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath) or "tests/soak/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            # The in-process program runs on event loops of the Pulumi SDK whose self-pipe sockets are
            # sometimes collected unclosed; that is the SDK's, not a fault of the code under test.
            item.add_marker(pytest.mark.filterwarnings("ignore::ResourceWarning"))
            item.add_marker(pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"))


@pytest.fixture(scope="session", autouse=True)
def _engine_on_path() -> None:
    if shutil.which("pulumi") is None:
        pytest.fail("no pulumi CLI on PATH: run the tests with `make test` (it puts the engine on PATH)")


@pytest.fixture(scope="session", autouse=True)
def _poll_as_often_as_the_emulator_moves() -> Iterator[None]:
    """The providers' waits poll at most 0.1 s apart: the emulator's lifecycles here last tenths of a second."""
    before = os.environ.get(MAX_POLL_SECONDS_ENV)
    os.environ[MAX_POLL_SECONDS_ENV] = "0.1"
    yield
    if before is None:
        del os.environ[MAX_POLL_SECONDS_ENV]
    else:
        os.environ[MAX_POLL_SECONDS_ENV] = before


class Emulator(LocalConnect):
    """The library's local Connect (``connect_as_code.emulator.local``), plus clients for out-of-band changes."""

    clients: list[ConnectClient]

    def __post_init__(self) -> None:
        super().__post_init__()
        self.clients = []

    def client(
        self,
        client_id: str = "connect-emulator",
        client_secret: str = "connect-emulator-secret",
        project_key: str = "demo-project",
    ) -> ConnectClient:
        """A Connect client for acting out of band, as another person or tool would."""
        client = ConnectClient(
            ClientConfig(
                region="europe-west1.gcp",
                project_key=project_key,
                client_id=client_id,
                client_secret=client_secret,
                connect_url=self.url,
                auth_url=self.url,
            )
        )
        self.clients.append(client)
        return client

    def staged_connector(
        self,
        key: str = "abc-first-connector",
        *,
        publish: bool = False,
        private_projects: tuple[str, ...] = ("europe-west1.gcp:demo-project",),
        repository: tuple[str, str] = ("https://github.com/abc/first-connect-application.git", "0.0.0"),
    ) -> Any:
        """Create a previewable (and optionally published) ConnectorStaged out of band; its API JSON."""
        draft = ConnectorStagedDraft.model_validate(
            {
                "key": key,
                "name": key,
                "creator": {"email": "creator@example.com"},
                "repository": {"url": repository[0], "tag": repository[1]},
                "supportedRegions": ["europe-west1.gcp"],
                "privateProjects": list(private_projects),
            }
        )
        with self.client() as client:
            staged = client.create_connector_staged(draft)
            staged = client.update_connector_staged(
                id=staged.id, version=staged.version, actions=[{"action": "updatePreviewable"}]
            )
            staged = self._settle(client, staged.id, lambda s: s.is_previewable != "pending")
            if publish:
                staged = client.update_connector_staged(
                    id=staged.id, version=staged.version, actions=[{"action": "publish", "certification": False}]
                )
                staged = self._settle(client, staged.id, lambda s: s.status != "Processing")
            return staged.model_dump(by_alias=True, mode="json")

    @staticmethod
    def _settle(client: ConnectClient, id_: str, done: Any) -> Any:
        for _ in range(200):
            staged = client.get_connector_staged(id=id_)
            if done(staged):
                return staged
            time.sleep(0.05)
        raise AssertionError(f"connector {id_} did not settle")


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    durations = PROFILES["fast"].merged({"previewable": 0.3, "queued": 0.2, "deploying": 0.5, "undeploying": 0.3})
    with start_local_connect(durations=durations) as local:
        emulator = Emulator(local.url, local.client_id, local.client_secret, local.project_key)
        try:
            yield emulator
        finally:
            for client in emulator.clients:
                client.close()
            emulator.close()
            close_clients()  # those find_connector made in this process for in-process programs
    gc.collect()  # let the Pulumi SDK's leftovers be collected here, where their warnings are expected


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
        if command != "preview":
            # The summary the Automation API reads after the command (`stack history`) needs no secrets in
            # clear; with them, each read derives the passphrase key again (0.27 s against 0.12 s a call).
            kwargs.setdefault("show_secrets", False)
        if command == "up":
            return self.stack.up(on_output=on_output, color="never", **kwargs)
        if command == "preview":
            return self.stack.preview(on_output=on_output, color="never", **kwargs)
        if command == "refresh":
            return self.stack.refresh(on_output=on_output, color="never", **kwargs)
        if command == "destroy":
            return self.stack.destroy(on_output=on_output, color="never", **kwargs)
        raise ValueError(command)


def copy_program(source: Path, target: Path, stack: str) -> Path:
    """Copy a program (Pulumi.yaml, Python files, the stack's committed config); use this project's venv."""
    target.mkdir(parents=True)
    for path in source.iterdir():
        if path.suffix == ".py" or path.name in ("Pulumi.yaml", f"Pulumi.{stack}.yaml"):
            shutil.copy(path, target / path.name)
    text = (target / "Pulumi.yaml").read_text()
    (target / "Pulumi.yaml").write_text(re.sub(r"virtualenv: .*", f"virtualenv: {ROOT / '.venv'}", text))
    return target


def emulator_config(
    emulator: Emulator, *, client_id: str = "connect-emulator", client_secret: str = "connect-emulator-secret"
) -> dict[str, auto.ConfigValue]:
    """Stack config that points the providers at the emulator with the given API client."""
    return {
        "connect:clientId": auto.ConfigValue(client_id),
        "connect:clientSecret": auto.ConfigValue(client_secret, secret=True),
        "connect:connectUrl": auto.ConfigValue(emulator.url),
        "connect:authUrl": auto.ConfigValue(emulator.url),
    }


APP_SECRETS = {
    "cartExtensionClientId": auto.ConfigValue("cart-client-id-e2e", secret=True),
    "cartExtensionClientSecret": auto.ConfigValue("cart-client-secret-e2e-value", secret=True),
}


class ProgramFactory:
    """Makes programs on fresh stacks, each in its own folder with its own file backend."""

    def __init__(self, tmp_path: Path, emulator: Emulator) -> None:
        self.tmp_path = tmp_path
        self.emulator = emulator
        self.count = 0

    def __call__(
        self,
        stack: str = "e2e",
        *,
        source: Path = ROOT,
        config: dict[str, auto.ConfigValue] | None = None,
        env: dict[str, str] | None = None,
        extra_config: dict[str, auto.ConfigValue] | None = None,
        state: Path | None = None,
    ) -> Program:
        """A copy of ``source`` on stack ``stack``; ``state`` shares a backend folder between programs
        (stacks that read each other's outputs), else each has its own."""
        self.count += 1
        folder = self.tmp_path / f"program-{self.count}"
        directory = copy_program(source, folder / "program", stack)
        state = state or folder / "state"
        github = {name: value for name, value in self.emulator.environment().items() if name.startswith("GITHUB_")}
        extra = {"PULUMI_CONFIG_PASSPHRASE": PASSPHRASE, "PULUMI_BACKEND_URL": state.as_uri(), **github, **(env or {})}
        stack_handle = open_stack(directory, stack, engine_env(state_dir=state, passphrase=PASSPHRASE, extra=extra))
        if config is None:
            config = {
                "connect:region": auto.ConfigValue("europe-west1.gcp"),
                "connect:projectKey": auto.ConfigValue("demo-project"),
                **emulator_config(self.emulator),
                **APP_SECRETS,
            }
        config = {**config, **(extra_config or {})}
        if config:
            stack_handle.set_all_config(config)
        return Program(directory, stack_handle)


@pytest.fixture
def programs(tmp_path: Path, emulator: Emulator) -> ProgramFactory:
    """A factory of programs on fresh stacks against the emulator."""
    return ProgramFactory(tmp_path, emulator)


@pytest.fixture
def root_program(programs: ProgramFactory) -> Program:
    """The project's root program on a fresh ``e2e`` stack, configured for the emulator."""
    return programs()
