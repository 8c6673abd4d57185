"""The provider installed from its plugin tarball (``make plugin``), not from ``pip install``.

``pulumi plugin install --file`` unpacks the tarball and has the Python language host make the plugin's
virtualenv; the TypeScript seed then runs with the plain CLI, the virtualenv that has the console script
off ``PATH``. The engine starts a Python plugin through ``pulumi-language-python``, and the program needs
``pulumi-language-nodejs``; the Go module proxy serves neither (a development machine builds them from
Pulumi's source), so this test is not part of ``make test``: ``make plugin-e2e`` runs it with both hosts
on ``PATH``. Without them it fails, saying so.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from connect_as_code import __version__
from tests.e2e.conftest import Emulator
from tests.e2e.test_typescript_program import typescript_cli
from tests.e2e.test_user_project import building_from_the_checkout, shared_folder
from tools.plugin import NAME, build_wheel, tarball_name, this_platform, write_tarball

pytestmark = [pytest.mark.e2e, pytest.mark.plugin]


def test_the_tarball_installs_and_deploys_the_seed(
    emulator: Emulator, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory, worker_id: str
) -> None:
    assert shutil.which("pulumi-language-python"), "no pulumi-language-python on PATH: build it from Pulumi's source"
    cli = typescript_cli(tmp_path, emulator, provider_on_path=False)
    on_path = [Path(folder) / f"pulumi-resource-{NAME}" for folder in cli.env["PATH"].split(":")]
    assert not any(path.exists() for path in on_path), "the provider's console script is on PATH"
    with building_from_the_checkout(shared_folder(tmp_path_factory, worker_id)):
        wheel = build_wheel(tmp_path / "wheel")
    tarball = write_tarball(wheel, tmp_path / tarball_name(__version__, *this_platform()))

    cli("plugin", "install", "resource", NAME, __version__, "--file", str(tarball))
    installed = json.loads(cli("plugin", "ls", "--json"))
    assert [(p["name"], p["kind"], p["version"]) for p in installed] == [(NAME, "resource", __version__)]

    cli("stack", "init", "dev")
    cli("config", "set", "--secret", "cartExtensionClientId", "app-client-id-value")
    cli("config", "set", "--secret", "cartExtensionClientSecret", "app-secret-value")
    assert "+ 3 to create" in cli("preview")
    cli("up", "--yes")
    deployment = emulator.deployment("abc-first-connector-preview")
    assert deployment is not None and deployment["status"] == "Deployed"
    state = json.loads(cli("stack", "export"))
    providers = [r for r in state["deployment"]["resources"] if r["type"] == f"pulumi:providers:{NAME}"]
    assert [p["inputs"].get("version") for p in providers] == [__version__], providers
    assert "3 unchanged" in cli("preview", "--expect-no-changes")

    cli("destroy", "--yes")
    assert emulator.deployment("abc-first-connector-preview") is None
    assert emulator.connector_staged("abc-first-connector") is None
