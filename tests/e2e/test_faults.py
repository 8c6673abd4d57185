"""Under injected faults the engine still converges: nothing missing, nothing duplicated, no changes after."""

from __future__ import annotations

from pulumi import automation as auto

from tests.e2e.conftest import PROGRAMS, Emulator, ProgramFactory

FAULT_MIX = {"500": 1, "502": 1, "503": 1, "429": 1, "latency": 1, "drop": 1, "expired_token": 1}


def converge_under_faults(
    programs: ProgramFactory, emulator: Emulator, *, seed: int, rate: float, connectors: int
) -> dict[str, int]:
    """Run the fleet program under faults; return how many ``up`` runs it took and the faults injected."""
    program = programs(source=PROGRAMS / "fleet", extra_config={"connectors": auto.ConfigValue(str(connectors))})
    emulator.admin(
        "PUT",
        "/_emulator/faults",
        {"rate": rate, "mix": FAULT_MIX, "seed": seed, "latencySeconds": 0.2, "retryAfterSeconds": 1},
    )
    runs = 1
    try:
        program.run("up")
    except auto.errors.CommandError:
        runs = 2
        program.run("up")
    faults = emulator.stats()["faults"]
    assert program.run("preview").change_summary == {"same": 2 * connectors + 1}
    emulator.admin("PUT", "/_emulator/durations", {"profile": "fast", "previewable": 2, "queued": 1, "deploying": 2})
    emulator.admin("PUT", "/_emulator/faults", {"rate": 0})
    assert emulator.stats()["objects"] == {
        "ConnectorStaged": {"Draft": connectors},
        "Deployment": {"Deployed": connectors},
    }
    with emulator.client() as client:
        staged = client.list_connectors_staged(limit=500).results
        deployments = client.list_deployments(limit=500).results
    assert sorted(s.key or "" for s in staged) == sorted(f"fleet-connector-{c}" for c in range(connectors))
    assert sorted(d.key or "" for d in deployments) == sorted(f"fleet-deployment-{c}-0" for c in range(connectors))
    return {"runs": runs, "faults": faults["total"], "kinds": len(faults["byKind"])}


def test_up_of_twelve_resources_converges_on_the_first_run_with_a_fifth_of_requests_faulted(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    result = converge_under_faults(programs, emulator, seed=2026, rate=0.2, connectors=6)
    assert result["faults"] >= 5 and result["kinds"] >= 3
    assert result["runs"] == 1, "pulumi up needed a second run"
