"""The requests of the Connect client as data, and the pure helpers that build them and read their answers.

A :class:`_Call` says what to send and how it may be retried; :class:`_Ok` and :class:`_Failed` are the
outcomes of one attempt. Nothing here sends anything: the request loop (:mod:`._request_loop`) does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any, TypeAlias, TypeVar
from urllib.parse import quote

from pydantic import BaseModel, ValidationError

from connect_as_code.connect._errors import ConnectError, InvalidResponseError, NotFoundError
from connect_as_code.connect._models import to_wire
from connect_as_code.connect._policy import Failure, RequestKind

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

QueryValue: TypeAlias = str | int | float | bool | dt.datetime | Sequence[str] | None


# ------------------------------------------------------------------------------- pure helpers


def object_ref(id: str | None, key: str | None) -> str:
    """The path segment addressing one object: its URL-encoded id, or ``key=`` and its encoded key."""
    if (id is None) == (key is None):
        raise ValueError("pass exactly one of id= or key=")
    if id is not None:
        if not id:
            raise ValueError("id must not be empty")
        return quote(id, safe="")
    assert key is not None
    if not key:
        raise ValueError("key must not be empty")
    return "key=" + quote(key, safe="")


def object_route(id: str | None) -> str:
    """The route template of :func:`object_ref`, for ``on_request``."""
    return "{id}" if id is not None else "key={key}"


def revision_number(revision: int) -> int:
    """``revision`` if it is a revision number (an integer of at least 1), else :class:`ValueError`."""
    if isinstance(revision, bool) or not isinstance(revision, int) or revision < 1:
        raise ValueError(f"revision must be an integer of at least 1, not {revision!r}")
    return revision


def query_params(params: Mapping[str, QueryValue]) -> list[tuple[str, str]]:
    """Query parameters in order: ``None`` left out, sequences as repeated keys, booleans lowercase,
    datetimes as UTC ISO-8601 with milliseconds and ``Z`` (naive ones are taken as UTC)."""
    pairs: list[tuple[str, str]] = []
    for name, value in params.items():
        if value is None:
            continue
        items = list(value) if isinstance(value, list | tuple) else [value]
        pairs.extend((name, _query_value(item)) for item in items)
    return pairs


def _query_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        utc = value.astimezone(dt.UTC) if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def action_to_wire(action: BaseModel | Mapping[str, Any]) -> dict[str, Any]:
    """One update action as JSON; a mapping passes through, for actions this client does not model."""
    if isinstance(action, BaseModel):
        return to_wire(action)
    return dict(action)


def applied_version(body: object, sent_version: int) -> bool:
    """Whether a re-read object shows that an update sent with ``sent_version`` was applied."""
    version = body.get("version") if isinstance(body, dict) else None
    return isinstance(version, int | float) and not isinstance(version, bool) and version > sent_version


# ------------------------------------------------------------------------ calls and outcomes


@dataclass(frozen=True)
class _Call:
    method: str
    url: str
    path: str
    route: str
    kind: RequestKind
    params: Sequence[tuple[str, str]] = ()
    body: Any = None
    form: Mapping[str, str] | None = None
    token_endpoint: bool = False
    sent_version: int | None = None
    key: str | None = None
    reread: Callable[[], _Ok] | None = None


@dataclass(frozen=True)
class _Ok:
    body: Any
    status: int
    correlation_id: str


@dataclass(frozen=True)
class _Failed:
    error: ConnectError
    failure: Failure
    token: str | None


def _below(call: _Call, suffix: str, route_suffix: str) -> _Call:
    """The same call on a sub-resource: ``suffix`` appended to its URL and path, ``route_suffix`` to its route."""
    return replace(call, url=call.url + suffix, path=call.path + suffix, route=call.route + route_suffix)


def _parsed(name: str, parse: Callable[[], T], call: _Call, ok: _Ok) -> T:
    """``parse()`` of a response body, or :class:`InvalidResponseError` saying where it does not fit."""
    try:
        return parse()
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "body"
        raise InvalidResponseError(
            f"not a {name} ({where}: {first['msg']})",
            method=call.method,
            path=call.path,
            status_code=ok.status,
            correlation_id=ok.correlation_id,
        ) from None


def _none_if_missing(get: Callable[[], M]) -> M | None:
    """The object ``get`` reads, or ``None`` when the API answers 404."""
    try:
        return get()
    except NotFoundError:
        return None


def _as_list(value: str | Sequence[Any] | None) -> list[Any] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    return list(value)
