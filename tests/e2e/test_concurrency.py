"""Someone else changes the objects between `pulumi preview` and `pulumi up`: converge, or say what changed."""

from __future__ import annotations

import time

import pytest
from pulumi import automation as auto

from tests.e2e.conftest import Emulator, Program

STAGED = "/connectors/drafts/key=abc-first-connector"
DEPLOYMENT = "/demo-project/deployments/key=abc-first-connector-preview"


def test_changes_made_by_others_after_the_preview_are_absorbed(root_program: Program, emulator: Emulator) -> None:
    root_program.run("up")
    root_program.stack.set_config("connectorTag", auto.ConfigValue("0.0.1"))
    assert root_program.run("preview").change_summary == {"same": 1, "update": 2}

    staged, deployment = emulator.api(STAGED), emulator.api(DEPLOYMENT)
    client = emulator.client()
    client.update_connector_staged(
        key="abc-first-connector",
        version=staged["version"],
        actions=[{"action": "setName", "name": "Renamed meanwhile"}],
    )
    client.update_deployment(
        key="abc-first-connector-preview", version=deployment["version"], actions=[{"action": "redeploy"}]
    )  # someone redeploys: Queued when our up starts

    assert root_program.run("up").summary.resource_changes == {"same": 1, "update": 2}
    staged, deployment = emulator.api(STAGED), emulator.api(DEPLOYMENT)
    assert (staged["name"], staged["repository"]["tag"], staged["isPreviewable"]) == (
        "Abc First Connector",
        "0.0.1",
        "true",
    )
    assert (deployment["status"], deployment["connector"]["version"]) == ("Deployed", staged["version"])
    assert root_program.run("preview").change_summary == {"same": 3}


def test_an_object_deleted_after_the_preview_is_named_with_the_way_out(
    root_program: Program, emulator: Emulator
) -> None:
    root_program.run("up")
    root_program.stack.set_config("cartExtensionScope", auto.ConfigValue("manage_orders:demo-project"))
    assert root_program.run("preview").change_summary == {"same": 2, "update": 1}
    client = emulator.client()
    client.delete_deployment(key="abc-first-connector-preview")
    for _ in range(100):
        if client.find_deployment(key="abc-first-connector-preview") is None:
            break
        time.sleep(0.1)

    with pytest.raises(auto.errors.CommandError) as failed:
        root_program.run("up")
    assert (
        "Deployment abc-first-connector-preview (id " in str(failed.value)
        and "no longer exists: it was deleted outside Pulumi. Run `pulumi refresh` to drop it from the state; "
        "the next `pulumi up` creates it again"
        in str(failed.value)
    )
    root_program.run("refresh")
    assert root_program.run("up").summary.resource_changes == {"create": 1, "same": 2}
    assert emulator.api(DEPLOYMENT)["status"] == "Deployed"
