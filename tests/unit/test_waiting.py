"""The waiter, with a fake clock: a ten-minute lifecycle runs in microseconds."""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest

from connect_as_code.waiting import (
    GONE,
    MAX_POLL_SECONDS_ENV,
    Backoff,
    Expectation,
    PollSchedule,
    Progress,
    WaitFailed,
    WaitTimedOut,
    backoff_from_env,
    wait_until,
)


class FakeClock:
    def __init__(self) -> None:
        self.t = 0.0
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.t += seconds


def scripted(
    clock: FakeClock, timeline: list[tuple[float, str | None]]
) -> tuple[Callable[[], dict[str, str] | None], list[float]]:
    """A refresh function returning the status of ``timeline`` at the fake time ((since, status) pairs)."""
    calls: list[float] = []

    def refresh() -> dict[str, str] | None:
        calls.append(clock.t)
        status = None
        for since, value in timeline:
            if clock.t >= since:
                status = value
        return None if status is None else {"status": status}

    return refresh, calls


DEPLOY = Expectation(pending={"Queued", "Deploying"}, target={"Deployed"}, failure={"Failed"})


def status(obj: dict[str, str]) -> str:
    return obj["status"]


def test_reaches_target_and_returns_the_object() -> None:
    clock = FakeClock()
    refresh, calls = scripted(clock, [(0, "Queued"), (30, "Deploying"), (600, "Deployed")])
    result = wait_until(
        refresh,
        status,
        DEPLOY,
        timeout=1800,
        what="dep",
        clock=clock,
        rng=lambda: 0.0,
        backoff=Backoff(first=1, factor=2, cap=10, jitter=1.0),
        reset_on_change=False,
    )
    assert result == {"status": "Deployed"}
    assert 600 <= clock.t < 610  # found within one capped interval of the transition
    assert max(clock.sleeps) == 10
    assert len(calls) == len(clock.sleeps)


def test_initial_object_in_target_needs_no_poll() -> None:
    clock = FakeClock()
    refresh, calls = scripted(clock, [(0, "Deployed")])
    assert wait_until(refresh, status, DEPLOY, timeout=10, what="dep", clock=clock, initial={"status": "Deployed"}) == {
        "status": "Deployed"
    }
    assert calls == []
    assert clock.sleeps == []


def test_failure_status_fails_fast_with_last_object() -> None:
    clock = FakeClock()
    refresh, _ = scripted(clock, [(0, "Queued"), (5, "Failed")])
    with pytest.raises(WaitFailed) as caught:
        wait_until(
            refresh,
            status,
            DEPLOY,
            timeout=1800,
            what="Deployment d1: deployment",
            clock=clock,
            rng=lambda: 1.0,
        )
    assert str(caught.value) == "Deployment d1: deployment ended in status Failed"
    assert caught.value.current == {"status": "Failed"}
    assert clock.t < 20


def test_unexpected_status_fails_and_names_the_expected_ones() -> None:
    clock = FakeClock()
    refresh, _ = scripted(clock, [(0, "Undeploying")])
    with pytest.raises(WaitFailed) as caught:
        wait_until(refresh, status, DEPLOY, timeout=100, what="dep", clock=clock)
    assert str(caught.value) == (
        "dep reached unexpected status Undeploying (expected one of ['Deployed', 'Deploying', 'Queued'])"
    )


def test_deadline_names_the_last_status() -> None:
    clock = FakeClock()
    refresh, calls = scripted(clock, [(0, "Deploying")])
    with pytest.raises(WaitTimedOut) as caught:
        wait_until(refresh, status, DEPLOY, timeout=60, what="dep", clock=clock, rng=lambda: 1.0)
    assert str(caught.value) == "dep still Deploying after 60 s"
    assert clock.t == pytest.approx(60)
    assert calls[-1] == pytest.approx(60)  # one last look exactly at the deadline


def test_gone_is_a_target_after_delete() -> None:
    clock = FakeClock()
    refresh, _ = scripted(clock, [(0, "Undeploying"), (20, None)])
    expect = Expectation(pending={"Undeploying"}, target={GONE}, failure={"UndeployFailed"})
    assert wait_until(refresh, status, expect, timeout=100, what="undeploy", clock=clock) is None


def test_not_found_right_after_create_is_tolerated_a_few_times() -> None:
    clock = FakeClock()
    refresh, _ = scripted(clock, [(0, None), (3, "Queued"), (10, "Deployed")])
    expect = Expectation(pending={"Queued"}, target={"Deployed"}, not_found_grace=5)
    assert wait_until(
        refresh,
        status,
        expect,
        timeout=100,
        what="dep",
        clock=clock,
        rng=lambda: 0.0,
        backoff=Backoff(first=1, factor=1, cap=1, jitter=0),
    ) == {"status": "Deployed"}


def test_not_found_beyond_grace_is_unexpected() -> None:
    clock = FakeClock()
    refresh, _ = scripted(clock, [(0, None)])
    expect = Expectation(pending={"Queued"}, target={"Deployed"}, not_found_grace=2)
    with pytest.raises(WaitFailed, match="unexpected status <gone>"):
        wait_until(refresh, status, expect, timeout=100, what="dep", clock=clock)


def test_jitter_stays_within_its_share_of_the_ceiling() -> None:
    backoff = Backoff(first=2, factor=2, cap=16, jitter=0.5)
    assert [backoff.ceiling(i) for i in range(6)] == [2, 4, 8, 16, 16, 16]
    assert backoff.delay(3, rng=lambda: 0.0) == 16
    assert backoff.delay(3, rng=lambda: 1.0) == 8
    assert Backoff(first=2, factor=2, cap=16, jitter=1.0).delay(3, rng=lambda: 0.999) == pytest.approx(0.016)


def test_default_schedule_keeps_a_five_minute_wait_under_forty_looks() -> None:
    clock = FakeClock()
    refresh, calls = scripted(clock, [(0, "Queued"), (10, "Deploying"), (300, "Deployed")])
    wait_until(
        refresh, status, DEPLOY, timeout=1800, what="dep", clock=clock, rng=lambda: 0.5, initial={"status": "Queued"}
    )
    assert len(calls) <= 40
    assert clock.t - 300 <= Backoff().cap


def test_a_short_deployment_is_watched_closely() -> None:
    clock = FakeClock()
    refresh, _ = scripted(clock, [(0, "Queued"), (2, "Deploying"), (30, "Deployed")])
    wait_until(
        refresh, status, DEPLOY, timeout=1800, what="dep", clock=clock, rng=lambda: 0.0, initial={"status": "Queued"}
    )
    assert clock.t - 30 <= 5  # within the early cap of the ceiling


def test_the_early_cap_holds_only_during_the_early_window() -> None:
    backoff = Backoff(first=1, factor=2, cap=30, early_cap=5, early_window=45)
    assert backoff.ceiling(6, phase_elapsed=10) == 5
    assert backoff.ceiling(6, phase_elapsed=50) == 30
    assert backoff.ceiling(1, phase_elapsed=10) == 2


def test_a_new_status_restarts_the_schedule() -> None:
    clock = FakeClock()
    refresh, _ = scripted(clock, [(0, "Queued"), (100, "Deploying"), (1000, "Deployed")])
    wait_until(
        refresh,
        status,
        DEPLOY,
        timeout=1800,
        what="dep",
        clock=clock,
        rng=lambda: 0.0,
        initial={"status": "Queued"},
        backoff=Backoff(first=1, factor=2, cap=64, jitter=0),
    )
    after_change = [t for t in _cumulative(clock.sleeps) if t > 100][:3]
    assert [round(b - a) for a, b in itertools.pairwise(after_change)] == [1, 2]


def _cumulative(sleeps: list[float]) -> list[float]:
    total, out = 0.0, []
    for s in sleeps:
        total += s
        out.append(total)
    return out


def test_progress_is_reported_for_every_look() -> None:
    clock = FakeClock()
    refresh, _ = scripted(clock, [(0, "Queued"), (4, "Deploying"), (9, "Deployed")])
    seen: list[Progress[dict[str, str]]] = []
    wait_until(
        refresh,
        status,
        DEPLOY,
        timeout=100,
        what="dep",
        clock=clock,
        on_progress=seen.append,
        initial={"status": "Queued"},
        backoff=Backoff(first=1, factor=1, cap=1, jitter=0),
    )
    statuses = [p.status for p in seen]
    assert statuses[0] == "Queued" and statuses[-1] == "Deployed"
    assert "Deploying" in statuses
    assert seen[-1].elapsed == pytest.approx(9)


def test_the_schedule_starts_again_only_when_the_status_moves() -> None:
    schedule = PollSchedule(Backoff(first=1, factor=2, cap=64, jitter=0, early_cap=None), phase_started=0)
    schedule.observe("Queued", now=0)
    assert [schedule.next_delay(now=0) for _ in range(3)] == [1, 2, 4]
    schedule.observe("Queued", now=7)
    assert schedule.next_delay(now=7) == 8
    schedule.observe("Deploying", now=15)
    assert schedule.next_delay(now=15) == 1
    assert schedule.phase_started == 15


def test_the_poll_cap_from_the_environment_bounds_every_delay() -> None:
    backoff = backoff_from_env({MAX_POLL_SECONDS_ENV: "0.1"})
    assert [backoff.ceiling(n, phase_elapsed=p) for n, p in ((0, 0.0), (20, 0.0), (40, 600.0))] == [0.1] * 3


def test_a_poll_cap_above_the_defaults_leaves_the_early_window_alone() -> None:
    backoff = backoff_from_env({MAX_POLL_SECONDS_ENV: " 60 "})
    assert (backoff.first, backoff.early_cap, backoff.cap) == (1.0, 5.0, 60.0)
    assert backoff_from_env({}) == Backoff()


@pytest.mark.parametrize("raw", ["abc", "0", "-1", "nan"])
def test_a_poll_cap_that_is_not_positive_names_the_variable(raw: str) -> None:
    with pytest.raises(ValueError) as failure:
        backoff_from_env({MAX_POLL_SECONDS_ENV: raw})
    assert str(failure.value) == (
        f"CONNECT_AS_CODE_MAX_POLL_SECONDS={raw!r} is not a number of seconds above 0: unset it or set e.g. 30"
    )


class Unreachable(Exception):
    """What the client raises when the API does not answer (after its own retries)."""


def with_outage(
    clock: FakeClock, refresh: Callable[[], dict[str, str] | None], start: float, end: float
) -> Callable[[], dict[str, str] | None]:
    def during() -> dict[str, str] | None:
        if start <= clock.t < end:
            clock.t += 36.0  # the client's retries, spent inside the call
            raise Unreachable("Connection refused (gave up after 8 attempts in 36.0 s)")
        return refresh()

    return during


def test_a_wait_outlasts_an_outage_shorter_than_its_deadline_with_a_line_per_outage() -> None:
    clock = FakeClock()
    refresh, _ = scripted(clock, [(0, "Deploying"), (300, "Deployed")])
    lines: list[str] = []
    from connect_as_code.waiting import watch

    found = watch(
        with_outage(clock, refresh, 60, 160),
        lambda obj: obj["status"],
        Expectation(pending={"Deploying"}, target={"Deployed"}),
        timeout=1800,
        what="deployment",
        label="Deployment d",
        initial={"status": "Deploying"},
        clock=clock,
        write=lines.append,
        outage=lambda error: isinstance(error, Unreachable),
    )
    assert found == {"status": "Deployed"}
    down = [line for line in lines if "unreachable for" in line]
    assert down and down[0].startswith("Deployment d: Connect API unreachable for 36 s, still waiting (Connection")
    assert len(down) <= 5  # at most one line per 30 s of outage, not one per poll
    assert any(line.startswith("Deployment d: Connect API answers again after ") for line in lines)


def test_an_outage_past_the_deadline_times_out_saying_so_and_other_errors_end_the_wait() -> None:
    clock = FakeClock()
    refresh, _ = scripted(clock, [(0, "Deploying")])
    expect = Expectation(pending={"Deploying"}, target={"Deployed"})
    with pytest.raises(WaitTimedOut, match=r"still Deploying after 300 s \(the API unreachable for the last \d+ s\)"):
        wait_until(
            with_outage(clock, refresh, 10, 10_000),
            lambda obj: obj["status"],
            expect,
            timeout=300,
            what="deployment",
            clock=clock,
            outage=lambda error: isinstance(error, Unreachable),
        )
    with pytest.raises(Unreachable):
        wait_until(with_outage(clock, refresh, 0, 10_000), lambda obj: obj["status"], expect, timeout=300,
                   what="deployment", clock=clock)  # fmt: skip
