"""The lifecycle tables and their pure functions."""

from __future__ import annotations

import pytest

from connect_as_code.emulator.domain.lifecycle import (
    GONE,
    PROCESSES,
    PROFILES,
    REDEPLOY_REFUSAL,
    Durations,
    can_start,
    durations_from_json,
    effective_durations,
    next_due,
    parse_durations,
    plan,
    scripted_outcome_from_json,
    split_due,
)

DURATIONS = Durations(previewable=1, publishing=2, certification=3, queued=4, deploying=5, undeploying=6)


def values(process: str, outcome: str) -> list[tuple[float, str]]:
    return [(s.at, s.value) for s in plan(PROCESSES[process], outcome, DURATIONS, 100.0)]


def test_deploy_plans() -> None:
    assert values("deploy", "Deployed") == [(100, "Queued"), (104, "Deploying"), (109, "Deployed")]
    assert values("deploy", "Failed") == [(100, "Queued"), (104, "Deploying"), (109, "Failed")]


def test_undeploy_publish_certification_previewable_plans() -> None:
    assert values("undeploy", "Undeployed") == [(100, "Undeploying"), (106, GONE)]
    assert values("undeploy", "UndeployFailed") == [(100, "Undeploying"), (106, "UndeployFailed")]
    assert values("publish", "Published") == [(100, "Processing"), (102, "Published")]
    assert values("publish", "Failed") == [(100, "Processing"), (102, "Failed")]
    assert values("certification", "InCertification") == [
        (100, "Processing"),
        (102, "ReadyForCertification"),
        (105, "InCertification"),
    ]
    assert values("previewable", "false") == [(100, "pending"), (101, "false")]


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        ("Draft", True),
        ("Deployed", True),
        ("Failed", True),
        ("UndeployFailed", True),
        ("Queued", False),
        ("Deploying", False),
        ("Undeploying", False),
    ],
)
def test_redeploy_table(status: str, allowed: bool) -> None:
    assert can_start(PROCESSES["deploy"], status) is allowed
    if not allowed:
        assert REDEPLOY_REFUSAL[status].startswith("Already ")


def test_other_tables() -> None:
    assert not can_start(PROCESSES["undeploy"], "Undeploying")
    assert not can_start(PROCESSES["previewable"], "pending")
    assert not can_start(PROCESSES["publish"], "Processing")
    assert not can_start(PROCESSES["certification"], "InCertification")
    assert can_start(PROCESSES["certification"], "Published")


def test_split_due_and_next_due() -> None:
    steps = [{"at": 3.0, "field": "status", "value": "b"}, {"at": 1.0, "field": "status", "value": "a"}]
    due, later = split_due(steps, 2.0)
    assert [s["value"] for s in due] == ["a"]
    assert [s["value"] for s in later] == ["b"]
    assert next_due(later) == 3.0
    assert next_due([]) is None


def test_durations_parsing() -> None:
    assert parse_durations("fast") == PROFILES["fast"]
    assert parse_durations('{"deploying": 9}').deploying == 9
    assert parse_durations('{"deploying": 9}').queued == PROFILES["default"].queued
    assert parse_durations('{"profile": "realistic", "queued": 1}').deploying == PROFILES["realistic"].deploying
    assert PROFILES["realistic"].deploying >= 60
    for bad in ["slow", "{", '{"warp": 1}', '{"queued": -1}', '{"queued": "1"}', '{"profile": "x"}', "[1]"]:
        with pytest.raises(ValueError):
            parse_durations(bad)
    with pytest.raises(ValueError):
        durations_from_json({"queued": True})


def test_scripted_outcomes() -> None:
    deploy = PROCESSES["deploy"]
    assert scripted_outcome_from_json(deploy, "Failed").outcome == "Failed"
    assert scripted_outcome_from_json(deploy, "success").outcome == "Deployed"
    item = scripted_outcome_from_json(
        deploy,
        {"outcome": "Deployed", "report": [{"type": "Warning", "title": "t"}], "durations": {"deploying": 0.5}},
    )
    assert item.report == ({"type": "Warning", "title": "t"},)
    assert effective_durations(DURATIONS, item).deploying == 0.5
    assert effective_durations(DURATIONS, None) == DURATIONS
    assert scripted_outcome_from_json(PROCESSES["certification"], "Published").outcome == "InCertification"
    for bad in ["Deploying", 3, {"outcome": 1}, {"outcome": "Failed", "x": 1}, {"outcome": "Failed", "report": [{}]}]:
        with pytest.raises(ValueError):
            scripted_outcome_from_json(deploy, bad)
    with pytest.raises(ValueError):
        scripted_outcome_from_json(deploy, {"outcome": "Failed", "durations": {"nope": 1}})
