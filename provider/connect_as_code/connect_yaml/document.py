"""connect.yaml: validate it with the rules of the specification, and declare what Deployments configure.

Connect reads ``connect.yaml`` at the root of the connector's repository, at the ConnectorStaged's tag,
and derives the connector's ``configurations``, ``globalConfiguration`` and ``apiClient`` from it
(https://docs.commercetools.com/connect/development). :func:`parse_connect_yaml` applies the same rules
to a text, before Connect does, so that ``pulumi preview`` can report a bad file and check every
Deployment's configuration against the good one::

    from connect_as_code.connect_yaml.document import ConnectYamlInvalid, parse_connect_yaml

    try:
        declaration = parse_connect_yaml(text, file="connect.yaml at tag 1.0.0 of github.com/abc/x")
    except ConnectYamlInvalid as error:
        for problem in error.problems:  # every problem of the file, not just the first
            print(problem)  # <file>: deployAs[0].configuration.standardConfiguration[1].key: 'PORT' is reserved ...
    else:
        declaration.configurations_json()  # [{applicationName, applicationType, standardConfiguration, ...}]
        declaration.global_configuration_json()  # {standardConfiguration, securedConfiguration} or None

The two JSON methods give exactly the Connect API's ``ConnectorConfigurationApplication[]`` and
``ConnectorGlobalConfiguration`` (with ``required`` and ``default`` where the file writes them, as in the
API's examples), the shapes a ConnectorStaged carries, so a check written against a connector read from
the API works unchanged on a declaration read from the repository.

The rules (specification v1 of ``@commercetools-connect/specification``, which the Connect CLI applies):

* the top level holds ``deployAs`` (a list of applications) and optionally ``inheritAs``; every mapping
  is strict: an unknown field is a problem (with a did-you-mean); an optional field is left out, never
  written empty (``null``);
* an application has a ``name`` (2-256 letters, digits, ``_``, ``-``; unique in the file) and an
  ``applicationType``: ``service``, ``event``, ``job``, ``merchant-center-custom-application`` (alias
  ``mc-app``), ``merchant-center-custom-view`` or ``assets``; ``unknown`` is accepted and not deployed;
* ``service``, ``event`` and ``job`` need an ``endpoint`` (letters, digits, ``_``, ``-``, ``/``; no
  ``//``); a ``job`` needs ``properties.schedule`` (5-7 cron fields, a macro such as ``@daily``, or
  ``@every 30m``, which the specification's unanchored pattern also matches); only ``service`` and
  ``event`` may have a ``healthCheck`` (``path``, and ``intervalSeconds``, ``timeoutSeconds``,
  ``unhealthyThreshold`` from 1 to 20); only ``event`` a
  ``retryPolicy`` (``immediate``, or ``exponential-backoff`` with min/max backoff of 1-600 s, min not
  above max, ``maxAttempts`` 5-100); ``assets`` has nothing but name and type;
* ``scripts`` holds ``postDeploy`` and/or ``preUndeploy`` commands (not blank);
* a ``configuration`` holds ``standardConfiguration`` entries ``{key, description, required?,
  default?}`` and ``securedConfiguration`` entries ``{key, description, required?}``; keys are 2-256
  letters, digits or ``_``, not ``PORT``, ``K_SERVICE``, ``K_REVISION``, ``K_CONFIGURATION`` (any
  case), and appear once per block; descriptions and defaults are non-blank strings (blank as
  JavaScript's ``trim`` sees it);
* Merchant Center applications have no secured configuration (an empty list is none); a custom
  application declares ``CUSTOM_APPLICATION_ID`` and ``ENTRY_POINT_URI_PATH``, a custom view
  ``CUSTOM_VIEW_ID``, with ``required: true``; both need ``CLOUD_IDENTIFIER`` (required or with a default) unless
  ``inheritAs.configuration`` declares it required;
* ``inheritAs.configuration`` is the global configuration of every application (its keys may not be
  declared again by an application); ``inheritAs.apiClient.scopes`` (at least one, none empty) makes
  Connect
  create an API client per Deployment and hand it to the applications as ``CTP_CLIENT_*`` variables.

The YAML is read as YAML 1.2, as the specification's parser reads it (the core schema of the JavaScript
tools: ``yes`` and ``2024-01-01`` are strings, ``true`` and ``8080`` are not; unknown tags are ignored),
with PyYAML's safe loader. Duplicate keys, aliases expanding beyond the ``yaml`` package's limit and files
over :data:`MAX_CONNECT_YAML_BYTES` are refused. The verdicts are those of
``@commercetools-connect/specification`` 0.0.16 (tests/integration/test_official_validator.py compares
them), but for the stricter schedule. Importing this module loads neither httpx nor pydantic.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from connect_as_code.connect_yaml.loader import MAX_CONNECT_YAML_BYTES, load_yaml
from connect_as_code.connect_yaml.rules import (
    API_CLIENT_KEYS,
    APPLICATION_TYPE_ALIASES,
    APPLICATION_TYPES,
    BACKOFF_SECONDS_LIMITS,
    CLOUD_IDENTIFIER,
    CRON_HINT,
    CRON_MACROS,
    ENDPOINT_PATTERN,
    HEALTH_CHECK_LIMITS,
    KEY_PATTERN,
    MAX_ATTEMPTS_LIMITS,
    NAME_PATTERN,
    NOT_DEPLOYED_TYPE,
    RESERVED_KEYS,
    RETRY_STRATEGIES,
    Issue,
    _entries,
    cron_range_problem,
    document_issues,
    is_cron_schedule,
)

__all__ = [
    "API_CLIENT_KEYS",
    "APPLICATION_TYPES",
    "APPLICATION_TYPE_ALIASES",
    "BACKOFF_SECONDS_LIMITS",
    "CLOUD_IDENTIFIER",
    "CRON_HINT",
    "CRON_MACROS",
    "DEFAULT_FILE_NAME",
    "ENDPOINT_PATTERN",
    "HEALTH_CHECK_LIMITS",
    "KEY_PATTERN",
    "MAX_ATTEMPTS_LIMITS",
    "MAX_CONNECT_YAML_BYTES",
    "NAME_PATTERN",
    "NOT_DEPLOYED_TYPE",
    "RESERVED_KEYS",
    "RETRY_STRATEGIES",
    "ApplicationDeclaration",
    "ConfigurationDeclaration",
    "ConnectYamlInvalid",
    "Declaration",
    "Issue",
    "SecuredKey",
    "SpecProblem",
    "StandardKey",
    "cron_range_problem",
    "document_issues",
    "is_cron_schedule",
    "load_yaml",
    "parse_connect_yaml",
]

DEFAULT_FILE_NAME = "connect.yaml"


# --- the result --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SpecProblem:
    """One problem of a connect.yaml: the file, the path inside it, and what to do."""

    file: str
    path: str
    """Where in the file, e.g. ``deployAs[0].configuration.standardConfiguration[1].key`` or ``line 3, column 5``."""
    reason: str
    """What is wrong and how to fix it."""

    @property
    def message(self) -> str:
        """``<file>: <path>: <reason>``."""
        return f"{self.file}: {self.path}: {self.reason}"

    def __str__(self) -> str:
        return self.message


class ConnectYamlInvalid(ValueError):
    """The text is not a valid connect.yaml; :attr:`problems` lists every problem found."""

    def __init__(self, problems: Sequence[SpecProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(problem.message for problem in self.problems))


@dataclass(frozen=True)
class StandardKey:
    """A ``standardConfiguration`` entry: a plain value each Deployment gives (or the default)."""

    key: str
    description: str
    required: bool | None = None
    """As written in the file; None (not written) means not required."""
    default: str | None = None

    def as_json(self) -> dict[str, Any]:
        """The API's ``StandardConfigurationKey``: the fields the file gives, as in the API's examples."""
        entry: dict[str, Any] = {"key": self.key, "description": self.description}
        if self.required is not None:
            entry["required"] = self.required
        if self.default is not None:
            entry["default"] = self.default
        return entry


@dataclass(frozen=True)
class SecuredKey:
    """A ``securedConfiguration`` entry: a secret each Deployment gives."""

    key: str
    description: str
    required: bool | None = None
    """As written in the file; None (not written) means not required."""

    def as_json(self) -> dict[str, Any]:
        """The API's ``SecuredConfigurationKey``: the fields the file gives, as in the API's examples."""
        entry: dict[str, Any] = {"key": self.key, "description": self.description}
        if self.required is not None:
            entry["required"] = self.required
        return entry


@dataclass(frozen=True)
class ConfigurationDeclaration:
    """The keys of one configuration block (an application's, or the global one)."""

    standard: tuple[StandardKey, ...] = ()
    secured: tuple[SecuredKey, ...] = ()

    def keys(self) -> tuple[str, ...]:
        """Every key, standard first."""
        return (*(entry.key for entry in self.standard), *(entry.key for entry in self.secured))

    def as_json(self) -> dict[str, Any]:
        """``{standardConfiguration: [...], securedConfiguration: [...]}`` as the API writes them."""
        return {
            "standardConfiguration": [entry.as_json() for entry in self.standard],
            "securedConfiguration": [entry.as_json() for entry in self.secured],
        }


@dataclass(frozen=True)
class ApplicationDeclaration:
    """One application Connect deploys."""

    name: str
    application_type: str | None
    """One of :data:`APPLICATION_TYPES` (aliases resolved); None only for a connector read from the API
    whose answer leaves it out (the RAML requires it, its examples omit it)."""
    configuration: ConfigurationDeclaration = ConfigurationDeclaration()
    endpoint: str | None = None
    schedule: str | None = None
    """The cron schedule of a job (a Deployment may override it)."""

    def as_json(self) -> dict[str, Any]:
        """The API's ``ConnectorConfigurationApplication``."""
        kind = {} if self.application_type is None else {"applicationType": self.application_type}
        return {"applicationName": self.name, **kind, **self.configuration.as_json()}


@dataclass(frozen=True)
class Declaration:
    """What a valid connect.yaml declares: the applications, their keys, the global keys, the API client."""

    applications: tuple[ApplicationDeclaration, ...]
    global_configuration: ConfigurationDeclaration | None = None
    """``inheritAs.configuration``; None when the file has none."""
    api_client_scopes: tuple[str, ...] | None = None
    """``inheritAs.apiClient.scopes``; None when Connect creates no API client."""

    def application(self, name: str) -> ApplicationDeclaration | None:
        """The application named ``name``, if declared."""
        return next((app for app in self.applications if app.name == name), None)

    def configurations_json(self) -> list[dict[str, Any]]:
        """``ConnectorConfigurationApplication[]``: a ConnectorStaged's ``configurations``."""
        return [app.as_json() for app in self.applications]

    def global_configuration_json(self) -> dict[str, Any] | None:
        """``ConnectorGlobalConfiguration``: a ConnectorStaged's ``globalConfiguration``, or None."""
        return None if self.global_configuration is None else self.global_configuration.as_json()

    def connector_json(self) -> dict[str, Any]:
        """The fields a ConnectorStaged derives from the file: ``configurations``, and
        ``globalConfiguration`` and ``apiClient`` when declared."""
        fields: dict[str, Any] = {"configurations": self.configurations_json()}
        if self.global_configuration is not None:
            fields["globalConfiguration"] = self.global_configuration_json()
        if self.api_client_scopes is not None:
            fields["apiClient"] = {"scopes": list(self.api_client_scopes)}
        return fields


def parse_connect_yaml(text: str, *, file: str = DEFAULT_FILE_NAME) -> Declaration:
    """Validate a connect.yaml text and return what it declares.

    ``file`` names the file in problems (a path, or "connect.yaml at tag 1.0.0 of github.com/o/r").
    Raises :class:`ConnectYamlInvalid` with every problem found.
    """
    data, issues = load_yaml(text)
    if not issues:
        issues = list(document_issues(data))
    if issues:
        raise ConnectYamlInvalid([SpecProblem(file, path, reason) for path, reason in issues])
    return _declaration(data)


# --- the declaration of a valid document --------------------------------------------------------------


def _configuration(block: Any) -> ConfigurationDeclaration:
    return ConfigurationDeclaration(
        standard=tuple(
            StandardKey(e["key"], e["description"], e.get("required"), e.get("default"))
            for e in _entries(block, "standardConfiguration")
        ),
        secured=tuple(
            SecuredKey(e["key"], e["description"], e.get("required")) for e in _entries(block, "securedConfiguration")
        ),
    )


def _declaration(data: dict[str, Any]) -> Declaration:
    applications = tuple(
        ApplicationDeclaration(
            name=app["name"],
            application_type=APPLICATION_TYPE_ALIASES.get(app["applicationType"], app["applicationType"]),
            configuration=_configuration(app.get("configuration")),
            endpoint=app.get("endpoint"),
            schedule=(app.get("properties") or {}).get("schedule"),
        )
        for app in data["deployAs"]
        if app["applicationType"] != NOT_DEPLOYED_TYPE
    )
    inherit_as = data.get("inheritAs") or {}
    global_block = inherit_as.get("configuration")
    api_client = inherit_as.get("apiClient")
    return Declaration(
        applications=applications,
        global_configuration=None if global_block is None else _configuration(global_block),
        api_client_scopes=None if api_client is None else tuple(api_client["scopes"]),
    )
