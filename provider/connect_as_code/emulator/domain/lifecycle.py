"""Connect's asynchronous lifecycles (previewable, publish, deploy, undeploy), as data.

A *process* (deploy, undeploy, publish, certification, previewable) is a table: the value set as
soon as the request is accepted, and for each outcome the path of later values, each reached after
one phase's duration. Starting a process turns the table into absolute, stored timestamps
(:func:`plan`); reading an object applies every step whose time has come (:func:`split_due`). So
lifecycles are evaluated lazily from wall-clock data and survive restarts.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal

JsonDict = dict[str, Any]
Phase = Literal["previewable", "publishing", "certification", "queued", "deploying", "undeploying"]
PHASES: tuple[Phase, ...] = ("previewable", "publishing", "certification", "queued", "deploying", "undeploying")

GONE = "<gone>"
"""Pseudo value of the final undeploy step: the Deployment no longer exists."""

MAX_DURATION = 7 * 24 * 3600.0


@dataclass(frozen=True)
class Durations:
    """Seconds spent in each phase."""

    previewable: float
    publishing: float
    certification: float
    queued: float
    deploying: float
    undeploying: float

    def of(self, phase: Phase) -> float:
        """Duration of ``phase``."""
        value: float = getattr(self, phase)
        return value

    def merged(self, overrides: dict[str, Any]) -> Durations:
        """A copy with some phases replaced; unknown phases or bad numbers raise ValueError."""
        unknown = set(overrides) - set(PHASES)
        if unknown:
            raise ValueError(f"unknown phase(s): {', '.join(sorted(unknown))}; known: {', '.join(PHASES)}")
        values = {phase: _seconds(phase, value) for phase, value in overrides.items()}
        return replace(self, **values)

    def as_json(self) -> JsonDict:
        """Phase → seconds."""
        return asdict(self)


def _seconds(phase: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"duration of '{phase}' must be a number of seconds")
    seconds = float(value)
    if not math.isfinite(seconds) or seconds < 0 or seconds > MAX_DURATION:
        raise ValueError(f"duration of '{phase}' must be between 0 and {MAX_DURATION:g} seconds")
    return seconds


PROFILES: dict[str, Durations] = {
    "fast": Durations(0.05, 0.05, 0.05, 0.05, 0.05, 0.05),
    "default": Durations(previewable=2, publishing=2, certification=2, queued=1, deploying=2, undeploying=2),
    "realistic": Durations(
        previewable=300, publishing=240, certification=120, queued=60, deploying=600, undeploying=180
    ),
}


def parse_durations(text: str) -> Durations:
    """A profile name (``fast``, ``default``, ``realistic``) or a JSON object of phase overrides.

    The JSON may name a base profile: ``{"profile": "fast", "deploying": 1.5}``; without one the
    overrides apply to ``default``.
    """
    if text in PROFILES:
        return PROFILES[text]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"durations must be one of {', '.join(PROFILES)} or a JSON object") from exc
    return durations_from_json(data)


def durations_from_json(data: Any, base: Durations | None = None) -> Durations:
    """Durations from ``{"profile"?: name, <phase>: seconds, ...}``."""
    if not isinstance(data, dict):
        raise ValueError("durations JSON must be an object")
    overrides = dict(data)
    profile = overrides.pop("profile", None)
    if profile is not None:
        if profile not in PROFILES:
            raise ValueError(f"unknown profile '{profile}'; known: {', '.join(PROFILES)}")
        base = PROFILES[profile]
    return (base or PROFILES["default"]).merged(overrides)


@dataclass(frozen=True)
class Process:
    """One asynchronous process of one resource field, as a transition table."""

    name: str
    resource: str
    field: str
    start_value: str
    allowed_from: frozenset[str] | None
    paths: dict[str, tuple[tuple[Phase, str], ...]]
    success: str
    failure: str

    def outcome_for(self, requested: str) -> str:
        """Map a scripted outcome (an outcome name, ``success`` or ``failure``) to an outcome."""
        if requested in self.paths:
            return requested
        aliases = {"success": self.success, "failure": self.failure, "Published": self.success}
        if requested in aliases:
            return aliases[requested]
        raise ValueError(f"'{requested}' is not an outcome of {self.name}; use one of {', '.join(self.paths)}")


PROCESSES: dict[str, Process] = {
    process.name: process
    for process in (
        Process(
            name="deploy",
            resource="Deployment",
            field="status",
            start_value="Queued",
            allowed_from=frozenset({"Draft", "Deployed", "Failed", "UndeployFailed"}),
            paths={
                "Deployed": (("queued", "Deploying"), ("deploying", "Deployed")),
                "Failed": (("queued", "Deploying"), ("deploying", "Failed")),
            },
            success="Deployed",
            failure="Failed",
        ),
        Process(
            name="undeploy",
            resource="Deployment",
            field="status",
            start_value="Undeploying",
            allowed_from=frozenset({"Draft", "Queued", "Deploying", "Deployed", "Failed", "UndeployFailed"}),
            paths={"Undeployed": (("undeploying", GONE),), "UndeployFailed": (("undeploying", "UndeployFailed"),)},
            success="Undeployed",
            failure="UndeployFailed",
        ),
        Process(
            name="publish",
            resource="ConnectorStaged",
            field="status",
            start_value="Processing",
            allowed_from=frozenset({"Draft", "Published", "Failed", "ReadyForCertification", "InCertification"}),
            paths={"Published": (("publishing", "Published"),), "Failed": (("publishing", "Failed"),)},
            success="Published",
            failure="Failed",
        ),
        Process(
            name="certification",
            resource="ConnectorStaged",
            field="status",
            start_value="Processing",
            allowed_from=frozenset({"Draft", "Published", "Failed"}),
            paths={
                "InCertification": (
                    ("publishing", "ReadyForCertification"),
                    ("certification", "InCertification"),
                ),
                "Failed": (("publishing", "Failed"),),
            },
            success="InCertification",
            failure="Failed",
        ),
        Process(
            name="previewable",
            resource="ConnectorStaged",
            field="isPreviewable",
            start_value="pending",
            allowed_from=frozenset({"none", "true", "false"}),
            paths={"true": (("previewable", "true"),), "false": (("previewable", "false"),)},
            success="true",
            failure="false",
        ),
    )
}

SCRIPTABLE_PROCESSES = {"deploy": "deploy", "undeploy": "undeploy", "publish": "publish", "previewable": "previewable"}
"""Scripted-outcome kinds of the admin API → process (``publish`` also drives ``certification``)."""

REDEPLOY_REFUSAL: dict[str, str] = {
    "Queued": "Already queued",
    "Deploying": "Already deploying",
    "Undeploying": "Already undeploying",
}
"""Why ``redeploy`` (and DELETE while undeploying) is refused, per DeploymentStatus."""


def can_start(process: Process, current: str) -> bool:
    """Whether ``process`` may start while its field holds ``current``."""
    return process.allowed_from is None or current in process.allowed_from


@dataclass(frozen=True)
class ScheduledStep:
    """A value a field takes at an absolute time."""

    at: float
    field: str
    value: str

    def as_json(self) -> JsonDict:
        """Stored form."""
        return {"at": self.at, "field": self.field, "value": self.value}


@dataclass(frozen=True)
class ScriptedOutcome:
    """One entry of a scripted-outcome queue: the outcome, report entries and duration overrides."""

    outcome: str
    report: tuple[JsonDict, ...] = ()
    durations: tuple[tuple[str, float], ...] = ()

    def as_json(self) -> JsonDict:
        """Stored form."""
        return {"outcome": self.outcome, "report": list(self.report), "durations": dict(self.durations)}


def scripted_outcome_from_json(process: Process, item: Any) -> ScriptedOutcome:
    """Validate one queue item: a string outcome or ``{outcome, report?, durations?}``."""
    if isinstance(item, str):
        return ScriptedOutcome(process.outcome_for(item))
    if not isinstance(item, dict) or not isinstance(item.get("outcome"), str):
        raise ValueError("each outcome is a string or an object with a string 'outcome'")
    unknown = set(item) - {"outcome", "report", "durations"}
    if unknown:
        raise ValueError(f"unknown field(s) in an outcome: {', '.join(sorted(unknown))}")
    report = item.get("report") or []
    if not isinstance(report, list) or not all(_is_report_entry(e) for e in report):
        raise ValueError("'report' must be a list of {type, title, message?, application?}")
    durations = item.get("durations") or {}
    checked = PROFILES["default"].merged(durations) if isinstance(durations, dict) else None
    if checked is None:
        raise ValueError("'durations' must be an object of phase → seconds")
    return ScriptedOutcome(
        outcome=process.outcome_for(item["outcome"]),
        report=tuple(dict(e) for e in report),
        durations=tuple((phase, checked.of(phase)) for phase in durations),
    )


def _is_report_entry(entry: Any) -> bool:
    allowed = {"type", "title", "message", "application"}
    return (
        isinstance(entry, dict)
        and set(entry) <= allowed
        and entry.get("type") in {"Information", "Warning", "Error"}
        and isinstance(entry.get("title"), str)
        and all(isinstance(entry.get(k), str | None) for k in ("message", "application"))
    )


def plan(process: Process, outcome: str, durations: Durations, start: float) -> list[ScheduledStep]:
    """Absolute timeline of ``process`` ending in ``outcome``, starting at ``start``.

    The first step (the process's start value) is due immediately.
    """
    steps = [ScheduledStep(start, process.field, process.start_value)]
    at = start
    for phase, value in process.paths[outcome]:
        at += durations.of(phase)
        steps.append(ScheduledStep(at, process.field, value))
    return steps


def effective_durations(base: Durations, scripted: ScriptedOutcome | None) -> Durations:
    """``base`` with a scripted outcome's per-object duration overrides applied."""
    if scripted is None or not scripted.durations:
        return base
    return base.merged(dict(scripted.durations))


def split_due(steps: list[JsonDict], now: float) -> tuple[list[JsonDict], list[JsonDict]]:
    """Split stored steps into those due at ``now`` and those still ahead (both time-ordered)."""
    ordered = sorted(steps, key=lambda step: float(step["at"]))
    due = [step for step in ordered if float(step["at"]) <= now]
    return due, ordered[len(due) :]


def next_due(steps: list[JsonDict]) -> float | None:
    """When the earliest remaining step falls due."""
    return min((float(step["at"]) for step in steps), default=None)
