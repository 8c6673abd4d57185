"""One published connector into three client projects, each with its own API client, in one `pulumi up`.

Two projects are in one region and one in another (its connection names its own region and host). Each
API client may only touch its own project. One deployment failing does not stop the others, and a
missing scope names the project and the scope.
"""

from __future__ import annotations

from typing import Any

import pytest
from pulumi import automation as auto

from connect_as_code.connect import ConnectorStagedDraft
from tests.e2e.conftest import Emulator, Program, ProgramFactory, emulator_config
from tools.stack import ROOT

CLIENTS = {  # name: (project key, region)
    "client-a": ("client-a-shop", "europe-west1.gcp"),
    "client-b": ("client-b-shop", "europe-west1.gcp"),
    "client-c": ("client-c-shop", "us-central1.gcp"),
}
DEPLOYMENT_SCOPES = ["manage_connectors_deployments:{p}", "view_connectors:{p}"]


def published_connector(emulator: Emulator) -> int:
    """The agency's connector, published privately for the three projects; its version."""
    draft = ConnectorStagedDraft.model_validate(
        {
            "key": "agency-cart",
            "name": "Agency cart",
            "creator": {"email": "dev@agency.example"},
            "repository": {"url": "https://github.com/abc/first-connect-application.git", "tag": "0.0.0"},
            "supportedRegions": ["europe-west1.gcp", "us-central1.gcp"],
            "privateProjects": [f"{region}:{project}" for project, region in CLIENTS.values()],
        }
    )
    with emulator.client() as client:
        staged = client.create_connector_staged(draft)
        staged = client.update_connector_staged(
            id=staged.id, version=staged.version, actions=[{"action": "publish", "certification": False}]
        )
    emulator.advance_clock(60)
    connector = emulator.find("/connectors/key=agency-cart")
    assert connector is not None, "the connector was not published"
    return int(connector["version"])


def agency_program(programs: ProgramFactory, emulator: Emulator, scopes: dict[str, list[str]]) -> Program:
    """The many-projects example, each client's connection in its own config namespace."""
    config: dict[str, auto.ConfigValue] = {
        "connectorKey": auto.ConfigValue("agency-cart"),
        "connectorVersion": auto.ConfigValue(str(published_connector(emulator))),
        "projects": auto.ConfigValue('["client-a", "client-b", "client-c"]'),
        "appClientId": auto.ConfigValue("app-client", secret=True),
        "appClientSecret": auto.ConfigValue("app-secret-value", secret=True),
        # The stack's own settings name no project: every deployment says which one through its connection.
        **{k: v for k, v in emulator_config(emulator).items() if k.endswith(("Url",))},
    }
    for name, (project, region) in CLIENTS.items():
        client_id, secret = emulator.add_client(f"{name}-api", [s.format(p=project) for s in scopes[name]])
        config |= {
            f"{name}:projectKey": auto.ConfigValue(project),
            f"{name}:region": auto.ConfigValue(region),
            f"{name}:clientId": auto.ConfigValue(client_id),
            f"{name}:clientSecret": auto.ConfigValue(secret, secret=True),
            f"{name}:authUrl": auto.ConfigValue(emulator.url),  # the region's auth and Connect hosts
            f"{name}:connectUrl": auto.ConfigValue(emulator.url),
        }
    return programs(source=ROOT / "examples" / "many-projects", config=config)


def deployment_in(emulator: Emulator, name: str) -> Any:
    project, _ = CLIENTS[name]
    with emulator.client(f"{name}-api", f"{name}-api-secret", project) as client:
        return client.find_deployment(key=f"agency-cart-{name}")


def test_one_connector_goes_into_three_projects_and_one_failure_stops_no_other(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    program = agency_program(programs, emulator, dict.fromkeys(CLIENTS, DEPLOYMENT_SCOPES))
    emulator.script("deploy", "agency-cart-client-b", ["Failed"])
    with pytest.raises(auto.errors.CommandError) as failed:
        program.run("up", parallel=8)
    assert "Deployment agency-cart-client-b: deployment ended in status Failed" in str(failed.value)
    assert "was deleted, since the stack's state cannot hold a failed create" in str(failed.value)
    found = {name: deployment_in(emulator, name) for name in CLIENTS}
    statuses = {name: None if deployment is None else str(deployment.status) for name, deployment in found.items()}
    assert statuses == {"client-a": "Deployed", "client-b": None, "client-c": "Deployed"}  # no orphan left
    assert deployment_in(emulator, "client-c").deployed_region == "us-central1.gcp"

    result = program.run("up", parallel=8)  # the failed one is created again
    assert {name: status for name, status in result.outputs["status"].value.items()} == dict.fromkeys(
        CLIENTS, "Deployed"
    )
    for name, (project, region) in CLIENTS.items():
        deployment = deployment_in(emulator, name)
        standard = {item.key: item.value for item in deployment.applications[0].standard_configuration}
        assert (deployment.status, deployment.deployed_region, standard["CTP_PROJECT_KEY"]) == (
            "Deployed",
            region,
            project,
        )
    exported = program.cli("stack", "export")
    assert "client-a-api-secret" not in exported and "app-secret-value" not in exported
    assert program.run("preview").change_summary == {"same": 4}


def test_a_missing_scope_in_one_project_is_named(programs: ProgramFactory, emulator: Emulator) -> None:
    scopes = {
        **dict.fromkeys(CLIENTS, DEPLOYMENT_SCOPES),
        "client-b": ["view_connectors:{p}", "view_connectors_deployments:{p}"],
    }
    program = agency_program(programs, emulator, scopes)
    with pytest.raises(auto.errors.CommandError) as failed:
        # The refusal comes at once, so without --continue-on-error the engine may start no other create.
        program.run("up", parallel=8, continue_on_error=True)
    assert "The token lacks the scope for this call: it needs manage_connectors_deployments:client-b-shop" in str(
        failed.value
    )
    assert deployment_in(emulator, "client-b") is None  # nothing half-created where the scope is missing
    assert {name: str(deployment_in(emulator, name).status) for name in ("client-a", "client-c")} == {
        "client-a": "Deployed",
        "client-c": "Deployed",
    }
