"""A local emulator of the commercetools Connect API.

Public surface:

- :func:`create_app` builds the FastAPI application from :class:`Settings`;
- :func:`run_in_thread` serves it on a real uvicorn server and returns an :class:`EmulatorHandle`
  (``.url``, ``.stop()``, context manager);
- :class:`ManualClock` lets tests move time instead of sleeping; :class:`Durations` and
  :data:`PROFILES` set how long lifecycle phases take; :class:`FaultSettings` configures faults.

Run it with ``connect-as-code-emulator`` (or ``python -m connect_as_code.emulator``) from any folder;
see its README. It needs the ``emulator`` extra: ``pip install 'connect-as-code[emulator]'``.
"""

try:
    import fastapi as _fastapi  # noqa: F401
    import uvicorn as _uvicorn  # noqa: F401
    import yaml as _yaml  # noqa: F401
except ImportError as _missing:  # pragma: no cover - depends on what is installed
    raise ImportError(
        f"the Connect emulator needs the 'emulator' extra ({_missing.name} is not installed): "
        "pip install 'connect-as-code[emulator]'"
    ) from _missing

from connect_as_code.emulator.clock import Clock, ManualClock, SystemClock
from connect_as_code.emulator.domain.lifecycle import PROFILES, Durations, parse_durations
from connect_as_code.emulator.faults import FAULT_KINDS, FaultSettings
from connect_as_code.emulator.http.app import create_app
from connect_as_code.emulator.http.server import EmulatorHandle, run_in_thread
from connect_as_code.emulator.settings import Settings

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
