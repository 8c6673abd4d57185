"""Redeploy every deployment of a stack as it is, in one `pulumi up`, by changing one stack config value."""

from __future__ import annotations

from typing import Any

from pulumi import automation as auto

from tests.e2e.conftest import PROGRAMS, Emulator, ProgramFactory

N = 6


def deployments(emulator: Emulator) -> dict[str, Any]:
    return {f"deployment-{i}": emulator.deployment(f"deployment-{i}") for i in range(N)}


def test_one_config_value_redeploys_every_deployment_as_it_is(programs: ProgramFactory, emulator: Emulator) -> None:
    emulator.staged_connector()
    program = programs(source=PROGRAMS / "deployments", extra_config={"count": auto.ConfigValue(str(N))})
    program.run("up", parallel=2 * N)
    before = deployments(emulator)

    program.stack.set_config("redeployTrigger", auto.ConfigValue("2026-10-23"))
    preview = program.run("preview")
    assert preview.change_summary == {"same": 1, "update": N}
    for key in before:  # the reviewer sees why: the input changed, nothing else
        assert f" {key} update [diff: +redeploy_trigger]" in preview.stdout

    mutating = emulator.stats()["mutatingRequests"]
    assert program.run("up", parallel=2 * N).summary.resource_changes == {"same": 1, "update": N}
    after = deployments(emulator)
    assert emulator.stats()["mutatingRequests"] - mutating == N  # one redeploy each, nothing else
    for key, deployment in after.items():
        assert deployment["version"] == before[key]["version"] + 1
        assert deployment["status"] == "Deployed"
        assert deployment["applications"] == before[key]["applications"]  # configuration as it was
        assert deployment["connector"] == before[key]["connector"]  # and the same connector version
    assert program.run("preview").change_summary == {"same": 1 + N}
