"""`on_failure="rollback"` under the real engine: a failed redeploy brings the last good deployment back.

The update still fails, with the failed build's report and what is live; the state keeps the last good
declaration, so the next preview shows the pending change again. Failures are scripted in the emulator.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from pulumi import automation as auto

from tests.e2e.conftest import Emulator, Program, ProgramFactory
from tests.e2e.test_preview import GOOD, program

KEY = "abc-first-connector-preview"


def rollback_program(programs: ProgramFactory) -> Program:
    target = program(programs, onFailure="rollback")
    assert target.run("up").outputs["revision"].value == 1
    return target


def live(emulator: Emulator) -> dict[str, Any]:
    """The deployment as the emulator holds it."""
    deployment = emulator.deployment(KEY)
    assert deployment is not None, "the deployment is gone"
    return dict(deployment)


def standard_values(emulator: Emulator) -> dict[str, str]:
    return {item["key"]: item["value"] for item in live(emulator)["applications"][0]["standardConfiguration"]}


def failed_up(target: Program) -> str:
    with pytest.raises(auto.errors.CommandError) as failed:
        target.run("up")
    return str(failed.value)


def with_region(region: str) -> dict[str, Any]:
    configurations: dict[str, Any] = json.loads(json.dumps(GOOD))
    configurations["cartExtension"]["standard"]["CTP_REGION"] = region
    return configurations


def test_a_failed_configuration_change_is_rolled_back_and_stays_pending(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    target = rollback_program(programs)
    target.stack.set_config("configurations", auto.ConfigValue(json.dumps(with_region("us-central1.gcp"))))
    emulator.script("deploy", KEY, [{"outcome": "Failed", "report": [{"type": "Error", "title": "boot failed"}]}])
    text = failed_up(target)
    assert f"Deployment {KEY}: deployment ended in status Failed\n      Error: boot failed" in text
    assert (
        f"Deployment {KEY}: rolled back: connector version 2 with the configuration of the last successful "
        "`pulumi up` is live again, as read back from Connect (deployment version 3, Deployed). The state keeps "
        "that declaration: fix the cause and run `pulumi up` again."
    ) in text
    assert live(emulator)["status"] == "Deployed"
    assert standard_values(emulator)["CTP_REGION"] == "europe-west1.gcp"
    target.lines.clear()
    assert target.run("preview", diff=True).change_summary == {"same": 2, "update": 1}
    assert '~ CTP_REGION: "europe-west1.gcp" => "us-central1.gcp"' in "\n".join(target.lines)
    assert target.run("up").outputs["revision"].value == 4  # the cause fixed (nothing scripted): deployed
    assert standard_values(emulator)["CTP_REGION"] == "us-central1.gcp"


def test_a_rollback_leaves_exactly_the_last_good_keys(programs: ProgramFactory, emulator: Emulator) -> None:
    target = rollback_program(programs)
    keys_before = {
        section: sorted(item["key"] for item in live(emulator)["applications"][0][section])
        for section in ("standardConfiguration", "securedConfiguration")
    }
    added: dict[str, Any] = json.loads(json.dumps(GOOD))
    added["cartExtension"]["secured"]["CTP_SCOPE"] = "manage_project:demo-project"
    target.stack.set_config("configurations", auto.ConfigValue(json.dumps(added)))
    emulator.script("deploy", KEY, ["Failed"])
    text = failed_up(target)
    assert "is live again, as read back from Connect" in text
    keys_after = {
        section: sorted(item["key"] for item in live(emulator)["applications"][0][section])
        for section in ("standardConfiguration", "securedConfiguration")
    }
    assert keys_after == keys_before and "CTP_SCOPE" not in keys_after["securedConfiguration"]
    assert standard_values(emulator) == {"CTP_PROJECT_KEY": "demo-project", "CTP_REGION": "europe-west1.gcp"}
    assert live(emulator)["status"] == "Deployed"


def test_a_failed_release_is_rolled_back_to_the_last_good_connector_version(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    target = rollback_program(programs)
    before = live(emulator)
    target.stack.set_config("tag", auto.ConfigValue("0.0.1"))
    emulator.script("deploy", KEY, ["Failed"])
    text = failed_up(target)
    connector_version = before["connector"]["version"]
    assert f"rolled back: connector version {connector_version} with the configuration" in text
    after = live(emulator)
    assert (after["status"], after["connector"]["version"]) == ("Deployed", connector_version)
    staged = emulator.connector_staged("abc-first-connector")
    assert staged is not None and staged["repository"]["tag"] == "0.0.1"
    assert target.run("preview").change_summary == {"same": 2, "update": 1}  # the release is pending again


def test_a_rollback_that_fails_too_is_reported_with_both_failures(programs: ProgramFactory, emulator: Emulator) -> None:
    target = rollback_program(programs)
    target.stack.set_config("configurations", auto.ConfigValue(json.dumps(with_region("us-central1.gcp"))))
    emulator.script("deploy", KEY, ["Failed", "Failed"])
    text = failed_up(target)
    assert f"Deployment {KEY}: deployment ended in status Failed" in text
    assert f"Deployment {KEY}: the rollback failed too: Deployment {KEY}: deployment ended in status Failed" in text
    assert live(emulator)["status"] == "Failed"


def test_without_the_logs_endpoints_a_failure_says_where_logs_are(programs: ProgramFactory, emulator: Emulator) -> None:
    emulator.set_features(logs_endpoints=False)
    emulator.script("deploy", KEY, ["Failed"])
    text = failed_up(program(programs))
    assert f"Deployment {KEY}: deployment ended in status Failed" in text
    assert (
        "logs: the Connect API no longer serves deployment logs (its logs endpoints are removed after "
        "2027-01-31); read them in Platform Insights, in your APM tool"
    ) in text
    assert "last log lines" not in text and "DeploymentLog" not in text
