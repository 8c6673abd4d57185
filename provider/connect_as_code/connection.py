"""Which project, region and API client a resource uses, when it is not the stack's own.

By default every resource of a stack uses the stack's settings (``connect:*`` config, else the ``CTP_*``
environment). A :class:`Connection` passed to a resource replaces them for that resource: an agency
deploying one connector into the projects of several clients, each with its own API client and
sometimes its own region, declares them all in one program::

    from connect_as_code import Connection, Deployment

    eu = Connection.from_config("shop-eu")   # shop-eu:projectKey, shop-eu:clientId, shop-eu:clientSecret...
    Deployment("shop-eu", key="cart", connection=eu, connector_key="abc-cart", region="europe-west1.gcp", ...)

The client secret is always a Pulumi secret (encrypted in the state). ``pulumi up`` and ``preview`` use
the connection the program declares; ``refresh`` and ``destroy`` use the one recorded at the last ``up``
unless they run the program (``--run-program``), so rotate a client's secret with a ``pulumi up`` first.
All resources, whatever their connections, are served by one provider process.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pulumi

from connect_as_code.settings import Settings, settings_from_values
from connect_as_code.validation import Problem, check_project_key, is_unknown, suggest

FIELDS = {
    # input field -> settings name (see connect_as_code.settings)
    "project_key": "projectKey",
    "client_id": "clientId",
    "client_secret": "clientSecret",
    "region": "region",
    "scopes": "scopes",
    "auth_url": "authUrl",
    "api_url": "apiUrl",
    "connect_url": "connectUrl",
}


@dataclass(frozen=True)
class Connection:
    """A project and the API client that manages Connect in it.

    ``region`` may be left out when ``auth_url`` or ``api_url`` name it (the Merchant Center's export of
    an API client gives ``CTP_AUTH_URL`` and ``CTP_API_URL``). ``connect_url`` and ``auth_url`` default to
    the region's hosts; set them for another host (an emulator, a proxy). ``scopes`` limits the token.
    """

    project_key: pulumi.Input[str]
    client_id: pulumi.Input[str]
    client_secret: pulumi.Input[str]
    region: pulumi.Input[str] | None = None
    scopes: Sequence[str] | None = None
    auth_url: pulumi.Input[str] | None = None
    api_url: pulumi.Input[str] | None = None
    connect_url: pulumi.Input[str] | None = None

    @classmethod
    def from_config(cls, namespace: str) -> Connection:
        """The connection in stack config ``<namespace>:projectKey``, ``clientId``, ``clientSecret`` (set it
        with ``--secret``), and optionally ``region``, ``scopes``, ``authUrl``, ``apiUrl``, ``connectUrl``."""
        config = pulumi.Config(namespace)
        scopes = config.get("scopes")
        return cls(
            project_key=config.require("projectKey"),
            client_id=config.require("clientId"),
            client_secret=config.require_secret("clientSecret"),
            region=config.get("region"),
            scopes=scopes.replace(",", " ").split() if scopes else None,
            auth_url=config.get("authUrl"),
            api_url=config.get("apiUrl"),
            connect_url=config.get("connectUrl"),
        )

    def as_input(self) -> dict[str, Any]:
        """The resource input: the fields given, the client secret a Pulumi secret."""
        values: dict[str, Any] = {name: getattr(self, name) for name in FIELDS if getattr(self, name) is not None}
        values["client_secret"] = pulumi.Output.secret(self.client_secret)
        if self.scopes is not None:
            values["scopes"] = list(self.scopes)
        return values


def settings_of(connection: Mapping[str, Any]) -> Settings:
    """The :class:`~connect_as_code.settings.Settings` of a ``connection`` input; its messages name the
    connection's fields (``connection.auth_url``)."""
    values: dict[str, str | None] = {}
    for field, name in FIELDS.items():
        value = connection.get(field)
        if isinstance(value, list):
            value = " ".join(str(scope) for scope in value)
        values[name] = str(value).strip() if value not in (None, "") else None
    return settings_from_values(values, lambda name: f"connection.{_FIELD_OF[name]}")


_FIELD_OF = {name: field for field, name in FIELDS.items()}
"""Settings name -> the connection field it comes from (for messages)."""


def connection_problems(connection: Any) -> list[Problem]:
    """What is wrong with a ``connection`` input, each named by its field (checked at preview)."""
    if connection is None or is_unknown(connection):
        return []
    if not isinstance(connection, Mapping):
        return [Problem("connection", "must be a Connection(project_key=..., client_id=..., client_secret=...)")]
    problems = [
        Problem(f"connection.{field}", f"is required: the {what}")
        for field, what in (("project_key", "project's key"), ("client_id", "API client's id"),
                            ("client_secret", "API client's secret"))
        if not connection.get(field)
    ]  # fmt: skip
    problems += [
        Problem(f"connection.{field}", f"unknown field; use {', '.join(FIELDS)}{suggest(str(field), FIELDS)}")
        for field in connection
        if field not in FIELDS
    ]
    if connection.get("project_key") and not is_unknown(connection["project_key"]):
        problems += check_project_key("connection.project_key", connection["project_key"])
    return problems
