"""The root program and the examples, run with the plain ``pulumi`` CLI from their own folders.

This is what a user does after cloning the repository: ``cd examples/deploy-existing && pulumi up``.
The Python language host creates each program's virtualenv from its ``requirements.txt`` (which
installs this distribution from the clone), and nothing is put on ``PYTHONPATH``. It needs a Python
language host (``pulumi-language-python``) next to the CLI; where there is none (an engine built from
the Go module proxy), these tests are skipped and say so: ``tests/e2e/test_examples.py`` and
``test_stacks.py`` run the same programs through the Automation API instead.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.conftest import Emulator
from tests.e2e.test_user_project import user_environment
from tools.stack import DEMO_PASSPHRASE, ROOT, has_language_host

pytestmark = pytest.mark.skipif(
    not has_language_host(),
    reason="no Python language host (pulumi-language-python) next to the pulumi CLI: plain `pulumi up` cannot run "
    "programs here; the Automation API tests cover the same programs",
)


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's files (tracked and new, as on disk), without its virtualenvs or caches."""
    target = tmp_path_factory.mktemp("clone") / "connect-as-code"
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    for relative in filter(None, listed.stdout.split("\0")):
        source = ROOT / relative
        if source.is_file():
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / relative)
    return target


@dataclass
class Cli:
    """The plain CLI in one program folder, with a user's environment pointed at the emulator."""

    folder: Path
    env: dict[str, str]

    def __call__(self, *args: str) -> str:
        done = subprocess.run(
            ["pulumi", *args, "--non-interactive"],
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, f"pulumi {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
        return done.stdout


CliFactory = Callable[..., Cli]


@pytest.fixture
def cli(clone: Path, emulator: Emulator, tmp_path: Path) -> CliFactory:
    """Makes the CLI of one folder of the clone, with a state backend of this test's own."""
    state = tmp_path / "state"
    state.mkdir()
    env = {**user_environment(tmp_path, state), **emulator.environment()}

    def make(folder: str, passphrase: str = "e2e-passphrase") -> Cli:
        return Cli(clone / folder, {**env, "PULUMI_CONFIG_PASSPHRASE": passphrase})

    return make


def test_the_root_program_runs_with_the_plain_cli_from_the_repository_root(
    cli: CliFactory, emulator: Emulator, clone: Path
) -> None:
    root = cli(".", passphrase=DEMO_PASSPHRASE)
    root("stack", "init", "dev")
    assert "+ 3 to create" in root("preview", "--stack", "dev")
    root("up", "--yes", "--stack", "dev")
    deployment = emulator.deployment("abc-first-connector-preview")
    assert deployment is not None and deployment["status"] == "Deployed"
    assert "3 unchanged" in root("preview", "--stack", "dev", "--expect-no-changes")
    root("destroy", "--yes", "--stack", "dev")
    assert emulator.connector_staged("abc-first-connector") is None
    assert (clone / ".venv" / "bin" / "python").exists(), "the language host made the program's own virtualenv"


def test_deploy_existing_runs_with_the_plain_cli_from_its_folder(cli: CliFactory, emulator: Emulator) -> None:
    connector = emulator.staged_connector("someone-elses-connector", publish=True)
    example = cli("examples/deploy-existing")
    example("stack", "init", "e2e")
    example("config", "set", "connectorKey", connector["key"])
    example("config", "set", "connect:projectKey", "demo-project")
    example("config", "set", "--secret", "clientId", "app-client")
    example("config", "set", "--secret", "clientSecret", "app-secret-value")
    example("up", "--yes")
    deployment = emulator.deployment("someone-elses-connector-sandbox")
    assert deployment is not None and (deployment["status"], deployment["type"]) == ("Deployed", "sandbox")
    example("destroy", "--yes")
    assert emulator.deployment("someone-elses-connector-sandbox") is None


def test_release_pipeline_runs_with_the_plain_cli_from_its_folder(cli: CliFactory, emulator: Emulator) -> None:
    client_id, secret = emulator.add_client("release", ["manage_project:demo-project"])
    production_id, production_secret = emulator.add_client(
        "production", ["manage_connectors_deployments:abc-production", "view_connectors:abc-production"]
    )
    emulator.admin("PUT", "/projects/abc-production", {"production": True})
    example = cli("examples/release-pipeline")
    example.env.update({"CTP_CLIENT_ID": client_id, "CTP_CLIENT_SECRET": secret})
    example("stack", "init", "e2e")
    for name, value in {
        "tag": "0.0.0",
        "connect:projectKey": "demo-project",
        "production:projectKey": "abc-production",
        "production:region": "europe-west1.gcp",
        "production:clientId": production_id,
        "production:connectUrl": emulator.url,
        "production:authUrl": emulator.url,
    }.items():
        example("config", "set", name, value)
    for name, value in {
        "production:clientSecret": production_secret,
        "clientId": "app-client",
        "clientSecret": "app-secret-value",
    }.items():
        example("config", "set", "--secret", name, value)
    example("up", "--yes")
    production = emulator.client(production_id, production_secret, "abc-production").get_deployment(
        key="abc-first-connector"
    )
    assert (production.status, production.type) == ("Deployed", "production")
    example("destroy", "--yes")
    assert emulator.connector_staged("abc-first-connector") is None
