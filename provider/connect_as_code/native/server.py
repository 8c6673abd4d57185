"""``pulumi-resource-commercetools-connect``: the plugin the engine starts (found on ``PATH``).

It serves the provider as the SDK's ``pulumi.provider.experimental.server.main`` does, with one
difference: a failure the providers report (:class:`~_runtime.provider.ConnectResourceError`,
whose message says what happened and what to do) reaches the engine as that message alone (in the
native face's words, :mod:`.words`), where the
SDK's servicer would add ``Unexpected <class 'Exception'>:`` and a Python traceback. Any other
exception (a defect) keeps the SDK's traceback. Progress lines go to the engine, on the resource they
are about (:mod:`.progress`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import grpc
import grpc.aio
from pulumi.provider.experimental.provider import Provider
from pulumi.provider.experimental.server import ProviderServicer
from pulumi.runtime.proto import provider_pb2_grpc

from connect_as_code import __version__
from connect_as_code._runtime.provider import ConnectResourceError, Runtime, use_runtime
from connect_as_code.native.progress import EngineLog
from connect_as_code.native.provider import ConnectNativeProvider
from connect_as_code.native.words import native_words

GRPC_OPTIONS = [("grpc.max_receive_message_length", 400 * 1024 * 1024)]
"""As the SDK's own server: the engine may send large states."""
SERVED = ("CheckConfig", "DiffConfig", "Configure", "Check", "Diff", "Create", "Update", "Read", "Delete", "Invoke")

Method = Callable[[Any, Any, grpc.aio.ServicerContext], Awaitable[Any]]


def reported(error: BaseException) -> ConnectResourceError | None:
    """The providers' own failure behind ``error`` (the SDK re-raises it as a new exception), if any."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ConnectResourceError):
            return seen
        seen = seen.__context__
    return None


def _message_only(method: Method) -> Method:
    async def serve(self: Any, request: Any, context: grpc.aio.ServicerContext) -> Any:
        try:
            return await method(self, request, context)
        except Exception as error:
            failure = reported(error)
            if failure is None:
                raise
            await context.abort(grpc.StatusCode.UNKNOWN, native_words(str(failure)))

    return serve


class MessageOnlyServicer(ProviderServicer):
    """The SDK's servicer, whose answers to the providers' failures are their messages alone."""


for _name in SERVED:
    setattr(MessageOnlyServicer, _name, _message_only(getattr(ProviderServicer, _name)))


def serve(args: list[str], version: str, provider: Provider) -> None:
    """Start the gRPC server, print its port for the engine, and serve until the engine stops it."""
    parser = argparse.ArgumentParser(description="Pulumi provider plugin commercetools-connect")
    parser.add_argument("engine", help="Pulumi engine address")
    parser.add_argument("--logflow", action="store_true", help="ignored")
    parser.add_argument("--logtostderr", action="store_true", help="ignored")
    known, _ = parser.parse_known_args(args)

    async def run() -> None:
        server = grpc.aio.server(options=GRPC_OPTIONS)
        servicer = MessageOnlyServicer(args, version, provider, engine_address=known.engine)
        provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
        port = server.add_insecure_port(address="127.0.0.1:0")
        await server.start()
        sys.stdout.buffer.write(f"{port}\n".encode())
        sys.stdout.buffer.flush()
        await server.wait_for_termination()

    with contextlib.suppress(KeyboardInterrupt), use_runtime(Runtime(write=EngineLog(known.engine))):
        asyncio.run(run())


def main() -> None:
    """Serve the native provider to the engine that started this process."""
    serve(sys.argv[1:], __version__, ConnectNativeProvider())


if __name__ == "__main__":
    main()
