"""One provider process waits on every deployment of a run at once (its thread pool, widened)."""

from __future__ import annotations

import os

from pulumi import automation as auto

from tests.e2e.conftest import PROGRAMS, Emulator, ProgramFactory
from tools.processes import ProviderProcesses

N = 8
"""Deployments in one `pulumi up`: twice the 4 calls the dynamic-provider host serves at once unwidened."""


def test_more_than_four_deployments_are_waited_on_at_once_in_one_provider_process(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    emulator.staged_connector()
    emulator.set_durations("fast", queued=1, deploying=5)
    program = programs(source=PROGRAMS / "deployments", extra_config={"count": auto.ConfigValue(str(N))})

    with ProviderProcesses(ancestor=os.getpid()) as processes:
        program.run("up", parallel=2 * N)  # the engine's default (4 per core) may be below N

    statuses = [event for event in emulator.events(resource="Deployment") if event["field"] == "status"]
    created = {event["key"]: event["at"] for event in statuses if event["from"] is None}
    deployed = {event["key"]: event["at"] for event in statuses if event["to"] == "Deployed"}
    assert sorted(created) == sorted(deployed) == sorted(f"deployment-{i}" for i in range(N))
    # A create returns only once its deployment is Deployed. Every deployment was created before the first
    # one was Deployed, so all N creates were running, each waiting, at the same time: with 4 threads the
    # fifth could only start after a first deployment had been Deployed and its create had returned.
    assert max(created.values()) < min(deployed.values()), "some creates started only after others had returned"

    # ... in one provider process: the default provider, no other, and one host process below this one.
    state = program.stack.export_stack().deployment
    assert state is not None
    resources = state["resources"]
    providers = [r["urn"].rsplit("::", 1)[1] for r in resources if r["type"].startswith("pulumi:providers:")]
    assert providers == ["default"]
    assert processes.count == 1
    assert not [line for line in program.lines if "could not be widened" in line]


def test_a_stack_made_with_provider_processes_moves_to_one_process_without_touching_connect(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    emulator.staged_connector()
    program = programs(
        source=PROGRAMS / "provider_processes",
        extra_config={"count": auto.ConfigValue(str(N)), "dealt": auto.ConfigValue("true")},
    )
    assert program.run("up", parallel=2 * N).summary.resource_changes == {"create": N + 2}  # with connect-1
    mutating = emulator.stats()["mutatingRequests"]

    program.stack.set_config("dealt", auto.ConfigValue("false"))  # the program as this version declares it
    assert program.run("preview").change_summary == {"delete": 1, "same": N + 1}  # the provider only
    assert program.run("up").summary.resource_changes == {"delete": 1, "same": N + 1}
    assert program.run("preview").change_summary == {"same": N + 1}
    assert emulator.stats()["mutatingRequests"] == mutating
