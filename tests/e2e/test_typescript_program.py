"""A TypeScript program on the generated SDK (``sdk/nodejs``) and the native provider, run with the plain CLI.

It needs the Node.js language host ``pulumi-language-nodejs`` on PATH, which the Go module proxy does not
serve (a development machine builds it from Pulumi's source), so it is not part of ``make test``: run it
with ``make typescript-e2e`` with that host on PATH. Without the host the test fails, saying so.
Assertions are made against the emulator's objects and request log, and against the exported state.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import Emulator
from tests.e2e.test_yaml_program import ON_THE_DEPLOYMENT, Cli, plain_cli, writes
from tools.stack import ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.typescript]

EXAMPLE = ROOT / "examples" / "typescript-seed"
SDK_PACKAGE = ROOT / "sdk" / "nodejs" / "bin"


@pytest.fixture
def cli(tmp_path: Path, emulator: Emulator) -> Cli:
    """The example copied to a fresh folder, its packages installed, the CLI pointed at the emulator."""
    return typescript_cli(tmp_path, emulator)


def typescript_cli(tmp_path: Path, emulator: Emulator, *, provider_on_path: bool = True) -> Cli:
    """The CLI of :func:`cli`; ``provider_on_path=False`` leaves the virtualenv's console script off ``PATH``
    (for a provider installed as a plugin)."""
    host = shutil.which("pulumi-language-nodejs")
    assert host, "no pulumi-language-nodejs on PATH: build the Node.js language host from Pulumi's source"
    assert (SDK_PACKAGE / "package.json").exists(), "sdk/nodejs/bin is not built: run `make sdk-nodejs`"
    engine = Path(shutil.which("pulumi") or "pulumi").parent
    provider_bin = Path(sys.executable).parent  # the virtualenv's bin: pulumi-resource-commercetools-connect
    program = tmp_path / "program"
    shutil.copytree(EXAMPLE, program, ignore=shutil.ignore_patterns("node_modules", "Pulumi.*.yaml", "bin"))
    package = json.loads((program / "package.json").read_text())
    package["dependencies"]["@connect-as-code/commercetools-connect"] = f"file:{SDK_PACKAGE}"
    (program / "package.json").write_text(json.dumps(package, indent=2))
    (program / "package-lock.json").unlink()
    npm = subprocess.run(
        ["npm", "install", "--prefer-offline", "--no-audit", "--no-fund"],
        cwd=program,
        capture_output=True,
        text=True,
        check=False,
    )
    assert npm.returncode == 0, f"npm install failed:\n{npm.stderr}"
    folders = [*([str(provider_bin)] if provider_on_path else []), *_host_folders(host, engine)]
    return plain_cli(tmp_path, emulator, program, folders, "typescript-passphrase")


def test_the_seed_as_a_typescript_program_previews_deploys_stays_clean_and_destroys(
    cli: Cli, emulator: Emulator
) -> None:
    check_the_seed(cli, emulator)


def check_the_seed(cli: Cli, emulator: Emulator) -> None:
    """The seed example of a language, in ``cli``'s folder: preview, up with progress on the resource,
    outputs against the emulator's objects, no secret in the state, a clean preview that writes nothing,
    destroy."""
    cli("stack", "init", "dev")
    cli("config", "set", "--secret", "cartExtensionClientId", "app-client-id-value")
    cli("config", "set", "--secret", "cartExtensionClientSecret", "app-secret-value")

    assert "+ 3 to create" in cli("preview")
    assert emulator.connector_staged("abc-first-connector") is None, "a preview creates nothing"

    up = cli("up", "--yes")
    on_deployment = "".join(re.findall(ON_THE_DEPLOYMENT, up))
    assert "Deployment abc-first-connector-preview: Deployed" in on_deployment, f"progress not on the resource:\n{up}"
    staged = emulator.connector_staged("abc-first-connector")
    deployment = emulator.deployment("abc-first-connector-preview")
    assert staged is not None and staged["isPreviewable"] == "true"
    assert deployment is not None and deployment["status"] == "Deployed" and deployment["type"] == "preview"
    outputs = json.loads(cli("stack", "output", "--json"))
    assert outputs["deploymentId"] == deployment["id"] and outputs["deploymentStatus"] == "Deployed"
    urls = {app["applicationName"]: app["url"] for app in deployment["applications"]}
    assert outputs["cartExtensionUrl"] == urls["cartExtension"]

    exported = cli("stack", "export")
    for secret in ("app-client-id-value", "app-secret-value", "connect-emulator-secret"):
        assert secret not in exported, f"{secret!r} is in the state in clear"

    before = len(writes(emulator))
    assert "3 unchanged" in cli("preview", "--expect-no-changes")
    assert len(writes(emulator)) == before, "a clean preview writes nothing"

    cli("destroy", "--yes")
    assert emulator.deployment("abc-first-connector-preview") is None
    assert emulator.connector_staged("abc-first-connector") is None


def _host_folders(nodejs_host: str, engine: Path) -> list[str]:
    """The folders of the language hosts (the Python one too, for a provider installed as a plugin) and the
    engine: no virtualenv among them."""
    python_host = shutil.which("pulumi-language-python")
    return [str(Path(nodejs_host).parent), *([str(Path(python_host).parent)] if python_host else []), str(engine)]
