"""Every failure path under the real engine: the message a user sees, and what is left behind."""

from __future__ import annotations

import json

import pytest
from pulumi import automation as auto

from tests.e2e.conftest import PROGRAMS, Emulator, Program, ProgramFactory


def failure_text(error: auto.errors.CommandError) -> str:
    return str(error)


def _failed_up(program: Program) -> auto.errors.CommandError:
    with pytest.raises(auto.errors.CommandError) as failed:
        program.run("up")
    return failed.value


def test_the_guides_ct_project_key_fails_at_preview_with_the_suggestion(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    emulator.staged_connector("abc-first-connector", publish=True)
    program = programs(
        source=PROGRAMS / "seed_deployment", extra_config={"connectorKey": auto.ConfigValue("abc-first-connector")}
    )
    mutations = emulator.stats()["mutatingRequests"]
    with pytest.raises(auto.errors.CommandError) as failed:
        program.run("preview")
    text = failure_text(failed.value)
    assert (
        "has a problem: configurations.cartExtension.standard.CT_PROJECT_KEY: "
        "application 'cartExtension' declares no standard configuration key CT_PROJECT_KEY; "
        "did you mean 'CTP_PROJECT_KEY'?"
    ) in text
    assert "property configurations value " in text and "{<nil>}" not in text
    assert "did you mean 'CTP_CLIENT_SECRET'?" in text
    assert "requires standard key CTP_REGION" in text
    assert emulator.stats()["mutatingRequests"] == mutations
    assert emulator.stats()["objects"].get("Deployment", {}) == {}


def test_the_guides_mistake_next_to_its_connector_fails_the_preview_of_a_new_stack(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    program = programs(source=PROGRAMS / "seed_deployment", extra_config={"withConnector": auto.ConfigValue("true")})
    mutations = emulator.stats()["mutatingRequests"]
    with pytest.raises(auto.errors.CommandError) as failed:
        program.run("preview")  # connect.yaml at the connector's tag is read before the connector exists
    assert (
        "has a problem: configurations.cartExtension.standard.CT_PROJECT_KEY: application "
        "'cartExtension' declares no standard configuration key CT_PROJECT_KEY; did you mean 'CTP_PROJECT_KEY'?"
    ) in failure_text(failed.value)
    assert "{<nil>}" not in failure_text(failed.value)
    assert emulator.stats()["mutatingRequests"] == mutations
    with pytest.raises(auto.errors.CommandError) as failed_up:
        program.run("up")  # the deployment is checked once the connector it depends on exists
    assert "did you mean 'CTP_PROJECT_KEY'?" in failure_text(failed_up.value)
    assert "Deployment" not in emulator.stats()["objects"]


def test_rejected_preview_fails_with_the_report_and_the_next_up_recovers(
    root_program: Program, emulator: Emulator
) -> None:
    emulator.script("previewable", "abc-first-connector", ["false"])
    with pytest.raises(auto.errors.CommandError) as failed:
        root_program.run("up")
    text = failure_text(failed.value)
    assert (
        "ConnectorStaged abc-first-connector: previewable verdict ended in status false\n"
        "      Error: Image security analysis check failed"
    ) in text
    assert emulator.stats()["objects"].get("Deployment", {}) == {}
    assert root_program.run("up").summary.resource_changes == {"create": 2, "same": 1}
    assert emulator.api("/connectors/drafts/key=abc-first-connector")["isPreviewable"] == "true"


def test_failed_deployment_fails_with_report_and_logs_then_the_next_up_redeploys(
    root_program: Program, emulator: Emulator
) -> None:
    emulator.script("deploy", "abc-first-connector-preview", ["Failed"])
    with pytest.raises(auto.errors.CommandError) as failed:
        root_program.run("up")
    text = failure_text(failed.value)
    assert "Deployment abc-first-connector-preview: deployment ended in status Failed" in text
    assert "last log lines:" in text
    events = emulator.events(resource="Deployment", key="abc-first-connector-preview")
    assert [e["to"] for e in events if e.get("field") == "status"][-3:] == ["Failed", "Undeploying", "Removed"]
    assert (
        "the failed deployment " in text and "was deleted, since the stack's state cannot hold a failed create" in text
    )
    assert emulator.deployment("abc-first-connector-preview") is None  # no orphan the state does not hold
    assert root_program.run("up").summary.resource_changes == {"create": 1, "same": 2}
    assert emulator.api("/demo-project/deployments/key=abc-first-connector-preview")["status"] == "Deployed"


def test_failed_undeploy_fails_destroy_with_the_report_and_keeps_the_resource(
    root_program: Program, emulator: Emulator
) -> None:
    root_program.run("up")
    emulator.script("undeploy", "abc-first-connector-preview", ["UndeployFailed"])
    with pytest.raises(auto.errors.CommandError) as failed:
        root_program.run("destroy")
    assert "Deployment abc-first-connector-preview: undeploy ended in status UndeployFailed" in failure_text(
        failed.value
    )
    state = root_program.stack.export_stack().deployment
    assert state is not None
    kinds = [r["type"] for r in state["resources"]]
    assert "pulumi-python:dynamic/connect:Deployment" in kinds
    root_program.run("destroy")
    assert all(not by_status for by_status in emulator.stats()["objects"].values())


def test_a_deadline_names_the_deployment_and_how_to_resume(programs: ProgramFactory, emulator: Emulator) -> None:
    emulator.staged_connector("abc-first-connector")
    emulator.script("deploy", "slow", [{"outcome": "Deployed", "durations": {"deploying": 4}}])
    program = programs(
        source=PROGRAMS / "single_deployment",
        extra_config={
            "deploymentKey": auto.ConfigValue("slow"),
            "connectorKey": auto.ConfigValue("abc-first-connector"),
            "staged": auto.ConfigValue("true"),
            "timeouts": auto.ConfigValue(json.dumps({"deploy": 1})),
        },
    )
    with pytest.raises(auto.errors.CommandError) as failed:
        program.run("up")
    text = failure_text(failed.value)
    assert "Deployment slow: deployment still Deploying after 1 s (deployment id " in text
    assert (
        "`CONNECT_AS_CODE_ADOPT=slow pulumi up` resumes waiting (the stack's state holds no unfinished create)" in text
    )
    program.stack.set_config("timeouts", auto.ConfigValue(json.dumps({"deploy": 60})))
    assert "Deployment key 'slow' already exists" in failure_text(_failed_up(program))  # not taken over unasked
    program.stack.workspace.env_vars["CONNECT_AS_CODE_ADOPT"] = "slow"  # type: ignore[index]
    assert program.run("up").summary.resource_changes == {"create": 1, "same": 1}
    assert emulator.api("/demo-project/deployments/key=slow")["status"] == "Deployed"
    assert emulator.stats()["objects"]["Deployment"] == {"Deployed": 1}


def test_a_deployment_key_of_another_connector_is_refused(programs: ProgramFactory, emulator: Emulator) -> None:
    emulator.staged_connector("abc-first-connector")
    emulator.staged_connector("other-connector")
    taken = programs(
        source=PROGRAMS / "single_deployment",
        extra_config={
            "deploymentKey": auto.ConfigValue("shared-key"),
            "connectorKey": auto.ConfigValue("other-connector"),
            "staged": auto.ConfigValue("true"),
        },
    )
    taken.run("up")
    program = programs(
        source=PROGRAMS / "single_deployment",
        extra_config={
            "deploymentKey": auto.ConfigValue("shared-key"),
            "connectorKey": auto.ConfigValue("abc-first-connector"),
            "staged": auto.ConfigValue("true"),
        },
    )
    assert "Deployment key 'shared-key' already exists in project demo-project" in failure_text(_failed_up(program))
    program.stack.set_config("adopt", auto.ConfigValue("true"))  # even when asked to take it over
    with pytest.raises(auto.errors.CommandError) as failed:
        program.run("up")
    assert (
        "Deployment key 'shared-key' already exists and deploys connector 'other-connector', not "
        "'abc-first-connector': choose another key, or delete that deployment first"
    ) in failure_text(failed.value)
    assert emulator.api("/demo-project/deployments/key=shared-key")["connector"]["key"] == "other-connector"


def test_invalid_inputs_fail_at_preview_naming_each_property(programs: ProgramFactory, emulator: Emulator) -> None:
    program = programs(
        source=PROGRAMS / "single_deployment",
        extra_config={
            "deploymentKey": auto.ConfigValue("x"),
            "connectorKey": auto.ConfigValue("abc first"),
            "region": auto.ConfigValue("europe-west1"),
            "deploymentType": auto.ConfigValue("prod"),
            "configurations": auto.ConfigValue(
                json.dumps({"cartExtension": {"standard": {"A": 1}, "schedule": "often"}})
            ),
        },
    )
    with pytest.raises(auto.errors.CommandError) as failed:
        program.run("preview")
    text = failure_text(failed.value)
    for prop, reason in (
        ("key", "'x' is not a valid key: use 2-256 letters, digits, '_' or '-'"),
        ("connector_key", "'abc first' is not a valid key"),
        (
            "region",
            "'europe-west1' is not one of europe-west1.gcp, us-central1.gcp, australia-southeast1.gcp, "
            "us-east-2.aws, eu-central-1.aws; did you mean 'europe-west1.gcp'?",
        ),
        ("deployment_type", "'prod' is not one of preview, sandbox, production; did you mean 'production'?"),
        ("configurations.cartExtension.schedule", "'often' is not a cron schedule"),
        ("configurations.cartExtension.standard.A", "value must be a string"),
    ):
        top = prop.split(".")[0]
        assert f"property {top} value " in text
        assert f"has a problem: {reason}" in text if top == prop else f"has a problem: {prop}: {reason}" in text
    assert "{<nil>}" not in text
    assert emulator.stats()["requests"]["total"] == 0


def test_missing_credentials_are_named_and_nothing_is_created(programs: ProgramFactory, emulator: Emulator) -> None:
    config = {
        "connect:region": auto.ConfigValue("europe-west1.gcp"),
        "connect:projectKey": auto.ConfigValue("demo-project"),
        "connect:connectUrl": auto.ConfigValue(emulator.url),
        "connect:authUrl": auto.ConfigValue(emulator.url),
        "cartExtensionClientId": auto.ConfigValue("id", secret=True),
        "cartExtensionClientSecret": auto.ConfigValue("s", secret=True),
    }
    program = programs(config=config, env={"CTP_CLIENT_ID": "", "CTP_CLIENT_SECRET": ""})
    program.run("preview")
    assert "Connect API not consulted during checks: missing connect:clientId (CTP_CLIENT_ID)" in "\n".join(
        program.lines
    )
    with pytest.raises(auto.errors.CommandError) as failed:
        program.run("up")
    assert (
        "cannot reach the Connect API: missing connect:clientId (CTP_CLIENT_ID), "
        "connect:clientSecret (CTP_CLIENT_SECRET)"
    ) in failure_text(failed.value)
    assert emulator.stats()["mutatingRequests"] == 0


def test_a_wrong_client_secret_fails_at_preview(programs: ProgramFactory, emulator: Emulator) -> None:
    program = programs(extra_config={"connect:clientSecret": auto.ConfigValue("not-the-secret", secret=True)})
    with pytest.raises(auto.errors.CommandError) as failed:
        program.run("preview")
    text = failure_text(failed.value)
    assert "connect-emulator" in text and "clientSecret" in text
    assert "not-the-secret" not in text
