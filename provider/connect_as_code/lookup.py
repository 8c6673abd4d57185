"""Look up an existing connector from a Pulumi program (a read-only "data source").

Use it to deploy a connector that another stack or another team publishes::

    from connect_as_code import Deployment, find_connector

    connector = find_connector(text="first connector", creator_company="abc")
    Deployment("sandbox", key="abc-sandbox", connector_id=connector["id"],
               connector_version=connector["version"], region="europe-west1.gcp", ...)

It runs in the program's process, at ``pulumi preview`` as at ``pulumi up``, with the same settings as
the resources (stack config ``connect:*``, then ``CTP_*`` environment variables), and only reads.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any, ParamSpec, TypedDict, TypeVar, Unpack

import pulumi
from pulumi.runtime import get_config

from connect_as_code._runtime.provider import client_for
from connect_as_code.connect import ConnectError, to_json
from connect_as_code.settings import CONFIG_KEYS, Settings, SettingsError, resolve

P = ParamSpec("P")
T = TypeVar("T")


class ConnectorLookupError(pulumi.RunError):
    """A connector look-up failed (bad settings, the API unreachable, or no single match).

    A :class:`pulumi.RunError`: the program ends with the message alone, without a Python traceback.
    """


class ConnectorNotFoundError(ConnectorLookupError, LookupError):
    """No connector, or more than one, matched the lookup."""


def _message_only(function: Callable[P, T]) -> Callable[P, T]:
    """Turn the settings' and the API's errors into a :class:`ConnectorLookupError` naming the look-up."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return function(*args, **kwargs)
        except (SettingsError, ConnectError) as error:
            raise ConnectorLookupError(f"find_connector: {error}") from None

    return wrapper


def _settings_from_program() -> Settings:
    config = {key: str(value) for key in CONFIG_KEYS if (value := get_config(key)) is not None}
    return resolve(config, os.environ)


@_message_only
def find_connector(
    *,
    key: str | None = None,
    id: str | None = None,
    text: str | None = None,
    creator_company: str | None = None,
    private: bool | None = None,
) -> dict[str, Any]:
    """The one published Connector matching ``key``, ``id``, or a search (``text``, company, private).

    Returns the Connector as API JSON (``id``, ``key``, ``version``, ``configurations``, ...). Raises
    :class:`ConnectorNotFoundError` when none or several match, naming the candidates, and
    :class:`ConnectorLookupError` when the settings or the API fail; either ends the program with its
    message alone (both are a :class:`pulumi.RunError`).
    """
    return find_connector_with(
        _settings_from_program(), key=key, id=id, text=text, creator_company=creator_company, private=private
    )


class ConnectorQuery(TypedDict, total=False):
    """What :func:`find_connector_with` looks for: ``key`` or ``id``, or a search (``text``, company, private)."""

    key: str | None
    id: str | None
    text: str | None
    creator_company: str | None
    private: bool | None


@_message_only
def find_connector_with(settings: Settings, **query: Unpack[ConnectorQuery]) -> dict[str, Any]:
    """:func:`find_connector` with these settings instead of the program's (the native provider's own)."""
    key, id = query.get("key"), query.get("id")
    text, creator_company, private = query.get("text"), query.get("creator_company"), query.get("private")
    client = client_for(settings)
    if key is not None or id is not None:
        found = client.find_connector(id=id, key=key)
        if found is None:
            raise ConnectorNotFoundError(f"no published connector with {'key' if key else 'id'} {key or id!r}")
        return to_json(found)
    page = client.search_connectors(text=text, creator_company=creator_company, private=private, limit=20)
    if len(page.results) != 1:
        names = ", ".join(f"{c.key or c.id} ({c.name})" for c in page.results) or "none"
        criteria = {"text": text, "creator_company": creator_company, "private": private}
        given = ", ".join(f"{k}={val!r}" for k, val in criteria.items() if val is not None)
        raise ConnectorNotFoundError(f"connector search ({given}) must match exactly one connector; matched: {names}")
    return to_json(page.results[0])
