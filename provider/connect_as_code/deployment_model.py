"""The Deployment resource as pure functions: inputs in, API bodies and decisions out.

The life of a Deployment, top to bottom:

* :func:`normalize_inputs` / :func:`validate` check the declaration offline (at ``pulumi preview``);
  the configuration is checked against the connector's declaration by :mod:`connect_yaml.configuration_check`;
* :func:`.deployment_spec.spec_of` parses the known inputs once into a frozen spec, from which
  :func:`.deployment_spec.draft` and :func:`.deployment_spec.redeploy_action` make the typed API bodies;
* :func:`declared` works out once per operation what the outputs record of the inputs (the public inputs,
  the secured values' hashes), which the diff, :func:`needs_redeploy` and :func:`outputs_of` read;
* :func:`changes` decides between nothing, a redeploy and a replacement; :func:`needs_redeploy` decides
  what to do with a deployment found on the server. A deployment declared with ``connector=`` and no
  pinned version :func:`follows_code`: it is redeployed on the connector's latest version when the
  connector's repository or tag changes, never for a new version that changes only metadata;
* :func:`outputs_of` turns the API object into outputs. Secured values never appear there: only a salted
  hash per value, kept as a Pulumi secret, so a changed secret is noticed without being stored.

Inputs and outputs are the plain dicts Pulumi hands over; everything facing the API is typed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from connect_as_code import validation as v
from connect_as_code._runtime.timeouts import normalize_timeouts, timeout_problems
from connect_as_code._sdk_workarounds.host_diffs import leaf_changes, property_path
from connect_as_code.connect import Connector, DeploymentLog, to_json
from connect_as_code.connect import ConnectorStaged as ApiConnectorStaged
from connect_as_code.connect import Deployment as ApiDeployment
from connect_as_code.connect_yaml.configuration_check import SECTIONS, section_map
from connect_as_code.connect_yaml.rules import BACKOFF_SECONDS_LIMITS, MAX_ATTEMPTS_LIMITS
from connect_as_code.connect_yaml.source_decisions import parse_github_url
from connect_as_code.connection import connection_problems
from connect_as_code.promotion import promotion_problems
from connect_as_code.vocabulary import (
    DEPLOYMENT_NOT_RUNNING,
    DEPLOYMENT_TYPES,
    ON_FAILURE_MODES,
    REGIONS,
    DeploymentStatus,
    DeploymentType,
)

DEFAULT_TIMEOUTS = {"deploy": 1800.0, "delete": 1800.0}
INPUT_NAMES = (
    "key", "connector_key", "connector_id", "connector_version", "staged", "region", "deployment_type",
    "configurations", "global_configuration", "project_key", "skip_scripts", "timeouts", "status",
    "connector_repository", "on_failure", "redeploy_trigger", "connection", "promoted_from",
    "connector_availability",
)  # fmt: skip
INSTRUCTIONS = ("adopt",)
"""Inputs that tell ``create`` what it may do, not what the deployment is: never compared, never in outputs."""
REPLACE_ON = ("key", "connector_key", "connector_id", "staged", "region", "deployment_type", "project_key")
REDEPLOY_ON = ("configurations", "global_configuration", "connector_version", "redeploy_trigger")
OUTPUT_NAMES = (
    "deployment_id", "version", "status", "applications", "preview", "deployed_connector_version",
    "secured_hashes", "optional_outputs", "last_good",
)  # fmt: skip
SECRET_OUTPUTS = ("secured_hashes", "last_good")
"""Outputs the state keeps encrypted: hashes of secured values, and with ``on_failure="rollback"`` the
configuration last deployed successfully (secured values included), which a rollback restores."""
OPTIONAL_OUTPUTS = ("api_client", "build_report", "revision")
"""Outputs that may have no value. They travel inside ``optional_outputs``: the engine drops a top-level
output whose value is None, and a preview then shows it as unknown although nothing changes."""
CHECKED_AGAINST_CONNECTOR = (
    "configurations", "global_configuration", "connector_repository", "connector_key", "connector_id",
    "connector_version", "staged", "connector_availability", "region", "project_key",
)  # fmt: skip
"""When none of these changed since the last check, the configuration, region and project were checked
against the connector then."""
GLOBAL = "*global*"
"""The application name under which :func:`secured_hashes` keeps the global configuration's secrets."""

Inputs = dict[str, Any]


# --------------------------------------------------------------------------------- declaration


def _section(value: Any) -> Any:
    """A section as a plain dict; a missing one is empty, a malformed one is kept for :func:`validate`."""
    if value is None:
        return {}
    return section_map(value) if isinstance(value, Mapping) else value


def normalize_configurations(configurations: Any) -> Any:
    """``{app: {standard: {}, secured: {}, schedule?, retry_policy?}}`` with both sections present."""
    if not isinstance(configurations, Mapping):
        return configurations
    out: dict[str, Any] = {}
    for app, config in configurations.items():
        if not isinstance(config, Mapping):
            out[app] = config
            continue
        entry: dict[str, Any] = {section: _section(config.get(section)) for section in SECTIONS}
        entry.update({k: val for k, val in config.items() if k not in SECTIONS})
        policy = entry.get("retry_policy")
        if policy is None:
            entry.pop("retry_policy", None)  # None is an input not given
        elif isinstance(policy, Mapping):
            entry["retry_policy"] = {name: v.whole_number(val) for name, val in policy.items() if val is not None}
        out[app] = entry
    return out


def normalize_inputs(news: Mapping[str, Any]) -> Inputs:
    """Inputs in canonical form with defaults filled."""
    inputs = {name: news[name] for name in (*INPUT_NAMES, *INSTRUCTIONS) if news.get(name) is not None}
    inputs.setdefault("staged", False)
    inputs.setdefault("skip_scripts", False)
    inputs.setdefault("status", DeploymentStatus.DEPLOYED.value)
    inputs.setdefault("on_failure", "fail")
    connection = inputs.get("connection")
    if "project_key" not in inputs and isinstance(connection, Mapping) and connection.get("project_key"):
        inputs["project_key"] = connection["project_key"]  # the connection's project, unless told another
    if "deployment_type" not in inputs and not v.is_unknown(inputs["staged"]):
        inputs["deployment_type"] = DeploymentType.PREVIEW.value if inputs["staged"] else DeploymentType.SANDBOX.value
    inputs["configurations"] = normalize_configurations(inputs.get("configurations", {}))
    if isinstance(inputs.get("global_configuration"), Mapping):
        inputs["global_configuration"] = {
            section: _section(inputs["global_configuration"].get(section)) for section in SECTIONS
        }
    if "connector_version" in inputs:
        inputs["connector_version"] = v.whole_number(inputs["connector_version"])
    inputs["timeouts"] = normalize_timeouts(inputs.get("timeouts"), DEFAULT_TIMEOUTS)
    return inputs


def delete_timeout(recorded: Mapping[str, Any]) -> float:
    """How long a delete waits for the undeploy: the recorded ``timeouts.delete``, else the default."""
    timeouts = normalize_timeouts(recorded.get("timeouts"), DEFAULT_TIMEOUTS)
    return float(timeouts["delete"]) if isinstance(timeouts, Mapping) else DEFAULT_TIMEOUTS["delete"]


def validate(inputs: Mapping[str, Any]) -> list[v.Problem]:
    """Every problem in the (normalised) inputs that can be found without the connector."""
    known = v.known_in(inputs)
    problems: list[v.Problem] = []
    if "key" not in inputs:
        problems.append(v.Problem("key", "is required: it identifies the deployment in its project"))
    elif known("key"):
        problems += v.check_key("key", inputs["key"])
    if "connector_key" not in inputs and "connector_id" not in inputs:
        problems.append(v.Problem("connector_key", "set connector_key or connector_id (or pass connector=)"))
    if "connector_key" in inputs and "connector_id" in inputs:
        problems.append(v.Problem("connector_id", "set either connector_key or connector_id, not both"))
    if known("connector_key"):
        problems += v.check_key("connector_key", inputs["connector_key"])
    if known("connector_version"):
        problems += v.check_version("connector_version", inputs["connector_version"])
    if "region" not in inputs:
        problems.append(v.Problem("region", "is required: the region to deploy to"))
    elif known("region"):
        problems += v.check_choice("region", inputs["region"], REGIONS)
    if known("staged") and not isinstance(inputs["staged"], bool):
        problems.append(v.Problem("staged", f"{inputs['staged']!r} must be true or false"))
    if known("adopt") and not isinstance(inputs["adopt"], bool):
        problems.append(v.Problem("adopt", f"{inputs['adopt']!r} must be true or false"))
    if known("deployment_type"):
        problems += _deployment_type_problems(inputs)
    if known("project_key"):
        problems += v.check_project_key("project_key", inputs["project_key"])
    if known("on_failure"):
        problems += v.check_choice("on_failure", inputs["on_failure"], ON_FAILURE_MODES)
    problems += connection_problems(inputs.get("connection"))
    if known("configurations"):
        problems += _validate_shape("configurations", inputs["configurations"], per_application=True)
    if known("global_configuration"):
        problems += _validate_shape("global_configuration", {"": inputs["global_configuration"]}, per_application=False)
    if known("redeploy_trigger") and not isinstance(inputs["redeploy_trigger"], str):
        problems.append(
            v.Problem("redeploy_trigger", f"{inputs['redeploy_trigger']!r} must be a string, such as '2026-10-23'")
        )
    return problems + timeout_problems(inputs.get("timeouts"), DEFAULT_TIMEOUTS)


def _deployment_type_problems(inputs: Mapping[str, Any]) -> list[v.Problem]:
    kind = inputs["deployment_type"]
    problems = v.check_choice("deployment_type", kind, DEPLOYMENT_TYPES)
    staged = inputs.get("staged")
    if staged is True and kind != DeploymentType.PREVIEW:
        problems.append(
            v.Problem(
                "deployment_type",
                "a staged connector can only be deployed as 'preview'; "
                "publish it and deploy the Connector (staged=False) for sandbox or production",
            )
        )
    if staged is False and kind == DeploymentType.PREVIEW:
        problems.append(v.Problem("deployment_type", "'preview' deploys a staged connector: set staged=True"))
    return problems


def _validate_shape(prop: str, configurations: Any, *, per_application: bool) -> list[v.Problem]:
    if not isinstance(configurations, Mapping):
        return [v.Problem(prop, "must be a map of application name to {standard: {...}, secured: {...}}")]
    problems: list[v.Problem] = []
    allowed = (*SECTIONS, "schedule", "retry_policy") if per_application else SECTIONS
    for app, config in configurations.items():
        path = f"{prop}.{app}" if per_application else prop
        if not isinstance(config, Mapping):
            problems.append(v.Problem(path, "must be a map with 'standard' and 'secured' key/value maps"))
            continue
        for name, value in config.items():
            if name not in allowed:
                problems.append(
                    v.Problem(f"{path}.{name}", f"unknown section; use {', '.join(allowed)}{v.suggest(name, allowed)}")
                )
            elif v.is_unknown(value):
                continue
            elif name == "schedule":
                problems += v.check_cron(f"{path}.schedule", value)
            elif name == "retry_policy":
                problems += retry_policy_problems(f"{path}.retry_policy", value)
            elif not isinstance(value, Mapping):
                problems.append(v.Problem(f"{path}.{name}", "must be a map of configuration key to string value"))
            else:
                problems += [
                    v.Problem(f"{path}.{name}.{k}", "value must be a string")
                    for k, val in value.items()
                    if not isinstance(val, str) and not v.is_unknown(val)
                ]
    return problems


RETRY_POLICY_FIELDS = {
    "immediate": ("strategy",),
    "exponential-backoff": ("strategy", "min_backoff_seconds", "max_backoff_seconds", "max_attempts"),
}
"""The fields of a ``retry_policy`` per strategy (``RetryPolicy`` of the API, snake_case)."""
RETRY_POLICY_EXAMPLE = "{'strategy': 'exponential-backoff', 'min_backoff_seconds': 5, 'max_backoff_seconds': 300}"


def retry_policy_problems(path: str, policy: Any) -> list[v.Problem]:
    """A per-application ``retry_policy`` override, by the rules of connect.yaml's ``retryPolicy``.

    ``{'strategy': 'immediate'}``, or ``exponential-backoff`` with ``min_backoff_seconds`` and
    ``max_backoff_seconds`` (whole seconds 1-600, min not above max) and optionally ``max_attempts``
    (5-100). That only event applications take one is checked against the connector
    (:func:`connect_yaml.configuration_check.check_configuration`).
    """
    if not isinstance(policy, Mapping):
        return [v.Problem(path, f"must be a map such as {RETRY_POLICY_EXAMPLE}, or {{'strategy': 'immediate'}}")]
    strategy = policy.get("strategy")
    if v.is_unknown(strategy):
        return []
    if not isinstance(strategy, str) or strategy not in RETRY_POLICY_FIELDS:
        hint = v.suggest(str(strategy), RETRY_POLICY_FIELDS) if isinstance(strategy, str) else ""
        reason = "is required" if strategy is None else f"{strategy!r} is not a strategy"
        return [v.Problem(f"{path}.strategy", f"{reason}: use 'immediate' or 'exponential-backoff'{hint}")]
    allowed = RETRY_POLICY_FIELDS[strategy]
    problems = [
        v.Problem(
            f"{path}.{name}",
            f"{strategy} takes no {name}: remove it (allowed: {', '.join(allowed)}){v.suggest(str(name), allowed)}",
        )
        for name in policy
        if name not in allowed
    ]
    if strategy == "immediate":
        return problems
    limits = {
        "min_backoff_seconds": BACKOFF_SECONDS_LIMITS,
        "max_backoff_seconds": BACKOFF_SECONDS_LIMITS,
        "max_attempts": MAX_ATTEMPTS_LIMITS,
    }
    for name, (low, high) in limits.items():
        value = policy.get(name)
        if value is None:
            if name != "max_attempts":
                problems.append(v.Problem(f"{path}.{name}", f"is required for exponential-backoff: {low} to {high}"))
        elif not v.is_unknown(value) and (
            isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high
        ):
            problems.append(v.Problem(f"{path}.{name}", f"{value!r} must be a whole number from {low} to {high}"))
    shortest, longest = policy.get("min_backoff_seconds"), policy.get("max_backoff_seconds")
    if isinstance(shortest, int) and isinstance(longest, int) and shortest > longest:
        problems.append(
            v.Problem(f"{path}.min_backoff_seconds", f"{shortest} is above max_backoff_seconds {longest}: swap them")
        )
    return problems


# ------------------------------------------------------------------------------------ decisions


def secret_hash(salt: str, *path: str) -> str:
    """A salted SHA-256 of one secured value; ``salt`` is the deployment key."""
    return "sha256:" + hashlib.sha256("\0".join((salt, *path)).encode()).hexdigest()


def secured_hashes(inputs: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """``{app or '*global*': {key: hash}}`` of every secured value in the declaration."""
    salt = str(inputs.get("key", ""))
    out = {
        app: {key: secret_hash(salt, app, key, str(value)) for key, value in config.get("secured", {}).items()}
        for app, config in inputs.get("configurations", {}).items()
    }
    global_secured = (inputs.get("global_configuration") or {}).get("secured", {})
    if global_secured:
        out[GLOBAL] = {key: secret_hash(salt, GLOBAL, key, str(val)) for key, val in global_secured.items()}
    return out


def without_secured_values(configurations: Mapping[str, Any]) -> dict[str, Any]:
    """The configuration with each secured value replaced by ``"[secret]"``, safe to keep in outputs."""
    return {
        app: {**config, "secured": dict.fromkeys(config.get("secured", {}), "[secret]")}
        for app, config in configurations.items()
    }


def public_inputs(inputs: Mapping[str, Any]) -> Inputs:
    """The declaration without secured values (and without :data:`INSTRUCTIONS`), for outputs."""
    out = {name: value for name, value in inputs.items() if name not in INSTRUCTIONS}
    out["configurations"] = without_secured_values(inputs.get("configurations", {}))
    if isinstance(inputs.get("global_configuration"), Mapping):
        out["global_configuration"] = without_secured_values({"": inputs["global_configuration"]})[""]
    return out


@dataclass(frozen=True)
class Declared:
    """One operation's normalised inputs and what the outputs record of them, worked out once.

    Every decision that compares the declaration with the recorded outputs (a diff, a redeploy, an
    adoption) and the outputs themselves read it, so that an operation hashes its secured values once.
    """

    inputs: Inputs
    """The normalised inputs (:func:`normalize_inputs`)."""
    public: Inputs
    """:func:`public_inputs`: the declaration without secured values, as the outputs keep it."""
    hashes: dict[str, dict[str, str]]
    """:func:`secured_hashes`: each secured value's salted hash."""


def declared(inputs: Mapping[str, Any]) -> Declared:
    """The :class:`Declared` of normalised inputs."""
    return Declared(inputs=dict(inputs), public=public_inputs(inputs), hashes=secured_hashes(inputs))


def configuration_changed(olds: Mapping[str, Any], declaration: Declared) -> bool:
    """Whether the declared configuration (standard values, secured values by hash) differs from ``olds``."""
    public = declaration.public
    changed = any(olds.get(name) != public.get(name) for name in ("configurations", "global_configuration"))
    return changed or olds.get("secured_hashes") != declaration.hashes


def follows_code(inputs: Mapping[str, Any]) -> bool:
    """Whether the deployment runs its connector's code as declared (``connector=``, no pinned version).

    The state of a stack written before may still hold the version that ``connector=`` used to pin; it
    is not compared, so such a stack sees no change.
    """
    return "connector_version" not in inputs and inputs.get("connector_repository") is not None


def code_of(repository: Any) -> tuple[Any, Any] | None:
    """The connector code a ``connector_repository`` names: ``(url, tag)`` (the local checkout aside)."""
    if not isinstance(repository, Mapping):
        return None if repository is None else (repository, repository)
    return repository.get("url"), repository.get("tag")


def code_changed(olds: Mapping[str, Any], inputs: Mapping[str, Any]) -> bool:
    """Whether a deployment that :func:`follows_code` is declared on other code than last time."""
    return follows_code(inputs) and code_of(olds.get("connector_repository")) != code_of(inputs["connector_repository"])


def same_code(a: tuple[Any, Any] | None, b: tuple[Any, Any] | None) -> bool:
    """Whether two ``(url, tag)`` name the same code (``https://github.com/o/r.git`` is ``git@github.com:o/r``)."""
    if a is None or b is None or a[1] != b[1]:
        return a == b
    if a[0] == b[0]:
        return True
    first, second = parse_github_url(str(a[0])), parse_github_url(str(b[0]))
    return first is not None and first.same_as(second)


def deployed_code(current: ApiDeployment) -> tuple[str, str]:
    """The ``(url, tag)`` a deployment on the server runs."""
    return current.connector.repository.url, current.connector.repository.tag


def code_pending(current: ApiDeployment, inputs: Mapping[str, Any]) -> bool:
    """Whether a deployment that :func:`follows_code` runs other code than its connector declares."""
    return follows_code(inputs) and not same_code(deployed_code(current), code_of(inputs["connector_repository"]))


def _redeploy_on(inputs: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(name for name in REDEPLOY_ON if name != "connector_version" or not follows_code(inputs))


def configuration_paths(configurations: Any, global_configuration: Any) -> set[tuple[str, ...]]:
    """Every value a deployment's configuration sets, as a path: ``("configurations", app, section, key)``,
    ``("configurations", app, "schedule")`` and ``("global_configuration", section, key)``."""
    paths: set[tuple[str, ...]] = set()
    for app, config in (configurations or {}).items() if isinstance(configurations, Mapping) else ():
        if not isinstance(config, Mapping):
            continue
        if config.get("schedule"):
            paths.add(("configurations", app, "schedule"))
        for section in SECTIONS:
            values = config.get(section)
            paths.update(("configurations", app, section, key) for key in values or {} if isinstance(values, Mapping))
    if isinstance(global_configuration, Mapping):
        for section in SECTIONS:
            values = global_configuration.get(section)
            paths.update(("global_configuration", section, key) for key in values or {} if isinstance(values, Mapping))
    return paths


def removed_values(olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[tuple[str, ...]]:
    """The configuration values set before (``olds``: the recorded outputs) that ``news`` no longer declares.

    A redeploy cannot remove them: Connect keeps every value a redeploy does not send ("If omitted, any
    existing value is unchanged", the Redeploy action's specification), so only a new deployment (a
    replacement) drops them.
    """
    before = configuration_paths(olds.get("configurations"), olds.get("global_configuration"))
    after = configuration_paths(news.get("configurations"), news.get("global_configuration"))
    return sorted(path for path in before - after if not _unknown_along(news, path))


def _unknown_along(news: Mapping[str, Any], path: tuple[str, ...]) -> bool:
    """Whether a map on the way to ``path`` in ``news`` is not known yet (a preview cannot tell then)."""
    value: Any = news
    for key in path[:-1]:
        if not isinstance(value, Mapping):
            return False
        value = value.get(key)
        if not isinstance(value, Mapping) and v.is_unknown(value):
            return True
    return False


@dataclass(frozen=True)
class Comparison:
    """What a diff compares the stored outputs with, computed once from the new inputs."""

    declared: Declared
    """:func:`declared` of the new inputs."""
    removed: list[tuple[str, ...]]
    """:func:`removed_values`: what the stored outputs set and the new inputs no longer declare."""


def compare(olds: Mapping[str, Any], news: Mapping[str, Any]) -> Comparison:
    """The one comparison that :func:`changes` and :func:`detailed_changes` read."""
    return Comparison(declared=declared(news), removed=removed_values(olds, news))


def changes(
    olds: Mapping[str, Any], news: Mapping[str, Any], seen: Comparison | None = None
) -> tuple[list[str], list[str]]:
    """``(changed properties, properties forcing a replacement)`` between stored outputs and new inputs.

    A configuration value no longer declared replaces the deployment (see :func:`removed_values`).
    ``seen`` is :func:`compare` of the same arguments, when the caller has it already.
    """
    seen = seen or compare(olds, news)
    replaces = [name for name in REPLACE_ON if olds.get(name) != news.get(name)]
    replaces += sorted({path[0] for path in seen.removed})
    changed = list(replaces)
    changed += [name for name in _redeploy_on(news) if olds.get(name) != seen.declared.public.get(name)]
    if code_changed(olds, news):
        changed.append("connector_repository")
    if olds.get("secured_hashes") != seen.declared.hashes:
        changed.append("configurations")
    if olds.get("status") in DEPLOYMENT_NOT_RUNNING:
        changed.append("status")
    changed += [
        name for name in ("skip_scripts", "timeouts", "on_failure", "connection") if olds.get(name) != news.get(name)
    ]
    return sorted(set(changed)), replaces


def detailed_changes(
    olds: Mapping[str, Any], news: Mapping[str, Any], seen: Comparison | None = None
) -> dict[str, str]:
    """What a preview shows as the reasons of the change: each property path that changes, and how.

    Secured values are compared by their hashes (the outputs keep no value), a deployment the last
    refresh found not running shows its status, and a value no longer declared shows as deleted by a
    replacement (a redeploy would leave it set). Inputs that only carry the connector's repository show
    only where its URL or tag changes. ``seen`` is :func:`compare` of the same arguments, when the caller
    has it already.
    """
    seen = seen or compare(olds, news)
    detailed = {name: "update-replace" for name in REPLACE_ON if olds.get(name) != news.get(name)}
    public = seen.declared.public
    for name in (
        "configurations",
        "global_configuration",
        *(() if follows_code(news) else ("connector_version",)),
        "skip_scripts",
        "timeouts",
        "on_failure",
        "redeploy_trigger",
        "connection",
    ):
        detailed.update(leaf_changes(olds.get(name), public.get(name), name))
    detailed.update(_secured_value_changes(olds.get("secured_hashes") or {}, seen.declared.hashes))
    old_repository, new_repository = olds.get("connector_repository") or {}, news.get("connector_repository") or {}
    if isinstance(old_repository, Mapping) and isinstance(new_repository, Mapping):
        for field in ("url", "tag"):
            detailed.update(
                leaf_changes(old_repository.get(field), new_repository.get(field), "connector_repository", field)
            )
    if olds.get("status") in DEPLOYMENT_NOT_RUNNING:
        detailed["status"] = "update"
    for path in seen.removed:
        detailed[property_path(*path)] = "delete-replace"
    return detailed


def _secured_value_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, str]:
    changes: dict[str, str] = {}
    for app in sorted(set(old) & set(new)):
        prefix = ("global_configuration",) if app == GLOBAL else ("configurations", app)
        for key in sorted(set(old[app]) & set(new[app])):
            if old[app][key] != new[app][key]:
                changes[property_path(*prefix, "secured", key)] = "update"
    return changes


def trigger_pulled(olds: Mapping[str, Any], inputs: Mapping[str, Any]) -> bool:
    """Whether ``redeploy_trigger`` asks for a redeploy: it is set, to a value other than the recorded one.

    A first value counts (setting it is how one asks); removing it does not (there is nothing to redo).
    """
    trigger = inputs.get("redeploy_trigger")
    return trigger is not None and trigger != olds.get("redeploy_trigger")


def needs_redeploy(
    current: ApiDeployment, olds: Mapping[str, Any], declaration: Declared, *, code_available: bool = True
) -> tuple[bool, bool]:
    """``(redeploy?, with updateConnector?)`` for a settled deployment found on the server.

    ``olds`` are the outputs recorded for it (empty when it was just adopted, which redeploys once
    because secured values cannot be read back). ``code_available``: the connector version a redeploy
    would take runs the declared code (not so for a published Connector whose new tag waits for its
    certification).
    """
    inputs = declaration.inputs
    wanted_version = inputs.get("connector_version")
    if follows_code(inputs):
        update_connector = code_available and code_pending(current, inputs)
    else:
        update_connector = wanted_version is not None and current.connector.version != wanted_version
    not_running = current.status in DEPLOYMENT_NOT_RUNNING
    asked = not_running or configuration_changed(olds, declaration) or trigger_pulled(olds, inputs)
    return (update_connector or asked), update_connector


def adoption_baseline(current: ApiDeployment, declaration: Declared) -> Inputs:
    """What an adopted deployment is taken to run: the outputs of the declaration when everything that
    can be read matches it (standard values, which secured keys are set, the connector version), so that
    no redeploy is needed; otherwise nothing (``{}``), which redeploys it once.

    Secured values cannot be read back: when their keys match, they are taken to be the declared ones.
    A deployment interrupted by a killed run after its build finished is so taken over without a second build.
    """
    if live_differences(current, declaration.public, declaration.inputs.get("connector_version")):
        return {}
    return outputs_of(current, declaration)


# --------------------------------------------------------------------------------------- outputs


def applications_of(current: ApiDeployment) -> dict[str, dict[str, Any]]:
    """Per application: its id and, as the type of application gives them, url, topic and schedule."""
    return {
        app.application_name: {
            name: value
            for name, value in (("id", app.id), ("url", app.url), ("topic", app.topic), ("schedule", app.schedule))
            if value
        }
        for app in current.applications
    }


def last_good(inputs: Mapping[str, Any]) -> dict[str, Any] | None:
    """What a rollback restores, kept after each successful deploy when ``on_failure="rollback"``."""
    if inputs.get("on_failure") != "rollback":
        return None
    return {
        "configurations": inputs.get("configurations", {}),
        "global_configuration": inputs.get("global_configuration"),
        "skip_scripts": bool(inputs.get("skip_scripts")),
    }


def live_values(current: ApiDeployment) -> dict[str, Any]:
    """``{"configurations": ..., "global_configuration": ...}`` as the deployment has them on the server,
    in the form of the outputs (secured values as ``"[secret]"``: the API masks them, only their keys show)."""
    configurations = {
        app.application_name: {
            "standard": {item.key: item.value for item in app.standard_configuration},
            "secured": dict.fromkeys((item.key for item in app.secured_configuration), "[secret]"),
        }
        for app in current.applications
    }
    found = current.global_configuration
    global_configuration = None
    if found is not None and (found.standard_configuration or found.secured_configuration):
        global_configuration = {
            "standard": {item.key: item.value for item in found.standard_configuration or []},
            "secured": dict.fromkeys((item.key for item in found.secured_configuration or []), "[secret]"),
        }
    return {"configurations": configurations, "global_configuration": global_configuration}


def undeclared_live_values(current: ApiDeployment, inputs: Mapping[str, Any]) -> list[str]:
    """The property paths of values set on the server that the declaration does not set."""
    live = live_values(current)
    declared = configuration_paths(inputs.get("configurations"), inputs.get("global_configuration"))
    found = configuration_paths(live["configurations"], live["global_configuration"])
    return [property_path(*path) for path in sorted(found - declared)]


def live_differences(current: ApiDeployment, declaration: Mapping[str, Any], connector_version: Any) -> list[str]:
    """How the deployment on the server differs from ``declaration`` (``configurations`` and
    ``global_configuration``) and ``connector_version``: values set that it does not declare, values it
    declares that are not set, standard values that differ. Secured values can only be checked by key."""
    problems = []
    if connector_version is not None and current.connector.version != connector_version:
        problems.append(f"connector version {current.connector.version} instead of {connector_version}")
    live = live_values(current)
    found = configuration_paths(live["configurations"], live["global_configuration"])
    declared = configuration_paths(declaration.get("configurations"), declaration.get("global_configuration"))
    declared = {path for path in declared if not (path[0] == "configurations" and len(path) == 3)}  # schedules
    problems += [f"{property_path(*path)} is set" for path in sorted(found - declared)]
    problems += [f"{property_path(*path)} is not set" for path in sorted(declared - found)]
    for path in sorted(found & declared):
        if path[-2] != "standard":
            continue
        want, have = _value_at(declaration, path), _value_at(live, path)
        if want != have:
            problems.append(f"{property_path(*path)} is {have!r}, not {want!r}")
    return problems


def _value_at(document: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = document
    for key in path:
        value = (value or {}).get(key) if isinstance(value, Mapping) or value is None else None
    return value


def with_live_values(public: Mapping[str, Any], current: ApiDeployment) -> Inputs:
    """The public declaration plus every value set on the server that it does not declare.

    Outputs say what is live: a value left set (by someone else, or before an adoption) is recorded,
    and the next preview shows what removes it (a replacement, see :func:`removed_values`).
    """
    out = dict(public)
    live = live_values(current)
    configurations = {app: {**config} for app, config in (public.get("configurations") or {}).items()}
    for app, config in live["configurations"].items():
        entry = configurations.setdefault(app, {section: {} for section in SECTIONS})
        for section in SECTIONS:
            extra = {k: val for k, val in config[section].items() if k not in (entry.get(section) or {})}
            if extra:
                entry[section] = {**(entry.get(section) or {}), **extra}
        if not any(entry.get(section) for section in SECTIONS) and app not in (public.get("configurations") or {}):
            del configurations[app]
    out["configurations"] = configurations
    if live["global_configuration"] is not None:
        declared_global = public.get("global_configuration") or {section: {} for section in SECTIONS}
        merged = {
            section: {**live["global_configuration"][section], **(declared_global.get(section) or {})}
            for section in SECTIONS
        }
        if merged != declared_global:
            out["global_configuration"] = merged
    return out


def outputs_of(current: ApiDeployment, declaration: Declared, revision: int | None = None) -> Inputs:
    """The resource's outputs: the declaration without secured values, with the values set on the server
    that it does not declare (:func:`with_live_values`), then what the API says.

    ``revision`` is the number of the deployment revision now live, when it was read.
    """
    report = current.details.build.report if current.details else None
    inputs, recorded = declaration.inputs, dict(declaration.public)
    if code_pending(current, inputs):  # recorded as it runs, so that the next preview still shows the change
        url, tag = deployed_code(current)
        recorded["connector_repository"] = {**inputs["connector_repository"], "url": url, "tag": tag}
    return {
        **with_live_values(recorded, current),
        "deployment_id": current.id,
        "version": current.version,
        "status": str(current.status),
        "applications": applications_of(current),
        "preview": current.preview,
        "deployed_connector_version": current.connector.version,
        "secured_hashes": declaration.hashes,
        "optional_outputs": {
            "api_client": to_json(current.api_client) if current.api_client else None,
            "build_report": to_json(report) if report else None,
            "revision": revision,
        },
        "last_good": last_good(inputs),
    }


def promotion_gate_problems(olds: Mapping[str, Any], inputs: Mapping[str, Any]) -> list[v.Problem]:
    """The promotion gate, for a new deployment or a new connector version (a version already deployed
    here stays, whatever the environment before has moved on to)."""
    if olds and olds.get("connector_version") == inputs.get("connector_version"):
        return []
    return promotion_problems(inputs.get("connector_version"), inputs.get("promoted_from"))


def configuration_checked_before(olds: Mapping[str, Any], inputs: Mapping[str, Any]) -> bool:
    """Whether the last check saw the same configuration and connector (so it was checked then)."""
    names = [name for name in CHECKED_AGAINST_CONNECTOR if name != "connector_version" or not follows_code(inputs)]
    return bool(olds) and all(olds.get(name) == inputs.get(name) for name in names)


def inputs_from_api(current: ApiDeployment, declared: Mapping[str, Any]) -> Inputs:
    """The declaration as the server has it now (standard values only; secured ones cannot be read)."""
    inputs = {k: val for k, val in declared.items() if k not in ("configurations", "global_configuration")}
    configurations: dict[str, Any] = {}
    for app in current.applications:
        old = (declared.get("configurations") or {}).get(app.application_name, {})
        declared_secured = old.get("secured", {})
        entry: dict[str, Any] = {
            "standard": {item.key: item.value for item in app.standard_configuration},
            # the keys set on the server (their values cannot be read: a key not declared shows masked)
            "secured": {item.key: declared_secured.get(item.key, "[secret]") for item in app.secured_configuration},
        }
        if old.get("schedule"):
            entry["schedule"] = app.schedule or old["schedule"]
        if old.get("retry_policy"):
            entry["retry_policy"] = retry_policy_input(app.retry_policy) or old["retry_policy"]
        configurations[app.application_name] = entry
    inputs["configurations"] = configurations
    if "global_configuration" in declared:
        inputs["global_configuration"] = declared["global_configuration"]
    inputs["region"] = str(current.deployed_region)
    inputs["status"] = str(current.status)
    return inputs


def retry_policy_input(policy: Any) -> dict[str, Any] | None:
    """An API ``RetryPolicy`` as the ``retry_policy`` input writes it (snake_case, no empty fields)."""
    if policy is None:
        return None
    fields = ("strategy", "min_backoff_seconds", "max_backoff_seconds", "max_attempts")
    return {name: getattr(policy, name) for name in fields if getattr(policy, name, None) is not None}


def format_log_line(entry: DeploymentLog) -> str:
    """One deployment log entry as a line: ``timestamp app severity message``."""
    details = entry.details
    if isinstance(details, Mapping):
        text = details.get("message") or " ".join(
            str(details.get(k)) for k in ("requestMethod", "requestUrl", "status") if details.get(k)
        )
    else:
        text = str(details)
    return f"{to_json(entry)['timestamp']} {entry.application_name} {entry.severity} {text}".strip()


# ------------------------------------------------------------------------- where the connector may go


@dataclass(frozen=True)
class Availability:
    """Where a connector may be deployed, as far as it is known.

    ``supported_regions`` empty: any region. ``private_projects`` are project keys, and ``None`` when the
    connector is public (or its projects are not known): then any project. ``creator_project`` may
    always deploy it; when it is not known (``None``), the project is not judged.
    """

    connector: str
    supported_regions: tuple[str, ...] = ()
    private_projects: tuple[str, ...] | None = None
    creator_project: str | None = None


def _project_keys(identifiers: Any) -> tuple[str, ...]:
    """The project keys of ``<region>:<projectKey>`` identifiers."""
    return tuple(str(item).partition(":")[2] or str(item) for item in identifiers or ())


def availability_of_declaration(
    declared: Mapping[str, Any], connector: str, staged: bool, default_project: str | None
) -> Availability:
    """Where a ConnectorStaged of the program may be deployed, from its declaration.

    ``declared`` is its ``declared_availability`` (``supported_regions``, ``private_projects``,
    ``publish``, ``project_key`` of its connection). A staged connector, and a published one that is
    not submitted for certification, are private: they go only to the creator's project
    (``default_project`` when the connector has no connection of its own) and its private projects.
    """
    public = not staged and declared.get("publish") == "certification"
    return Availability(
        connector=connector,
        supported_regions=tuple(declared.get("supported_regions") or ()),
        private_projects=None if public else _project_keys(declared.get("private_projects")),
        creator_project=declared.get("project_key") or default_project,
    )


def availability_on_server(
    found: Connector | ApiConnectorStaged, staged: bool, reader_project: str | None
) -> Availability:
    """Where a connector found on the server may be deployed.

    Only a staged connector lists its ``privateProjects``; it can be read only from its creator's
    project, which is ``reader_project`` (the project of the credentials that read it).
    """
    connector = found.key or found.id
    regions = tuple(str(region) for region in found.supported_regions)  # open enums: known values or text
    if not staged or not isinstance(found, ApiConnectorStaged):
        return Availability(connector=connector, supported_regions=regions)
    return Availability(
        connector=connector,
        supported_regions=regions,
        private_projects=_project_keys(found.private_projects),
        creator_project=reader_project,
    )


def _quoted(values: Sequence[str]) -> str:
    return ", ".join(repr(value) for value in values) or "none"


def _project_problem(availability: Availability, staged: bool, region: str, project_key: str) -> str | None:
    allowed, creator = availability.private_projects, availability.creator_project
    if allowed is None or creator is None or project_key in allowed or project_key == creator:
        return None
    kind = "a staged connector" if staged else "a private connector"
    identifier = f"{region}:{project_key}"
    return (
        f"project {project_key!r} may not deploy connector {availability.connector!r}: {kind} goes only to its "
        f"private_projects ({_quoted(allowed)}) and its creator's project {creator!r}. Add {identifier!r} to the "
        "connector's private_projects, or set this deployment's project_key to one of them"
    )


def _region_problem(availability: Availability, region: str) -> str | None:
    regions = availability.supported_regions
    if not regions or region in regions:
        return None
    return (
        f"connector {availability.connector!r} does not support region {region!r} (its supported_regions: "
        f"{_quoted(regions)}). Set region to one of them, or add {region!r} to the connector's supported_regions"
    )


def availability_problems(availability: Availability, inputs: Mapping[str, Any], project_key: str) -> list[v.Problem]:
    """Why this deployment cannot go where it is declared: its region, its project (each one problem)."""
    region, staged = inputs.get("region"), bool(inputs.get("staged"))
    problems: list[v.Problem] = []
    if isinstance(region, str) and (reason := _region_problem(availability, region)) is not None:
        problems.append(v.Problem("region", reason))
    if (reason := _project_problem(availability, staged, str(region), project_key)) is not None:
        problems.append(v.Problem("project_key", reason))
    return problems


def reference_not_found_hint(availability: Availability | None, inputs: Mapping[str, Any], project_key: str) -> str:
    """What to add to ``ConnectorReferenceNotFound``: the project check's reason when it fails, else the causes."""
    if availability is not None:
        reason = _project_problem(availability, bool(inputs.get("staged")), str(inputs.get("region")), project_key)
        if reason is not None:
            return reason
    return (
        f"check that the connector version exists and that project {project_key!r} is among the connector's "
        "private_projects (a staged or private connector deploys only there and in its creator's project)"
    )
