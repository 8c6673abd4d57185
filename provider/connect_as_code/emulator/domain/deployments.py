"""Deployment documents: configuration checks, snapshots, masking, lifecycle effects and logs
(pure functions; the engine does the I/O).

Secured configuration values are masked the moment they enter the emulator: the clear text is never
stored, returned or logged.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from connect_as_code.emulator.clock import to_iso
from connect_as_code.emulator.domain import errors
from connect_as_code.emulator.domain.connect_yaml import cron_out_of_range, is_valid_cron
from connect_as_code.emulator.domain.errors import ApiError
from connect_as_code.emulator.models import (
    ConfigurationValue,
    DeploymentConfigurationApplicationDraft,
    DeploymentGlobalConfigurationDraft,
)

JsonDict = dict[str, Any]

SECRET_MASK = "********"
LOG_HTTP_REQUESTS = 3
AWS_REGIONS = frozenset({"us-east-2.aws", "eu-central-1.aws"})
SNAPSHOT_FIELDS = (
    "id",
    "key",
    "version",
    "name",
    "description",
    "integrationTypes",
    "creator",
    "repository",
    "configurations",
    "globalConfiguration",
    "supportedRegions",
    "documentationUrl",
)


def mask(values: Iterable[ConfigurationValue | JsonDict]) -> list[JsonDict]:
    """Secured values as ``{key, value: "********"}``."""
    keys = [v.key if isinstance(v, ConfigurationValue) else v["key"] for v in values]
    return [{"key": key, "value": SECRET_MASK} for key in dict.fromkeys(keys)]


def plain(values: Iterable[ConfigurationValue]) -> list[JsonDict]:
    """Standard values as JSON (a repeated key keeps its last value)."""
    merged: dict[str, str] = {}
    for value in values:
        merged[value.key] = value.value
    return [{"key": key, "value": value} for key, value in merged.items()]


def snapshot(connector: JsonDict, staged: bool) -> JsonDict:
    """The DeploymentConnector embedded in a Deployment."""
    doc = {name: copy.deepcopy(connector[name]) for name in SNAPSHOT_FIELDS if connector.get(name) is not None}
    doc["certified"] = bool(connector.get("certified")) and not staged
    return doc


# --- configuration checks ----------------------------------------------------------------------------


@dataclass(frozen=True)
class StoredValues:
    """Configuration values of one application as stored: standard in clear, secured keys only."""

    standard: dict[str, str]
    secured_keys: set[str]


def _values_of(application: JsonDict) -> StoredValues:
    return StoredValues(
        {v["key"]: v["value"] for v in application.get("standardConfiguration", [])},
        {v["key"] for v in application.get("securedConfiguration", [])},
    )


def unknown_key_errors(
    spec_configurations: list[JsonDict], drafts: list[DeploymentConfigurationApplicationDraft]
) -> list[JsonDict]:
    """Unknown applications and keys among the drafts (in request order)."""
    by_name = {c["applicationName"]: c for c in spec_configurations}
    problems: list[JsonDict] = []
    for draft in drafts:
        spec = by_name.get(draft.application_name)
        if spec is None:
            problems.append(errors.deployment_unknown_application_configuration(draft.application_name))
            continue
        standard_keys = {k["key"] for k in spec["standardConfiguration"]}
        secured_keys = {k["key"] for k in spec["securedConfiguration"]}
        for value in draft.standard_configuration:
            if value.key not in standard_keys:
                problems.append(
                    errors.deployment_unknown_application_configuration_key(
                        "standard", value.key, draft.application_name
                    )
                )
        for value in draft.secured_configuration:
            if value.key not in secured_keys:
                problems.append(
                    errors.deployment_unknown_application_configuration_key("secret", value.key, draft.application_name)
                )
    return problems


def schedule_errors(
    internal_applications: list[JsonDict], drafts: list[DeploymentConfigurationApplicationDraft]
) -> list[JsonDict]:
    """Invalid ``schedule`` overrides of job applications."""
    jobs = {a["name"] for a in internal_applications if a["applicationType"] == "job"}
    problems = []
    for d in drafts:
        if d.application_name not in jobs or d.schedule is None:
            continue
        reason = None if is_valid_cron(d.schedule) else "is not a valid cron expression"
        out_of_range = cron_out_of_range(d.schedule) if reason is None else None
        if out_of_range is not None:
            reason = f"is not a valid cron expression: {out_of_range}"
        if reason is not None:
            problems.append(
                errors.invalid_json_input(f"configurations.{d.application_name}.schedule: '{d.schedule}' {reason}")
            )
    return problems


def missing_required_errors(spec_configurations: list[JsonDict], applications: list[JsonDict]) -> list[JsonDict]:
    """Required application keys without a default that have no (or an empty) value."""
    stored = {a["applicationName"]: _values_of(a) for a in applications}
    problems: list[JsonDict] = []
    for spec in spec_configurations:
        name = spec["applicationName"]
        values = stored.get(name, StoredValues({}, set()))
        for key in spec["standardConfiguration"]:
            if key.get("required") and key.get("default") is None and not values.standard.get(key["key"]):
                problems.append(
                    errors.field_value_not_found(f"configurations.{name}.standardConfiguration", key["key"])
                )
        for key in spec["securedConfiguration"]:
            if key.get("required") and key["key"] not in values.secured_keys:
                problems.append(errors.field_value_not_found(f"configurations.{name}.securedConfiguration", key["key"]))
    return problems


def global_errors(
    spec: JsonDict | None, stored: JsonDict | None, given: DeploymentGlobalConfigurationDraft | None
) -> list[JsonDict]:
    """Checks of the global configuration: unknown keys, then missing or empty required keys.

    ``stored`` is the merged global configuration as it will be saved; ``given`` the request's part.
    """
    spec = spec or {}
    standard_spec = {k["key"]: k for k in spec.get("standardConfiguration") or []}
    secured_spec = {k["key"]: k for k in spec.get("securedConfiguration") or []}
    problems: list[JsonDict] = []
    if given is not None:
        for value in given.standard_configuration or []:
            if value.key not in standard_spec:
                problems.append(errors.deployment_unknown_global_configuration_key("standard", value.key))
        for value in given.secured_configuration or []:
            if value.key not in secured_spec:
                problems.append(errors.deployment_unknown_global_configuration_key("secret", value.key))
        if problems:
            return problems
    stored = stored or {}
    standard_values = {v["key"]: v["value"] for v in stored.get("standardConfiguration") or []}
    secured_keys = {v["key"] for v in stored.get("securedConfiguration") or []}
    empty_secured = {v.key for v in (given.secured_configuration or []) if not v.value} if given else set()
    for key, entry in standard_spec.items():
        if not entry.get("required") or entry.get("default") is not None:
            continue
        if key not in standard_values:
            problems.append(errors.deployment_missing_global_configuration_key("standard", key))
        elif not standard_values[key]:
            problems.append(errors.deployment_empty_required_global_configuration_key("standard", key))
    for key, entry in secured_spec.items():
        if not entry.get("required"):
            continue
        if key in empty_secured:
            problems.append(errors.deployment_empty_required_global_configuration_key("secret", key))
        elif key not in secured_keys:
            problems.append(errors.deployment_missing_global_configuration_key("secret", key))
    return problems


def empty_required_secured(
    spec_configurations: list[JsonDict], drafts: list[DeploymentConfigurationApplicationDraft]
) -> list[JsonDict]:
    """Required secured application keys sent with an empty value (their value is masked once stored)."""
    required = {
        (c["applicationName"], k["key"])
        for c in spec_configurations
        for k in c["securedConfiguration"]
        if k.get("required")
    }
    return [
        errors.field_value_not_found(f"configurations.{d.application_name}.securedConfiguration", v.key)
        for d in drafts
        for v in d.secured_configuration
        if (d.application_name, v.key) in required and not v.value
    ]


# --- building and changing documents -----------------------------------------------------------------


def merge_application(current: JsonDict, draft: DeploymentConfigurationApplicationDraft) -> JsonDict:
    """An application's stored values with a draft's values merged in by key (the draft wins)."""
    standard = {v["key"]: v["value"] for v in current.get("standardConfiguration", [])}
    standard.update({v["key"]: v["value"] for v in plain(draft.standard_configuration)})
    secured = dict.fromkeys(v["key"] for v in current.get("securedConfiguration", []))
    secured.update(dict.fromkeys(v.key for v in draft.secured_configuration))
    merged = {
        **current,
        "standardConfiguration": [{"key": k, "value": v} for k, v in standard.items()],
        "securedConfiguration": mask({"key": k} for k in secured),
    }
    if draft.schedule is not None and "schedule" in current:
        merged["schedule"] = draft.schedule
        merged["_scheduleOverride"] = True
    return merged


def merge_global(current: JsonDict | None, draft: DeploymentGlobalConfigurationDraft | None) -> JsonDict | None:
    """The stored global configuration with a draft merged in by key."""
    if draft is None:
        return copy.deepcopy(current)
    current = current or {}
    standard = {v["key"]: v["value"] for v in current.get("standardConfiguration") or []}
    standard.update({v["key"]: v["value"] for v in plain(draft.standard_configuration or [])})
    secured = dict.fromkeys(v["key"] for v in current.get("securedConfiguration") or [])
    secured.update(dict.fromkeys(v.key for v in draft.secured_configuration or []))
    return {
        "standardConfiguration": [{"key": k, "value": v} for k, v in standard.items()],
        "securedConfiguration": mask({"key": k} for k in secured),
    }


def build_applications(
    internal_applications: list[JsonDict],
    previous: list[JsonDict],
    drafts: list[DeploymentConfigurationApplicationDraft],
) -> list[JsonDict]:
    """ApplicationDeployment entries for every application of the connector.

    Previous entries keep their id, values, url and topic (keys the connector no longer declares
    are dropped by :func:`prune_unknown_keys`); draft values are merged in by key.
    """
    by_name = {a["applicationName"]: a for a in previous}
    drafts_by_name: dict[str, list[DeploymentConfigurationApplicationDraft]] = {}
    for draft in drafts:
        drafts_by_name.setdefault(draft.application_name, []).append(draft)
    applications: list[JsonDict] = []
    for spec in internal_applications:
        name = spec["name"]
        entry = copy.deepcopy(by_name.get(name)) or {
            "id": str(uuid.uuid4()),
            "applicationName": name,
            "standardConfiguration": [],
            "securedConfiguration": [],
        }
        if spec["applicationType"] == "job":
            if not entry.get("_scheduleOverride"):
                entry["schedule"] = spec.get("schedule") or "@daily"
        else:
            entry.pop("schedule", None)
            entry.pop("_scheduleOverride", None)
        for draft in drafts_by_name.get(name, []):
            entry = merge_application(entry, draft)
        applications.append(unconfirmed_retry_policy(entry, spec, drafts_by_name.get(name, [])))
    return applications


def unconfirmed_retry_policy(
    entry: JsonDict, spec: JsonDict, drafts: list[DeploymentConfigurationApplicationDraft]
) -> JsonDict:
    """The retry policy in effect on an event application's ApplicationDeployment.

    Confirmed (release of 2026-10-23): a Deployment overrides connect.yaml's ``retryPolicy`` with the
    ``retryPolicy`` of DeploymentConfigurationApplication at create and redeploy, and ApplicationDeployment
    carries the field. Inferred: the field shows the policy in effect (the override, else connect.yaml's,
    else none), and an application's configuration sent again without ``retryPolicy`` goes back to
    connect.yaml's, because the configuration of a version is what was sent for it (an application not
    sent keeps its policy).
    """
    if drafts:
        override = drafts[-1].retry_policy
        entry["_retryPolicyOverride"] = copy.deepcopy(override) if override is not None else None
    in_effect = entry.get("_retryPolicyOverride") or spec.get("retryPolicy")
    if spec["applicationType"] == "event" and in_effect:
        entry["retryPolicy"] = copy.deepcopy(in_effect)
    else:
        entry.pop("retryPolicy", None)
    return entry


def prune_unknown_keys(applications: list[JsonDict], spec_configurations: list[JsonDict]) -> list[JsonDict]:
    """Drop stored values of keys the connector's configuration no longer declares."""
    by_name = {c["applicationName"]: c for c in spec_configurations}
    pruned: list[JsonDict] = []
    for application in applications:
        spec = by_name.get(application["applicationName"], {"standardConfiguration": [], "securedConfiguration": []})
        standard_keys = {k["key"] for k in spec["standardConfiguration"]}
        secured_keys = {k["key"] for k in spec["securedConfiguration"]}
        pruned.append(
            {
                **application,
                "standardConfiguration": [v for v in application["standardConfiguration"] if v["key"] in standard_keys],
                "securedConfiguration": [v for v in application["securedConfiguration"] if v["key"] in secured_keys],
            }
        )
    return pruned


def prune_global(stored: JsonDict | None, spec: JsonDict | None) -> JsonDict | None:
    """Drop global values whose key the connector no longer declares."""
    if stored is None:
        return None
    spec = spec or {}
    standard_keys = {k["key"] for k in spec.get("standardConfiguration") or []}
    secured_keys = {k["key"] for k in spec.get("securedConfiguration") or []}
    return {
        "standardConfiguration": [v for v in stored.get("standardConfiguration") or [] if v["key"] in standard_keys],
        "securedConfiguration": [v for v in stored.get("securedConfiguration") or [] if v["key"] in secured_keys],
    }


def raise_if(problems: list[JsonDict]) -> None:
    """Raise a 400 carrying every problem, if there is any."""
    if problems:
        raise ApiError(400, problems)


def public_application(application: JsonDict) -> JsonDict:
    """An ApplicationDeployment without private keys."""
    return {k: v for k, v in application.items() if not k.startswith("_")}


def public_deployment(doc: JsonDict) -> JsonDict:
    """The Deployment as the API shows it."""
    view = {k: v for k, v in doc.items() if not k.startswith("_")}
    view["applications"] = [public_application(a) for a in doc["applications"]]
    return view


def service_url(application_id: str, region: str) -> str:
    """URL of a deployed service application."""
    return f"https://service-{application_id}.{region}.commercetools.app"


def event_topic(deployment_id: str, application_name: str) -> str:
    """Pub/Sub topic of a deployed event application."""
    return f"projects/ct-connect-emulator/topics/connect-{deployment_id[:8]}-{application_name}"


# --- lifecycle effects ---------------------------------------------------------------------------------


def start_build(doc: JsonDict) -> None:
    """A new build (create or redeploy): new build id, empty report."""
    doc["details"] = {"build": {"id": str(uuid.uuid4()), "report": {"entries": []}}}


def _entries(entries: list[JsonDict], at: float) -> list[JsonDict]:
    created = to_iso(at)
    return [_drop_none({**e, "createdAt": created}) for e in entries]


def _drop_none(doc: JsonDict) -> JsonDict:
    return {k: v for k, v in doc.items() if v is not None}


def on_deployed(doc: JsonDict, at: float, scripted_report: list[JsonDict]) -> None:
    """Status Deployed: URLs and topics appear, the build report is filled."""
    region = doc["deployedRegion"]
    types = {a["name"]: a["applicationType"] for a in doc["_applications"]}
    for application in doc["applications"]:
        kind = types.get(application["applicationName"])
        if kind == "service":
            application.setdefault("url", service_url(application["id"], region))
        if kind == "event":
            application.setdefault("topic", event_topic(doc["id"], application["applicationName"]))
    doc["details"]["build"]["report"] = {"entries": _entries(scripted_report, at)}


def on_failed(doc: JsonDict, at: float, scripted_report: list[JsonDict]) -> None:
    """Status Failed: an Error entry unless the script gave the report."""
    first = doc["applications"][0]["applicationName"] if doc["applications"] else None
    entries = scripted_report or [{"type": "Error", "title": "Failed to build the application", "application": first}]
    doc["details"]["build"]["report"] = {"entries": _entries(entries, at)}


def on_undeploy_failed(doc: JsonDict, at: float, scripted_report: list[JsonDict]) -> None:
    """Status UndeployFailed: an Error entry unless the script gave the report."""
    entries = scripted_report or [{"type": "Error", "title": "Failed to undeploy the Deployment"}]
    doc["details"]["build"]["report"] = {"entries": _entries(entries, at)}


# --- revisions -----------------------------------------------------------------------------------------


def revision_record(doc: JsonDict, number: int, at: float) -> JsonDict:
    """What a DeploymentRevision keeps of a Deployment version that reached ``Deployed`` at ``at``.

    The Connector as deployed and every application's configuration (secured values already masked),
    plus the private application details a rollback needs; the public view is
    :func:`emulator.domain.unconfirmed.revision_view`.
    """
    return {
        "revisionNumber": number,
        "at": at,
        "connector": copy.deepcopy(doc["connector"]),
        "globalConfiguration": copy.deepcopy(doc.get("globalConfiguration")),
        "applications": copy.deepcopy(doc["applications"]),
        "internalApplications": copy.deepcopy(doc["_applications"]),
    }


def restore_revision(doc: JsonDict, record: JsonDict) -> None:
    """Put a revision's Connector version and configurations back into a Deployment document."""
    doc["connector"] = copy.deepcopy(record["connector"])
    doc["_applications"] = copy.deepcopy(record["internalApplications"])
    doc["applications"] = copy.deepcopy(record["applications"])
    if record.get("globalConfiguration") is None:
        doc.pop("globalConfiguration", None)
    else:
        doc["globalConfiguration"] = copy.deepcopy(record["globalConfiguration"])


# --- logs ----------------------------------------------------------------------------------------------

LogEntry = tuple[float, str, JsonDict]


def _log(doc: JsonDict, at: float, application: str, message: str, severity: str = "INFO") -> LogEntry:
    return (
        at,
        application,
        {
            "type": "APPLICATION_TEXT",
            "deploymentId": doc["id"],
            "applicationName": application,
            "severity": severity,
            "timestamp": to_iso(at),
            "details": {"message": message},
        },
    )


def logs_for_transition(doc: JsonDict, value: str, at: float, step: float) -> list[LogEntry]:
    """Log lines produced when the Deployment reaches ``value`` at ``at``.

    ``step`` spaces consecutive lines (a fraction of the phase so they stay inside it); the
    HTTP_REQUEST lines of a deployed service follow the ``Listening`` line at the same spacing.
    """
    skip_scripts = bool(doc.get("_skipScripts"))
    entries: list[LogEntry] = []
    for index, spec in enumerate(doc["_applications"]):
        name = spec["name"]
        t = at + index * step / 10
        if value == "Deploying":
            entries.append(_log(doc, t, name, f"Build started for application {name}"))
        elif value == "Deployed":
            entries.append(_log(doc, t, name, f"Build finished for application {name}"))
            if spec.get("postDeploy") and not skip_scripts:
                entries.append(
                    _log(doc, t + step / 20, name, f"Running postDeploy script: {spec['postDeploy']}", "NOTICE")
                )
                if _post_deploy_failed(doc, name):
                    entries.append(_log(doc, t + step / 15, name, "postDeploy script failed", "ERROR"))
                else:
                    entries.append(_log(doc, t + step / 15, name, "postDeploy script finished"))
            if spec["applicationType"] in {"service", "event", "job"}:
                entries.append(_log(doc, t + step / 12, name, "Listening on port: 8080", "DEFAULT"))
            if spec["applicationType"] == "service":
                entries.extend(_http_requests(doc, spec, t + step / 12, step))
        elif value == "Failed":
            entries.append(_log(doc, t, name, f"Build failed for application {name}", "ERROR"))
        elif value == "Undeploying" and spec.get("preUndeploy") and not skip_scripts:
            entries.append(_log(doc, t, name, f"Running preUndeploy script: {spec['preUndeploy']}", "NOTICE"))
        elif value == "UndeployFailed":
            entries.append(_log(doc, t, name, f"Undeploy failed for application {name}", "ERROR"))
    return entries


def _post_deploy_failed(doc: JsonDict, application: str) -> bool:
    # A scripted Warning like the RAML example ("Failed during the execution of 'postDeploy' script").
    entries = doc.get("details", {}).get("build", {}).get("report", {}).get("entries", [])
    return any(
        "'postDeploy'" in entry.get("title", "") and entry.get("application") in {None, application}
        for entry in entries
    )


def _http_requests(doc: JsonDict, spec: JsonDict, after: float, step: float) -> list[LogEntry]:
    application = next((a for a in doc["applications"] if a["applicationName"] == spec["name"]), None)
    base = (application or {}).get("url", "")
    endpoint = spec.get("endpoint") or "/"
    entries: list[LogEntry] = []
    for index in range(1, LOG_HTTP_REQUESTS + 1):
        at = after + index * step
        entries.append(
            (
                at,
                spec["name"],
                {
                    "type": "HTTP_REQUEST",
                    "deploymentId": doc["id"],
                    "applicationName": spec["name"],
                    "severity": "INFO",
                    "timestamp": to_iso(at),
                    "details": {
                        "requestMethod": "POST",
                        "requestUrl": f"{base}{endpoint}",
                        "status": 200,
                        "userAgent": "commercetools-connect-emulator",
                        "latency": f"0.0{index}2s",
                    },
                },
            )
        )
    return entries
