"""The outermost ASGI layer: correlation ids, fault injection, request accounting and the
catch-all that turns any unexpected exception into a 500 ``ErrorResponse``."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
import uuid
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import Headers
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from connect_as_code.emulator.domain import errors
from connect_as_code.emulator.domain.auth import parse_bearer_authorization
from connect_as_code.emulator.domain.errors import error_response
from connect_as_code.emulator.engine import Engine
from connect_as_code.emulator.faults import WRITE_METHODS, FaultDecision, FaultInjector

logger = logging.getLogger("emulator")

CORRELATION_HEADER = "x-correlation-id"
ADMIN_PREFIX = "/_emulator"
GITHUB_PREFIX = "/github/repos/"
DOC_PATHS = frozenset({"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"})
_CORRELATION_ID = re.compile(r"^[\x21-\x7e]{1,256}$")
TRUNCATED_BODY = b'{"statusCode":'
MAX_BODY_BYTES = 16 * 1024 * 1024
"""The largest request body the Connect and OAuth routes take. commercetools documents that a JSON
document persisted through any API endpoint must not be larger than 16 megabytes, and fails the request
with ``ResourceSizeLimitExceeded`` (https://docs.commercetools.com/api/limits, "JSON document size"; the
error's RAML type ``ResourceSizeLimitExceededError``). The limit here is on the request body, 16 MiB,
and the status 413 (Content Too Large, RFC 9110): both are this emulator's choices, since no source
gives Connect's own limit or the error's status. A larger body is refused without being held in memory."""


def category(path: str) -> str:
    """``admin``, ``docs``, ``github``, ``oauth`` or ``connect`` (faults and stats apply to the last two)."""
    if path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/"):
        return "admin"
    if path.startswith(GITHUB_PREFIX):
        return "github"
    if path in DOC_PATHS:
        return "docs"
    if path.startswith("/oauth/"):
        return "oauth"
    return "connect"


def correlation_id(headers: Headers) -> str:
    """The request's ``X-Correlation-ID`` if it is a sane header value, else a new one."""
    given = headers.get(CORRELATION_HEADER)
    if given and _CORRELATION_ID.match(given):
        return given
    return f"connect-emulator-{uuid.uuid4().hex}"


def route_template(routes: list[BaseRoute], scope: Scope) -> str:
    """The route a request maps to, with ``{ID}`` or ``key={key}`` as addressed."""
    candidate: str | None = None
    for route in routes:
        match, child = route.matches(scope)
        if match is Match.NONE:
            continue
        path: str = getattr(route, "path", "(unmatched)")
        for name, value in (child.get("path_params") or {}).items():
            if isinstance(value, str) and value.startswith("key="):
                path = path.replace("{" + name + "}", "key={key}")
        if match is Match.FULL:
            return path
        candidate = candidate or path
    return candidate or "(unmatched)"


def json_message(status: int, body: dict[str, Any], headers: list[tuple[bytes, bytes]]) -> tuple[Message, Message]:
    """ASGI start and body messages of a JSON response."""
    payload = json.dumps(body).encode()
    start: Message = {
        "type": "http.response.start",
        "status": status,
        "headers": [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(payload)).encode()),
            *headers,
        ],
    }
    return start, {"type": "http.response.body", "body": payload, "more_body": False}


async def _body_within_limit(headers: Headers, receive: Receive) -> bytes | None:
    """The request body, or ``None`` when it is larger than :data:`MAX_BODY_BYTES`.

    A larger body is read to its end and dropped as it arrives (the client gets the answer instead of a
    connection reset), never kept: at most the limit is held in memory.
    """
    declared = headers.get("content-length")
    too_large = declared is not None and declared.isdigit() and int(declared) > MAX_BODY_BYTES
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        too_large = too_large or size > MAX_BODY_BYTES
        if not too_large:
            chunks.append(chunk)
        elif chunks:
            chunks.clear()
        if not message.get("more_body", False):
            break
    return None if too_large else b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that hands the application ``body`` once, then waits as ``receive`` does (disconnects)."""
    pending = True

    async def replay() -> Message:
        nonlocal pending
        if pending:
            pending = False
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


@dataclass
class Captured:
    """A response held back (for faults that strike after the change was applied)."""

    start: Message | None = None
    body: bytes = b""


class EmulatorMiddleware:
    """Wraps the whole application."""

    def __init__(
        self,
        app: ASGIApp,
        engine: Engine,
        faults: FaultInjector,
        routes: list[BaseRoute],
        github_routes: list[BaseRoute] | None = None,
    ) -> None:
        self.app = app
        self.engine = engine
        self.faults = faults
        self.routes = routes
        """The Connect and OAuth routes, whose requests are logged and counted per route."""
        self.github_routes = github_routes or []
        """The GitHub-like routes, whose reads are counted apart."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        received_at = self.engine.now()
        headers = Headers(scope=scope)
        correlation = correlation_id(headers)
        kind = category(scope["path"])
        state: dict[str, Any] = {"status": 0, "started": False}
        extra_headers = [(CORRELATION_HEADER.encode(), correlation.encode())]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["status"] = message["status"]
                state["started"] = True
                message = {**message, "headers": [*message.get("headers", []), *extra_headers]}
            await send(message)

        fault: FaultDecision | None = None
        try:
            if kind in {"connect", "oauth"} and scope["method"] in WRITE_METHODS:
                request_body = await _body_within_limit(headers, receive)
                if request_body is None:
                    start, message = json_message(413, error_response(413, [errors.resource_size_limit_exceeded()]), [])
                    await send_with_headers(start)
                    await send(message)
                    return
                receive = _replay(request_body, receive)
            if kind in {"connect", "oauth"}:
                fault = self.faults.decide(scope["method"], scope["path"], token_endpoint=kind == "oauth")
                if fault is not None and fault.kind == "expired_token":
                    fault = self._expire_presented_token(headers, fault)
            if fault is None:
                await self.app(scope, receive, send_with_headers)
            else:
                await self._serve_with_fault(fault, scope, receive, send_with_headers)
        except Exception:
            logger.exception("unexpected error while serving %s %s", scope["method"], scope["path"])
            if not state["started"]:
                start, body = json_message(500, error_response(500, [errors.general("Internal error")]), [])
                await send_with_headers(start)
                await send(body)
        finally:
            if kind in {"connect", "oauth"}:
                self._account(scope, state["status"], received_at, started, correlation, fault)
            elif kind == "github":
                self._count_github_read(scope)

    def _count_github_read(self, scope: Scope) -> None:
        """Count a read of the GitHub-like API per route, apart from the Connect figures."""
        try:
            with self.engine.store.transaction():
                self.engine.store.increment(f"github|{scope['method']} {route_template(self.github_routes, scope)}")
        except Exception:
            logger.exception("could not count the request")

    def _expire_presented_token(self, headers: Headers, fault: FaultDecision) -> FaultDecision | None:
        token = parse_bearer_authorization(headers.get("authorization"))
        min_age = self.faults.settings.token_min_age_seconds
        return fault if token and self.engine.expire_token(token, min_age=min_age) else None

    async def _serve_with_fault(self, fault: FaultDecision, scope: Scope, receive: Receive, send: Send) -> None:
        settings = self.faults.settings
        if fault.kind == "latency":
            await asyncio.sleep(settings.latency_seconds)
            await self.app(scope, receive, send)
            return
        if fault.kind == "expired_token":
            await self.app(scope, receive, send)
            return
        captured = Captured()
        if fault.after_apply:
            captured = await self._capture(scope, receive)
        else:
            await self._drain(receive)
        if fault.kind == "drop":
            await self._drop(captured, send)
            return
        status, error, headers = self._fault_response(fault.kind, settings.retry_after_seconds, scope["method"])
        start, body = json_message(status, error_response(status, [error]), headers)
        await send(start)
        await send(body)

    @staticmethod
    def _fault_response(
        kind: str, retry_after: int, method: str
    ) -> tuple[int, dict[str, Any], list[tuple[bytes, bytes]]]:
        if kind == "502":
            return 502, errors.bad_gateway(), []
        if kind == "503":
            return 503, errors.general("Service temporarily unavailable"), []
        if kind == "429":
            return 429, errors.general("Too many requests"), [(b"retry-after", str(retry_after).encode())]
        operations = "Write" if method.upper() in WRITE_METHODS else "Read"
        return 500, errors.general(f"{operations} operations are temporarily unavailable"), []

    @staticmethod
    async def _drain(receive: Receive) -> None:
        # Read the unused request body, or closing the connection would reset it (RST) instead of
        # ending it the way the fault intends.
        while True:
            message = await receive()
            if message["type"] != "http.request" or not message.get("more_body", False):
                return

    async def _capture(self, scope: Scope, receive: Receive) -> Captured:
        captured = Captured()

        async def keep(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured.start = message
            elif message["type"] == "http.response.body":
                captured.body += message.get("body", b"")

        await self.app(scope, receive, keep)
        return captured

    @staticmethod
    async def _drop(captured: Captured, send: Send) -> None:
        # Promise more body than is sent and end the exchange: the server closes the connection
        # and the client sees it break mid-response.
        body = captured.body[: max(len(captured.body) // 2, 1)] if captured.start else TRUNCATED_BODY
        status = captured.start["status"] if captured.start else 500
        headers = [
            (name, value)
            for name, value in (captured.start or {}).get("headers", [])
            if name.lower() != b"content-length"
        ]
        declared = max(len(captured.body), len(body)) + 64
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [*headers, (b"content-length", str(declared).encode())],
            }
        )
        await send({"type": "http.response.body", "body": body, "more_body": True})

    def _account(
        self,
        scope: Scope,
        status: int,
        received_at: float,
        started: float,
        correlation: str,
        fault: FaultDecision | None,
    ) -> None:
        method = scope["method"]
        route = route_template(self.routes, scope)
        store = self.engine.store
        try:
            with store.transaction():
                store.add_request(
                    {
                        "at": received_at,
                        "method": method,
                        "route": route,
                        "path": scope["path"],
                        "status": status,
                        "durationMs": round((time.perf_counter() - started) * 1000, 3),
                        "correlationId": correlation,
                        "fault": fault.label if fault else None,
                    }
                )
                store.increment(f"requests|{method} {route}")
                if method in WRITE_METHODS and category(scope["path"]) == "connect":
                    store.increment("mutations|total")
                if fault is not None:
                    store.increment(f"faults|{fault.label}")
        except Exception:
            logger.exception("could not record the request")
