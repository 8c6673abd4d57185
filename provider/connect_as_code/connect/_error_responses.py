"""From an HTTP error response to the exception of the :mod:`._errors` tree that says what happened.

:func:`api_error` reads the body (JSON error objects, an OAuth error, plain text, HTML or nothing),
picks the class for the status and the error codes (:func:`error_class_for`), and blanks out any
secret the server echoes; :func:`token_endpoint_error` turns a rejected token request into
:class:`InvalidClientCredentialsError`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import ValidationError

from connect_as_code.connect._constants import ERROR_TEXT_LIMIT
from connect_as_code.connect._errors import (
    AuthenticationError,
    AuthorizationError,
    BadGatewayError,
    BadRequestError,
    ConcurrentModificationError,
    ConflictError,
    ConnectApiError,
    GeneralError,
    InvalidClientCredentialsError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    ServiceUnavailableError,
)
from connect_as_code.connect._models import ErrorObject, ErrorResponse

_REDACTED = "[redacted]"


def parse_error_body(text: str, *, reason_phrase: str = "") -> tuple[str, list[ErrorObject]]:
    """Message and error objects of an error body, which may be JSON, plain text, HTML or empty.

    An OAuth-style body (``error``/``error_description`` without ``errors``) becomes one error
    object with the OAuth code.
    """
    data = _json_or_none(text)
    if isinstance(data, dict):
        try:
            body = ErrorResponse.model_validate(data)
        except ValidationError:
            body = None
        if body is not None:
            errors = list(body.errors)
            if not errors and body.error:
                errors = [ErrorObject(code=body.error, message=body.error_description or body.message)]
            message = body.message or (errors[0].message if errors else "") or reason_phrase
            return message, errors
    return _text_summary(text) or reason_phrase, []


def error_class_for(status_code: int, codes: Iterable[str]) -> type[ConnectApiError]:
    """The exception class for an HTTP status and the error codes of its body."""
    codes = set(codes)
    by_status: dict[int, type[ConnectApiError]] = {
        400: BadRequestError,
        401: AuthenticationError,
        403: AuthorizationError,
        404: NotFoundError,
        429: RateLimitedError,
        502: BadGatewayError,
        503: ServiceUnavailableError,
        504: ServiceUnavailableError,
    }
    if status_code == 409:
        return ConcurrentModificationError if "ConcurrentModification" in codes else ConflictError
    if status_code == 500:
        return GeneralError if "General" in codes else ServerError
    if status_code in by_status:
        return by_status[status_code]
    return ServerError if status_code >= 500 else ConnectApiError


def api_error(
    status_code: int,
    text: str,
    *,
    method: str,
    path: str,
    correlation_id: str | None,
    reason_phrase: str = "",
    retry_after: float | None = None,
    sent_version: int | None = None,
    granted_scopes: Sequence[str] | None = None,
    redact: Iterable[str] = (),
) -> ConnectApiError:
    """Build the right :class:`ConnectApiError` subclass from an error response.

    ``redact`` lists values (the client secret, the access token) blanked out of every text taken
    from the body, in case a server echoes them.
    """
    secrets = [value for value in redact if value]
    message, errors = parse_error_body(_redact(text, secrets), reason_phrase=reason_phrase)
    cls = error_class_for(status_code, (error.code for error in errors))
    details: dict[type[ConnectApiError], dict[str, Any]] = {  # what the response adds to each kind of error
        ConcurrentModificationError: {"expected_version": sent_version},
        RateLimitedError: {"retry_after": retry_after},
        AuthorizationError: {"granted_scopes": granted_scopes},
    }
    return cls(
        status_code, message, errors, method=method, path=path, correlation_id=correlation_id, **details.get(cls, {})
    )


def token_endpoint_error(error: ConnectApiError, *, client_id: str) -> ConnectApiError:
    """Turn a token endpoint's 401, or 400 ``invalid_client``, into :class:`InvalidClientCredentialsError`."""
    if error.status_code == 401 or (error.status_code == 400 and error.has_code("invalid_client")):
        return InvalidClientCredentialsError(
            error.status_code,
            error.message,
            error.errors,
            client_id=client_id,
            method=error.method,
            path=error.path,
            correlation_id=error.correlation_id,
        )
    return error


def _json_or_none(text: str) -> object:
    try:
        return json.loads(text)
    except ValueError:
        return None


def _text_summary(text: str) -> str:
    stripped = text.strip()
    if not stripped or stripped.startswith("<"):
        # An HTML error page says nothing the status line does not; keep messages one line.
        return ""
    one_line = re.sub(r"\s+", " ", stripped)
    if len(one_line) > ERROR_TEXT_LIMIT:
        return one_line[: ERROR_TEXT_LIMIT - 3] + "..."
    return one_line


def _redact(text: str, secrets: Sequence[str]) -> str:
    for secret in secrets:
        text = text.replace(secret, _REDACTED)
    return text
