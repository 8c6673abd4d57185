"""Someone else changes the objects between `pulumi preview` and `pulumi up`: the up converges them (an object
deleted meanwhile is named with the way out: `test_lifecycle.py`)."""

from __future__ import annotations

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
