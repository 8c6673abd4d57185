"""Errors raised by the Connect client.

::

    ConnectError                           base of everything below
    ├── ConnectApiError                    the server answered with an error status (any 4xx/5xx)
    │   ├── BadRequestError                400 (InvalidJsonInput, DuplicateField, Deployment...)
    │   ├── AuthenticationError            401 on the Connect API, after one re-authentication
    │   │   └── InvalidClientCredentialsError   the token endpoint rejected clientId/clientSecret
    │   ├── AuthorizationError             403: the token lacks a scope
    │   ├── NotFoundError                  404
    │   ├── ConflictError                  409 without a ConcurrentModification code
    │   │   └── ConcurrentModificationError     409 ConcurrentModification: re-read and recompute
    │   ├── RateLimitedError               429 (retried; raised when the retries ran out)
    │   └── ServerError                    5xx
    │       ├── GeneralError               500 with code General (may have been applied!)
    │       ├── BadGatewayError            502 (retried)
    │       └── ServiceUnavailableError    503 and 504 (retried)
    ├── TransportError                     no HTTP answer: connection refused/reset, timeout (retried)
    ├── AmbiguousWriteError                a write whose outcome is unknown: look before retrying
    └── InvalidResponseError               a 2xx whose body is not the expected JSON

What can be caught is exactly what happened: a failure the retry policy retries (429, 502, 503, 504,
connection errors, a 500 on a read) and that outlasts it is raised as the error of its **last**
attempt, with ``attempts`` (how many were made) and ``elapsed`` (seconds since the first) set, and its
message ends with ``(gave up after N attempts in S s)``. ``except RateLimitedError`` therefore catches
a 429 that never went away. A write whose outcome stays unknown is an :class:`AmbiguousWriteError`
instead (see ``_policy.py``). Errors raised at the first attempt have ``attempts == 1``.

Every error carries the HTTP ``method``, the request ``path`` and the ``correlation_id`` sent in
``X-Correlation-ID`` (or echoed by the server), which commercetools support asks for. No error text
ever contains the client secret or an access token.

Which class an error response becomes is decided in :mod:`._error_responses`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass
from typing import Any

from connect_as_code.connect._models import ErrorObject
from connect_as_code.connect._scopes import required_scopes


class ConnectError(Exception):
    """Base of every error raised by the Connect client.

    ``attempts`` and ``elapsed`` say how many attempts the call made and how long it tried (the retry
    loop sets them when it gives up; 1 and 0.0 otherwise).
    """

    attempts: int = 1
    elapsed: float = 0.0

    def gave_up(self, attempts: int, elapsed: float) -> ConnectError:
        """Record that the retries ran out after ``attempts`` attempts and ``elapsed`` seconds; returns self."""
        self.attempts = attempts
        self.elapsed = elapsed
        return self

    def retries_note(self) -> str:
        """`` (gave up after N attempts in S s)`` when the call was retried, else empty."""
        if self.attempts <= 1:
            return ""
        return f" (gave up after {self.attempts} attempts in {self.elapsed:.1f} s)"

    def __reduce__(self) -> tuple[Any, ...]:
        # The subclasses take keyword-only arguments, which Exception's default pickling drops.
        return (_restore, (type(self), self.args, self.__dict__))


def _restore(cls: type[ConnectError], args: tuple[Any, ...], state: dict[str, Any]) -> ConnectError:
    error = cls.__new__(cls, *args)
    error.args = args
    error.__dict__.update(state)
    return error


@dataclass(eq=False, repr=False)
class ConnectApiError(ConnectError):
    """The Connect (or auth) API answered with an error status.

    Attributes: ``status_code``, ``message`` (the body's top-level message), ``errors`` (the
    :class:`ErrorObject` list), ``code`` (the first error's code, or ``None``), ``correlation_id``,
    ``method`` and ``path``. Each subclass adds the fields its kind of response carries, as
    keyword-only fields.
    """

    status_code: int
    message: str
    errors: Sequence[ErrorObject] = ()
    _: KW_ONLY
    method: str = ""
    path: str = ""
    correlation_id: str | None = None

    def __post_init__(self) -> None:
        self.errors = list(self.errors)
        Exception.__init__(self, self.status_code, self.message)

    @property
    def code(self) -> str | None:
        """Code of the first error, for example ``"DuplicateField"``."""
        return self.codes[0] if self.codes else None

    @property
    def codes(self) -> list[str]:
        """Codes of all errors, in order."""
        return [error.code for error in self.errors if error.code]

    def has_code(self, code: str) -> bool:
        """Whether any error of the response has ``code``."""
        return code in self.codes

    def error_with_code(self, code: str) -> ErrorObject | None:
        """The first error with ``code``, to read its specific fields."""
        return next((error for error in self.errors if error.code == code), None)

    def hint(self) -> str:
        """What to do about it, appended to the message; empty when there is nothing to add."""
        return ""

    def details(self) -> str:
        """``code: message (field: value, ...)`` of every error, or the top-level message when there are none.

        The fields an error carries besides its code and message (``url`` and ``tag`` of
        GitRepositoryNotReachable, ``field`` and ``value`` of FieldValueNotFound, ...) say what the
        message is about, so they are kept; the versions of a conflict are in :meth:`hint` instead.
        """
        parts = [_code_and_message(error.code, error.message) + _fields(error) for error in self.errors]
        parts = [part for part in parts if part]
        return "; ".join(parts) if parts else self.message

    def __str__(self) -> str:
        details = self.details()
        text = f"{self.method} {self.path} returned {self.status_code}"
        if details:
            text += (" " if self.code else ": ") + details
        hint = self.hint()
        if hint:
            if not hint.startswith("(") and not text.endswith((".", "!", "?")):
                text += "."
            text += " " + hint
        return text + _correlation(self.correlation_id) + self.retries_note()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self})"


class BadRequestError(ConnectApiError):
    """400: the request is invalid (see ``code``: InvalidJsonInput, DuplicateField, ...)."""


class AuthenticationError(ConnectApiError):
    """401: the token was rejected, even after fetching a new one."""


@dataclass(eq=False, repr=False, kw_only=True)
class InvalidClientCredentialsError(AuthenticationError):
    """The token endpoint rejected the client id or secret (401, or 400 ``invalid_client``).

    It is an :class:`AuthenticationError` so that ``except AuthenticationError`` covers every
    credentials problem; its message names the client id (never the secret) and what to check.
    """

    client_id: str
    method: str = "POST"

    def __str__(self) -> str:
        details = self.details()
        reason = f"{self.status_code}" + (f" ({details})" if details else "")
        return (
            f"the auth server rejected the credentials of API client {self.client_id!r}: "
            f"{self.method} {self.path} returned {reason}. Check clientId and clientSecret "
            f"(and that the API client belongs to this region)" + _correlation(self.correlation_id)
        )


@dataclass(eq=False, repr=False, kw_only=True)
class AuthorizationError(ConnectApiError):
    """403: the token is valid but lacks a scope for this call (``granted_scopes``: the token's, if known)."""

    granted_scopes: Sequence[str] | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        self.granted_scopes = tuple(self.granted_scopes) if self.granted_scopes is not None else None

    def hint(self) -> str:
        granted = " ".join(self.granted_scopes) if self.granted_scopes else "unknown"
        needed = required_scopes(self.method, self.path, self.granted_scopes)
        extra = ""
        if self.method.upper() == "POST" and self.path.rstrip("/").endswith("/deployments"):
            project = needed[0].rsplit(":", 1)[1]
            extra = f", plus manage_api_clients:{project} when the connector has an apiClient"
        return (
            f"The token lacks the scope for this call: it needs {needed[0]} (or {' or '.join(needed[1:])})"
            f"{extra}; it has: {granted}."
        )


class NotFoundError(ConnectApiError):
    """404: no object with this id or key (or it has been deleted)."""


class ConflictError(ConnectApiError):
    """409 that is not a version conflict."""


@dataclass(eq=False, repr=False, kw_only=True)
class ConcurrentModificationError(ConflictError):
    """409 ConcurrentModification: the object changed since it was read. Re-read and recompute.

    ``expected_version`` is the version the request sent and ``current_version`` the server's, when
    the body says so; the client fills ``expected_version`` from the request otherwise.
    """

    expected_version: int | None = None
    current_version: int | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        error = self.error_with_code("ConcurrentModification")
        if error and error.expected_version is not None:
            self.expected_version = error.expected_version
        if error and error.current_version is not None:
            self.current_version = error.current_version

    def hint(self) -> str:
        versions = f"expected version {_or_unknown(self.expected_version)}, "
        versions += f"current version {_or_unknown(self.current_version)}"
        return f"({versions}): re-read the object and recompute the update."


@dataclass(eq=False, repr=False, kw_only=True)
class RateLimitedError(ConnectApiError):
    """429: too many requests. ``retry_after`` is the server's ``Retry-After`` in seconds, if any."""

    retry_after: float | None = None

    def hint(self) -> str:
        return f"(retry after {self.retry_after:g} s)" if self.retry_after is not None else ""


class ServerError(ConnectApiError):
    """5xx: a problem on the server's side."""


class GeneralError(ServerError):
    """500 General: the change may have been applied anyway; re-read before retrying a write."""


class BadGatewayError(ServerError):
    """502: infrastructure scaling; retried with backoff."""


class ServiceUnavailableError(ServerError):
    """503 or 504: the service or its upstream is unavailable or timed out."""


class TransportError(ConnectError):
    """No HTTP answer: the connection failed, was reset, or timed out. ``cause`` is the httpx error.

    ``host`` is the host the request went to, ``origin`` what chose it (``the Connect URL is set by
    CTP_CONNECT_URL``), and ``unresolved`` whether the host name does not resolve; the message says them.
    """

    def __init__(
        self,
        cause: Exception,
        *,
        method: str,
        path: str,
        correlation_id: str | None = None,
        host: str | None = None,
        origin: str | None = None,
        unresolved: bool = False,
    ) -> None:
        self.cause = cause
        self.method = method
        self.path = path
        self.correlation_id = correlation_id
        self.host = host
        self.origin = origin
        self.unresolved = unresolved
        super().__init__(method, path)

    def __str__(self) -> str:
        where = f" to {self.host}" if self.host else ""
        if self.unresolved and self.host:
            reason = f"the host name {self.host!r} does not resolve"
        else:
            reason = f"{type(self.cause).__name__}: {str(self.cause) or 'no details'}"
        origin = f" ({self.origin})" if self.origin else ""
        return (
            f"{self.method} {self.path}{where} failed: {reason}{origin}"
            + _correlation(self.correlation_id)
            + self.retries_note()
        )


def is_outage(error: BaseException) -> bool:
    """Whether ``error`` means the API did not serve the call for now (no answer, 429, 5xx), so that a
    read may simply be made again later; anything else (a refusal, a missing object) is an answer."""
    return isinstance(error, TransportError | RateLimitedError | ServerError)


class AmbiguousWriteError(ConnectError):
    """A write whose outcome is unknown: it may or may not have been applied.

    Raised instead of retrying a create (which could create a second object) and when an update
    could not be checked by re-reading. The caller must look the object up (by key for a create)
    before trying again. ``cause`` is the failure that left the outcome open; ``reread_error`` the
    failure of the re-read, if one was attempted.
    """

    def __init__(
        self,
        cause: ConnectError,
        *,
        method: str,
        path: str,
        key: str | None = None,
        sent_version: int | None = None,
        reread_error: ConnectError | None = None,
    ) -> None:
        self.cause = cause
        self.method = method
        self.path = path
        self.key = key
        self.sent_version = sent_version
        self.reread_error = reread_error
        super().__init__(method, path)

    @property
    def correlation_id(self) -> str | None:
        """Correlation id of the failed write."""
        return getattr(self.cause, "correlation_id", None)

    def __str__(self) -> str:
        if self.sent_version is None:
            advice = (
                f"look the object up by key {self.key!r} before trying again"
                if self.key
                else "it has no key to look it up by, so check for a duplicate before trying again"
            )
        else:
            advice = f"re-read the object: if its version is above {self.sent_version} the update was applied"
            if self.reread_error is not None:
                advice += f" (the re-read failed: {self.reread_error})"
        return f"{self.method} {self.path} may or may not have been applied ({self.cause}); {advice}"


class InvalidResponseError(ConnectError):
    """A success status whose body could not be read as the expected object."""

    def __init__(
        self,
        reason: str,
        *,
        method: str,
        path: str,
        status_code: int,
        correlation_id: str | None = None,
    ) -> None:
        self.reason = reason
        self.method = method
        self.path = path
        self.status_code = status_code
        self.correlation_id = correlation_id
        super().__init__(reason)

    def __str__(self) -> str:
        return (
            f"{self.method} {self.path} returned {self.status_code} with an unexpected body: "
            f"{self.reason}" + _correlation(self.correlation_id)
        )


_NOT_SHOWN_AS_FIELDS = frozenset({"code", "message", "expected_version", "current_version"})


def _fields(error: ErrorObject) -> str:
    """`` (name: value, ...)`` of an error's other fields with a value, in wire names, or empty."""
    values = {**error.model_dump(by_alias=True, exclude=set(_NOT_SHOWN_AS_FIELDS), exclude_none=True)}
    shown = ", ".join(f"{name}: {value}" for name, value in values.items() if value != "")
    return f" ({shown})" if shown else ""


def _code_and_message(code: str, message: str) -> str:
    if code and message:
        return f"{code}: {message}"
    return code or message


def _correlation(correlation_id: str | None) -> str:
    return f" [correlation id: {correlation_id}]" if correlation_id else ""


def _or_unknown(value: int | None) -> str:
    return "unknown" if value is None else str(value)
