"""What the Connect and OAuth routes share: :class:`ConnectRoute`, the route class that authenticates the
bearer token and checks the route's scopes before anything else, the path and query parameter types,
the documented error responses and the small request and response helpers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Annotated, Any

from fastapi import Path, Query, Request
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from pydantic import StringConstraints
from starlette.routing import Match
from starlette.types import Scope

from connect_as_code.emulator.clock import from_datetime
from connect_as_code.emulator.domain import errors
from connect_as_code.emulator.domain.auth import Access, TokenInfo, is_authorized, parse_bearer_authorization
from connect_as_code.emulator.domain.errors import ApiError, bad_request
from connect_as_code.emulator.domain.querying import SORTABLE_FIELDS
from connect_as_code.emulator.engine import Engine
from connect_as_code.emulator.models.common import ErrorResponse, IntegrationType
from connect_as_code.emulator.models.oauth import AuthErrorResponse

PROJECT_KEY = re.compile(r"^[a-zA-Z0-9_-]{2,36}$")
FEATURE = "x-emulator-feature"
MAX_INT64 = 2**63 - 1
SORT_PATTERN = rf"^\s*({'|'.join(SORTABLE_FIELDS)})(\s+(asc|desc|ASC|DESC))?\s*$"
ID_DESCRIPTION = "`id`, or `key=<key>` to address by key."


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
