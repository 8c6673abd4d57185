"""Time sources for the emulator and the timestamp format of the Connect API.

Every lifecycle in the emulator is evaluated from stored epoch timestamps against a clock, so tests
can inject a :class:`ManualClock` and move time forward instead of sleeping.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime
from typing import Protocol


class Clock(Protocol):
    """Anything that tells the current time as seconds since the Unix epoch."""

    def now(self) -> float:
        """Return the current time in epoch seconds."""
        ...


class SystemClock:
    """The wall clock."""

    def now(self) -> float:
        """Return :func:`time.time`."""
        return time.time()


class ManualClock:
    """A clock that only moves when told to: tests advance it instead of sleeping."""

    def __init__(self, start: float = 1_767_225_600.0) -> None:
        self._now = start
        self._lock = threading.Lock()

    def now(self) -> float:
        """Return the current manual time."""
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> float:
        """Move the clock forward by ``seconds`` and return the new time."""
        with self._lock:
            self._now += seconds
            return self._now


class ShiftedClock:
    """Wraps a clock and adds an offset that the admin API can grow ("time travel")."""

    def __init__(self, base: Clock) -> None:
        self.base = base
        self._offset = 0.0
        self._lock = threading.Lock()

    @property
    def offset(self) -> float:
        """Seconds added to the base clock."""
        with self._lock:
            return self._offset

    def now(self) -> float:
        """Return the base time plus the offset."""
        return self.base.now() + self.offset

    def advance(self, seconds: float) -> float:
        """Grow the offset by ``seconds`` and return the new time."""
        with self._lock:
            self._offset += seconds
        return self.now()

    def reset(self) -> None:
        """Drop the offset."""
        with self._lock:
            self._offset = 0.0


def to_iso(epoch: float) -> str:
    """Format epoch seconds like the Connect API does: ``2023-08-08T17:00:59.327Z``."""
    moment = datetime.fromtimestamp(epoch, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def from_datetime(moment: datetime) -> float:
    """Convert a datetime to epoch seconds; a naive datetime is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()
