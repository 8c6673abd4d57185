"""Running the emulator on a real uvicorn server: in a background thread (tests, demos) or in the
foreground (``connect-as-code-emulator``)."""

from __future__ import annotations

import logging
import socket
import threading
import time
from types import TracebackType

import uvicorn
from fastapi import FastAPI

from connect_as_code.emulator.http.app import create_app
from connect_as_code.emulator.settings import Settings

STARTUP_TIMEOUT_SECONDS = 15.0
_DROPPED_RESPONSE_MESSAGES = ("ASGI callable returned without completing response",)


class _DroppedResponseFilter(logging.Filter):
    """Hides uvicorn's complaint about the responses the ``drop`` fault cuts short on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Drop the record when it is that complaint."""
        return not any(text in record.getMessage() for text in _DROPPED_RESPONSE_MESSAGES)


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP explicitly: asyncio only sets TCP_NODELAY on accepted sockets whose proto says TCP,
    # and without it every response waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.setblocking(False)
    return sock


class EmulatorHandle:
    """A running emulator: ``url``, ``stop()``, usable as a context manager."""

    def __init__(
        self, app: FastAPI, server: uvicorn.Server, thread: threading.Thread, sock: socket.socket, settings: Settings
    ) -> None:
        self.app = app
        self.server = server
        self.thread = thread
        self.settings = settings
        self._socket = sock
        host, port = sock.getsockname()[:2]
        self.host = host
        self.port = int(port)
        shown = f"[{host}]" if ":" in host else host
        self.url = f"http://{shown}:{self.port}"

    def stop(self, timeout: float = 10.0) -> None:
        """Shut the server down and wait for its thread."""
        self.server.should_exit = True
        self.thread.join(timeout)
        self._socket.close()
        self.app.state.engine.store.close()

    def wait(self) -> None:
        """Block until the server stops."""
        while self.thread.is_alive():
            self.thread.join(0.5)

    def __enter__(self) -> EmulatorHandle:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def run_in_thread(settings: Settings | None = None) -> EmulatorHandle:
    """Start the emulator on ``settings.host``/``settings.port`` (0 = a free port) in a thread."""
    settings = settings or Settings()
    logging.getLogger("uvicorn.error").addFilter(_DroppedResponseFilter())
    app = create_app(settings)
    config = uvicorn.Config(app, log_level=settings.log_level, access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    sock = _bind(settings.host, settings.port)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="connect-emulator", daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            raise RuntimeError("the emulator did not start")
        time.sleep(0.01)
    return EmulatorHandle(app, server, thread, sock, settings)
