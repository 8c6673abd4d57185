"""Mistakes caught at ``pulumi preview`` under the real engine, with the exact text a user reads.

A deployment's region outside its connector's ``supported_regions``, a project outside its
``private_projects``, a cron field out of range; a connector not found yet as a warning; an
unresolvable host named within seconds; and provider errors that start with their message.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from pulumi import automation as auto

from tests.e2e.conftest import PROGRAMS, Emulator, Program, ProgramFactory

PROJECT_FIX = (
    "project 'other-project' may not deploy connector 'abc-first-connector': a staged connector goes only to its "
    "private_projects ('demo-project') and its creator's project 'demo-project'. Add "
    "'europe-west1.gcp:other-project' to the connector's private_projects, or set this deployment's project_key "
    "to one of them"
)
REGION_FIX = (
    "connector 'abc-first-connector' does not support region 'us-central1.gcp' (its supported_regions: "
    "'europe-west1.gcp'). Set region to one of them, or add 'us-central1.gcp' to the connector's supported_regions"
)


def program(programs: ProgramFactory, **config: str) -> Program:
    return programs(
        source=PROGRAMS / "caught_at_preview",
        extra_config={name: auto.ConfigValue(value) for name, value in config.items()},
    )


def failed(target: Program, command: str = "preview") -> str:
    with pytest.raises(auto.errors.CommandError) as raised:
        target.run(command)
    return str(raised.value)


def test_a_project_outside_the_connectors_private_projects_fails_preview(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    message = failed(program(programs, deploymentProject="other-project"))
    assert f"property project_key value {{other-project}} has a problem: {PROJECT_FIX}" in message
    assert emulator.stats()["mutatingRequests"] == 0


def test_a_region_the_connector_does_not_support_fails_preview(programs: ProgramFactory, emulator: Emulator) -> None:
    message = failed(program(programs, region="us-central1.gcp"))
    assert f"property region value {{us-central1.gcp}} has a problem: {REGION_FIX}" in message
    assert emulator.stats()["mutatingRequests"] == 0


def test_a_connector_found_by_key_is_checked_as_the_server_has_it(programs: ProgramFactory, emulator: Emulator) -> None:
    emulator.staged_connector("abc-first-connector")
    mutations = emulator.stats()["mutatingRequests"]
    message = failed(program(programs, connectorKey="abc-first-connector", deploymentProject="other-project"))
    assert f"has a problem: {PROJECT_FIX}" in message
    message = failed(program(programs, connectorKey="abc-first-connector", region="us-central1.gcp"))
    assert f"has a problem: {REGION_FIX}" in message
    assert emulator.stats()["mutatingRequests"] == mutations


def test_a_cron_field_out_of_range_fails_preview(programs: ProgramFactory, emulator: Emulator) -> None:
    message = failed(program(programs, schedule="61 25 * * *"))
    reason = "'61 25 * * *' is not a valid schedule: minute 61 is outside 0-59"
    assert re.search(
        r"property configurations value \{.*\} has a problem: configurations\.job\.schedule: " + re.escape(reason),
        message,
    )
    assert "{<nil>}" not in message
    assert emulator.stats()["mutatingRequests"] == 0


def test_a_connector_not_found_yet_is_a_warning_of_the_preview(programs: ProgramFactory) -> None:
    target = program(programs, connectorKey="abc-not-published-yet")
    events: list[auto.EngineEvent] = []
    target.run("preview", on_event=events.append)
    diagnostics = [(e.diagnostic_event.severity, e.diagnostic_event.message) for e in events if e.diagnostic_event]
    warning = (
        "Deployment my-first-deployment: staged connector 'abc-not-published-yet' not found yet: its "
        "configuration, region and project are not checked before create"
    )
    assert [severity for severity, message in diagnostics if warning in message] == ["warning"], diagnostics
    assert "warning: " + warning in "".join(target.lines)


def test_an_unresolvable_host_fails_within_seconds_naming_it_and_its_setting(programs: ProgramFactory) -> None:
    target = program(programs)
    target.stack.set_config("connect:authUrl", auto.ConfigValue("http://auth.nowhere.invalid"))
    message = failed(target)
    assert (
        "POST /oauth/token to auth.nowhere.invalid failed: the host name 'auth.nowhere.invalid' does not resolve "
        "(the auth URL is set by connect:authUrl)"
    ) in message
    gave_up = re.search(r"\(gave up after 2 attempts in ([0-9.]+) s\)", message)
    assert gave_up is not None, message
    assert float(gave_up.group(1)) < 5.0  # the bound; 8 attempts took 33-37 s before


def lines_before(message: str, text: str) -> list[str]:
    """The lines of the engine's error report for a resource, from its ``error:`` line to ``text``."""
    lines = message.splitlines()
    end = next(i for i, line in enumerate(lines) if text in line)
    start = max(i for i, line in enumerate(lines[: end + 1]) if "error:" in line)
    return lines[start:end]


def test_a_provider_error_starts_with_its_message(programs: ProgramFactory, emulator: Emulator) -> None:
    emulator.staged_connector("abc-first-connector")
    target = program(programs, connectorKey="abc-first-connector", connectorVersion="99")
    message = failed(target, "up")
    assert "ConnectorReferenceNotFound: Connector 'abc-first-connector' with version 99 not found" in message
    assert "Traceback" not in message and "pulumi/dynamic/__main__.py" not in message
    assert lines_before(message, "ConnectorReferenceNotFound") == [], message  # 9 lines of the host's frames before


def test_find_connector_without_a_match_ends_the_program_with_its_message_alone(programs: ProgramFactory) -> None:
    message = failed(program(programs, findConnector="nobodys-connector"))
    assert "no published connector with key 'nobodys-connector'" in message
    assert "Traceback" not in message


def strip_availability(deployment: dict[str, Any]) -> None:
    for part in ("inputs", "outputs"):
        deployment.get(part, {}).pop("connector_availability", None)


def test_a_stack_of_the_previous_version_previews_clean(programs: ProgramFactory) -> None:
    """A stack whose state has no ``connector_availability`` (written before it existed) sees no change."""
    target = program(programs)
    target.run("up")
    exported = target.stack.export_stack()
    deployment = dict(exported.deployment or {})
    for resource in deployment["resources"]:
        if resource["type"].endswith("Deployment"):
            assert "connector_availability" in resource["inputs"]
            strip_availability(resource)
    target.stack.import_stack(auto.Deployment(version=exported.version, deployment=json.loads(json.dumps(deployment))))
    preview = target.stack.preview(color="never", expect_no_changes=True)
    assert preview.change_summary == {"same": 3}
