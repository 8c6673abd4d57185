"""The committed stacks: the connector published once by dev, its versions promoted to staging and prod.

The three stacks of the root program share one backend (staging and prod read dev's and staging's
outputs) and each has its own API client with the least scopes docs/settings.md gives for it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pulumi import automation as auto

from connect_as_code.connect import ConnectClient
from tests.e2e.conftest import APP_SECRETS, Emulator, Program, ProgramFactory, emulator_config
from tools.stack import DEMO_PASSPHRASE

PROJECTS = {"dev": "demo-project", "staging": "abc-staging", "prod": "abc-production"}
SCOPES = {
    "dev": ["manage_connectors:{p}", "manage_connectors_deployments:{p}", "view_connectors:{p}"],
    "staging": ["manage_connectors_deployments:{p}", "view_connectors:{p}"],
    "prod": ["manage_connectors_deployments:{p}", "view_connectors:{p}"],
}
DEPLOYMENTS = {"dev": "abc-first-connector-preview", "staging": "abc-first-connector-sandbox",
               "prod": "abc-first-connector-production"}  # fmt: skip


class Environments:
    """The root program's dev, staging and prod stacks against the emulator, in one backend."""

    def __init__(self, programs: ProgramFactory, emulator: Emulator, state: Path) -> None:
        self.programs, self.emulator, self.state = programs, emulator, state
        self.stacks: dict[str, Program] = {}
        self.clients: dict[str, ConnectClient] = {}

    def __getitem__(self, name: str) -> Program:
        if name not in self.stacks:
            project = PROJECTS[name]
            client_id, secret = self.emulator.add_client(f"{name}-client", [s.format(p=project) for s in SCOPES[name]])
            self.emulator.admin("PUT", f"/projects/{project}", {"production": name == "prod"})
            config = {**emulator_config(self.emulator, client_id=client_id, client_secret=secret), **APP_SECRETS}
            self.stacks[name] = self.programs(
                name, config=config, state=self.state, env={"PULUMI_CONFIG_PASSPHRASE": DEMO_PASSPHRASE}
            )
            self.clients[name] = self.emulator.client(client_id, secret, project)
        return self.stacks[name]

    def deployment(self, name: str) -> tuple[str, int]:
        """Status and connector version of the stack's deployment, as its project's API client sees it."""
        self[name]
        deployment = self.clients[name].get_deployment(key=DEPLOYMENTS[name])
        return str(deployment.status), deployment.connector.version


def changes(summary: dict[str, int] | None) -> dict[str, int]:
    """A run's resource changes, without the reads of stack references."""
    return {op: count for op, count in (summary or {}).items() if op != "read"}


@pytest.fixture
def environments(programs: ProgramFactory, emulator: Emulator, tmp_path: Path) -> Environments:
    state = tmp_path / "shared-state"
    state.mkdir()
    return Environments(programs, emulator, state)


def test_a_release_goes_from_dev_to_staging_to_prod(environments: Environments, emulator: Emulator) -> None:
    assert environments["dev"].run("up").summary.resource_changes == {"create": 3}
    published = environments.clients["dev"].get_connector(key="abc-first-connector")
    assert (published.version, published.private) == (1, True)
    assert changes(environments["staging"].run("up").summary.resource_changes) == {"create": 2}
    assert changes(environments["prod"].run("up").summary.resource_changes) == {"create": 2}
    assert [environments.deployment(name) for name in ("staging", "prod")] == [("Deployed", 1), ("Deployed", 1)]
    assert (emulator.deployment(DEPLOYMENTS["dev"]) or {}).get("type") == "preview"

    environments["dev"].stack.set_config("connectorTag", auto.ConfigValue("0.0.1"))
    environments["dev"].run("up")
    assert environments.clients["dev"].get_connector(key="abc-first-connector").version == 2
    assert changes(environments["staging"].run("up").summary.resource_changes) == {"same": 1, "update": 1}
    assert environments.deployment("staging") == ("Deployed", 2)
    assert changes(environments["prod"].run("preview").change_summary) == {"same": 2}  # prod stays pinned to 1
    environments["prod"].stack.set_config("connectorVersion", auto.ConfigValue("2"))
    environments["prod"].run("up")
    assert environments.deployment("prod") == ("Deployed", 2)


def test_prod_refuses_a_version_staging_has_not_run(environments: Environments, emulator: Emulator) -> None:
    for name in ("dev", "staging", "prod"):
        environments[name].run("up")
    environments["dev"].stack.set_config("connectorTag", auto.ConfigValue("0.0.1"))
    environments["dev"].run("up")  # version 2 is published, but staging has not run it yet
    environments["prod"].stack.set_config("connectorVersion", auto.ConfigValue("2"))
    mutations = emulator.stats()["mutatingRequests"]
    with pytest.raises(auto.errors.CommandError) as refused:
        environments["prod"].run("preview")
    assert (
        "property connector_version value {2} has a problem: version 2 has not run in staging: staging runs version "
        "1 (Deployed). Promote the version staging runs, or deploy version 2 to staging first"
    ) in str(refused.value)
    assert emulator.stats()["mutatingRequests"] == mutations
    assert environments.deployment("prod") == ("Deployed", 1)


def test_a_failed_publish_fails_with_the_publishing_report_and_the_next_up_publishes(
    environments: Environments, emulator: Emulator
) -> None:
    emulator.script("publish", "abc-first-connector", ["Failed"])
    with pytest.raises(auto.errors.CommandError) as failed:
        environments["dev"].run("up")
    assert "ConnectorStaged abc-first-connector: publishing ended in status Failed\n      Error: " in str(failed.value)
    environments["dev"].run("up")
    assert environments.clients["dev"].get_connector_staged(key="abc-first-connector").status == "Published"


def test_production_needs_a_production_project_and_says_so(environments: Environments, emulator: Emulator) -> None:
    environments["dev"].run("up")
    environments["staging"].run("up")
    environments["prod"]
    emulator.admin("PUT", "/projects/abc-production", {"production": False})
    with pytest.raises(auto.errors.CommandError) as failed:
        environments["prod"].run("up")
    assert "DeploymentProductionDeactivated" in str(failed.value)
    assert "abc-first-connector-production" not in str(emulator.stats())


def test_previews_after_up_show_no_change_at_all_outputs_included(
    environments: Environments, emulator: Emulator
) -> None:
    for name in ("dev", "staging", "prod"):
        environments[name].run("up")
    mutations = emulator.stats()["mutatingRequests"]
    for name, resources in (("dev", 3), ("staging", 2), ("prod", 2)):
        program = environments[name]
        program.lines.clear()
        assert changes(program.run("preview", expect_no_changes=True, diff=True).change_summary) == {"same": resources}
        shown = "\n".join(program.lines)
        assert "outputs:" not in shown.lower() and "[unknown]" not in shown, shown
    assert emulator.stats()["mutatingRequests"] == mutations
