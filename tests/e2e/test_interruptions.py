"""Interrupted runs (Ctrl-C, or the engine killed) recover as docs/troubleshooting.md says: nothing lost or doubled."""

from __future__ import annotations

import random

import pytest
from pulumi import automation as auto

from connect_as_code.waiting import MAX_POLL_SECONDS_ENV
from tests.e2e.conftest import PROGRAMS, Emulator, Program, ProgramFactory
from tests.e2e.interruptions import (
    Objects,
    assert_landed_mid_operation,
    deployments_in,
    interrupt,
    pending_creates,
    recover,
    state_ids,
)

CONNECTORS = 3
BUILDING = ("Queued", "Deploying")
DURATIONS = {"profile": "fast", "previewable": 1, "queued": 0.5, "deploying": 2, "undeploying": 1}


def fleet(programs: ProgramFactory, emulator: Emulator, env: dict[str, str] | None = None) -> Program:
    emulator.admin("PUT", "/durations", DURATIONS)
    return programs(source=PROGRAMS / "fleet", extra_config={"connectors": auto.ConfigValue(str(CONNECTORS))}, env=env)


def assert_state_matches_emulator(program: Program, emulator: Emulator, *, tag: str = "0.0.0") -> None:
    with emulator.client() as client:
        staged = {s.key or "": s for s in client.list_connectors_staged(limit=500).results}
        deployments = {d.key or "": d for d in client.list_deployments(limit=500).results}
    assert sorted(staged) == [f"fleet-connector-{c}" for c in range(CONNECTORS)]
    assert sorted(deployments) == [f"fleet-deployment-{c}-0" for c in range(CONNECTORS)]
    assert {s.repository.tag for s in staged.values()} == {tag}
    assert {d.status for d in deployments.values()} == {"Deployed"}
    ids = state_ids(program)
    for c in range(CONNECTORS):
        assert ids[f"ConnectorStaged:connector-{c}"] == staged[f"fleet-connector-{c}"].id
        assert ids[f"Deployment:deployment-{c}-0"] == deployments[f"fleet-deployment-{c}-0"].id
        assert deployments[f"fleet-deployment-{c}-0"].connector.version == staged[f"fleet-connector-{c}"].version
    assert program.run("preview").change_summary == {"same": 2 * CONNECTORS + 1}


def run_trial(programs: ProgramFactory, emulator: Emulator, phase: str, how: str, delay: float) -> None:
    """One interruption of ``phase`` (create, update or delete) while a deployment operation runs,
    the proof that it landed there, then recovery and the invariants."""
    program = fleet(programs, emulator)
    if phase == "create":
        stopped = interrupt(program, emulator, "up", how, when=deployments_in(*BUILDING), delay=delay)
        assert_landed_mid_operation(emulator, stopped, write="POST", under_way=BUILDING, ends_in="Deployed")
        recover(program, "up")
        assert_state_matches_emulator(program, emulator)
    elif phase == "update":
        program.run("up")
        program.stack.set_config("tag", auto.ConfigValue("0.0.1"))
        stopped = interrupt(program, emulator, "up", how, when=deployments_in(*BUILDING), delay=delay)
        assert_landed_mid_operation(emulator, stopped, write="POST", under_way=BUILDING, ends_in="Deployed")
        recover(program, "up")
        assert_state_matches_emulator(program, emulator, tag="0.0.1")
    else:
        program.run("up")
        stopped = interrupt(program, emulator, "destroy", how, when=deployments_in("Undeploying"), delay=delay)
        assert_landed_mid_operation(emulator, stopped, write="DELETE", under_way=("Undeploying",), ends_in="Removed")
        recover(program, "destroy")
        assert all(not by_status for by_status in emulator.stats()["objects"].values())
        assert state_ids(program) == {}


TRIALS = [
    ("create", "sigkill"),
    ("create", "sigint"),
    ("update", "sigkill"),
    ("delete", "sigkill"),
]


@pytest.mark.parametrize(("phase", "how"), TRIALS)
def test_interrupted_run_recovers(programs: ProgramFactory, emulator: Emulator, phase: str, how: str) -> None:
    delay = random.Random(f"{phase}-{how}").uniform(0.0, 0.5)  # seeded: the same moment on every run
    run_trial(programs, emulator, phase, how, delay)


def builds_per_deployment(emulator: Emulator) -> dict[str, int]:
    """How many builds each deployment went through (its transitions to ``Deploying``)."""
    counts: dict[str, int] = {}
    for event in emulator.events(resource="Deployment"):
        if event["to"] == "Deploying":
            counts[event["key"]] = counts.get(event["key"], 0) + 1
    return counts


def all_deployed(objects: Objects) -> bool:
    return objects.get("Deployment", {}).get("Deployed", 0) == CONNECTORS


def test_a_kill_after_the_builds_finished_recovers_with_zero_extra_builds(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    # Polls 2 s apart: the kill lands after the builds finished and before the providers notice, not
    # while the engine writes the checkpoint of their return (which a kill can leave truncated).
    program = fleet(programs, emulator, env={MAX_POLL_SECONDS_ENV: "2"})
    stopped = interrupt(program, emulator, "up", "sigkill", when=all_deployed, delay=0.0)
    assert stopped.exit_code != 0
    assert pending_creates(program), "every create was recorded before the kill: nothing to recover"
    before = builds_per_deployment(emulator)
    assert before == {f"fleet-deployment-{c}-0": 1 for c in range(CONNECTORS)}
    recover(program, "up")
    assert builds_per_deployment(emulator) == before  # taken over as they are: no second build
    assert_state_matches_emulator(program, emulator)
