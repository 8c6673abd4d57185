"""Where the providers find the Connect endpoints and credentials.

Each setting is read from the stack configuration first (namespace ``connect``, for example
``pulumi config set connect:region europe-west1.gcp`` and
``pulumi config set --secret connect:clientSecret ...``), then from the environment variables the
commercetools tools use. The first one found wins:

================  ==========================  =============================================
setting           stack config                environment
================  ==========================  =============================================
region            ``connect:region``          ``CTP_REGION``
project key       ``connect:projectKey``      ``CTP_PROJECT_KEY``
client id         ``connect:clientId``        ``CTP_CLIENT_ID``
client secret     ``connect:clientSecret``    ``CTP_CLIENT_SECRET``
scopes            ``connect:scopes``          ``CTP_SCOPES`` (space- or comma-separated)
Connect API URL   ``connect:connectUrl``      ``CTP_CONNECT_URL``, ``CTP_CLI_CONNECT_API_URL``
auth URL          ``connect:authUrl``         ``CTP_AUTH_URL``
API URL           ``connect:apiUrl``          ``CTP_API_URL`` (only to know the region)
================  ==========================  =============================================

The URLs default to ``https://connect.{region}.commercetools.com`` and
``https://auth.{region}.commercetools.com``. Without a region, it is read from the commercetools URLs
given (``https://api.{region}.commercetools.com``, ``https://auth.{region}...``), so the environment the
Merchant Center hands out for an API client (``CTP_PROJECT_KEY``, ``CTP_CLIENT_ID``,
``CTP_CLIENT_SECRET``, ``CTP_AUTH_URL``, ``CTP_API_URL``, ``CTP_SCOPES``) works as it is; URLs of
different regions, or a region that contradicts them, are an error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from connect_as_code.vocabulary import REGIONS

NAMESPACE = "connect"


_SOURCES: dict[str, tuple[str, ...]] = {
    "region": ("CTP_REGION",),
    "projectKey": ("CTP_PROJECT_KEY",),
    "clientId": ("CTP_CLIENT_ID",),
    "clientSecret": ("CTP_CLIENT_SECRET",),
    "scopes": ("CTP_SCOPES",),
    "connectUrl": ("CTP_CONNECT_URL", "CTP_CLI_CONNECT_API_URL"),
    "authUrl": ("CTP_AUTH_URL",),
    "apiUrl": ("CTP_API_URL",),
}
_REGION_IN_URL = re.compile(
    r"^https?://(?:api|auth|connect)\.(?P<region>[a-z0-9-]+\.[a-z]+)\.commercetools\.com(?:[:/]|$)"
)
CONFIG_KEYS = tuple(f"{NAMESPACE}:{name}" for name in _SOURCES)
"""Every stack config key the providers read."""


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the setting and how to fix it."""


@dataclass(frozen=True)
class Settings:
    """Resolved endpoints and credentials. ``repr`` never shows the client secret."""

    region: str | None
    project_key: str | None
    client_id: str | None
    client_secret: str | None = field(repr=False)
    scopes: tuple[str, ...] | None
    connect_url: str | None
    auth_url: str | None
    origins: Mapping[str, str] = field(default_factory=dict, compare=False)
    """For messages, by setting name: where each value given was found (``connectUrl``:
    ``CTP_CONNECT_URL``; for a region read from a URL, that URL's), else where to set it
    (``connect:authUrl (CTP_AUTH_URL)``). Not part of the settings' identity."""

    def missing_credentials(self) -> list[str]:
        """The names of the settings still needed to call the API, as ``connect:x (ENV)`` hints."""
        wanted = {"clientId": self.client_id, "clientSecret": self.client_secret}
        if self.connect_url is None or self.auth_url is None:
            wanted["region"] = self.region
        return [_hint(name) for name, value in wanted.items() if not value]

    def require_project_key(self) -> str:
        """The project key, or a :class:`SettingsError` explaining how to set it."""
        if not self.project_key:
            raise SettingsError(f"no project key: set {_hint('projectKey')} or the resource's project_key")
        return self.project_key


def _hint(name: str) -> str:
    return f"{NAMESPACE}:{name} ({' or '.join(_SOURCES[name])})"


def _first(name: str, config: Mapping[str, str], env: Mapping[str, str]) -> tuple[str, str] | None:
    """The value of setting ``name`` and where it was found (``connect:region`` or ``CTP_REGION``)."""
    value = config.get(f"{NAMESPACE}:{name}")
    if value:
        return value.strip(), f"{NAMESPACE}:{name}"
    for variable in _SOURCES[name]:
        if env.get(variable):
            return env[variable].strip(), variable
    return None


def parse_scopes(raw: str | None) -> tuple[str, ...] | None:
    """Split a scope list written with spaces, commas, or as a JSON-ish list."""
    if not raw:
        return None
    parts = [part for part in re.split(r"[\s,\[\]\"']+", raw) if part]
    return tuple(parts) or None


def region_in_url(url: str | None) -> str | None:
    """The region of a commercetools URL (``https://auth.europe-west1.gcp.commercetools.com`` ...), if any."""
    match = _REGION_IN_URL.match(url or "")
    return match.group("region") if match else None


def resolve(config: Mapping[str, str], env: Mapping[str, str]) -> Settings:
    """Resolve the settings from stack config (``connect:*`` keys) and environment variables.

    Raises :class:`SettingsError` for a value that is present but malformed (an unknown region, a URL
    that is not http(s), URLs of different regions); missing values are allowed here and reported by the
    operation that needs them.
    """
    found = {name: _first(name, config, env) for name in _SOURCES}
    values = {name: value[0] if value else None for name, value in found.items()}
    origins = {name: value[1] for name, value in found.items() if value}
    return settings_from_values(values, _hint, origins)


def settings_from_values(
    values: Mapping[str, str | None], hint: Callable[[str], str], origins: Mapping[str, str] | None = None
) -> Settings:
    """Settings from one value per setting name (``region``, ``projectKey``, ``clientId``, ...).

    ``hint(name)`` names where a setting comes from, in error messages; ``origins`` where each value
    was found (default: ``hint(name)``), kept in :attr:`Settings.origins` with :func:`_origins`.
    """
    for name in ("connectUrl", "authUrl", "apiUrl"):
        url = values.get(name)
        if url is not None and not re.match(r"^https?://[^\s/]+", url):
            raise SettingsError(f"{hint(name)} is {url!r}; it must be an http(s) URL")
    region = _region(values, hint)
    return Settings(
        region=region,
        project_key=values.get("projectKey"),
        client_id=values.get("clientId"),
        client_secret=values.get("clientSecret"),
        scopes=parse_scopes(values.get("scopes")),
        connect_url=values.get("connectUrl"),
        auth_url=values.get("authUrl"),
        origins=_origins(values, hint, origins or {}, region),
    )


def _origins(
    values: Mapping[str, str | None], hint: Callable[[str], str], found: Mapping[str, str], region: str | None
) -> dict[str, str]:
    """:attr:`Settings.origins`: where each value was found, else where to set it."""
    origins = {name: found.get(name) or hint(name) for name in _SOURCES}
    if values.get("region") is None and region is not None:
        url = next(name for name in ("apiUrl", "authUrl", "connectUrl") if region_in_url(values.get(name)) == region)
        origins["region"] = origins[url]
    return origins


def url_origin(settings: Settings, name: str, what: str) -> str:
    """What chose the ``connectUrl`` or ``authUrl`` of ``settings``, and how to choose another host.

    ``what`` names the URL in the sentence (``the Connect URL``).
    """
    where = settings.origins.get(name) or _hint(name)
    if getattr(settings, _ATTRIBUTES[name]) is not None:
        return f"{what} is set by {where}"
    region = settings.origins.get("region") or _hint("region")
    return f"{what} is the default of region {settings.region} ({region}); set {where} for another host"


_ATTRIBUTES = {"connectUrl": "connect_url", "authUrl": "auth_url"}


def _region(values: Mapping[str, str | None], hint: Callable[[str], str]) -> str | None:
    """The region given, else the one the commercetools URLs name; all of them must agree."""
    said = {name: region for name in ("apiUrl", "authUrl", "connectUrl") if (region := region_in_url(values.get(name)))}
    given = values.get("region")
    if given is not None:
        said = {"region": given, **said}
    if len(set(said.values())) > 1:
        sources = ", ".join(f"{hint(name)} says {region}" for name, region in said.items())
        raise SettingsError(f"the settings name different regions ({sources}): make them agree")
    region = next(iter(said.values()), None)
    if region is not None and region not in REGIONS:
        source = next(iter(said))
        named = "is" if source == "region" else "names the region"
        raise SettingsError(f"{hint(source)} {named} {region!r}; use one of: {', '.join(REGIONS)}")
    return region
