"""The retry policy of an event application, overridden per Deployment (Connect release of 2026-10-23)."""

from __future__ import annotations

import json

import pytest
from pulumi import automation as auto

from tests.e2e.conftest import PROGRAMS, Emulator, ProgramFactory

EVENT_CONNECTOR = ("https://github.com/abc/event-connector.git", "1.0.0")
DEPLOYMENT = "/demo-project/deployments/key=events"


def event_configuration(retry_policy: dict[str, object]) -> auto.ConfigValue:
    return auto.ConfigValue(
        json.dumps(
            {
                "orderEvents": {
                    "standard": {"CTP_PROJECT_KEY": "demo-project"},
                    "secured": {"WEBHOOK_SECRET": "s"},
                    "retry_policy": retry_policy,
                }
            }
        )
    )


def redeploys(emulator: Emulator, deployment_id: str, since: int) -> int:
    """POSTs to the deployment (its update endpoint: every redeploy is one) after request ``since``."""
    paths = {f"/demo-project/deployments/{deployment_id}", DEPLOYMENT}
    return sum(
        1
        for entry in emulator.requests(limit=1000)
        if entry["seq"] > since and entry["method"] == "POST" and entry["path"] in paths
    )


def test_an_override_deploys_and_a_change_of_it_alone_is_one_redeploy(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    emulator.staged_connector("abc-event-connector", repository=EVENT_CONNECTOR)
    policy = {"strategy": "exponential-backoff", "min_backoff_seconds": 5, "max_backoff_seconds": 120}
    program = programs(
        source=PROGRAMS / "single_deployment",
        extra_config={
            "deploymentKey": auto.ConfigValue("events"),
            "connectorKey": auto.ConfigValue("abc-event-connector"),
            "staged": auto.ConfigValue("true"),
            "configurations": event_configuration({**policy, "max_attempts": 20}),
        },
    )
    assert program.run("up").summary.resource_changes == {"create": 2}
    created = emulator.api(DEPLOYMENT)
    (application,) = created["applications"]
    assert application["retryPolicy"] == {
        "strategy": "exponential-backoff",
        "minBackoffSeconds": 5,
        "maxBackoffSeconds": 120,
        "maxAttempts": 20,
    }
    assert program.run("preview").change_summary == {"same": 2}

    program.stack.set_config("configurations", event_configuration({"strategy": "immediate"}))
    preview = program.run("preview", diff=True)
    assert preview.change_summary == {"same": 1, "update": 1}
    assert "retry_policy" in preview.stdout
    since = emulator.requests(limit=1)[-1]["seq"]
    assert program.run("up").summary.resource_changes == {"same": 1, "update": 1}
    redeployed = emulator.api(DEPLOYMENT)
    assert redeploys(emulator, created["id"], since) == 1
    assert (redeployed["id"], redeployed["version"]) == (created["id"], created["version"] + 1)
    assert redeployed["applications"][0]["retryPolicy"] == {"strategy": "immediate"}
    assert program.run("refresh").summary.resource_changes == {"same": 2}  # the server's policy is the declared one
    assert program.run("preview").change_summary == {"same": 2}


def test_an_override_on_a_service_application_fails_preview_naming_the_field(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    emulator.staged_connector("abc-first-connector")
    program = programs(
        source=PROGRAMS / "single_deployment",
        extra_config={
            "deploymentKey": auto.ConfigValue("service"),
            "connectorKey": auto.ConfigValue("abc-first-connector"),
            "staged": auto.ConfigValue("true"),
            "configurations": auto.ConfigValue(
                json.dumps(
                    {
                        "cartExtension": {
                            "standard": {"CTP_PROJECT_KEY": "demo-project", "CTP_REGION": "europe-west1.gcp"},
                            "secured": {"CTP_CLIENT_ID": "id", "CTP_CLIENT_SECRET": "s"},
                            "retry_policy": {"strategy": "immediate"},
                        }
                    }
                )
            ),
        },
    )
    mutations = emulator.stats()["mutatingRequests"]
    with pytest.raises(auto.errors.CommandError) as failed:
        program.run("preview")
    text = str(failed.value)
    assert "configurations.cartExtension.retry_policy" in text
    assert (
        "application 'cartExtension' is a service application and only event applications have a retry policy" in text
    )
    assert emulator.stats()["mutatingRequests"] == mutations
