"""A configuration value removed from the program is removed from the live deployment, under the real engine.

A redeploy cannot remove a value (Connect keeps every value a redeploy does not send), so the preview
shows the replacement that does, with the removed key as the reason, and `up` replaces the deployment.
Asserted from the emulator's objects.
"""

from __future__ import annotations

import json
import time
from typing import Any

from pulumi import automation as auto

from tests.e2e.conftest import Emulator, ProgramFactory
from tests.e2e.test_preview import GOOD, no_writes, program

KEY = "abc-first-connector-preview"


def live_keys(emulator: Emulator) -> dict[str, set[str]]:
    deployment = emulator.deployment(KEY)
    assert deployment is not None, "the deployment is gone"
    application = deployment["applications"][0]
    return {
        "standard": {item["key"] for item in application["standardConfiguration"]},
        "secured": {item["key"] for item in application["securedConfiguration"]},
    }


def configured(**secured: str) -> dict[str, Any]:
    configurations: dict[str, Any] = json.loads(json.dumps(GOOD))
    configurations["cartExtension"]["secured"].update(secured)
    return configurations


def test_a_removed_secured_key_and_a_removed_standard_key_are_gone_from_the_live_deployment(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    target = program(programs, configurations=configured(CTP_SCOPE="manage_project:demo-project"))
    target.run("up")
    assert "CTP_SCOPE" in live_keys(emulator)["secured"]
    first_id = emulator.deployment(KEY)["id"]  # type: ignore[index]

    target.stack.set_config("configurations", auto.ConfigValue(json.dumps(configured())))
    target.lines.clear()
    with no_writes(emulator):
        preview = target.run("preview", diff=True)
    text = "\n".join(target.lines)
    assert preview.change_summary == {"same": 2, "replace": 1}, text
    assert "- CTP_SCOPE: [secret]" in text and "+-pulumi-python:dynamic/connect:Deployment: (replace)" in text
    target.run("up")
    assert live_keys(emulator) == {
        "standard": {"CTP_PROJECT_KEY", "CTP_REGION"},
        "secured": {"CTP_CLIENT_ID", "CTP_CLIENT_SECRET"},
    }
    assert emulator.deployment(KEY)["id"] != first_id  # type: ignore[index]  # a new deployment, the same key

    without_project_key = configured()
    del without_project_key["cartExtension"]["standard"]["CTP_PROJECT_KEY"]
    target.stack.set_config("configurations", auto.ConfigValue(json.dumps(without_project_key)))
    assert target.run("preview").change_summary == {"same": 2, "replace": 1}
    target.run("up")
    assert live_keys(emulator)["standard"] == {"CTP_REGION"}
    assert emulator.deployment(KEY)["status"] == "Deployed"  # type: ignore[index]
    target.run("preview", expect_no_changes=True)


def test_a_value_set_out_of_band_shows_after_a_refresh_as_what_a_replacement_removes(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    target = program(programs)
    target.run("up")
    deployment = emulator.deployment(KEY)
    assert deployment is not None
    with emulator.client() as client:
        client.update_deployment(
            id=deployment["id"],
            version=deployment["version"],
            actions=[{"action": "redeploy", "configurationValues": [
                {"applicationName": "cartExtension", "standardConfiguration": [],
                 "securedConfiguration": [{"key": "CTP_SCOPE", "value": "x"}]}
            ]}],
        )  # fmt: skip
    for _ in range(400):
        if emulator.deployment(KEY)["status"] == "Deployed":  # type: ignore[index]
            break
        time.sleep(0.05)
    target.run("refresh")
    target.lines.clear()
    assert target.run("preview", diff=True).change_summary == {"same": 2, "replace": 1}
    assert '- CTP_SCOPE: "[secret]"' in "\n".join(target.lines)  # masked on the server: a placeholder
    target.run("up")
    assert "CTP_SCOPE" not in live_keys(emulator)["secured"]
