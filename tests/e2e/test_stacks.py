"""The committed staging and prod stacks: same program, different config, each in its own project."""

from __future__ import annotations

import pytest
from pulumi import automation as auto

from connect_as_code.connect import ConnectClient
from tests.e2e.conftest import APP_SECRETS, Emulator, Program, ProgramFactory, emulator_config
from tools.stack import DEMO_PASSPHRASE

STACKS = {
    # stack: (project, connector key, deployment type)
    "staging": ("abc-staging", "abc-first-connector-staging", "sandbox"),
    "prod": ("abc-production", "abc-first-connector-prod", "production"),
}


def environment(programs: ProgramFactory, emulator: Emulator, stack: str) -> tuple[ConnectClient, Program]:
    project, _, _ = STACKS[stack]
    client_id, secret = emulator.add_client(f"{stack}-client", [f"manage_project:{project}"])
    emulator.admin("PUT", f"/projects/{project}", {"production": stack == "prod"})
    program = programs(
        stack, config={**emulator_config(emulator, client_id=client_id, client_secret=secret), **APP_SECRETS}
    )
    return emulator.client(client_id, secret, project), program


@pytest.mark.parametrize("stack", sorted(STACKS))
def test_environment_publishes_privately_deploys_the_connector_and_releases_a_new_tag(
    programs: ProgramFactory, emulator: Emulator, stack: str
) -> None:
    _, connector_key, deployment_type = STACKS[stack]
    client, program = environment(programs, emulator, stack)
    deployment_key = f"{connector_key}-{deployment_type}"

    assert program.run("up").summary.resource_changes == {"create": 3}
    staged = client.get_connector_staged(key=connector_key)
    connector = client.get_connector(key=connector_key)
    deployment = client.get_deployment(key=deployment_key)
    assert (staged.status, staged.is_previewable, staged.has_changes) == ("Published", "true", False)
    assert (connector.version, connector.private) == (1, True)
    assert (deployment.type, deployment.preview, deployment.status) == (deployment_type, False, "Deployed")
    assert deployment.connector.version == 1
    assert program.run("preview").change_summary == {"same": 3}

    program.stack.set_config("connectorTag", auto.ConfigValue("0.0.1"))
    assert program.run("up").summary.resource_changes == {"same": 1, "update": 2}
    connector = client.get_connector(key=connector_key)
    redeployed = client.get_deployment(key=deployment_key)
    assert (connector.version, connector.repository.tag) == (2, "0.0.1")
    assert (redeployed.id, redeployed.status, redeployed.connector.version) == (deployment.id, "Deployed", 2)
    outputs = {name: value.value for name, value in program.stack.outputs().items()}
    assert outputs["publishedConnectorVersion"] == outputs["deployedConnectorVersion"] == 2
    assert program.run("preview").change_summary == {"same": 3}


def test_failed_publish_fails_with_the_publishing_report_and_the_next_up_publishes(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    client, program = environment(programs, emulator, "prod")
    emulator.script("publish", "abc-first-connector-prod", ["Failed"])
    with pytest.raises(auto.errors.CommandError) as failed:
        program.run("up")
    assert "ConnectorStaged abc-first-connector-prod: publishing ended in status Failed\n      Error: " in str(
        failed.value
    )
    assert emulator.stats()["objects"].get("Deployment", {}) == {}
    assert program.run("up").summary.resource_changes == {"create": 2, "same": 1}
    assert client.get_connector_staged(key="abc-first-connector-prod").status == "Published"


def test_production_needs_a_production_project_and_says_so(programs: ProgramFactory, emulator: Emulator) -> None:
    _, program = environment(programs, emulator, "prod")
    emulator.admin("PUT", "/projects/abc-production", {"production": False})
    with pytest.raises(auto.errors.CommandError) as failed:
        program.run("up")
    assert "DeploymentProductionDeactivated" in str(failed.value)
    assert emulator.stats()["objects"].get("Deployment", {}) == {}


@pytest.mark.parametrize("stack", ["dev", "staging", "prod"])
def test_a_preview_after_up_shows_no_change_at_all_outputs_included(
    programs: ProgramFactory, emulator: Emulator, stack: str
) -> None:
    if stack == "dev":  # the committed dev config holds secrets encrypted with the demo's passphrase
        program = programs("dev", env={"PULUMI_CONFIG_PASSPHRASE": DEMO_PASSPHRASE})
    else:
        _, program = environment(programs, emulator, stack)
    program.run("up")
    mutations = emulator.stats()["mutatingRequests"]
    program.lines.clear()
    result = program.run("preview", expect_no_changes=True, diff=True)
    assert result.change_summary == {"same": 3}
    shown = "\n".join(program.lines)
    assert "outputs:" not in shown.lower() and "[unknown]" not in shown, shown
    assert emulator.stats()["mutatingRequests"] == mutations
