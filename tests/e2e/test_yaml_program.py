"""A Pulumi YAML program on the native provider ``commercetools-connect``, run with the plain CLI.

What a YAML (or TypeScript, Go...) user does: the engine finds ``pulumi-resource-commercetools-connect``
on PATH (the virtualenv's bin, where ``pip install`` of this distribution puts it) and the YAML language
host, built from the Go module proxy by ``scripts/ensure-yaml-host.sh`` and cached like the engine.
Assertions are made against the emulator's objects and request log, and against the exported state.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.conftest import Emulator
from tools.stack import ROOT

pytestmark = pytest.mark.e2e

EXAMPLE = ROOT / "examples" / "yaml-seed" / "Pulumi.yaml"
ON_THE_DEPLOYMENT = re.compile(r"\n  commercetools-connect:index:Deployment \(deployment\):\n((?:    .*\n)+)")
"""The lines of the engine's diagnostics under the resource ``deployment``."""
STANDARD_ONLY_CONNECT_YAML = """deployAs:
  - name: service
    applicationType: service
    endpoint: /service
    configuration:
      standardConfiguration:
        - key: GREETING
          description: What the service says
          required: true
"""


@pytest.fixture(scope="module")
def yaml_host() -> Path:
    """The directory of ``pulumi-language-yaml`` (built on the first run, a few minutes)."""
    done = subprocess.run([str(ROOT / "scripts" / "ensure-yaml-host.sh")], capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"the YAML language host is not available:\n{done.stderr}"
    return Path(done.stdout.strip().splitlines()[-1])


@dataclass
class Cli:
    """The plain ``pulumi`` CLI in one folder, pointed at the emulator, with the provider found on PATH."""

    folder: Path
    env: dict[str, str]

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["pulumi", *args, "--non-interactive"],
            check=False,
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
        )

    def __call__(self, *args: str) -> str:
        done = self.run(*args)
        assert done.returncode == 0, f"pulumi {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
        return done.stdout


def plain_cli(tmp_path: Path, emulator: Emulator, program: Path, path: list[str], passphrase: str, **env: str) -> Cli:
    """The plain CLI in ``program``: ``path`` (then the system's folders) as ``PATH``, a Pulumi home and a
    file backend of its own under ``tmp_path``, offline, pointed at the emulator; ``env`` adds variables."""
    (tmp_path / "state").mkdir()
    return Cli(
        program,
        {
            "PATH": os.pathsep.join([*dict.fromkeys(path), "/usr/bin", "/bin"]),
            "HOME": str(tmp_path),
            "PULUMI_HOME": str(tmp_path / ".pulumi"),
            "PULUMI_BACKEND_URL": (tmp_path / "state").as_uri(),
            "PULUMI_CONFIG_PASSPHRASE": passphrase,
            "PULUMI_SKIP_UPDATE_CHECK": "true",
            "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
            **env,
            **emulator.environment(),
        },
    )


@pytest.fixture
def cli(tmp_path: Path, emulator: Emulator, yaml_host: Path) -> Cli:
    engine = Path(shutil.which("pulumi") or "pulumi").parent
    provider_bin = Path(sys.executable).parent  # the virtualenv's bin: pulumi-resource-commercetools-connect
    assert (provider_bin / "pulumi-resource-commercetools-connect").exists(), "pip install puts the plugin here"
    program = tmp_path / "program"
    program.mkdir()
    return plain_cli(tmp_path, emulator, program, [str(provider_bin), str(yaml_host), str(engine)], "yaml-passphrase")


def writes(emulator: Emulator) -> list[tuple[str, str]]:
    """The Connect API's writes in the request log, as (method, route)."""
    return [
        (r["method"], r["route"])
        for r in emulator.requests(limit=1000)
        if r["method"] in ("POST", "PUT", "DELETE") and "/oauth" not in r["path"] and "/admin" not in r["path"]
    ]


def test_the_seed_as_a_yaml_program_previews_deploys_stays_clean_refreshes_and_destroys(
    cli: Cli, emulator: Emulator
) -> None:
    shutil.copy(EXAMPLE, cli.folder / "Pulumi.yaml")
    cli("stack", "init", "dev")
    cli("config", "set", "--secret", "cartExtensionClientId", "app-client-id-value")
    cli("config", "set", "--secret", "cartExtensionClientSecret", "app-secret-value")

    preview = cli("preview")
    assert "+ 3 to create" in preview
    assert emulator.connector_staged("abc-first-connector") is None, "a preview creates nothing"

    up = cli("up", "--yes")
    on_deployment = "".join(re.findall(ON_THE_DEPLOYMENT, up))
    assert "Deployment abc-first-connector-preview: Deployed" in on_deployment, f"progress not on the resource:\n{up}"
    staged = emulator.connector_staged("abc-first-connector")
    deployment = emulator.deployment("abc-first-connector-preview")
    assert staged is not None and staged["isPreviewable"] == "true"
    assert deployment is not None and deployment["status"] == "Deployed"
    assert deployment["connector"]["key"] == "abc-first-connector" and deployment["type"] == "preview"
    outputs = json.loads(cli("stack", "output", "--json"))
    assert outputs["deploymentId"] == deployment["id"] and outputs["deploymentStatus"] == "Deployed"

    exported = cli("stack", "export")
    for secret in ("app-client-id-value", "app-secret-value", "connect-emulator-secret"):
        assert secret not in exported, f"{secret!r} is in the state in clear"

    before = len(writes(emulator))
    assert ("POST", "/{projectKey}/deployments") in writes(emulator), "the request log shows the deployment's create"
    assert "3 unchanged" in cli("preview", "--expect-no-changes")
    assert "3 unchanged" in cli("refresh", "--yes", "--expect-no-changes")
    assert len(writes(emulator)) == before, "a clean preview and a refresh write nothing"

    cli("destroy", "--yes")
    assert emulator.deployment("abc-first-connector-preview") is None
    assert emulator.connector_staged("abc-first-connector") is None


def test_pulumi_import_adopts_a_deployment_without_a_redeploy_and_the_next_preview_is_clean(
    cli: Cli, emulator: Emulator
) -> None:
    url = "https://github.com/abc/greeter.git"
    emulator.add_repository(url, "1.0.0", STANDARD_ONLY_CONNECT_YAML)
    connector = emulator.staged_connector("abc-greeter", repository=(url, "1.0.0"))
    from connect_as_code.connect import DeploymentDraft

    with emulator.client() as client:
        draft = DeploymentDraft.model_validate(
            {
                "key": "greeter-preview",
                "type": "preview",
                "connector": {"key": connector["key"], "staged": True},
                "region": "europe-west1.gcp",
                "configurations": [
                    {"applicationName": "service", "standardConfiguration": [{"key": "GREETING", "value": "hi"}]}
                ],
            }
        )
        made = client.create_deployment(draft)
        for _ in range(200):
            made = client.get_deployment(id=made.id)
            if made.status == "Deployed":
                break
            time.sleep(0.05)
    assert made.status == "Deployed"
    (cli.folder / "Pulumi.yaml").write_text("name: yaml-import\nruntime: yaml\n")
    cli("stack", "init", "imported")
    before = writes(emulator)

    cli(
        "import", "commercetools-connect:index:Deployment", "greeter", "demo-project/greeter-preview",
        "--yes", "--out", "generated.yaml",
    )  # fmt: skip

    cli("import", "commercetools-connect:index:ConnectorStaged", "connector", "abc-greeter", "--yes", "--out", "c.yaml")

    assert writes(emulator) == before, "the imports wrote nothing: no POST, no redeploy"
    imported = emulator.deployment("greeter-preview")
    assert imported is not None and (imported["version"], imported["status"]) == (made.version, "Deployed")
    generated = (cli.folder / "generated.yaml").read_text()
    assert "connectorKey: abc-greeter" in generated and "GREETING: hi" in generated
    connector_code = (cli.folder / "c.yaml").read_text().replace("resources:\n", "")
    assert "key: abc-greeter" in connector_code and "tag: 1.0.0" in connector_code
    (cli.folder / "Pulumi.yaml").write_text("name: yaml-import\nruntime: yaml\n" + generated + connector_code)
    assert "3 unchanged" in cli("preview", "--expect-no-changes")
    assert writes(emulator) == before


def test_an_explicit_provider_instance_holds_the_project_and_api_client(cli: Cli, emulator: Emulator) -> None:
    """Without CTP_* credentials in the environment, an explicit provider's inputs are what reaches Connect."""
    client_id, secret = emulator.add_client("yaml-deployer", ["manage_project:demo-project"])
    for name in ("CTP_CLIENT_ID", "CTP_CLIENT_SECRET", "CTP_PROJECT_KEY", "CTP_CONNECT_URL", "CTP_AUTH_URL"):
        del cli.env[name]
    connector = emulator.staged_connector("abc-first-connector")
    program = f"""name: yaml-provider
runtime: yaml
config:
  deployerSecret:
    type: string
    secret: true
resources:
  shop:
    type: pulumi:providers:commercetools-connect
    properties:
      projectKey: demo-project
      region: europe-west1.gcp
      clientId: {client_id}
      clientSecret: ${{deployerSecret}}
      connectUrl: {emulator.url}
      authUrl: {emulator.url}
  deployment:
    type: commercetools-connect:Deployment
    properties:
      key: by-explicit-provider
      connectorKey: {connector["key"]}
      staged: true
      region: europe-west1.gcp
      configurations:
        cartExtension:
          standard: {{CTP_PROJECT_KEY: demo-project, CTP_REGION: europe-west1.gcp}}
          secured: {{CTP_CLIENT_ID: a, CTP_CLIENT_SECRET: b, CTP_SCOPE: c}}
    options:
      provider: ${{shop}}
"""
    (cli.folder / "Pulumi.yaml").write_text(program)
    cli("stack", "init", "explicit")
    cli("config", "set", "--secret", "deployerSecret", secret)
    cli("up", "--yes")
    deployment = emulator.deployment("by-explicit-provider")
    assert deployment is not None and deployment["status"] == "Deployed"
    assert secret not in cli("stack", "export"), "the provider's clientSecret is a secret in the state"
    assert "3 unchanged" in cli("refresh", "--yes", "--expect-no-changes")
    assert "3 unchanged" in cli("preview", "--expect-no-changes")
    cli("destroy", "--yes")
    assert emulator.deployment("by-explicit-provider") is None


def test_find_connector_deploys_a_published_connector_and_names_a_missing_one(cli: Cli, emulator: Emulator) -> None:
    connector = emulator.staged_connector("someone-elses-connector", publish=True)
    program = """name: yaml-find
runtime: yaml
config:
  connectorKey:
    type: string
variables:
  found:
    fn::invoke:
      function: commercetools-connect:findConnector
      arguments:
        key: ${connectorKey}
resources:
  sandbox:
    type: commercetools-connect:Deployment
    properties:
      key: ${found.key}-sandbox
      connectorId: ${found.id}
      connectorVersion: ${found.version}
      region: europe-west1.gcp
      configurations:
        cartExtension:
          standard: {CTP_PROJECT_KEY: demo-project, CTP_REGION: europe-west1.gcp}
          secured: {CTP_CLIENT_ID: a, CTP_CLIENT_SECRET: b, CTP_SCOPE: c}
outputs:
  connectorVersion: ${found.version}
"""
    (cli.folder / "Pulumi.yaml").write_text(program)
    cli("stack", "init", "find")
    cli("config", "set", "connectorKey", "no-such-connector")
    failed = cli.run("preview")
    assert (
        failed.returncode != 0
        and "no published connector with key 'no-such-connector'" in failed.stdout + failed.stderr
    )

    cli("config", "set", "connectorKey", connector["key"])
    cli("up", "--yes")
    deployment = emulator.deployment("someone-elses-connector-sandbox")
    assert deployment is not None and (deployment["status"], deployment["type"]) == ("Deployed", "sandbox")
    assert deployment["connector"]["key"] == connector["key"]
    assert "2 unchanged" in cli("preview", "--expect-no-changes")
    (cli.folder / "Pulumi.yaml").write_text("name: yaml-find\nruntime: yaml\n")  # the state and the plugin suffice
    assert "2 unchanged" in cli("refresh", "--yes", "--expect-no-changes")
    cli("destroy", "--yes")
    assert emulator.deployment("someone-elses-connector-sandbox") is None


def test_a_failed_build_fails_the_up_with_its_report_and_the_next_up_redeploys(cli: Cli, emulator: Emulator) -> None:
    shutil.copy(EXAMPLE, cli.folder / "Pulumi.yaml")
    cli("stack", "init", "failing")
    cli("config", "set", "--secret", "cartExtensionClientId", "app-client-id-value")
    cli("config", "set", "--secret", "cartExtensionClientSecret", "app-secret-value")
    emulator.script("deploy", "abc-first-connector-preview", ["Failed"])

    failed = cli.run("up", "--yes")

    said = failed.stdout + failed.stderr
    assert failed.returncode != 0
    assert "Deployment abc-first-connector-preview: deployment ended in status Failed" in said
    assert "last log lines:" in said
    events = emulator.events(resource="Deployment", key="abc-first-connector-preview")
    assert [e["to"] for e in events if e.get("field") == "status"][-3:] == ["Failed", "Undeploying", "Removed"]
    assert "was deleted, since the stack's state cannot hold a failed create" in said
    assert emulator.deployment("abc-first-connector-preview") is None, "no orphan the state does not hold"
    assert "app-secret-value" not in said
    assert "Unexpected <class" not in said and 'File "' not in said, "the message alone, no Python traceback"
    cli("up", "--yes")
    deployment = emulator.deployment("abc-first-connector-preview")
    assert deployment is not None and deployment["status"] == "Deployed"


def test_checks_and_warnings_name_the_yaml_properties_and_give_yaml_advice(cli: Cli, emulator: Emulator) -> None:
    deployment = """
  cart:
    type: commercetools-connect:Deployment
    properties:
      key: cart-preview
      region: europe-west1.gcp
      {connector}
"""
    program = "name: yaml-words\nruntime: yaml\nresources:" + deployment
    (cli.folder / "Pulumi.yaml").write_text(
        program.format(connector="connectorKey: abc-not-staged-yet\n      staged: true")
    )
    cli("stack", "init", "words")
    said = cli("preview")
    assert "staged connector 'abc-not-staged-yet' not found yet" in said, said
    assert "a preview checks them once the connector exists" in said and "connector=" not in said

    (cli.folder / "Pulumi.yaml").write_text(program.format(connector="deploymentType: preview\n      staged: false"))
    failed = cli.run("preview")
    said = failed.stdout + failed.stderr
    assert failed.returncode != 0 and "set connectorKey or connectorId" in said, said
    assert "set staged: true" in said
    assert "connector_key" not in said and "connector=" not in said and "=True" not in said
    assert writes(emulator) == [], "the previews wrote nothing"
