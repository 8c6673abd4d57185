"""The whole life of the root program's stack under the real engine, as a team would live it."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from pulumi import automation as auto

from tests.e2e.conftest import Emulator, Program, ProgramFactory

DEPLOYMENT = "/demo-project/deployments/key=abc-first-connector-preview"
STAGED = "/connectors/drafts/key=abc-first-connector"


def outputs(program: Program) -> dict[str, object]:
    return {name: value.value for name, value in program.stack.outputs().items()}


def wait_gone(emulator: Emulator, key: str) -> None:
    with emulator.client() as client:
        for _ in range(100):
            if client.find_deployment(key=key) is None:
                return
            time.sleep(0.1)
    raise AssertionError(f"deployment {key} still there")


def assert_created_as_declared(values: dict[str, Any], emulator: Emulator) -> None:
    """The outputs of the first up and the objects in the emulator are the root program's declaration."""
    assert (values["isPreviewable"], values["deploymentStatus"]) == ("true", "Deployed")
    assert values["cartExtensionUrl"].startswith("https://")
    staged = emulator.api(STAGED)
    assert (staged["id"], staged["isPreviewable"]) == (values["connectorStagedId"], "true")
    assert staged["creator"]["noOfContributors"] == 10  # the guide's noOfDevelopers, renamed
    assert [app["applicationName"] for app in staged["configurations"]] == ["cartExtension"]
    deployment = emulator.api(DEPLOYMENT)
    assert (deployment["id"], deployment["status"], deployment["type"]) == (
        values["deploymentId"],
        "Deployed",
        "preview",
    )
    assert deployment["connector"]["key"] == "abc-first-connector"
    standard = deployment["applications"][0]["standardConfiguration"]
    assert {item["key"]: item["value"] for item in standard} == {
        "CTP_PROJECT_KEY": "demo-project",
        "CTP_REGION": "europe-west1.gcp",
    }


def assert_secrets_encrypted(program: Program) -> None:
    """The state holds the secrets encrypted; neither it nor the engine's output holds a secret's value."""
    exported = program.cli("stack", "export")
    assert '"secure"' in exported or '"ciphertext"' in exported  # the secrets are there, encrypted
    assert "cart-client-secret-e2e-value" not in exported
    assert "connect-emulator-secret" not in exported
    assert "cart-client-secret-e2e-value" not in "\n".join(program.lines)


def test_create_redeploy_release_drift_and_destroy(root_program: Program, emulator: Emulator) -> None:
    created = root_program.run("up")
    assert created.summary.resource_changes == {"create": 3}
    first = emulator.api(DEPLOYMENT)
    assert_created_as_declared({name: value.value for name, value in created.outputs.items()}, emulator)

    mutations = emulator.stats()["mutatingRequests"]
    assert root_program.run("preview").change_summary == {"same": 3}
    assert emulator.stats()["mutatingRequests"] == mutations, "pulumi preview made a mutating call"

    # a configuration change is one redeploy of the same deployment
    root_program.stack.set_config("cartExtensionScope", auto.ConfigValue("manage_orders:demo-project"))
    preview = root_program.run("preview")
    assert preview.change_summary == {"same": 2, "update": 1}
    assert emulator.stats()["mutatingRequests"] == mutations
    assert root_program.run("up").summary.resource_changes == {"same": 2, "update": 1}
    redeployed = emulator.api(DEPLOYMENT)
    assert (redeployed["id"], redeployed["version"], redeployed["status"]) == (
        first["id"],
        first["version"] + 1,
        "Deployed",
    )

    # a release: one changed tag -> setRepository, previewable again, redeploy with updateConnector
    root_program.stack.set_config("connectorTag", auto.ConfigValue("0.0.1"))
    released = root_program.run("up")
    assert released.summary.resource_changes == {"same": 1, "update": 2}
    staged = emulator.api(STAGED)
    assert (staged["repository"]["tag"], staged["isPreviewable"]) == ("0.0.1", "true")
    deployment = emulator.api(DEPLOYMENT)
    assert deployment["id"] == first["id"]
    assert deployment["connector"]["version"] == staged["version"]
    assert deployment["connector"]["repository"]["tag"] == "0.0.1"
    values = outputs(root_program)
    assert values["deployedConnectorVersion"] == values["connectorStagedVersion"] == staged["version"]
    assert root_program.run("preview").change_summary == {"same": 3}

    assert_secrets_encrypted(root_program)

    # deleted out of band after a preview: up names it and the way out, refresh drops it, the next up recreates it
    root_program.stack.set_config("cartExtensionScope", auto.ConfigValue("view_orders:demo-project"))
    assert root_program.run("preview").change_summary == {"same": 2, "update": 1}
    with emulator.client() as client:
        client.delete_deployment(key="abc-first-connector-preview")
    wait_gone(emulator, "abc-first-connector-preview")
    with pytest.raises(auto.errors.CommandError) as failed:
        root_program.run("up")
    assert (
        "Deployment abc-first-connector-preview (id " in str(failed.value)
        and "no longer exists: it was deleted outside Pulumi. Run `pulumi refresh` to drop it from the state; "
        "the next `pulumi up` creates it again"
        in str(failed.value)
    )
    refreshed = root_program.run("refresh")
    assert refreshed.summary.resource_changes == {"delete": 1, "same": 2}
    assert root_program.run("preview").change_summary == {"create": 1, "same": 2}
    assert root_program.run("up").summary.resource_changes == {"create": 1, "same": 2}
    recreated = emulator.api(DEPLOYMENT)
    assert recreated["id"] != first["id"] and recreated["status"] == "Deployed"

    root_program.run("destroy")
    assert all(not by_status for by_status in emulator.stats()["objects"].values()), emulator.stats()["objects"]
    assert root_program.stack.outputs() == {}


def test_drift_in_a_managed_field_shows_at_refresh_and_is_reverted_by_up(
    root_program: Program, emulator: Emulator
) -> None:
    root_program.run("up")
    staged = emulator.api(STAGED)
    with emulator.client() as client:
        client.update_connector_staged(
            key="abc-first-connector",
            version=staged["version"],
            actions=[{"action": "setName", "name": "Renamed by hand"}],
        )
    root_program.run("refresh")
    deployed = emulator.api(DEPLOYMENT)
    # the name is reverted; the preview deployment runs the same code, so it is not rebuilt
    assert root_program.run("preview").change_summary == {"same": 2, "update": 1}
    assert root_program.run("up").summary.resource_changes == {"same": 2, "update": 1}
    assert emulator.api(STAGED)["name"] == "Abc First Connector"
    assert emulator.api(DEPLOYMENT)["version"] == deployed["version"]
    assert root_program.run("preview").change_summary == {"same": 3}


def test_failed_deployment_found_by_refresh_is_redeployed(root_program: Program, emulator: Emulator) -> None:
    root_program.run("up")
    deployment = emulator.api(DEPLOYMENT)
    emulator.script("deploy", "abc-first-connector-preview", ["Failed"])
    with emulator.client() as client:
        client.update_deployment(
            key="abc-first-connector-preview", version=deployment["version"], actions=[{"action": "redeploy"}]
        )
        for _ in range(100):
            if client.get_deployment(key="abc-first-connector-preview").status == "Failed":
                break
            time.sleep(0.1)
    root_program.run("refresh")
    assert root_program.run("preview").change_summary == {"same": 2, "update": 1}
    root_program.run("up")
    assert emulator.api(DEPLOYMENT)["status"] == "Deployed"
    assert outputs(root_program)["deploymentStatus"] == "Deployed"


def test_lost_state_is_refused_then_recovered_by_adopting_when_asked(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    first = programs()
    first.run("up")
    staged, deployment = emulator.api(STAGED), emulator.api(DEPLOYMENT)
    mutations = emulator.stats()["mutatingRequests"]

    again = programs()  # same program, a fresh stack and an empty backend: the state is lost
    with pytest.raises(auto.errors.CommandError) as refused:
        again.run("up")
    assert "ConnectorStaged key 'abc-first-connector' already exists" in str(refused.value)
    assert emulator.stats()["mutatingRequests"] == mutations  # nothing taken over unasked

    adopting = programs(env={"CONNECT_AS_CODE_ADOPT": "abc-first-connector,abc-first-connector-preview"})
    assert adopting.run("up").summary.resource_changes == {"create": 3}
    assert emulator.api(STAGED)["id"] == staged["id"]
    assert emulator.api(STAGED)["version"] == staged["version"], "a connector in its declared state is left alone"
    adopted = emulator.api(DEPLOYMENT)
    assert adopted["id"] == deployment["id"]
    # it runs the declaration as far as can be read (secured keys, standard values): no second build
    assert (adopted["version"], adopted["status"]) == (deployment["version"], "Deployed")
    assert emulator.stats()["mutatingRequests"] == mutations
    assert "taken over as it is (Deployed" in "\n".join(adopting.lines)


def test_existing_connector_is_adopted_and_brought_to_the_declaration(
    root_program: Program, emulator: Emulator
) -> None:
    from connect_as_code.connect import ConnectorStagedDraft

    with emulator.client() as client:
        made_by_hand = client.create_connector_staged(
            ConnectorStagedDraft.model_validate(
                {
                    "key": "abc-first-connector",
                    "name": "Made by hand",
                    "creator": {"email": "someone@example.com"},
                    "repository": {"url": "https://github.com/abc/first-connect-application.git", "tag": "0.0.0"},
                }
            )
        )
    with pytest.raises(auto.errors.CommandError) as refused:
        root_program.run("up")
    assert "set adopt=True on this ConnectorStaged" in str(refused.value)
    assert emulator.api(STAGED)["name"] == "Made by hand"
    root_program.stack.workspace.env_vars["CONNECT_AS_CODE_ADOPT"] = "abc-first-connector"  # type: ignore[index]
    root_program.run("up")
    staged = emulator.api(STAGED)
    assert staged["id"] == made_by_hand.id
    assert (staged["name"], staged["creator"]["email"], staged["isPreviewable"]) == (
        "Abc First Connector",
        "john.doe@example.com",
        "true",
    )
    assert staged["privateProjects"] == ["europe-west1.gcp:demo-project"]


def test_refresh_and_destroy_run_without_the_program(root_program: Program, emulator: Emulator) -> None:
    """The state holds class references, not code: with every Python file of the program gone, the plain
    CLI's ``pulumi refresh`` still reads Connect through the installed library, and ``pulumi destroy``
    removes every object."""
    root_program.run("up")
    staged = emulator.api(STAGED)
    with emulator.client() as client:  # drift, so that the refresh has something to find
        client.update_connector_staged(
            key="abc-first-connector",
            version=staged["version"],
            actions=[{"action": "setName", "name": "Renamed by hand"}],
        )
    for source in root_program.directory.glob("*.py"):
        source.unlink()
    assert sorted(path.name for path in root_program.directory.iterdir()) == ["Pulumi.e2e.yaml", "Pulumi.yaml"]

    root_program.cli("refresh", "--yes", "--skip-preview")
    state = json.loads(root_program.cli("stack", "export"))
    names = [
        r["outputs"].get("name") for r in state["deployment"]["resources"] if r["type"].endswith("ConnectorStaged")
    ]
    assert names == ["Renamed by hand"], names

    root_program.cli("destroy", "--yes", "--skip-preview")
    assert all(not by_status for by_status in emulator.stats()["objects"].values()), emulator.stats()["objects"]
    with emulator.client() as client:
        assert client.find_deployment(key="abc-first-connector-preview") is None
        assert client.find_connector_staged(key="abc-first-connector") is None
