"""Deployment: a connector running in a project, redeployed when its configuration or version changes.

The life of a Deployment, top to bottom:

* :func:`normalize_inputs` / :func:`validate` check the declaration offline, and
  :func:`check_configuration` checks its configuration against what the connector declares
  (both at ``pulumi preview``);
* :func:`draft_body` and :func:`redeploy_action` are the API bodies;
* :func:`changes` decides between nothing, a redeploy and a replacement;
* :func:`outputs_of` turns the API object into outputs. Secured values never appear there: only a salted
  hash per value, kept as a Pulumi secret, so a changed secret is noticed without being stored;
* :class:`DeploymentProvider` does the I/O: adopt by key or create, redeploy, wait for ``Deployed``,
  delete and wait until it is gone.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypedDict

import pulumi
from pulumi.dynamic import (
    CheckFailure,
    CheckResult,
    CreateResult,
    DiffResult,
    ReadResult,
    Resource,
    UpdateResult,
)

from connect_as_code import validation as v
from connect_as_code._pickle_guard import restoring_pickler
from connect_as_code._runtime import (
    ConnectProvider,
    ConnectResourceError,
    ProgressReporter,
    create_or_adopt,
    read_for_update,
    user_facing,
    write_with_one_reread,
)
from connect_as_code._shards import with_provider
from connect_as_code.settings import REGIONS
from connect_as_code.waiting import GONE, Expectation, WaitError, WaitTimedOut, wait_until

if TYPE_CHECKING:
    from connect_as_code.connect import ConnectClient
    from connect_as_code.connect import Deployment as ApiDeployment

DEFAULT_TIMEOUTS = {"deploy": 1800.0, "delete": 1800.0}
SECTIONS = ("standard", "secured")
INPUT_NAMES = (
    "key", "connector_key", "connector_id", "connector_version", "staged", "region", "deployment_type",
    "configurations", "global_configuration", "project_key", "skip_scripts", "timeouts",
    "declared_configurations", "declared_global_configuration",
)  # fmt: skip
REPLACE_ON = ("key", "connector_key", "connector_id", "staged", "region", "deployment_type", "project_key")
REDEPLOY_ON = ("configurations", "global_configuration", "connector_version")
OUTPUT_NAMES = (
    "deployment_id", "version", "status", "applications", "api_client", "build_report", "preview",
    "deployed_connector_version", "secured_hashes",
)  # fmt: skip
LOG_LINES_ON_FAILURE = 10


class ApplicationConfigArgs(TypedDict, total=False):
    """Configuration of one application: ``standard`` and ``secured`` key/value maps, optional ``schedule``."""

    standard: pulumi.Input[Mapping[str, pulumi.Input[str]]]
    secured: pulumi.Input[Mapping[str, pulumi.Input[str]]]
    schedule: pulumi.Input[str]


class GlobalConfigArgs(TypedDict, total=False):
    """Connector-wide configuration: ``standard`` and ``secured`` key/value maps."""

    standard: pulumi.Input[Mapping[str, pulumi.Input[str]]]
    secured: pulumi.Input[Mapping[str, pulumi.Input[str]]]


class TimeoutsArgs(TypedDict, total=False):
    """Seconds to wait for a deployment to become Deployed and to disappear (defaults 1800 each)."""

    deploy: pulumi.Input[float]
    delete: pulumi.Input[float]


# ---------------------------------------------------------------------------------------------------
# Pure functions


def _section_map(value: Any) -> dict[str, Any]:
    return {str(k): val for k, val in value.items()} if isinstance(value, Mapping) else {}


def _section(value: Any) -> Any:
    """A section as a plain dict; a missing one is empty, a malformed one is kept for :func:`validate`."""
    if value is None:
        return {}
    return _section_map(value) if isinstance(value, Mapping) else value


def normalize_configurations(configurations: Any) -> Any:
    """``{app: {standard: {}, secured: {}, schedule?}}`` with both sections present."""
    if not isinstance(configurations, Mapping):
        return configurations
    out: dict[str, Any] = {}
    for app, config in configurations.items():
        if not isinstance(config, Mapping):
            out[app] = config
            continue
        entry: dict[str, Any] = {section: _section(config.get(section)) for section in SECTIONS}
        entry.update({k: val for k, val in config.items() if k not in SECTIONS})
        out[app] = entry
    return out


def normalize_inputs(news: Mapping[str, Any]) -> dict[str, Any]:
    """Inputs in canonical form with defaults filled."""
    inputs = {name: news[name] for name in INPUT_NAMES if news.get(name) is not None}
    inputs.setdefault("staged", False)
    inputs.setdefault("skip_scripts", False)
    if "deployment_type" not in inputs and not v.is_unknown(inputs["staged"]):
        inputs["deployment_type"] = "preview" if inputs["staged"] else "sandbox"
    inputs["configurations"] = normalize_configurations(inputs.get("configurations", {}))
    if isinstance(inputs.get("global_configuration"), Mapping):
        inputs["global_configuration"] = {
            section: _section(inputs["global_configuration"].get(section)) for section in SECTIONS
        }
    if isinstance(inputs.get("connector_version"), float):
        inputs["connector_version"] = int(inputs["connector_version"])
    timeouts = inputs.get("timeouts")
    given = {k: val for k, val in timeouts.items() if val} if isinstance(timeouts, Mapping) else {}
    inputs["timeouts"] = {**DEFAULT_TIMEOUTS, **given}
    return inputs


def validate(inputs: Mapping[str, Any]) -> list[v.Problem]:
    """Every problem in the (normalised) inputs that can be found without the connector."""

    def known(name: str) -> bool:
        return name in inputs and not v.is_unknown(inputs[name])

    problems: list[v.Problem] = []
    if "key" not in inputs:
        problems.append(v.Problem("key", "is required: it identifies the deployment and lets create adopt it"))
    elif known("key"):
        problems += v.check_key("key", inputs["key"])
    if "connector_key" not in inputs and "connector_id" not in inputs:
        problems.append(v.Problem("connector_key", "set connector_key or connector_id (or pass connector=)"))
    if "connector_key" in inputs and "connector_id" in inputs:
        problems.append(v.Problem("connector_id", "set either connector_key or connector_id, not both"))
    if known("connector_key"):
        problems += v.check_key("connector_key", inputs["connector_key"])
    if "region" not in inputs:
        problems.append(v.Problem("region", "is required: the region to deploy to"))
    elif known("region"):
        problems += v.check_choice("region", inputs["region"], REGIONS)
    if known("deployment_type"):
        problems += v.check_choice("deployment_type", inputs["deployment_type"], v.DEPLOYMENT_TYPES)
        if known("staged") and inputs["staged"] and inputs["deployment_type"] != "preview":
            problems.append(
                v.Problem(
                    "deployment_type",
                    "a staged connector can only be deployed as 'preview'; "
                    "publish it and deploy the Connector (staged=False) for sandbox or production",
                )
            )
        if known("staged") and not inputs["staged"] and inputs["deployment_type"] == "preview":
            problems.append(v.Problem("deployment_type", "'preview' deploys a staged connector: set staged=True"))
    if known("project_key"):
        problems += v.check_project_key("project_key", inputs["project_key"])
    if known("configurations"):
        problems += _validate_shape("configurations", inputs["configurations"], per_application=True)
    if known("global_configuration"):
        problems += _validate_shape("global_configuration", {"": inputs["global_configuration"]}, per_application=False)
    for name, seconds in inputs.get("timeouts", {}).items():
        if name not in DEFAULT_TIMEOUTS:
            problems.append(v.Problem(f"timeouts.{name}", f"unknown timeout; use {', '.join(DEFAULT_TIMEOUTS)}"))
        elif not v.is_unknown(seconds):
            problems += v.check_positive_number(f"timeouts.{name}", seconds)
    return problems


def _validate_shape(prop: str, configurations: Any, *, per_application: bool) -> list[v.Problem]:
    if not isinstance(configurations, Mapping):
        return [v.Problem(prop, "must be a map of application name to {standard: {...}, secured: {...}}")]
    problems: list[v.Problem] = []
    allowed = (*SECTIONS, "schedule") if per_application else SECTIONS
    for app, config in configurations.items():
        path = f"{prop}.{app}" if per_application else prop
        if not isinstance(config, Mapping):
            problems.append(v.Problem(path, "must be a map with 'standard' and 'secured' key/value maps"))
            continue
        for name, value in config.items():
            if name not in allowed:
                problems.append(
                    v.Problem(
                        f"{path}.{name}",
                        f"unknown section; use {', '.join(allowed)}{v.suggest(name, allowed)}",
                    )
                )
            elif name == "schedule" and not v.is_unknown(value):
                problems += v.check_cron(f"{path}.schedule", value)
            elif name in SECTIONS and not v.is_unknown(value) and not isinstance(value, Mapping):
                problems.append(v.Problem(f"{path}.{name}", "must be a map of configuration key to string value"))
            elif name in SECTIONS and not v.is_unknown(value):
                problems += [
                    v.Problem(f"{path}.{name}.{k}", "value must be a string")
                    for k, val in value.items()
                    if not isinstance(val, str) and not v.is_unknown(val)
                ]
    return problems


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
    for app, declaration in declared.items():
        if app not in configurations:
            problems += _missing_required(f"configurations.{app}", {}, declaration, f"application {app!r}")
    if declared_global is not None:
        problems += _check_sections(
            "global_configuration", global_configuration or {}, declared_global, "the connector"
        )
    return problems


def _check_sections(
    path: str, config: Mapping[str, Any], declaration: Mapping[str, Any], owner: str
) -> list[v.Problem]:
    keys = {section: _declared_keys(declaration.get(f"{section}Configuration")) for section in SECTIONS}
    every_key = [*keys["standard"], *keys["secured"]]
    problems: list[v.Problem] = []
    for section in SECTIONS:
        other = "secured" if section == "standard" else "standard"
        for key in _section_map(config.get(section)):
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
        given = _section_map(config.get(section))
        for key, entry in _declared_keys(declaration.get(f"{section}Configuration")).items():
            if entry.get("required") and entry.get("default") is None and key not in given:
                described = f" ({entry['description']})" if entry.get("description") else ""
                problems.append(
                    v.Problem(f"{path}.{section}.{key}", f"{owner} requires {section} key {key}{described}")
                )
    return problems


def _values(section: Mapping[str, Any]) -> list[dict[str, str]]:
    return [{"key": key, "value": str(value)} for key, value in sorted(section.items())]


def configuration_values(configurations: Mapping[str, Any]) -> list[dict[str, Any]]:
    """DeploymentConfigurationApplication[] for the declared configuration (secured values in clear)."""
    out = []
    for app, config in sorted(configurations.items()):
        entry: dict[str, Any] = {
            "applicationName": app,
            "standardConfiguration": _values(config.get("standard", {})),
            "securedConfiguration": _values(config.get("secured", {})),
        }
        if config.get("schedule"):
            entry["schedule"] = config["schedule"]
        out.append(entry)
    return out


def global_values(global_configuration: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """DeploymentGlobalConfiguration in key/value form, or None when not declared."""
    if not global_configuration:
        return None
    return {
        "standardConfiguration": _values(global_configuration.get("standard", {})),
        "securedConfiguration": _values(global_configuration.get("secured", {})),
    }


def connector_reference(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The ConnectorReference of the declaration."""
    ref: dict[str, Any] = {"staged": bool(inputs.get("staged"))}
    if inputs.get("connector_id"):
        ref["id"] = inputs["connector_id"]
    else:
        ref["key"] = inputs["connector_key"]
    if inputs.get("connector_version") is not None:
        ref["version"] = inputs["connector_version"]
    return ref


def draft_body(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The DeploymentDraft JSON for the declaration."""
    body: dict[str, Any] = {
        "key": inputs["key"],
        "type": inputs["deployment_type"],
        "connector": connector_reference(inputs),
        "region": inputs["region"],
        "configurations": configuration_values(inputs["configurations"]),
    }
    global_configuration = global_values(inputs.get("global_configuration"))
    if global_configuration is not None:
        body["globalConfiguration"] = global_configuration
    return body


def redeploy_action(inputs: Mapping[str, Any], *, update_connector: bool) -> dict[str, Any]:
    """The ``redeploy`` update action carrying the whole declared configuration."""
    action: dict[str, Any] = {
        "action": "redeploy",
        "configurationValues": configuration_values(inputs["configurations"]),
        "skipScripts": bool(inputs.get("skip_scripts")),
        "updateConnector": update_connector,
    }
    global_configuration = global_values(inputs.get("global_configuration"))
    if global_configuration is not None:
        action["globalConfiguration"] = global_configuration
    return action


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
        out["*global*"] = {key: secret_hash(salt, "*global*", key, str(val)) for key, val in global_secured.items()}
    return out


def without_secured_values(configurations: Mapping[str, Any]) -> dict[str, Any]:
    """The configuration with each secured value replaced by ``"[secret]"``, safe to keep in outputs."""
    return {
        app: {**config, "secured": dict.fromkeys(config.get("secured", {}), "[secret]")}
        for app, config in configurations.items()
    }


def public_inputs(inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The declaration without secured values, for outputs.

    The connector's declared configuration, an input only for ``check``, is left out: repeated in the
    outputs of every deployment it would double what the state carries for nothing.
    """
    out = {k: val for k, val in inputs.items() if k not in ("declared_configurations", "declared_global_configuration")}
    out["configurations"] = without_secured_values(inputs.get("configurations", {}))
    if isinstance(inputs.get("global_configuration"), Mapping):
        out["global_configuration"] = without_secured_values({"": inputs["global_configuration"]})[""]
    return out


def changes(olds: Mapping[str, Any], news: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """``(changed properties, properties forcing a replacement)`` between stored outputs and new inputs."""
    changed = [name for name in REPLACE_ON if olds.get(name) != news.get(name)]
    replaces = list(changed)
    public_news = public_inputs(news)
    for name in REDEPLOY_ON:
        if olds.get(name) != public_news.get(name):
            changed.append(name)
    if olds.get("secured_hashes") != secured_hashes(news):
        changed.append("configurations")
    if olds.get("status") in ("Failed", "UndeployFailed"):
        changed.append("status")
    for name in ("skip_scripts", "timeouts"):
        if olds.get(name) != news.get(name):
            changed.append(name)
    return sorted(set(changed)), replaces


def needs_redeploy(current: Mapping[str, Any], olds: Mapping[str, Any], inputs: Mapping[str, Any]) -> tuple[bool, bool]:
    """``(redeploy?, with updateConnector?)`` for a deployment found in ``current`` state."""
    update_connector = (
        inputs.get("connector_version") is not None
        and (current.get("connector") or {}).get("version") != inputs["connector_version"]
    )
    public_news = public_inputs(inputs)
    config_changed = any(olds.get(name) != public_news.get(name) for name in ("configurations", "global_configuration"))
    config_changed = config_changed or olds.get("secured_hashes") != secured_hashes(inputs)
    failed = current.get("status") in ("Failed", "UndeployFailed", "Draft")
    return (update_connector or config_changed or failed), update_connector


def applications_of(current: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Per application: its id and, as the type of application gives them, url, topic and schedule."""
    return {
        app["applicationName"]: {name: app.get(name) for name in ("id", "url", "topic", "schedule") if app.get(name)}
        for app in current.get("applications") or []
    }


def outputs_of(current: Mapping[str, Any], inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The resource's outputs: the declaration without secured values, then what the API says."""
    return {
        **public_inputs(inputs),
        "deployment_id": current["id"],
        "version": current["version"],
        "status": current.get("status"),
        "applications": applications_of(current),
        "api_client": current.get("apiClient"),
        "build_report": ((current.get("details") or {}).get("build") or {}).get("report"),
        "preview": current.get("preview"),
        "deployed_connector_version": (current.get("connector") or {}).get("version"),
        "secured_hashes": secured_hashes(inputs),
    }


def inputs_from_api(current: Mapping[str, Any], declared: Mapping[str, Any]) -> dict[str, Any]:
    """The declaration as the server has it now (standard values only; secured ones cannot be read)."""
    inputs = {k: val for k, val in declared.items() if k not in ("configurations", "global_configuration")}
    configurations: dict[str, Any] = {}
    for app in current.get("applications") or []:
        entry: dict[str, Any] = {
            "standard": {item["key"]: item["value"] for item in app.get("standardConfiguration") or []},
        }
        old = (declared.get("configurations") or {}).get(app["applicationName"], {})
        entry["secured"] = old.get("secured", {})
        if old.get("schedule"):
            entry["schedule"] = app.get("schedule") or old["schedule"]
        configurations[app["applicationName"]] = entry
    inputs["configurations"] = configurations
    if "global_configuration" in declared:
        inputs["global_configuration"] = declared["global_configuration"]
    inputs["region"] = current.get("deployedRegion", declared.get("region"))
    return inputs


def report_lines(report: Mapping[str, Any] | None) -> list[str]:
    """A DeploymentReport as one line per entry: ``Error [app]: title: message``."""
    lines = []
    for entry in (report or {}).get("entries") or []:
        app = f" [{entry['application']}]" if entry.get("application") else ""
        message = f": {entry['message']}" if entry.get("message") else ""
        lines.append(f"{entry.get('type', 'Entry')}{app}: {entry.get('title', '')}{message}")
    return lines


def format_log_line(entry: Mapping[str, Any]) -> str:
    """One deployment log entry as a line: ``timestamp app severity message``."""
    details = entry.get("details")
    if isinstance(details, Mapping):
        text = details.get("message") or " ".join(
            str(details.get(k)) for k in ("requestMethod", "requestUrl", "status") if details.get(k)
        )
    else:
        text = str(details)
    return f"{entry.get('timestamp', '')} {entry.get('applicationName', '')} {entry.get('severity', '')} {text}".strip()


# ---------------------------------------------------------------------------------------------------
# I/O


def _as_json(obj: ApiDeployment) -> dict[str, Any]:
    return obj.model_dump(by_alias=True, mode="json")


class DeploymentProvider(ConnectProvider):
    """Dynamic provider for :class:`Deployment`. Holds nothing but settings read in ``configure``."""

    @user_facing
    def check(self, _olds: dict[str, Any], news: dict[str, Any]) -> CheckResult:
        inputs = normalize_inputs(news)
        problems = validate(inputs)
        if "project_key" not in inputs and not self.settings().project_key:
            problems.append(
                v.Problem(
                    "project_key", "no project to deploy to: set project_key, or connect:projectKey (CTP_PROJECT_KEY)"
                )
            )
        if not problems and not v.is_unknown(inputs["configurations"]):
            if not _olds:
                self.check_credentials()  # something will be created: the credentials must work
            declaration, note = self._declaration(inputs)
            if note:
                print(f"Deployment {inputs['key']}: {note}", file=sys.stderr, flush=True)
            if declaration is not None:
                applications, declared_global = declaration
                global_configuration = inputs.get("global_configuration")
                if v.is_unknown(global_configuration):
                    declared_global = None
                problems = check_configuration(
                    inputs["configurations"], applications, global_configuration, declared_global
                )
        return CheckResult(inputs, [CheckFailure(p.property, p.reason) for p in problems])

    def _declaration(self, inputs: Mapping[str, Any]) -> tuple[tuple[list[Any], Any] | None, str | None]:
        """The connector's declared configuration, or why it is not known; reads only."""
        if "declared_configurations" in inputs:
            declared, declared_global = inputs["declared_configurations"], inputs.get("declared_global_configuration")
            if v.is_unknown(declared):
                return None, "configuration is checked against the connector once the connector is created or updated"
            return (list(declared), None if v.is_unknown(declared_global) else declared_global), None
        reference = {k: inputs[k] for k in ("connector_id", "connector_key") if k in inputs}
        if any(v.is_unknown(value) for value in reference.values()) or v.is_unknown(inputs["staged"]):
            return None, None
        missing = self.settings().missing_credentials()
        if missing:
            return None, f"configuration not checked against the connector (no credentials: {', '.join(missing)})"
        client = self.client()
        by = {"id": reference.get("connector_id"), "key": reference.get("connector_key")}
        found = client.find_connector_staged(**by) if inputs["staged"] else client.find_connector(**by)
        if found is None:
            kind = "staged connector" if inputs["staged"] else "connector"
            name = reference.get("connector_key") or reference.get("connector_id")
            return None, f"{kind} {name!r} not found: configuration not checked before create"
        connector = found.model_dump(by_alias=True, mode="json")
        return (connector.get("configurations") or [], connector.get("globalConfiguration")), None

    @user_facing
    def diff(self, _id: str, olds: dict[str, Any], news: dict[str, Any]) -> DiffResult:
        inputs = normalize_inputs(news)
        changed, replaces = changes(olds, inputs)
        if changed:
            self.check_credentials()  # something will change: the credentials must work
        same_key = olds.get("key") == inputs.get("key") and olds.get("project_key") == inputs.get("project_key")
        return DiffResult(changes=bool(changed), replaces=replaces, delete_before_replace=bool(replaces) and same_key)

    @user_facing
    def create(self, props: dict[str, Any]) -> CreateResult:
        inputs = normalize_inputs(props)
        client = self.client()
        project_key = self.project_key(inputs.get("project_key"))
        label = f"Deployment {inputs['key']}"
        existing = client.find_deployment(key=inputs["key"], project_key=project_key)
        if existing is None:
            from connect_as_code.connect import DeploymentDraft

            draft = DeploymentDraft.model_validate(draft_body(inputs))
            created = create_or_adopt(
                lambda: client.find_deployment(key=inputs["key"], project_key=project_key),
                lambda: client.create_deployment(draft, project_key=project_key),
            )
            current = _as_json(created)
        else:
            current = _as_json(existing)
            self._ensure_same_connector(current, inputs)
            current = self._wait_settled(client, current, inputs, project_key, label)
            redeploy, update_connector = needs_redeploy(current, {}, inputs)
            if redeploy or current.get("status") != "Deployed":
                current = self._redeploy(client, current, inputs, project_key, update_connector=update_connector)
        current = self._wait_deployed(client, current, inputs, project_key, label)
        return CreateResult(current["id"], outputs_of(current, inputs))

    @user_facing
    def update(self, id_: str, olds: dict[str, Any], news: dict[str, Any]) -> UpdateResult:
        inputs = normalize_inputs(news)
        client = self.client()
        project_key = self.project_key(inputs.get("project_key"))
        label = f"Deployment {inputs['key']}"
        current = _as_json(read_for_update(label, id_, lambda: client.get_deployment(id=id_, project_key=project_key)))
        current = self._wait_settled(client, current, inputs, project_key, label)
        redeploy, update_connector = needs_redeploy(current, olds, inputs)
        if redeploy:
            current = self._redeploy(client, current, inputs, project_key, update_connector=update_connector)
            current = self._wait_deployed(client, current, inputs, project_key, label)
        return UpdateResult(outputs_of(current, inputs))

    @user_facing
    def read(self, id_: str, props: dict[str, Any]) -> ReadResult:
        declared = {name: props[name] for name in INPUT_NAMES if props.get(name) is not None}
        found = self.client().find_deployment(id=id_, project_key=self.project_key(declared.get("project_key")))
        if found is None:
            return ReadResult("", {})
        refreshed = inputs_from_api(current=_as_json(found), declared=declared)
        outputs = {**outputs_of(_as_json(found), refreshed), "secured_hashes": props.get("secured_hashes")}
        return ReadResult(id_, outputs, refreshed)

    @user_facing
    def delete(self, id_: str, props: dict[str, Any]) -> None:
        inputs = normalize_inputs(props)
        client = self.client()
        project_key = self.project_key(inputs.get("project_key"))
        label = f"Deployment {inputs.get('key', id_)}"
        from connect_as_code.connect import BadRequestError, NotFoundError

        try:
            current = _as_json(client.delete_deployment(id=id_, project_key=project_key))
        except NotFoundError:
            return
        except BadRequestError as error:
            if not error.has_code("DeploymentInvalidStatusTransition"):
                raise
            found = client.find_deployment(id=id_, project_key=project_key)  # a resent DELETE: already undeploying
            if found is None:
                return
            current = _as_json(found)
        expect = Expectation(
            pending={"Undeploying", "Deployed", "Queued", "Deploying"}, target={GONE}, failure={"UndeployFailed"}
        )
        try:
            self._poll(client, current, project_key, expect, inputs["timeouts"]["delete"], f"{label}: undeploy", label)
        except WaitError as error:
            raise self._failure(client, error, id_, project_key, label, "delete") from None

    # -- steps

    @staticmethod
    def _ensure_same_connector(current: Mapping[str, Any], inputs: Mapping[str, Any]) -> None:
        connector = current.get("connector") or {}
        wanted_id, wanted_key = inputs.get("connector_id"), inputs.get("connector_key")
        if (wanted_id and connector.get("id") != wanted_id) or (wanted_key and connector.get("key") != wanted_key):
            raise ConnectResourceError(
                f"Deployment key {inputs['key']!r} already exists and deploys connector "
                f"{connector.get('key') or connector.get('id')!r}, not {wanted_key or wanted_id!r}: choose another "
                "key, or delete that deployment first"
            )

    def _redeploy(
        self,
        client: ConnectClient,
        current: dict[str, Any],
        inputs: Mapping[str, Any],
        project_key: str,
        *,
        update_connector: bool,
    ) -> dict[str, Any]:
        action = redeploy_action(inputs, update_connector=update_connector)

        def write(obj: dict[str, Any]) -> dict[str, Any]:
            deployment = client.update_deployment(
                id=obj["id"], version=obj["version"], actions=[action], project_key=project_key
            )
            return _as_json(deployment)

        return write_with_one_reread(
            f"Deployment {inputs['key']}",
            write,
            lambda: _as_json(client.get_deployment(id=current["id"], project_key=project_key)),
            current,
        )

    def _poll(
        self,
        client: ConnectClient,
        current: dict[str, Any],
        project_key: str,
        expect: Expectation,
        timeout: float,
        what: str,
        label: str,
    ) -> dict[str, Any] | None:
        """Wait for ``expect``; ``None`` when the deployment is gone (a target only after a delete)."""
        progress = ProgressReporter(label)

        def refresh() -> dict[str, Any] | None:
            found = client.find_deployment(id=current["id"], project_key=project_key)
            return None if found is None else _as_json(found)

        return wait_until(
            refresh,
            lambda obj: str(obj.get("status")),
            expect,
            timeout=timeout,
            what=what,
            initial=current,
            on_progress=lambda p: progress(p.status, p.elapsed),
        )

    def _wait_settled(
        self,
        client: ConnectClient,
        current: dict[str, Any],
        inputs: Mapping[str, Any],
        project_key: str,
        label: str,
    ) -> dict[str, Any]:
        """Let a deployment that is being (re)deployed finish before touching it."""
        if current.get("status") not in ("Queued", "Deploying", "Undeploying"):
            return current
        expect = Expectation(
            pending={"Queued", "Deploying", "Undeploying"},
            target={"Deployed", "Failed", "UndeployFailed", "Draft"},
        )
        what = f"{label}: operation in progress"
        return _present(
            self._poll(client, current, project_key, expect, inputs["timeouts"]["deploy"], what, label), what
        )

    def _wait_deployed(
        self,
        client: ConnectClient,
        current: dict[str, Any],
        inputs: Mapping[str, Any],
        project_key: str,
        label: str,
    ) -> dict[str, Any]:
        expect = Expectation(pending={"Queued", "Deploying", "Draft"}, target={"Deployed"}, failure={"Failed"})
        what = f"{label}: deployment"
        try:
            return _present(
                self._poll(client, current, project_key, expect, inputs["timeouts"]["deploy"], what, label), what
            )
        except WaitError as error:
            raise self._failure(client, error, current["id"], project_key, label, "deploy") from None

    def _failure(
        self,
        client: ConnectClient,
        error: WaitError,
        id_: str,
        project_key: str,
        label: str,
        timeout_name: str,
    ) -> Exception:
        if isinstance(error, WaitTimedOut):
            return ConnectResourceError(
                f"{error} (deployment id {id_}, project {project_key}). It is still running on the server: run "
                f"`pulumi up` again to resume waiting, or raise timeouts.{timeout_name}."
            )
        current = error.current if isinstance(error.current, Mapping) else {}
        report = ((current.get("details") or {}).get("build") or {}).get("report")
        lines = [f"  {line}" for line in report_lines(report)]
        logs = self._last_log_lines(client, id_, project_key)
        if logs:
            lines += ["  last log lines:"] + [f"    {line}" for line in logs]
        return ConnectResourceError("\n".join([f"{label}: {error}", *lines]))

    @staticmethod
    def _last_log_lines(client: ConnectClient, id_: str, project_key: str) -> list[str]:
        try:
            page = client.get_deployment_logs(id=id_, project_key=project_key)
        except Exception:
            return []
        entries = [entry.model_dump(by_alias=True, mode="json") for entry in page.data]
        return [format_log_line(entry) for entry in entries[-LOG_LINES_ON_FAILURE:]]


def _present(found: dict[str, Any] | None, what: str) -> dict[str, Any]:
    if found is None:
        raise ConnectResourceError(f"{what}: the deployment was deleted while Pulumi waited for it")
    return found


def _secret_sections(configurations: Any) -> Any:
    """Mark every secured map as a Pulumi secret, so state stores it encrypted even if given in clear."""
    if isinstance(configurations, pulumi.Output):
        return pulumi.Output.secret(configurations)
    if not isinstance(configurations, Mapping):
        return configurations
    out: dict[str, Any] = {}
    for app, config in configurations.items():
        if isinstance(config, Mapping) and config.get("secured") is not None:
            out[app] = {**config, "secured": pulumi.Output.secret(config["secured"])}
        else:
            out[app] = config
    return out


class Deployment(Resource, module="connect", name="Deployment"):
    """A commercetools Connect Deployment of a connector into a project, waited on until Deployed.

    ``key`` identifies it (``pulumi up`` adopts an existing deployment with the same key). Changing the
    configuration, or ``connector_version``, redeploys it; changing the connector, region, type, key or
    project replaces it. Secured values are stored only as Pulumi secrets.
    """

    deployment_id: pulumi.Output[str]
    version: pulumi.Output[int]
    status: pulumi.Output[str]
    applications: pulumi.Output[dict[str, Any]]
    api_client: pulumi.Output[Any]
    build_report: pulumi.Output[Any]
    preview: pulumi.Output[bool]
    deployed_connector_version: pulumi.Output[int]
    secured_hashes: pulumi.Output[Any]
    key: pulumi.Output[str]

    def __init__(
        self,
        resource_name: str,
        *,
        key: pulumi.Input[str],
        region: pulumi.Input[str],
        configurations: pulumi.Input[Mapping[str, pulumi.Input[Mapping[str, Any]]]] | None = None,
        connector: Any | None = None,
        connector_key: pulumi.Input[str] | None = None,
        connector_id: pulumi.Input[str] | None = None,
        connector_version: pulumi.Input[int] | None = None,
        staged: pulumi.Input[bool] | None = None,
        deployment_type: pulumi.Input[str] | None = None,
        global_configuration: pulumi.Input[Mapping[str, Any]] | None = None,
        project_key: pulumi.Input[str] | None = None,
        skip_scripts: pulumi.Input[bool] = False,
        timeouts: pulumi.Input[TimeoutsArgs] | None = None,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declare a Deployment.

        Name the connector with ``connector_key`` or ``connector_id`` (``staged=True`` for a previewable
        ConnectorStaged), or pass ``connector=`` a :class:`ConnectorStaged` of the same program: its key,
        version and declared configuration are then used, so ``pulumi preview`` checks the
        configuration against it. ``configurations`` maps application names to
        ``{"standard": {...}, "secured": {...}}``.
        """
        declared_configurations = None
        declared_global = None
        if connector is not None:
            staged = True if staged is None else staged
            connector_key = connector_key or connector.key
            declared_configurations = connector.configurations
            declared_global = connector.global_configuration
            if connector_version is None:
                connector_version = connector.version if staged else connector.connector_version
        props: dict[str, Any] = {
            "key": key,
            "connector_key": connector_key,
            "connector_id": connector_id,
            "connector_version": connector_version,
            "staged": staged,
            "region": region,
            "deployment_type": deployment_type,
            "configurations": _secret_sections(configurations or {}),
            "global_configuration": _secret_sections({"": global_configuration})[""] if global_configuration else None,
            "project_key": project_key,
            "skip_scripts": skip_scripts,
            "timeouts": timeouts,
            "declared_configurations": declared_configurations,
            "declared_global_configuration": declared_global,
        }
        props.update({name: None for name in OUTPUT_NAMES})
        opts = pulumi.ResourceOptions.merge(
            with_provider(opts), pulumi.ResourceOptions(additional_secret_outputs=["secured_hashes"])
        )
        with restoring_pickler():
            super().__init__(DeploymentProvider(), resource_name, props, opts)
