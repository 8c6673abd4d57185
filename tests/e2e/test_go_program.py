"""A Go program on the generated SDK (``sdk/go``) and the native provider, run with the plain CLI.

It needs the Go language host ``pulumi-language-go`` on PATH, which the Go module proxy does not serve (a
development machine builds it from Pulumi's source), so it is not part of ``make test``: run it with
``make go-e2e`` with that host on PATH. Without the host the test fails, saying so. Assertions are made
against the emulator's objects and request log, and against the exported state.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import Emulator
from tests.e2e.test_yaml_program import ON_THE_DEPLOYMENT, Cli, writes
from tools.stack import ROOT

pytestmark = [pytest.mark.e2e, pytest.mark.go]

EXAMPLE = ROOT / "examples" / "go-seed"
GO_ENVIRONMENT = ("GOPATH", "GOMODCACHE", "GOCACHE", "GOFLAGS", "GOPROXY", "GOSUMDB")
"""What the Go toolchain keeps outside the program: the module and build caches are the machine's."""


@pytest.fixture
def cli(tmp_path: Path, emulator: Emulator) -> Cli:
    """The example copied to a fresh folder, its SDK named by path, the CLI pointed at the emulator."""
    host = shutil.which("pulumi-language-go")
    assert host, "no pulumi-language-go on PATH: build the Go language host from Pulumi's source"
    go = shutil.which("go")
    assert go, "no go on PATH"
    engine = Path(shutil.which("pulumi") or "pulumi").parent
    provider_bin = Path(sys.executable).parent  # the virtualenv's bin: pulumi-resource-commercetools-connect
    program = tmp_path / "program"
    shutil.copytree(EXAMPLE, program, ignore=shutil.ignore_patterns("Pulumi.*.yaml"))
    go_mod = (program / "go.mod").read_text()
    (program / "go.mod").write_text(go_mod.replace("=> ../../sdk", f"=> {ROOT / 'sdk'}"))
    go_env = subprocess.run([go, "env", "-json", *GO_ENVIRONMENT], capture_output=True, text=True, check=True)
    (tmp_path / "state").mkdir()
    folders = [str(provider_bin), str(Path(host).parent), str(engine), str(Path(go).parent), "/usr/bin", "/bin"]
    env = {
        "PATH": os.pathsep.join(dict.fromkeys(folders)),
        "HOME": str(tmp_path),
        "PULUMI_HOME": str(tmp_path / ".pulumi"),
        "PULUMI_BACKEND_URL": (tmp_path / "state").as_uri(),
        "PULUMI_CONFIG_PASSPHRASE": "go-passphrase",
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        **{name: value for name, value in json.loads(go_env.stdout).items() if value},
        **emulator.environment(),
    }
    return Cli(program, env)


def test_the_seed_as_a_go_program_previews_deploys_stays_clean_and_destroys(cli: Cli, emulator: Emulator) -> None:
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
