"""The one waiter: poll an object until its asynchronous status settles.

Connect answers a create, a publish or a redeploy at once and then moves a status field on its own
(``Queued -> Deploying -> Deployed``). :func:`wait_until` polls a refresh function with exponential
backoff and equal jitter until the status reaches a target, fails fast on a failure status or on any
status it was not told about, and gives up at a deadline. Time is injected (:class:`Clock`), so tests
run a ten-minute lifecycle in microseconds. :func:`watch` is what the providers call: the same wait,
with a progress line per status change.

Retrying a failed HTTP call is the client's business; this module only decides when to look again,
and keeps looking through an outage the client gave up on, until the wait's own deadline.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from connect_as_code.vocabulary import GONE

T = TypeVar("T")

__all__ = [
    "GONE",
    "Backoff",
    "Clock",
    "Expectation",
    "OutageReporter",
    "PollSchedule",
    "Progress",
    "ProgressReporter",
    "SystemClock",
    "WaitError",
    "WaitFailed",
    "WaitTimedOut",
    "classify",
    "wait_until",
    "watch",
]


class Clock(Protocol):
    """Where the waiter reads the time and how it sleeps."""

    def now(self) -> float:
        """Seconds on a monotonic scale."""

    def sleep(self, seconds: float) -> None:
        """Block for ``seconds``."""


class SystemClock:
    """The real clock."""

    def now(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


@dataclass(frozen=True)
class Backoff:
    """Poll schedule: ``first`` seconds, then exponential growth by ``factor`` up to ``cap``, jittered.

    The ceiling of the delay before poll ``n`` is ``min(cap, first * factor**n)``, and at most
    ``early_cap`` while the current phase is younger than ``early_window`` seconds; the delay is drawn
    uniformly from ``[ceiling * (1 - jitter), ceiling]`` (``jitter=1`` is full jitter).

    The defaults are the providers' choice between noticing a finished deployment soon and calling the
    API little (``make bench``; docs/performance.md): a short deployment is watched closely (a 30 s one
    is noticed about 2 s after it ends), a long one sparsely (a 300 s one costs about 32 GETs). Equal
    jitter (0.5) notices sooner than full jitter for the same number of GETs (the expected wait past a
    change is 0.39 of the ceiling instead of 0.67 of the mean delay), and still spreads the polls of
    many resources apart.
    """

    first: float = 1.0
    factor: float = 1.2
    cap: float = 30.0
    jitter: float = 0.5
    early_cap: float | None = 5.0
    early_window: float = 45.0

    def ceiling(self, attempt: int, phase_elapsed: float = float("inf")) -> float:
        """Upper bound of the delay before poll number ``attempt`` (0-based) of a phase this old."""
        top = min(self.cap, self.first * self.factor**attempt)
        if self.early_cap is not None and phase_elapsed < self.early_window:
            top = min(top, self.early_cap)
        return top

    def delay(
        self, attempt: int, rng: Callable[[], float] = random.random, phase_elapsed: float = float("inf")
    ) -> float:
        """The delay before poll number ``attempt``, jittered in ``[ceiling * (1 - jitter), ceiling]``."""
        return self.ceiling(attempt, phase_elapsed) * (1 - self.jitter * rng())


MAX_POLL_SECONDS_ENV = "CONNECT_AS_CODE_MAX_POLL_SECONDS"
"""Environment variable that caps the seconds between two polls of a wait (default: :class:`Backoff`'s)."""


def backoff_from_env(environ: Mapping[str, str]) -> Backoff:
    """The poll schedule of this process: :class:`Backoff`, its delays capped by ``MAX_POLL_SECONDS_ENV``.

    A smaller cap notices a settled status sooner for more GETs (tests set 0.1 against the emulator's
    sub-second lifecycles); a larger one polls a slow, long deployment less. Not a number > 0 is refused
    with the variable's name.
    """
    raw = environ.get(MAX_POLL_SECONDS_ENV, "").strip()
    if not raw:
        return Backoff()
    try:
        cap = float(raw)
    except ValueError:
        cap = float("nan")
    if not cap > 0:
        raise ValueError(f"{MAX_POLL_SECONDS_ENV}={raw!r} is not a number of seconds above 0: unset it or set e.g. 30")
    default = Backoff()
    return Backoff(first=min(default.first, cap), cap=cap, early_cap=min(default.early_cap or cap, cap))


@dataclass
class PollSchedule:
    """The delays between polls: ``backoff``'s, started again (early window included) at each new status.

    :func:`wait_until` and ``make bench``'s virtual-time simulation both use it, so the benchmark
    measures exactly the providers' schedule.
    """

    backoff: Backoff
    phase_started: float
    reset_on_change: bool = True
    attempt: int = 0
    status: str | None = None

    def observe(self, status: str, now: float) -> None:
        """Record a polled status; a status other than the last one begins a new phase."""
        if self.reset_on_change and self.status is not None and status != self.status:
            self.attempt, self.phase_started = 0, now
        self.status = status

    def next_delay(self, now: float, rng: Callable[[], float] = random.random) -> float:
        """The delay before the next poll."""
        delay = self.backoff.delay(self.attempt, rng, phase_elapsed=now - self.phase_started)
        self.attempt += 1
        return delay


@dataclass(frozen=True)
class Progress(Generic[T]):
    """What the waiter saw at one poll (handed to the progress callback)."""

    status: str
    elapsed: float
    polls: int
    current: T | None


class WaitError(Exception):
    """Base of the waiter's errors; carries the last status and object seen."""

    def __init__(self, message: str, *, status: str, current: object | None) -> None:
        super().__init__(message)
        self.status = status
        self.current = current


class WaitFailed(WaitError):
    """The object reached a failure status, or a status outside the expected ones."""


class WaitTimedOut(WaitError):
    """The deadline passed while the object was still in a pending status."""


@dataclass(frozen=True)
class Expectation:
    """The statuses that mean "keep waiting", "done" and "failed".

    ``GONE`` may appear in any of the sets: after a delete it is the target, right after a create it
    can be tolerated as pending (``not_found_grace`` polls) because reads may lag the write.
    """

    pending: Collection[str]
    target: Collection[str]
    failure: Collection[str] = ()
    not_found_grace: int = 0


@dataclass
class _Tracker:
    not_found_seen: int = 0
    polls: int = 0
    history: list[str] = field(default_factory=list)


def classify(status: str, expect: Expectation, tracker: _Tracker) -> str:
    """Decide what a status means: ``"done"``, ``"failed"``, ``"unexpected"`` or ``"pending"``."""
    if status in expect.target:
        return "done"
    if status in expect.failure:
        return "failed"
    if status == GONE and status not in expect.pending:
        tracker.not_found_seen += 1
        return "pending" if tracker.not_found_seen <= expect.not_found_grace else "unexpected"
    if status in expect.pending:
        return "pending"
    return "unexpected"


def wait_until(
    refresh: Callable[[], T | None],
    status_of: Callable[[T], str],
    expect: Expectation,
    *,
    timeout: float,
    what: str,
    backoff: Backoff | None = None,
    clock: Clock | None = None,
    rng: Callable[[], float] = random.random,
    on_progress: Callable[[Progress[T]], None] | None = None,
    initial: T | None = None,
    reset_on_change: bool = True,
    outage: Callable[[BaseException], bool] | None = None,
    on_outage: Callable[[float, BaseException | None], None] | None = None,
) -> T | None:
    """Poll ``refresh`` until ``status_of`` its result is a target status, and return that result.

    ``refresh`` returns the current object, or ``None`` when it does not exist (status :data:`GONE`).
    ``initial``, when given, is classified before the first sleep (an object just returned by a write
    needs no extra GET). With ``reset_on_change`` the schedule starts again from ``backoff.first``
    whenever the status moves (``Queued -> Deploying``): a new phase has begun, and ``backoff``'s early
    window counts from there. Raises
    :class:`WaitFailed` on a failure or unexpected status and :class:`WaitTimedOut` when ``timeout``
    seconds pass first; both name ``what`` and the last status.

    An error of ``refresh`` for which ``outage`` is true (the API unreachable, after the client's own
    retries) does not end the wait: polling goes on with the same schedule until the deadline, and
    ``on_outage(seconds_down, error)`` is told at each failed poll and once more (``error`` None) when a
    poll answers again. The deadline is the caller's patience; an outage shorter than it costs nothing.
    """
    clock = clock or SystemClock()
    backoff = backoff or Backoff()
    started = clock.now()
    tracker = _Tracker()
    current = initial
    have_current = initial is not None
    schedule = PollSchedule(backoff, phase_started=started, reset_on_change=reset_on_change)
    down_since: float | None = None  # when the polls began to fail with an outage (None: they answer)
    while True:
        if have_current:
            status = GONE if current is None else status_of(current)
            schedule.observe(status, clock.now())
            tracker.history.append(status)
            verdict = classify(status, expect, tracker)
            elapsed = clock.now() - started
            if on_progress is not None:
                on_progress(Progress(status, elapsed, tracker.polls, current))
            if verdict == "done":
                return current
            if verdict == "failed":
                raise WaitFailed(f"{what} ended in status {status}", status=status, current=current)
            if verdict == "unexpected":
                raise WaitFailed(
                    f"{what} reached unexpected status {status} (expected one of "
                    f"{sorted([*expect.pending, *expect.target])})",
                    status=status,
                    current=current,
                )
        delay = schedule.next_delay(clock.now(), rng)
        remaining = timeout - (clock.now() - started)
        if remaining <= 0:
            last = tracker.history[-1] if tracker.history else "unknown"
            down = "" if down_since is None else f" (the API unreachable for the last {clock.now() - down_since:.0f} s)"
            raise WaitTimedOut(f"{what} still {last} after {timeout:g} s{down}", status=last, current=current)
        clock.sleep(min(delay, remaining))
        poll_started = clock.now()
        tracker.polls += 1
        try:
            current = refresh()
        except Exception as error:
            if outage is None or not outage(error):
                raise
            down_since = poll_started if down_since is None else down_since
            if on_outage is not None:
                on_outage(clock.now() - down_since, error)
            have_current = False
            continue
        if down_since is not None and on_outage is not None:
            on_outage(clock.now() - down_since, None)
        down_since = None
        have_current = True


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


@dataclass
class ProgressReporter:
    """Prints one line per status change, and at most one line per ``interval`` while nothing changes.

    Provider output reaches the Pulumi CLI as diagnostics without a resource name, so each line starts
    with ``label`` (the resource kind and key).
    """

    label: str
    interval: float = 30.0
    write: Callable[[str], None] = _stderr
    clock: Callable[[], float] = time.monotonic
    _last_status: str | None = None
    _last_line_at: float = float("-inf")

    def __call__(self, status: str, elapsed: float) -> None:
        """Report ``status`` seen after ``elapsed`` seconds, unless it would be noise."""
        now = self.clock()
        if status == self._last_status and now - self._last_line_at < self.interval:
            return
        self._last_status = status
        self._last_line_at = now
        self.write(f"{self.label}: {status} ({elapsed:.0f} s)")


@dataclass
class OutageReporter:
    """Says when the API stops answering during a wait, at most every ``interval`` while it stays
    down, and when it answers again: ``label: Connect API unreachable for 40 s, still waiting (...)``."""

    label: str
    interval: float = 30.0
    write: Callable[[str], None] = _stderr
    clock: Callable[[], float] = time.monotonic
    _last_line_at: float | None = None

    def __call__(self, down: float, error: BaseException | None) -> None:
        """The API has been down for ``down`` seconds (``error``: the last failure, None once it answers)."""
        now = self.clock()
        if error is None:
            self.write(f"{self.label}: Connect API answers again after {down:.0f} s unreachable; waiting on")
            self._last_line_at = None
            return
        if self._last_line_at is not None and now - self._last_line_at < self.interval:
            return
        self._last_line_at = now
        self.write(f"{self.label}: Connect API unreachable for {down:.0f} s, still waiting ({error})")


def watch(
    refresh: Callable[[], T | None],
    status_of: Callable[[T], str],
    expect: Expectation,
    *,
    timeout: float,
    what: str,
    label: str,
    initial: T,
    clock: Clock | None = None,
    write: Callable[[str], None] = _stderr,
    field_name: str = "",
    backoff: Backoff | None = None,
    outage: Callable[[BaseException], bool] | None = None,
) -> T | None:
    """:func:`wait_until` from ``initial``, printing progress lines as ``label: [field_name ]status (elapsed)``.

    Returns the object in a target status, or ``None`` when :data:`GONE` is the target and it is gone.
    Polls that fail with an ``outage`` error are retried until the deadline, with a line per outage
    (:class:`OutageReporter`).
    """
    clock = clock or SystemClock()
    progress = ProgressReporter(label, write=write, clock=clock.now)
    outages = OutageReporter(label, write=write, clock=clock.now)
    prefix = f"{field_name} " if field_name else ""
    return wait_until(
        refresh,
        status_of,
        expect,
        timeout=timeout,
        what=what,
        backoff=backoff,
        clock=clock,
        initial=initial,
        on_progress=lambda seen: progress(prefix + seen.status, seen.elapsed),
        outage=outage,
        on_outage=outages,
    )
