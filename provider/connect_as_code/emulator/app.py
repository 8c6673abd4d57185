"""The FastAPI application: the Connect API routes (every endpoint of ``api-specs/connect/api.raml``), the
OAuth token endpoint, the admin API and the GitHub-like repository routes, all thin wrappers around
:class:`emulator.engine.Engine`.

The Connect routes (``async def``) run on the server's event loop, not in a worker thread: the store is
SQLite in memory or in a local file, serialized by one lock, so threads added no parallelism, and
handing each request to one (and the token check to another) cost more than the request's own work.
Hundreds of deployments polling at once (``make bench``, N = 256) depend on it."""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, FastAPI, Path, Query, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from pydantic import StringConstraints
from starlette.concurrency import run_in_threadpool
from starlette.routing import Match
from starlette.types import Scope

from connect_as_code.emulator import errors, unconfirmed
from connect_as_code.emulator.admin import build_admin_router
from connect_as_code.emulator.auth import (
    Access,
    TokenInfo,
    is_authorized,
    parse_basic_authorization,
    parse_bearer_authorization,
)
from connect_as_code.emulator.clock import ShiftedClock, from_datetime
from connect_as_code.emulator.engine import Engine, Ref
from connect_as_code.emulator.errors import ApiError, bad_request
from connect_as_code.emulator.faults import FaultInjector
from connect_as_code.emulator.github import build_github_router
from connect_as_code.emulator.http_errors import install_exception_handlers
from connect_as_code.emulator.middleware import EmulatorMiddleware
from connect_as_code.emulator.models import (
    AuthErrorResponse,
    Connector,
    ConnectorSearchPagedQueryResponse,
    ConnectorStaged,
    ConnectorStagedDraft,
    ConnectorStagedPagedQueryResponse,
    ConnectorUpdate,
    Deployment,
    DeploymentDraft,
    DeploymentLogCursorPagedQueryResponse,
    DeploymentPagedQueryResponse,
    DeploymentType,
    DeploymentUpdate,
    ErrorResponse,
    IntegrationType,
    IntrospectionResponse,
    TokenResponse,
)
from connect_as_code.emulator.querying import SORTABLE_FIELDS
from connect_as_code.emulator.settings import Settings
from connect_as_code.emulator.store import Store
from connect_as_code.emulator.unconfirmed import DeploymentRevision, DeploymentRollback

PROJECT_KEY = re.compile(r"^[a-zA-Z0-9_-]{2,36}$")
FEATURE = "x-emulator-feature"
MAX_INT64 = 2**63 - 1
SORT_PATTERN = rf"^\s*({'|'.join(SORTABLE_FIELDS)})(\s+(asc|desc|ASC|DESC))?\s*$"
ID_DESCRIPTION = "`id`, or `key=<key>` to address by key."

SECURITY_SCHEMES = {
    "bearerAuth": {"type": "http", "scheme": "bearer", "description": "Access token from POST /oauth/token."},
    "basicAuth": {"type": "http", "scheme": "basic", "description": "client_id and client_secret of an API client."},
}


def _errors_doc(*codes: int) -> dict[int | str, dict[str, Any]]:
    descriptions = {
        400: "The request was invalid.",
        401: "Missing, unknown or expired access token.",
        403: "The token lacks the scope.",
        404: "Not found.",
        409: "Version conflict.",
    }
    documented: dict[int | str, dict[str, Any]] = {
        code: {
            "model": AuthErrorResponse if code == 401 else ErrorResponse,
            "description": descriptions[code],
        }
        for code in codes
    }
    return documented


def _access(access: Access) -> dict[str, Any]:
    return {"x-access": access.name, "x-scopes-any-of": [f"{name}:{{projectKey}}" for name in access.scope_names]}


def _feature_enabled(scope: Scope, feature: str) -> bool:
    app = scope.get("app")
    engine: Engine | None = getattr(getattr(app, "state", None), "engine", None)
    return engine is None or engine.features().get(feature, True)


class ConnectRoute(APIRoute):
    """Authenticates the bearer token and checks the route's scopes before anything else.

    A route whose ``x-emulator-feature`` is switched off matches nothing, so it answers exactly like
    an unknown route (404 ResourceNotFound, before authentication).
    """

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        """No match while the route's feature is off."""
        feature = (self.openapi_extra or {}).get(FEATURE)
        if feature is not None and not _feature_enabled(scope, feature):
            return Match.NONE, {}
        return super().matches(scope)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """The normal handler, preceded by the token and scope checks of ``x-access``."""
        handler = super().get_route_handler()
        access_name = (self.openapi_extra or {}).get("x-access")
        if access_name is None:
            return handler
        access = Access[access_name]

        async def authorized_handler(request: Request) -> Response:
            engine: Engine = request.app.state.engine
            token = parse_bearer_authorization(request.headers.get("authorization"))
            info = engine.authenticate(token)
            project = request.path_params.get("projectKey")
            if project is not None and not PROJECT_KEY.match(project):
                raise bad_request(errors.invalid_path_param(f"projectKey must match {PROJECT_KEY.pattern}"))
            if not is_authorized(info.scopes, access, project):
                raise ApiError(403, [errors.authorization_error()])
            request.state.token = info
            return await handler(request)

        return authorized_handler


def _engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def _token(request: Request) -> TokenInfo:
    token: TokenInfo = request.state.token
    return token


def _json(body: dict[str, Any], status: int = 200) -> JSONResponse:
    return JSONResponse(body, status_code=status)


def _epoch(moment: datetime | None) -> float | None:
    return None if moment is None else from_datetime(moment)


Limit = Annotated[int | None, Query(ge=0, le=500, description="Number of results requested (default 20).")]
Offset = Annotated[int | None, Query(ge=0, le=10000, description="Number of elements skipped.")]
SortValue = Annotated[str, StringConstraints(pattern=SORT_PATTERN)]
Sort = Annotated[list[SortValue] | None, Query(description='e.g. "createdAt asc"; may be repeated.')]
IntegrationTypes = Annotated[list[IntegrationType] | None, Query(alias="integrationTypes")]
ResourceId = Annotated[str, Path(alias="ID", description=ID_DESCRIPTION)]
RevisionNumber = Annotated[
    int, Path(alias="revision", ge=1, le=MAX_INT64, description="`revisionNumber` of the DeploymentRevision.")
]
ProjectKey = Annotated[
    str, Path(alias="projectKey", pattern=PROJECT_KEY.pattern, description="Key of the Composable Commerce Project.")
]


def build_connect_router() -> APIRouter:
    """Every Connect API endpoint: the 14 of the RAML of 2026-08-21 and the revisions of 2026-10-23."""
    router = APIRouter(route_class=ConnectRoute)
    view_connectors = _access(Access.VIEW_CONNECTORS)
    manage_connectors = _access(Access.MANAGE_CONNECTORS)
    view_deployments = _access(Access.VIEW_DEPLOYMENTS)
    manage_deployments = _access(Access.MANAGE_DEPLOYMENTS)

    @router.get(
        "/connectors/search",
        tags=["Connector"],
        openapi_extra=view_connectors,
        responses={200: {"model": ConnectorSearchPagedQueryResponse}, **_errors_doc(400, 401, 403, 404)},
    )
    async def search_connectors(
        request: Request,
        text: str | None = None,
        limit: Limit = None,
        offset: Offset = None,
        sort: Sort = None,
        private: bool | None = None,
        company: Annotated[str | None, Query(alias="creator.company")] = None,
        ids: Annotated[list[str] | None, Query(alias="id")] = None,
        keys: Annotated[list[str] | None, Query(alias="key")] = None,
        integration_types: IntegrationTypes = None,
    ) -> JSONResponse:
        """Search Connectors."""
        return _json(
            _engine(request).search_connectors(
                _token(request), limit, offset, sort, text, private, company, ids, keys, integration_types
            )
        )

    @router.post(
        "/connectors/drafts",
        status_code=201,
        tags=["ConnectorStaged"],
        openapi_extra=manage_connectors,
        responses={201: {"model": ConnectorStaged}, **_errors_doc(400, 401, 403, 404)},
    )
    async def create_connector_staged(request: Request, draft: ConnectorStagedDraft) -> JSONResponse:
        """Create ConnectorStaged."""
        return _json(_engine(request).create_staged(draft, _token(request)), 201)

    @router.get(
        "/connectors/drafts",
        tags=["ConnectorStaged"],
        openapi_extra=view_connectors,
        responses={200: {"model": ConnectorStagedPagedQueryResponse}, **_errors_doc(400, 401, 403, 404)},
    )
    async def query_connector_staged(
        request: Request,
        limit: Limit = None,
        offset: Offset = None,
        sort: Sort = None,
        is_private: Annotated[bool | None, Query(alias="isPrivate")] = None,
        integration_types: IntegrationTypes = None,
    ) -> JSONResponse:
        """Query ConnectorStaged."""
        return _json(_engine(request).list_staged(_token(request), limit, offset, sort, is_private, integration_types))

    @router.get(
        "/connectors/drafts/{ID}",
        tags=["ConnectorStaged"],
        openapi_extra=view_connectors,
        responses={200: {"model": ConnectorStaged}, **_errors_doc(400, 401, 403, 404)},
    )
    async def get_connector_staged(request: Request, resource_id: ResourceId) -> JSONResponse:
        """Get ConnectorStaged by id or key."""
        return _json(_engine(request).get_staged(Ref.parse(resource_id), _token(request)))

    @router.post(
        "/connectors/drafts/{ID}",
        status_code=201,
        tags=["ConnectorStaged"],
        openapi_extra=manage_connectors,
        responses={201: {"model": ConnectorStaged}, **_errors_doc(400, 401, 403, 404, 409)},
    )
    async def update_connector_staged(
        request: Request, resource_id: ResourceId, update: ConnectorUpdate
    ) -> JSONResponse:
        """Update ConnectorStaged by id or key."""
        return _json(_engine(request).update_staged(Ref.parse(resource_id), update, _token(request)), 201)

    @router.delete(
        "/connectors/drafts/{ID}",
        tags=["ConnectorStaged"],
        openapi_extra=manage_connectors,
        responses={200: {"model": ConnectorStaged}, **_errors_doc(400, 401, 403, 404)},
    )
    async def delete_connector_staged(request: Request, resource_id: ResourceId) -> JSONResponse:
        """Delete ConnectorStaged (and its published Connector) by id or key."""
        return _json(_engine(request).delete_staged(Ref.parse(resource_id), _token(request)))

    @router.get(
        "/connectors/{ID}",
        tags=["Connector"],
        openapi_extra=view_connectors,
        responses={200: {"model": Connector}, **_errors_doc(400, 401, 403, 404)},
    )
    async def get_connector(request: Request, resource_id: ResourceId) -> JSONResponse:
        """Get Connector by id or key."""
        return _json(_engine(request).get_connector(Ref.parse(resource_id), _token(request)))

    @router.post(
        "/{projectKey}/deployments",
        status_code=201,
        tags=["Deployment"],
        openapi_extra=manage_deployments,
        responses={201: {"model": Deployment}, **_errors_doc(400, 401, 403, 404)},
    )
    async def create_deployment(request: Request, project_key: ProjectKey, draft: DeploymentDraft) -> JSONResponse:
        """Create Deployment."""
        return _json(_engine(request).create_deployment(project_key, draft, _token(request)), 201)

    @router.get(
        "/{projectKey}/deployments",
        tags=["Deployment"],
        openapi_extra=view_deployments,
        responses={200: {"model": DeploymentPagedQueryResponse}, **_errors_doc(400, 401, 403, 404)},
    )
    async def query_deployments(
        request: Request,
        project_key: ProjectKey,
        limit: Limit = None,
        offset: Offset = None,
        sort: Sort = None,
        integration_types: IntegrationTypes = None,
        deployment_type: Annotated[DeploymentType | None, Query(alias="deploymentType")] = None,
    ) -> JSONResponse:
        """Query Deployments of a project."""
        return _json(
            _engine(request).list_deployments(project_key, limit, offset, sort, integration_types, deployment_type)
        )

    @router.get(
        "/{projectKey}/deployments/{ID}",
        tags=["Deployment"],
        openapi_extra=view_deployments,
        responses={200: {"model": Deployment}, **_errors_doc(400, 401, 403, 404)},
    )
    async def get_deployment(request: Request, project_key: ProjectKey, resource_id: ResourceId) -> JSONResponse:
        """Get Deployment by id or key."""
        return _json(_engine(request).get_deployment(project_key, Ref.parse(resource_id)))

    @router.post(
        "/{projectKey}/deployments/{ID}",
        status_code=201,
        tags=["Deployment"],
        openapi_extra=manage_deployments,
        responses={201: {"model": Deployment}, **_errors_doc(400, 401, 403, 404, 409)},
    )
    async def update_deployment(
        request: Request, project_key: ProjectKey, resource_id: ResourceId, update: DeploymentUpdate
    ) -> JSONResponse:
        """Update (redeploy) Deployment by id or key."""
        return _json(_engine(request).redeploy(project_key, Ref.parse(resource_id), update), 201)

    @router.delete(
        "/{projectKey}/deployments/{ID}",
        status_code=202,
        tags=["Deployment"],
        openapi_extra=manage_deployments,
        responses={202: {"model": Deployment}, **_errors_doc(400, 401, 403, 404)},
    )
    async def delete_deployment(request: Request, project_key: ProjectKey, resource_id: ResourceId) -> JSONResponse:
        """Delete (undeploy) Deployment by id or key."""
        return _json(_engine(request).delete_deployment(project_key, Ref.parse(resource_id)), 202)

    @router.get(
        "/{projectKey}/deployments/{ID}/logs",
        tags=["Deployment"],
        openapi_extra={**view_deployments, FEATURE: unconfirmed.LOGS_ENDPOINTS},
        responses={200: {"model": DeploymentLogCursorPagedQueryResponse}, **_errors_doc(400, 401, 403, 404)},
        deprecated=True,
    )
    async def query_deployment_logs(
        request: Request,
        project_key: ProjectKey,
        resource_id: ResourceId,
        page_token: Annotated[str | None, Query(alias="pageToken")] = None,
        application_name: Annotated[str | None, Query(alias="applicationName")] = None,
        start_date: Annotated[datetime | None, Query(alias="startDate")] = None,
        end_date: Annotated[datetime | None, Query(alias="endDate")] = None,
    ) -> JSONResponse:
        """Query logs of a Deployment by id or key."""
        return _json(
            _engine(request).deployment_logs(
                project_key, Ref.parse(resource_id), page_token, application_name, _epoch(start_date), _epoch(end_date)
            )
        )

    _revision_routes(router, view_deployments, manage_deployments)
    return router


def _revision_routes(router: APIRouter, view_deployments: dict[str, Any], manage_deployments: dict[str, Any]) -> None:
    """Deployment revisions and rollback (2026-10-23); the rollback's method, path and status are inferred."""

    @router.get(
        "/{projectKey}/deployments/{ID}/revisions",
        tags=["DeploymentRevision"],
        openapi_extra=view_deployments,
        responses={200: {"model": list[DeploymentRevision]}, **_errors_doc(400, 401, 403, 404)},
    )
    async def query_deployment_revisions(
        request: Request, project_key: ProjectKey, resource_id: ResourceId
    ) -> JSONResponse:
        """Query the revisions of a Deployment by id or key, most recent first."""
        return JSONResponse(_engine(request).query_revisions(project_key, Ref.parse(resource_id)))

    @router.get(
        "/{projectKey}/deployments/{ID}/revisions/{revision}",
        tags=["DeploymentRevision"],
        openapi_extra=view_deployments,
        responses={200: {"model": DeploymentRevision}, **_errors_doc(400, 401, 403, 404)},
    )
    async def get_deployment_revision(
        request: Request, project_key: ProjectKey, resource_id: ResourceId, revision: RevisionNumber
    ) -> JSONResponse:
        """Get a DeploymentRevision by Deployment id or key."""
        return _json(_engine(request).get_revision(project_key, Ref.parse(resource_id), revision))

    @router.api_route(
        unconfirmed.ROLLBACK_PATH,
        methods=[unconfirmed.ROLLBACK_METHOD],
        status_code=unconfirmed.ROLLBACK_STATUS,
        tags=["DeploymentRevision"],
        openapi_extra=manage_deployments,
        responses={unconfirmed.ROLLBACK_STATUS: {"model": Deployment}, **_errors_doc(400, 401, 403, 404, 409)},
    )
    async def rollback_deployment_revision(
        request: Request,
        project_key: ProjectKey,
        resource_id: ResourceId,
        revision: RevisionNumber,
        body: DeploymentRollback,
    ) -> JSONResponse:
        """Roll a Deployment (by id or key) back to a revision: a new version, deployed like a redeploy."""
        engine = _engine(request)
        rolled_back = engine.rollback(project_key, Ref.parse(resource_id), revision, body)
        return _json(rolled_back, unconfirmed.ROLLBACK_STATUS)


_FORM_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "grant_type": {"type": "string", "enum": ["client_credentials"]},
                        "scope": {"type": "string", "description": "Space-separated scopes."},
                    },
                    "required": ["grant_type"],
                }
            }
        },
    }
}
_INTROSPECT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {"type": "object", "properties": {"token": {"type": "string"}}, "required": ["token"]}
            }
        },
    }
}


async def _form(request: Request) -> dict[str, str]:
    # The RAML models the parameters as query parameters, the CLI sends a form body: accept both.
    values = {name: value for name, value in request.query_params.items()}
    body = await request.body()
    try:
        parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True) if body else {}
    except UnicodeDecodeError:
        raise errors.auth_error(400, "invalid_request", "The request body is not form-encoded UTF-8.") from None
    values.update({name: items[-1] for name, items in parsed.items() if items})
    return values


def build_oauth_router() -> APIRouter:
    """``POST /oauth/token`` (client credentials) and ``POST /oauth/introspect``."""
    router = APIRouter(tags=["OAuth"])
    auth_errors: dict[int | str, dict[str, Any]] = {
        400: {"model": AuthErrorResponse, "description": "Bad grant type or scope."},
        401: {"model": AuthErrorResponse, "description": "Wrong client credentials."},
    }

    @router.post(
        "/oauth/token",
        openapi_extra=_FORM_BODY,
        responses={200: {"model": TokenResponse}, **auth_errors},
    )
    async def token(request: Request) -> JSONResponse:
        """Client credentials grant."""
        form = await _form(request)
        credentials = parse_basic_authorization(request.headers.get("authorization"))
        return _json(await run_in_threadpool(_engine(request).issue_token, credentials, form))

    @router.post(
        "/oauth/introspect",
        openapi_extra=_INTROSPECT_BODY,
        responses={200: {"model": IntrospectionResponse}, **auth_errors},
    )
    async def introspect(request: Request) -> JSONResponse:
        """Token introspection."""
        form = await _form(request)
        credentials = parse_basic_authorization(request.headers.get("authorization"))
        return _json(await run_in_threadpool(_engine(request).introspect, credentials, form.get("token")))

    return router


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
    app.include_router(build_github_router(engine))
    app.include_router(oauth_router)
    app.include_router(connect_router)
    app.add_middleware(
        EmulatorMiddleware, engine=engine, faults=faults, routes=[*oauth_router.routes, *connect_router.routes]
    )
    app.openapi = _openapi(app, engine)  # type: ignore[method-assign]
    return app
