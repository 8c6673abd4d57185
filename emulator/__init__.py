"""A local emulator of the commercetools Connect API.

Public surface:

- :func:`create_app` builds the FastAPI application from :class:`Settings`;
- :func:`run_in_thread` serves it on a real uvicorn server and returns an :class:`EmulatorHandle`
  (``.url``, ``.stop()``, context manager);
- :class:`ManualClock` lets tests move time instead of sleeping; :class:`Durations` and
  :data:`PROFILES` set how long lifecycle phases take; :class:`FaultSettings` configures faults.

Run it with ``python -m emulator``; see ``emulator/README.md``.
"""

from emulator.app import create_app
from emulator.clock import Clock, ManualClock, SystemClock
from emulator.faults import FAULT_KINDS, FaultSettings
from emulator.lifecycle import PROFILES, Durations, parse_durations
from emulator.server import EmulatorHandle, run_in_thread
from emulator.settings import Settings

__all__ = [
    "FAULT_KINDS",
    "PROFILES",
    "Clock",
    "Durations",
    "EmulatorHandle",
    "FaultSettings",
    "ManualClock",
    "Settings",
    "SystemClock",
    "create_app",
    "parse_durations",
    "run_in_thread",
]
