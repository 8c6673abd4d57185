"""A deployment's configuration checked against what its connector declares (pure; runs at preview).

The declaration is a :class:`~connect_as_code.connect_yaml.document.Declaration`: parsed from
connect.yaml at the connector's tag, or converted once from the connector the API answers with
(:func:`declaration_of`). The configuration is the Deployment's normalised ``configurations`` input
(``{application: {standard: {...}, secured: {...}}}``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from connect_as_code import validation as v
from connect_as_code.connect import Connector, ConnectorGlobalConfiguration, ConnectorStaged
from connect_as_code.connect import SecuredConfigurationKey as ApiSecuredKey
from connect_as_code.connect import StandardConfigurationKey as ApiStandardKey
from connect_as_code.connect_yaml.document import (
    ApplicationDeclaration,
    ConfigurationDeclaration,
    Declaration,
    SecuredKey,
    StandardKey,
)

SECTIONS = ("standard", "secured")


def section_map(value: Any) -> dict[str, Any]:
    """A ``standard``/``secured`` section as a plain dict (empty when absent or malformed)."""
    return {str(k): val for k, val in value.items()} if isinstance(value, Mapping) else {}


def declaration_of(connector: Connector | ConnectorStaged) -> Declaration:
    """What a connector read from the API declares, in the type connect.yaml is parsed into."""
    applications = tuple(
        ApplicationDeclaration(
            name=app.application_name,
            application_type=app.application_type,
            configuration=_configuration_of(app.standard_configuration, app.secured_configuration),
        )
        for app in connector.configurations or ()
    )
    return Declaration(applications=applications, global_configuration=_global_of(connector.global_configuration))


def _global_of(declared: ConnectorGlobalConfiguration | None) -> ConfigurationDeclaration | None:
    if declared is None:
        return None
    return _configuration_of(declared.standard_configuration or (), declared.secured_configuration or ())


def _configuration_of(standard: Sequence[ApiStandardKey], secured: Sequence[ApiSecuredKey]) -> ConfigurationDeclaration:
    return ConfigurationDeclaration(
        standard=tuple(StandardKey(e.key, e.description, e.required, e.default) for e in standard),
        secured=tuple(SecuredKey(e.key, e.description, e.required) for e in secured),
    )


def check_configuration(
    configurations: Mapping[str, Any],
    declaration: Declaration,
    global_configuration: Mapping[str, Any] | None = None,
) -> list[v.Problem]:
    """Check a deployment's configuration against the connector's declaration.

    Catches unknown applications and keys (with a did-you-mean), keys put in the wrong section, and
    required keys left out. The global configuration is checked when the connector declares one.
    """
    declared = {app.name: app for app in declaration.applications}
    problems: list[v.Problem] = []
    for app, config in configurations.items():
        if app not in declared:
            names = ", ".join(sorted(declared)) or "none"
            problems.append(
                v.Problem(
                    f"configurations.{app}",
                    f"the connector has no application {app!r} (it declares: {names}){v.suggest(app, declared)}",
                )
            )
            continue
        owner = f"application {app!r}"
        problems += _check_sections(f"configurations.{app}", config, declared[app].configuration, owner)
        problems += _retry_policy_allowed(f"configurations.{app}", config, declared[app])
    for app, application in declared.items():
        if app not in configurations:
            keys = _declared_keys(application.configuration)
            problems += _missing_required(f"configurations.{app}", {}, keys, f"application {app!r}")
    if declaration.global_configuration is not None:
        problems += _check_sections(
            "global_configuration", global_configuration or {}, declaration.global_configuration, "the connector"
        )
    return problems


def _retry_policy_allowed(path: str, config: Mapping[str, Any], application: ApplicationDeclaration) -> list[v.Problem]:
    """Only event applications have a retry policy (release of 2026-10-23)."""
    kind = application.application_type
    if config.get("retry_policy") is None or kind in (None, "event"):
        return []
    return [
        v.Problem(
            f"{path}.retry_policy",
            f"application {application.name!r} is a {kind} application and only event applications have a "
            "retry policy: remove retry_policy",
        )
    ]


DeclaredKeys = dict[str, dict[str, StandardKey | SecuredKey]]
"""A configuration block's declared entries by section and key."""


def _declared_keys(declared: ConfigurationDeclaration) -> DeclaredKeys:
    return {
        "standard": {entry.key: entry for entry in declared.standard},
        "secured": {entry.key: entry for entry in declared.secured},
    }


def _check_sections(
    path: str, config: Mapping[str, Any], declared: ConfigurationDeclaration, owner: str
) -> list[v.Problem]:
    keys = _declared_keys(declared)
    every_key = list(declared.keys())
    problems: list[v.Problem] = []
    for section in SECTIONS:
        other = "secured" if section == "standard" else "standard"
        for key in section_map(config.get(section)):
            if key in keys[section]:
                continue
            if key in keys[other]:
                problems.append(
                    v.Problem(f"{path}.{section}.{key}", f"{key} is a {other} key of {owner}: move it to {other}")
                )
            else:
                problems.append(
                    v.Problem(
                        f"{path}.{section}.{key}",
                        f"{owner} declares no {section} configuration key {key}{v.suggest(key, every_key)}",
                    )
                )
    return problems + _missing_required(path, config, keys, owner)


def _missing_required(path: str, config: Mapping[str, Any], keys: DeclaredKeys, owner: str) -> list[v.Problem]:
    problems = []
    for section, entries in keys.items():
        given = section_map(config.get(section))
        for key, entry in entries.items():
            default = entry.default if isinstance(entry, StandardKey) else None
            if entry.required and default is None and key not in given:
                described = f" ({entry.description})" if entry.description else ""
                problems.append(
                    v.Problem(f"{path}.{section}.{key}", f"{owner} requires {section} key {key}{described}")
                )
    return problems
