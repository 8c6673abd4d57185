"""The OAuth routes: ``POST /oauth/token`` (client credentials grant) and ``POST /oauth/introspect``,
with their form bodies documented for ``/openapi.json``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from connect_as_code.emulator.domain import errors
from connect_as_code.emulator.domain.auth import parse_basic_authorization
from connect_as_code.emulator.http.routing import _engine, _json
from connect_as_code.emulator.models.oauth import AuthErrorResponse, IntrospectionResponse, TokenResponse

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
