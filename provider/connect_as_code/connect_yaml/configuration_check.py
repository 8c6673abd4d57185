"""A deployment's configuration checked against what its connector declares (pure; runs at preview).

The declaration is the connector's ``configurations`` (a list of ConnectorConfigurationApplication, as
the API gives it and as connect.yaml declares it) and its ``globalConfiguration``; the configuration is
the Deployment's normalised ``configurations`` input (``{application: {standard: {...}, secured: {...}}}``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from connect_as_code import validation as v

SECTIONS = ("standard", "secured")


def section_map(value: Any) -> dict[str, Any]:
    """A ``standard``/``secured`` section as a plain dict (empty when absent or malformed)."""
    return {str(k): val for k, val in value.items()} if isinstance(value, Mapping) else {}


def _declared_keys(section_list: Any) -> dict[str, Mapping[str, Any]]:
    return {entry["key"]: entry for entry in section_list or [] if isinstance(entry, Mapping) and "key" in entry}


def check_configuration(
    configurations: Mapping[str, Any],
    declared_applications: Sequence[Mapping[str, Any]],
    global_configuration: Mapping[str, Any] | None = None,
    declared_global: Mapping[str, Any] | None = None,
) -> list[v.Problem]:
    """Check a deployment's configuration against the connector's declared configuration.

    Catches unknown applications and keys (with a did-you-mean), keys put in the wrong section, and
    required keys left out. ``declared_applications`` is the connector's ``configurations`` (API JSON).
    """
    declared = {app["applicationName"]: app for app in declared_applications}
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
        problems += _check_sections(f"configurations.{app}", config, declared[app], f"application {app!r}")
        problems += _retry_policy_allowed(f"configurations.{app}", config, declared[app], app)
    for app, declaration in declared.items():
        if app not in configurations:
            problems += _missing_required(f"configurations.{app}", {}, declaration, f"application {app!r}")
    if declared_global is not None:
        problems += _check_sections(
            "global_configuration", global_configuration or {}, declared_global, "the connector"
        )
    return problems


def _retry_policy_allowed(
    path: str, config: Mapping[str, Any], declaration: Mapping[str, Any], app: str
) -> list[v.Problem]:
    """Only event applications have a retry policy (release of 2026-10-23)."""
    kind = declaration.get("applicationType")
    if config.get("retry_policy") is None or kind in (None, "event"):
        return []
    return [
        v.Problem(
            f"{path}.retry_policy",
            f"application {app!r} is a {kind} application and only event applications have a retry policy: "
            "remove retry_policy",
        )
    ]


def _check_sections(
    path: str, config: Mapping[str, Any], declaration: Mapping[str, Any], owner: str
) -> list[v.Problem]:
    keys = {section: _declared_keys(declaration.get(f"{section}Configuration")) for section in SECTIONS}
    every_key = [*keys["standard"], *keys["secured"]]
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
    return problems + _missing_required(path, config, declaration, owner)


def _missing_required(
    path: str, config: Mapping[str, Any], declaration: Mapping[str, Any], owner: str
) -> list[v.Problem]:
    problems = []
    for section in SECTIONS:
        given = section_map(config.get(section))
        for key, entry in _declared_keys(declaration.get(f"{section}Configuration")).items():
            if entry.get("required") and entry.get("default") is None and key not in given:
                described = f" ({entry['description']})" if entry.get("description") else ""
                problems.append(
                    v.Problem(f"{path}.{section}.{key}", f"{owner} requires {section} key {key}{described}")
                )
    return problems
