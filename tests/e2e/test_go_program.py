"""A Go program on the generated SDK (``sdk/go``) and the native provider, run with the plain CLI.

It needs the Go language host ``pulumi-language-go`` on PATH, which the Go module proxy does not serve (a
development machine builds it from Pulumi's source), so it is not part of ``make test``: run it with
``make go-e2e`` with that host on PATH. Without the host the test fails, saying so. Assertions are made
against the emulator's objects and request log, and against the exported state.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import Emulator
from tests.e2e.test_typescript_program import check_the_seed
from tests.e2e.test_yaml_program import Cli, plain_cli
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
    folders = [str(provider_bin), str(Path(host).parent), str(engine), str(Path(go).parent)]
    go_variables = {name: value for name, value in json.loads(go_env.stdout).items() if value}
    return plain_cli(tmp_path, emulator, program, folders, "go-passphrase", **go_variables)


def test_the_seed_as_a_go_program_previews_deploys_stays_clean_and_destroys(cli: Cli, emulator: Emulator) -> None:
    check_the_seed(cli, emulator)
