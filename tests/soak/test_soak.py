"""``make soak``: many seeds, higher fault rates, and random interruptions; a summary of what happened.

Deselected from ``make test`` (marker ``soak``). Writes ``.soak/summary.json`` and prints it. It fails
only on what must never happen: a duplicate, a missing or stray object, a secret found, a run that does
not converge after the recovery, a build more after a kill that came once the builds had finished;
runs that needed a second ``pulumi up`` are counted, not failed, and so are the builds of each deployment
(``mostBuildsPerDeployment``).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import Emulator, ProgramFactory
from tests.e2e.test_faults import converge_under_faults
from tests.e2e.test_interruptions import (
    builds_per_deployment,
    run_trial,
    test_a_kill_after_the_builds_finished_recovers_with_zero_extra_builds,
)
from tests.e2e.test_outage import outage_during_a_wait
from tools.stack import ROOT

pytestmark = pytest.mark.soak

FAULT_RUNS = (
    [(seed, 0.2) for seed in range(100, 106)]
    + [(seed, 0.3) for seed in range(200, 204)]
    + [(seed, 0.4) for seed in range(300, 304)]
)
INTERRUPTIONS = [  # delays inside an operation of DURATIONS (undeploying 1 s, a build 2.5 s)
    (phase, how, round(random.Random(trial).uniform(0.0, 0.8), 2))
    for trial, (phase, how) in enumerate(
        [(p, h) for p in ("create", "update", "delete") for h in ("sigkill", "sigint")] * 2
    )
]
KILLS_AFTER_BUILDS = 3
RESULTS: dict[str, list[dict[str, Any]]] = {"faults": [], "interruptions": [], "killsAfterBuilds": []}


def most_builds(entries: list[dict[str, Any]]) -> int:
    """The most builds any one deployment went through in these runs."""
    return max((count for entry in entries for count in entry.get("builds", {}).values()), default=0)


@pytest.fixture(scope="module", autouse=True)
def summary() -> Iterator[None]:
    yield
    faults = RESULTS["faults"]
    report = {
        "faultRuns": len(faults),
        "faultsInjected": sum(r["faults"] for r in faults),
        "runsNeedingSecondUp": sum(r["runs"] > 1 for r in faults),
        "runsNeedingThirdUp": sum(r["runs"] > 2 for r in faults),
        "duplicatesFound": sum(r["duplicates"] for r in faults),
        "secretsFound": sum(r["secretsFound"] for r in faults),
        "interruptionTrials": len(RESULTS["interruptions"]),
        "interruptionsRecovered": sum(r["recovered"] for r in RESULTS["interruptions"]),
        "mostBuildsPerDeployment": {
            "faults": most_builds(faults),
            **{
                phase: most_builds([r for r in RESULTS["interruptions"] if r["phase"] == phase])
                for phase in ("create", "update", "delete")
            },
            "killAfterBuilds": most_builds(RESULTS["killsAfterBuilds"]),
        },
        "byRate": {
            str(rate): {
                "runs": sum(r["rate"] == rate for r in faults),
                "needingSecondUp": sum(r["rate"] == rate and r["runs"] > 1 for r in faults),
            }
            for rate in sorted({r["rate"] for r in faults})
        },
        "details": RESULTS,
    }
    folder = ROOT / ".soak"
    folder.mkdir(exist_ok=True)
    Path(folder / "summary.json").write_text(json.dumps(report, indent=2))
    print("\nsoak summary:", json.dumps({k: v for k, v in report.items() if k != "details"}))


@pytest.mark.parametrize(("seed", "rate"), FAULT_RUNS)
def test_faults(programs: ProgramFactory, emulator: Emulator, seed: int, rate: float) -> None:
    result = converge_under_faults(programs, emulator, seed=seed, rate=rate, connectors=6)
    result["builds"] = builds_per_deployment(emulator)
    RESULTS["faults"].append(result)
    assert (result["duplicates"], result["missing"], result["unexpected"], result["secretsFound"]) == (0, 0, 0, 0)
    assert result["notDeployed"] == 0 and result["noChangesAfter"]


@pytest.mark.parametrize(("phase", "how", "delay"), INTERRUPTIONS)
def test_interruption(programs: ProgramFactory, emulator: Emulator, phase: str, how: str, delay: float) -> None:
    entry = {"phase": phase, "how": how, "delay": delay, "recovered": False}
    RESULTS["interruptions"].append(entry)
    run_trial(programs, emulator, phase, how, delay)
    entry["recovered"] = True
    entry["builds"] = builds_per_deployment(emulator)


@pytest.mark.parametrize("trial", range(KILLS_AFTER_BUILDS))
def test_kill_after_builds(programs: ProgramFactory, emulator: Emulator, trial: int) -> None:
    entry: dict[str, Any] = {"trial": trial, "recovered": False}
    RESULTS["killsAfterBuilds"].append(entry)
    test_a_kill_after_the_builds_finished_recovers_with_zero_extra_builds(programs, emulator)
    entry["recovered"] = True
    entry["builds"] = builds_per_deployment(emulator)


def test_a_minute_long_outage_during_a_wait_ends_deployed_without_a_second_build(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    outage_during_a_wait(programs, emulator, outage=60.0, build=75.0)
