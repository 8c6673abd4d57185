"""Progress lines of the native provider, shown by the engine on the resource they are about.

The providers print their progress (``Deployment abc: Deploying (40 s)``), retries and warnings through
the runtime's ``write`` (:class:`_runtime.provider.Runtime`). In the plugin, ``write`` is an
:class:`EngineLog`: each line goes to the engine's ``Log`` service with the URN of the resource whose
operation printed it (:func:`on`), so ``pulumi up`` shows it on that resource's row and under it in the
diagnostics, not on the stack.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TypeVar

import grpc
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc

from connect_as_code.native.words import native_words

T = TypeVar("T")
_current = threading.local()


def on(urn: str, call: Callable[[], T]) -> T:
    """Run ``call`` with its progress lines attributed to the resource ``urn`` (on this thread)."""
    _current.urn = urn
    try:
        return call()
    finally:
        _current.urn = ""


def current_urn() -> str:
    """The URN of the resource this thread works on, or ``""``."""
    return str(getattr(_current, "urn", ""))


def severity_of(line: str) -> engine_pb2.LogSeverity.ValueType:
    """``warning: ...`` lines are warnings; every other line is information."""
    return engine_pb2.WARNING if line.startswith("warning:") else engine_pb2.INFO


class EngineLog:
    """A runtime ``write`` that sends each line to the engine, on the resource being worked on, in the
    native face's words (:mod:`.words`)."""

    def __init__(self, engine_address: str) -> None:
        self._channel = grpc.insecure_channel(engine_address)
        self._engine = engine_pb2_grpc.EngineStub(self._channel)

    def __call__(self, line: str) -> None:
        message = native_words(line.removeprefix("warning: "))
        try:
            self._engine.Log(engine_pb2.LogRequest(severity=severity_of(line), message=message, urn=current_urn()))
        except grpc.RpcError:
            print(line, file=sys.stderr, flush=True)  # the engine is gone: the plugin's log keeps the line
