"""Under injected faults the engine still converges: nothing missing, nothing duplicated, no changes after."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from pulumi import automation as auto

from tests.e2e.conftest import PROGRAMS, Emulator, ProgramFactory

FAULT_MIX = {"500": 1, "502": 1, "503": 1, "429": 1, "latency": 1, "drop": 1, "expired_token": 1}
APP_SECRET = "fleet-app-secret-31f5"


def converge_under_faults(
    programs: ProgramFactory, emulator: Emulator, *, seed: int, rate: float, connectors: int
) -> dict[str, Any]:
    """Run the fleet program under faults until it converges (three runs at most); measure what happened."""
    program = programs(
        source=PROGRAMS / "fleet",
        extra_config={
            "connectors": auto.ConfigValue(str(connectors)),
            "appSecret": auto.ConfigValue(APP_SECRET, secret=True),
        },
    )
    emulator.admin("PUT", "/durations", {"profile": "fast", "previewable": 2, "queued": 1, "deploying": 2})
    emulator.admin(
        "PUT",
        "/faults",
        {"rate": rate, "mix": FAULT_MIX, "seed": seed, "latencySeconds": 0.2, "retryAfterSeconds": 1},
    )
    runs = 0
    errors: list[str] = []
    while True:  # converge: count the runs it takes (at most three)
        runs += 1
        try:
            program.run("up")
            break
        except auto.errors.CommandError as error:
            errors.append(str(error))
            if runs == 3:
                raise
    no_changes = program.run("preview").change_summary == {"same": 2 * connectors + 1}
    faults = emulator.stats()["faults"]
    emulator.admin("PUT", "/faults", {"rate": 0})
    with emulator.client() as client:
        staged = Counter(s.key for s in client.list_connectors_staged(limit=500).results)
        deployments = Counter(d.key for d in client.list_deployments(limit=500).results)
        statuses = Counter(d.status for d in client.list_deployments(limit=500).results)
    wanted_staged = {f"fleet-connector-{c}" for c in range(connectors)}
    wanted_deployments = {f"fleet-deployment-{c}-0" for c in range(connectors)}
    texts = [
        program.cli("stack", "export"),
        "\n".join(program.lines),
        *errors,
        json.dumps(emulator.admin("GET", "/requests", limit=10000)),
    ]
    return {
        "seed": seed,
        "rate": rate,
        "runs": runs,
        "faults": faults["total"],
        "faultKinds": faults["byKind"],
        "duplicates": sum(n - 1 for n in [*staged.values(), *deployments.values()] if n > 1),
        "missing": len(wanted_staged - set(staged)) + len(wanted_deployments - set(deployments)),
        "unexpected": len(set(staged) - wanted_staged) + len(set(deployments) - wanted_deployments),
        "notDeployed": sum(n for status, n in statuses.items() if status != "Deployed"),
        "noChangesAfter": no_changes,
        "secretsFound": sum(APP_SECRET in text or "connect-emulator-secret" in text for text in texts),
    }


def test_up_of_twelve_resources_converges_on_the_first_run_with_a_fifth_of_requests_faulted(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    result = converge_under_faults(programs, emulator, seed=2026, rate=0.2, connectors=6)
    assert result["faults"] >= 5 and len(result["faultKinds"]) >= 3, result
    assert result["runs"] == 1, "pulumi up needed a second run"
    assert (result["duplicates"], result["missing"], result["unexpected"], result["notDeployed"]) == (0, 0, 0, 0)
    assert result["noChangesAfter"]
    assert result["secretsFound"] == 0
