"""What the dynamic-provider host shows: warnings a reviewer sees, and errors that start with their message.

The Pulumi SDK's dynamic-provider host (``python -m pulumi.dynamic``) gives providers no logging API:
each line they print becomes an *info* diagnostic of the stack, whatever its prefix says. A warning
must reach the engine as a warning, so :func:`warn` sends it with the engine's ``Log`` call
(``pulumirpc.Engine/Log``, severity WARNING) to the address the engine hands every provider plugin as
its first argument (``sys.argv[1]`` of the host). Outside the host (tests, programs), or when the engine
cannot be reached, the warning is printed as ``warning: ...`` instead.

The host also answers every exception of a provider method with ``traceback.format_exc()`` (its
``_abort_with_traceback``), so the engine prints 8 lines of the host's own frames before the message.
:func:`install` replaces the ``traceback`` module the host looks up with one whose ``format_exc`` gives
the message alone for the errors the providers raise on purpose, and the real traceback for anything
else (a bug is still shown with its frames). Nothing on disk is patched.

Upstream: https://github.com/pulumi/pulumi/issues/6065 (a dynamic provider cannot reach the engine);
https://github.com/pulumi/pulumi/pull/20409 (``pulumi.log`` from dynamic providers, open).
"""

from __future__ import annotations

import re
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any

import grpc
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc

HOST_MODULE = "pulumi.dynamic.__main__"
ENGINE_LOG_TIMEOUT = 5.0
"""Seconds a warning may take to reach the engine before it is printed instead."""
_ADDRESS = re.compile(r"^[\w.\-\[\]:]+:\d+$")

_lock = threading.Lock()
_stubs: dict[str, Any] = {}


def is_provider_host(main: Any) -> bool:
    """Whether ``main`` (the process's ``__main__`` module) is the dynamic-provider host."""
    return getattr(getattr(main, "__spec__", None), "name", None) == HOST_MODULE


def engine_address(main: Any, argv: list[str]) -> str | None:
    """The engine's gRPC address (``127.0.0.1:PORT``) when running in the host, else ``None``."""
    if not is_provider_host(main) or len(argv) < 2 or not _ADDRESS.match(argv[1]):
        return None
    return argv[1]


def send_warning(address: str, message: str) -> bool:
    """Send ``message`` to the engine at ``address`` as a warning; whether the engine took it."""
    try:
        with _lock:
            stub = _stubs.get(address)
            if stub is None:
                stub = _stubs[address] = engine_pb2_grpc.EngineStub(grpc.insecure_channel(address))
        stub.Log(engine_pb2.LogRequest(severity=engine_pb2.WARNING, message=message), timeout=ENGINE_LOG_TIMEOUT)
    except Exception:
        return False
    return True


def warn(message: str, write: Callable[[str], None]) -> None:
    """Show ``message`` as a warning of the run: an engine warning in the host, else ``write("warning: ...")``."""
    address = engine_address(sys.modules.get("__main__"), sys.argv)
    if address is not None and send_warning(address, message):
        return
    write(f"warning: {message}")


class _MessageOnlyTraceback:
    """Stands in for the ``traceback`` module in the host: ``format_exc`` is the message alone for
    the exceptions of ``message_only``; everything else is the real module."""

    def __init__(self, real: Any, message_only: tuple[type[BaseException], ...]) -> None:
        self._real = real
        self.message_only = message_only

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def format_exc(self, *args: Any, **kwargs: Any) -> str:
        error = sys.exc_info()[1]
        if isinstance(error, self.message_only):
            return str(error)
        return str(self._real.format_exc(*args, **kwargs))


def install(message_only: tuple[type[BaseException], ...], host: Any = None) -> str:
    """In the host, make the errors of ``message_only`` reach the engine as their message alone; idempotent.

    ``host`` is the host's module (default: this process's ``__main__``). Returns ``installed``,
    ``not a provider host``, or why the host could not be adjusted.
    """
    host = host if host is not None else sys.modules.get("__main__")
    if not is_provider_host(host):
        return "not a provider host"
    with _lock:
        current = getattr(host, "traceback", None)
        if isinstance(current, _MessageOnlyTraceback):
            current.message_only = tuple(dict.fromkeys((*current.message_only, *message_only)))
            return "installed"
        if current is not traceback:
            return "unavailable: the host no longer formats errors with the traceback module"
        host.traceback = _MessageOnlyTraceback(traceback, message_only)
    return "installed"
