"""The programs under examples/, run as a user would run them, against the emulator."""

from __future__ import annotations

import pytest
from pulumi import automation as auto

from tests.e2e.conftest import Emulator, ProgramFactory, emulator_config
from tools.stack import ROOT

EXAMPLES = ROOT / "examples"


def test_release_pipeline_stages_previews_publishes_and_deploys_to_production(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    client_id, secret = emulator.add_client("release", ["manage_project:demo-project"])
    production_id, production_secret = emulator.add_client(
        "production", ["manage_connectors_deployments:abc-production", "view_connectors:abc-production"]
    )
    emulator.admin("PUT", "/projects/abc-production", {"production": True})
    config = {
        **emulator_config(emulator, client_id=client_id, client_secret=secret),
        "connect:region": auto.ConfigValue("europe-west1.gcp"),
        "connect:projectKey": auto.ConfigValue("demo-project"),
        "production:projectKey": auto.ConfigValue("abc-production"),
        "production:region": auto.ConfigValue("europe-west1.gcp"),
        "production:clientId": auto.ConfigValue(production_id),
        "production:clientSecret": auto.ConfigValue(production_secret, secret=True),
        "production:connectUrl": auto.ConfigValue(emulator.url),
        "production:authUrl": auto.ConfigValue(emulator.url),
        "tag": auto.ConfigValue("0.0.0"),
        "clientId": auto.ConfigValue("app-client", secret=True),
        "clientSecret": auto.ConfigValue("app-secret-value", secret=True),
    }
    program = programs(source=EXAMPLES / "release-pipeline", config=config)
    assert program.run("up").summary.resource_changes == {"create": 4}
    client = emulator.client(production_id, production_secret, "abc-production")
    production = client.get_deployment(key="abc-first-connector")
    preview = emulator.client(client_id, secret).get_deployment(key="abc-first-connector-preview")
    assert (production.type, production.status, production.connector.version) == ("production", "Deployed", 1)
    assert (preview.type, preview.status) == ("preview", "Deployed")

    program.stack.set_config("tag", auto.ConfigValue("0.0.1"))
    assert program.run("up").summary.resource_changes == {"same": 1, "update": 3}
    assert client.get_connector(key="abc-first-connector").version == 2
    assert client.get_deployment(key="abc-first-connector").connector.version == 2
    assert program.run("preview").change_summary == {"same": 4}
    program.run("destroy")
    assert all(not by_status for by_status in emulator.stats()["objects"].values())


@pytest.mark.parametrize("lookup", ["connectorKey", "connectorSearch"])
def test_deploy_existing_finds_the_published_connector(
    programs: ProgramFactory, emulator: Emulator, lookup: str
) -> None:
    emulator.staged_connector("someone-elses-connector", publish=True)
    config = {
        **emulator_config(emulator),
        "connect:region": auto.ConfigValue("europe-west1.gcp"),
        "connect:projectKey": auto.ConfigValue("demo-project"),
        lookup: auto.ConfigValue("someone-elses-connector"),
        "clientId": auto.ConfigValue("app-client", secret=True),
        "clientSecret": auto.ConfigValue("app-secret-value", secret=True),
    }
    program = programs(source=EXAMPLES / "deploy-existing", config=config)
    mutations = emulator.stats()["mutatingRequests"]
    assert program.run("preview").change_summary == {"create": 2}
    assert emulator.stats()["mutatingRequests"] == mutations
    result = program.run("up")
    assert result.outputs["status"].value == "Deployed"
    deployment = emulator.client().get_deployment(key="someone-elses-connector-sandbox")
    assert (deployment.type, deployment.connector.key) == ("sandbox", "someone-elses-connector")
    program.run("destroy")
    assert emulator.client().find_connector(key="someone-elses-connector") is not None, "the connector is not ours"


def test_deploy_existing_names_the_candidates_when_the_search_is_ambiguous(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    emulator.staged_connector("connector-one", publish=True)
    emulator.staged_connector("connector-two", publish=True)
    config = {
        **emulator_config(emulator),
        "connect:region": auto.ConfigValue("europe-west1.gcp"),
        "connect:projectKey": auto.ConfigValue("demo-project"),
        "connectorSearch": auto.ConfigValue("connector"),
        "clientId": auto.ConfigValue("c", secret=True),
        "clientSecret": auto.ConfigValue("s", secret=True),
    }
    program = programs(source=EXAMPLES / "deploy-existing", config=config)
    with pytest.raises(auto.errors.CommandError) as failed:
        program.run("preview")
    assert "connector search (text='connector') must match exactly one connector; matched: " in str(failed.value)
    assert "connector-one (connector-one)" in str(failed.value) and "connector-two (connector-two)" in str(failed.value)
