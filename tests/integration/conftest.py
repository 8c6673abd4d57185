"""Fixtures of the integration tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from connect_as_code.emulator import PROFILES, ManualClock, run_in_thread
from connect_as_code.emulator import Settings as EmulatorSettings
from tests.integration.support import Emulator


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    """A real emulator on a free loopback port, with a manual clock: 10 s queued, 60 s deploying."""
    clock = ManualClock()
    durations = PROFILES["fast"].merged({"previewable": 60, "queued": 10, "deploying": 60, "undeploying": 30})
    with run_in_thread(EmulatorSettings(clock=clock, durations=durations)) as handle:
        yield Emulator(handle.url, clock)
