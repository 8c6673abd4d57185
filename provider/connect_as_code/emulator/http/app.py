"""The FastAPI application: the Connect API routes (every endpoint of ``api-specs/connect/api.raml``), the
OAuth token endpoint, the admin API and the GitHub-like repository routes, all thin wrappers around
:class:`emulator.engine.Engine`.

The Connect routes (``async def``) run on the server's event loop, not in a worker thread: the store is
SQLite in memory or in a local file, serialized by one lock, so threads added no parallelism, and
handing each request to one (and the token check to another) cost more than the request's own work.
Hundreds of deployments polling at once (``make bench``, N = 256) depend on it.

The routes are built in :mod:`emulator.http.connect` and :mod:`emulator.http.oauth` on the route
class and helpers of :mod:`emulator.http.routing`; this module assembles the application and its
``/openapi.json``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from connect_as_code.emulator.clock import ShiftedClock
from connect_as_code.emulator.engine import Engine
from connect_as_code.emulator.faults import FaultInjector
from connect_as_code.emulator.http.admin import build_admin_router
from connect_as_code.emulator.http.connect import build_connect_router
from connect_as_code.emulator.http.errors import install_exception_handlers
from connect_as_code.emulator.http.github import build_github_router
from connect_as_code.emulator.http.middleware import EmulatorMiddleware
from connect_as_code.emulator.http.oauth import build_oauth_router
from connect_as_code.emulator.http.routing import FEATURE
from connect_as_code.emulator.settings import Settings
from connect_as_code.emulator.store import Store

SECURITY_SCHEMES = {
    "bearerAuth": {"type": "http", "scheme": "bearer", "description": "Access token from POST /oauth/token."},
    "basicAuth": {"type": "http", "scheme": "basic", "description": "client_id and client_secret of an API client."},
}


def _openapi(app: FastAPI, engine: Engine) -> Callable[[], dict[str, Any]]:
    cache: dict[tuple[tuple[str, bool], ...], dict[str, Any]] = {}

    def build() -> dict[str, Any]:
        features = engine.features()
        cache_key = tuple(sorted(features.items()))
        if cache_key in cache:
            return cache[cache_key]
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        paths: dict[str, dict[str, Any]] = schema.get("paths", {})
        for path, operations in list(paths.items()):
            for method, operation in list(operations.items()):
                if not features.get(operation.get(FEATURE, ""), True):
                    del operations[method]
            if not operations:
                del paths[path]
        # Validation errors are answered with 400 ErrorResponse, never FastAPI's 422.
        for path, operations in paths.items():
            for operation in operations.values():
                operation.get("responses", {}).pop("422", None)
                if "x-access" in operation:
                    operation["security"] = [{"bearerAuth": []}]
                elif path.startswith("/oauth/"):
                    operation["security"] = [{"basicAuth": []}]
        schema.setdefault("components", {})["securitySchemes"] = SECURITY_SCHEMES
        components = schema["components"].setdefault("schemas", {})
        components.pop("HTTPValidationError", None)
        components.pop("ValidationError", None)
        cache[cache_key] = schema
        return schema

    return build


def create_app(settings: Settings | None = None, store: Store | None = None) -> FastAPI:
    """A ready emulator application (state in ``settings.state_file`` or in memory)."""
    settings = settings or Settings()
    store = store or Store(settings.state_file)
    clock = ShiftedClock(settings.clock)
    faults = FaultInjector(settings.faults)
    engine = Engine(settings, store, clock, faults)
    app = FastAPI(
        title="commercetools Connect API (local emulator)",
        version="1.0.0",
        description="A local emulator of the commercetools Connect API. Admin endpoints under /_emulator "
        "are documented in emulator/README.md.",
        strict_content_type=False,
    )
    app.router.redirect_slashes = False
    app.state.engine = engine
    app.state.settings = settings
    install_exception_handlers(app)
    oauth_router = build_oauth_router()
    connect_router = build_connect_router()
    app.include_router(build_admin_router(engine))
    github_router = build_github_router(engine)
    app.include_router(github_router)
    app.include_router(oauth_router)
    app.include_router(connect_router)
    app.add_middleware(
        EmulatorMiddleware,
        engine=engine,
        faults=faults,
        routes=[*oauth_router.routes, *connect_router.routes],
        github_routes=list(github_router.routes),
    )
    app.openapi = _openapi(app, engine)  # type: ignore[method-assign]
    return app
