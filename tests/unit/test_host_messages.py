"""Warnings sent to the engine's Log service, and errors that reach the engine as their message alone."""

from __future__ import annotations

import sys
import traceback
import types
from collections.abc import Iterator
from concurrent import futures
from typing import Any

import grpc
import pytest
from google.protobuf import empty_pb2
from pulumi.runtime.proto import engine_pb2, engine_pb2_grpc

from connect_as_code._runtime.provider import ConnectResourceError
from connect_as_code._sdk_workarounds import host_messages as messages


class FakeEngine(engine_pb2_grpc.EngineServicer):
    """The engine's Log service, recording what it is sent."""

    def __init__(self) -> None:
        self.logs: list[Any] = []

    def Log(self, request: Any, context: Any) -> Any:  # noqa: N802 - the gRPC method's name
        self.logs.append(request)
        return empty_pb2.Empty()


@pytest.fixture
def engine() -> Iterator[tuple[FakeEngine, str]]:
    fake = FakeEngine()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
    engine_pb2_grpc.add_EngineServicer_to_server(fake, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    try:
        yield fake, f"127.0.0.1:{port}"
    finally:
        server.stop(0)


def fake_host() -> types.ModuleType:
    host = types.ModuleType("__main__")
    host.__spec__ = types.SimpleNamespace(name="pulumi.dynamic.__main__")  # type: ignore[assignment]
    host.traceback = traceback  # type: ignore[attr-defined]
    return host


def test_the_engine_address_is_the_hosts_first_argument_and_only_there() -> None:
    assert messages.engine_address(fake_host(), ["host", "127.0.0.1:40713"]) == "127.0.0.1:40713"
    assert messages.engine_address(fake_host(), ["host"]) is None
    assert messages.engine_address(fake_host(), ["host", "--flag"]) is None
    assert messages.engine_address(types.ModuleType("__main__"), ["pytest", "127.0.0.1:1"]) is None


def test_a_warning_reaches_the_engine_as_a_warning(
    engine: tuple[FakeEngine, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake, address = engine
    monkeypatch.setitem(sys.modules, "__main__", fake_host())
    monkeypatch.setattr(sys, "argv", ["pulumi-resource-pulumi-python", address])
    printed: list[str] = []
    messages.warn("Deployment preview-1: staged connector 'abc' not found yet", printed.append)
    assert printed == []
    assert [(log.severity, log.message) for log in fake.logs] == [
        (engine_pb2.WARNING, "Deployment preview-1: staged connector 'abc' not found yet")
    ]


def test_without_an_engine_the_warning_is_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    printed: list[str] = []
    messages.warn("outside the host", printed.append)
    monkeypatch.setitem(sys.modules, "__main__", fake_host())
    monkeypatch.setattr(sys, "argv", ["host", "127.0.0.1:1"])  # nothing listens there
    monkeypatch.setattr(messages, "ENGINE_LOG_TIMEOUT", 0.5)
    messages.warn("engine unreachable", printed.append)
    assert printed == ["warning: outside the host", "warning: engine unreachable"]


def _formatted_by_the_host(host: types.ModuleType, error: Exception) -> str:
    """What the host's ``_abort_with_traceback`` sends the engine for ``error``."""
    try:
        raise error
    except Exception:
        return str(host.traceback.format_exc())


def test_the_providers_errors_reach_the_engine_as_their_message_alone() -> None:
    host = fake_host()
    assert messages.install((ConnectResourceError,), host) == "installed"
    assert messages.install((ConnectResourceError,), host) == "installed"  # idempotent
    assert _formatted_by_the_host(host, ConnectResourceError("Deployment d: region refused")) == (
        "Deployment d: region refused"
    )
    bug = _formatted_by_the_host(host, KeyError("oops"))
    assert bug.startswith("Traceback (most recent call last):") and "KeyError: 'oops'" in bug
    assert host.traceback.print_exc is traceback.print_exc


def test_the_sdk_host_formats_its_errors_with_the_traceback_module() -> None:
    """The host this adjusts: ``_abort_with_traceback`` calls ``traceback.format_exc()`` of its module."""
    import inspect

    import pulumi.dynamic

    source = (inspect.getfile(pulumi.dynamic).rsplit("/", 1)[0]) + "/__main__.py"
    with open(source, encoding="utf-8") as file:
        text = file.read()
    assert "import traceback" in text
    assert "context.abort(grpc.StatusCode.UNKNOWN, traceback.format_exc())" in text


def test_outside_the_host_or_in_another_host_nothing_is_replaced() -> None:
    assert messages.install((ConnectResourceError,), types.ModuleType("__main__")) == "not a provider host"
    host = fake_host()
    host.traceback = types.SimpleNamespace()  # type: ignore[attr-defined]
    assert messages.install((ConnectResourceError,), host).startswith("unavailable: ")
