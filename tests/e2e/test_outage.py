"""A wait outlasts an outage of the Connect API, under the real engine.

The API answers 503 to everything for a few seconds while `pulumi up` waits for a build (the client's
own retries cut short with ``CONNECT_AS_CODE_RETRY_ATTEMPTS`` so that the outage reaches the waiter);
the wait goes on to ``Deployed`` without a second build, and says that the API was unreachable. The
emulator's request log proves that the outage fell inside the wait.
"""

from __future__ import annotations

import threading
import time

from pulumi import automation as auto

from tests.e2e.conftest import PROGRAMS, Emulator, ProgramFactory

KEY = "patient"
OUTAGE = 6.0


def test_an_outage_during_a_wait_ends_deployed_without_a_second_build(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    outage_during_a_wait(programs, emulator, outage=OUTAGE, build=14)


def outage_during_a_wait(programs: ProgramFactory, emulator: Emulator, *, outage: float, build: float) -> None:
    """An ``outage``-second 503 outage starting when the build does (``build`` seconds long), asserted."""
    emulator.staged_connector("abc-first-connector")
    emulator.script("deploy", KEY, [{"outcome": "Deployed", "durations": {"deploying": build}}])
    target = programs(
        source=PROGRAMS / "single_deployment",
        extra_config={
            "deploymentKey": auto.ConfigValue(KEY),
            "connectorKey": auto.ConfigValue("abc-first-connector"),
            "staged": auto.ConfigValue("true"),
        },
        env={"CONNECT_AS_CODE_RETRY_ATTEMPTS": "2"},
    )
    window: list[float] = []

    def api_down() -> None:
        for _ in range(600):
            if emulator.stats()["objects"].get("Deployment", {}).get("Deploying"):
                break
            time.sleep(0.05)
        window.append(time.time())
        emulator.set_faults(rate=1.0, mix={"503": 1})
        time.sleep(outage)
        emulator.set_faults(rate=0.0)
        window.append(time.time())

    during = threading.Thread(target=api_down)
    during.start()
    target.run("up")
    during.join()

    deployment = emulator.deployment(KEY)
    assert deployment is not None and (deployment["status"], deployment["version"]) == ("Deployed", 1)
    builds = [e for e in emulator.events(resource="Deployment", key=KEY) if e["to"] == "Deploying"]
    assert len(builds) == 1, builds  # one build: nothing was created or redeployed again
    requests = emulator.requests(limit=10000)
    refused = [r for r in requests if r["status"] == 503 and "/deployments/" in r["route"] and r["method"] == "GET"]
    assert refused and all(window[0] <= r["at"] <= window[1] for r in refused)
    deployed_at = max(e["at"] for e in emulator.events(resource="Deployment", key=KEY) if e["to"] == "Deployed")
    assert window[1] < deployed_at  # the outage ended before the build did: it fell inside the wait
    text = "\n".join(target.lines)
    assert f"Deployment {KEY}: Connect API unreachable for " in text and "still waiting" in text
    assert f"Deployment {KEY}: Connect API answers again after " in text
