"""Exception handlers: every error leaves the emulator as an ``ErrorResponse`` body, never a
traceback (the ``ErrorResponse`` type of the Connect RAML)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from connect_as_code.emulator.domain import errors
from connect_as_code.emulator.domain.errors import ApiError, JsonDict

logger = logging.getLogger("emulator")

_DETAIL_LIMIT = 500


def _location(loc: Sequence[Any]) -> str:
    parts = [str(part) for part in loc[1:]] if loc else []
    return ".".join(parts) or str(loc[0] if loc else "body")


def validation_error_objects(raw_errors: Sequence[Any]) -> list[JsonDict]:
    """Map FastAPI/pydantic validation errors to Invalid{JsonInput,QueryParam,PathParam} objects.

    Details name the location and the rule, never the value sent (it may be a secret).
    """
    objects: list[JsonDict] = []
    for error in raw_errors:
        loc = tuple(error.get("loc", ()))
        source = loc[0] if loc else "body"
        if error.get("type") == "json_invalid":
            reason = (error.get("ctx") or {}).get("error", "invalid JSON")
            detail = f"JSON decode error at position {loc[1] if len(loc) > 1 else 0}: {reason}"
        else:
            detail = f"{_location(loc)}: {error.get('msg', 'invalid value')}"
        detail = detail[:_DETAIL_LIMIT]
        if source == "query":
            objects.append(errors.invalid_query_param(detail))
        elif source == "path":
            objects.append(errors.invalid_path_param(detail))
        else:
            objects.append(errors.invalid_json_input(detail))
    return objects or [errors.invalid_json_input("invalid request")]


def error_json(error: ApiError) -> JSONResponse:
    """The response of an :class:`ApiError`."""
    return JSONResponse(error.body(), status_code=error.status_code, headers=error.headers)


async def handle_api_error(request: Request, exc: Exception) -> JSONResponse:
    """ApiError → its ErrorResponse."""
    assert isinstance(exc, ApiError)
    return error_json(exc)


async def handle_validation_error(request: Request, exc: Exception) -> JSONResponse:
    """Malformed JSON, wrong types, missing fields, bad query or path parameters → 400."""
    assert isinstance(exc, RequestValidationError)
    return error_json(ApiError(400, validation_error_objects(exc.errors())))


async def handle_http_exception(request: Request, exc: Exception) -> JSONResponse:
    """Routing and framework errors (404, 405, unparsable bodies) as ErrorResponse bodies."""
    assert isinstance(exc, StarletteHTTPException)
    headers = dict(exc.headers or {})
    if exc.status_code == 404:
        error = errors.error_object("ResourceNotFound", f"The Resource with path '{request.url.path}' was not found.")
    elif exc.status_code == 405:
        error = errors.error_object(
            "MethodNotAllowed", f"The method {request.method} is not allowed on '{request.url.path}'."
        )
    elif exc.status_code == 400:
        error = errors.invalid_json_input(str(exc.detail))
    else:
        error = errors.general(str(exc.detail))
    return error_json(ApiError(exc.status_code, [error], headers=headers))


def install_exception_handlers(app: FastAPI) -> None:
    """Register the handlers (the catch-all for anything else lives in the outer middleware)."""
    app.add_exception_handler(ApiError, handle_api_error)
    app.add_exception_handler(RequestValidationError, handle_validation_error)
    app.add_exception_handler(StarletteHTTPException, handle_http_exception)
