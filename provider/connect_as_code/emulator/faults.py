"""Fault injection: which fault (if any) a request gets, decided by a seeded random generator.

Kinds: ``500`` (General; on writes half of them after the change was applied), ``502``
(BadGateway), ``503``, ``429`` (with ``Retry-After``), ``latency`` (the request is served late),
``drop`` (the connection breaks mid-response; on writes half of them after applying) and
``expired_token`` (the presented token is expired on the spot, so the request gets 401).
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field, replace
from typing import Any

JsonDict = dict[str, Any]

FAULT_KINDS = ("500", "502", "503", "429", "latency", "drop", "expired_token")
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class FaultSettings:
    """Rate, weighted mix and parameters of injected faults."""

    rate: float = 0.0
    mix: tuple[tuple[str, float], ...] = tuple((kind, 1.0) for kind in FAULT_KINDS)
    seed: int | None = None
    latency_seconds: float = 0.5
    retry_after_seconds: int = 1
    token_min_age_seconds: float = 5.0
    """An ``expired_token`` fault only strikes tokens at least this old: real tokens expire after use,
    never a second after they were issued (which would also make two expiries in a row likely)."""

    def as_json(self) -> JsonDict:
        """Admin API form."""
        return {
            "rate": self.rate,
            "mix": dict(self.mix),
            "seed": self.seed,
            "latencySeconds": self.latency_seconds,
            "retryAfterSeconds": self.retry_after_seconds,
            "tokenMinAgeSeconds": self.token_min_age_seconds,
        }


def parse_fault_mix(text: str) -> tuple[tuple[str, float], ...]:
    """``"500:1,502:1,latency:2"`` → weights; a kind without weight counts 1."""
    weights: dict[str, float] = {}
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        kind, _, weight = part.partition(":")
        weights[kind.strip()] = float(weight) if weight.strip() else 1.0
    return check_mix(weights)


def check_mix(weights: dict[str, Any]) -> tuple[tuple[str, float], ...]:
    """Validate a kind → weight mapping."""
    unknown = set(weights) - set(FAULT_KINDS)
    if unknown:
        raise ValueError(f"unknown fault kind(s): {', '.join(sorted(unknown))}; known: {', '.join(FAULT_KINDS)}")
    checked: list[tuple[str, float]] = []
    for kind, weight in weights.items():
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 <= weight < float("inf"):
            raise ValueError(f"weight of '{kind}' must be a non-negative number")
        checked.append((kind, float(weight)))
    if not any(weight > 0 for _, weight in checked):
        raise ValueError("the fault mix needs at least one kind with a positive weight")
    return tuple(checked)


def settings_from_json(data: Any, current: FaultSettings) -> FaultSettings:
    """Apply an admin ``PUT /_emulator/faults`` body to the current settings."""
    if not isinstance(data, dict):
        raise ValueError("fault settings must be a JSON object")
    unknown = set(data) - {"rate", "mix", "seed", "latencySeconds", "retryAfterSeconds", "tokenMinAgeSeconds", "queue"}
    if unknown:
        raise ValueError(f"unknown field(s): {', '.join(sorted(unknown))}")
    updated = current
    if "rate" in data:
        rate = data["rate"]
        if isinstance(rate, bool) or not isinstance(rate, int | float) or not 0 <= rate <= 1:
            raise ValueError("rate must be a number between 0 and 1")
        updated = replace(updated, rate=float(rate))
    if "mix" in data:
        mix = data["mix"]
        updated = replace(updated, mix=parse_fault_mix(mix) if isinstance(mix, str) else check_mix(_mapping(mix)))
    if "seed" in data:
        seed = data["seed"]
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
            raise ValueError("seed must be an integer or null")
        updated = replace(updated, seed=seed)
    if "latencySeconds" in data:
        latency = data["latencySeconds"]
        if isinstance(latency, bool) or not isinstance(latency, int | float) or not 0 <= latency <= 60:
            raise ValueError("latencySeconds must be between 0 and 60")
        updated = replace(updated, latency_seconds=float(latency))
    if "retryAfterSeconds" in data:
        retry_after = data["retryAfterSeconds"]
        if isinstance(retry_after, bool) or not isinstance(retry_after, int) or not 0 <= retry_after <= 3600:
            raise ValueError("retryAfterSeconds must be an integer between 0 and 3600")
        updated = replace(updated, retry_after_seconds=retry_after)
    if "tokenMinAgeSeconds" in data:
        age = data["tokenMinAgeSeconds"]
        if isinstance(age, bool) or not isinstance(age, int | float) or not 0 <= age <= 86_400:
            raise ValueError("tokenMinAgeSeconds must be between 0 and 86400")
        updated = replace(updated, token_min_age_seconds=float(age))
    return updated


def _mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError("mix must be an object of kind → weight or a 'kind:weight,...' string")
    return value


@dataclass(frozen=True)
class QueuedFault:
    """A fault forced on the next request that matches (admin ``queue``)."""

    kind: str
    method: str | None = None
    path_prefix: str | None = None
    after_apply: bool | None = None

    def matches(self, method: str, path: str) -> bool:
        """Whether a request is the one this fault waits for."""
        return (self.method is None or self.method.upper() == method.upper()) and (
            self.path_prefix is None or path.startswith(self.path_prefix)
        )

    def as_json(self) -> JsonDict:
        """Admin API form."""
        return {
            "kind": self.kind,
            "method": self.method,
            "pathPrefix": self.path_prefix,
            "afterApply": self.after_apply,
        }


def queued_fault_from_json(item: Any) -> QueuedFault:
    """``"500"`` or ``{"kind": "drop", "method": "POST", "pathPrefix": "/demo/deployments", "afterApply": true}``.

    ``afterApply`` (writes only) fixes whether a ``500`` or ``drop`` strikes after the change was
    applied; without it the seeded generator decides.
    """
    if isinstance(item, str):
        item = {"kind": item}
    if not isinstance(item, dict) or item.get("kind") not in FAULT_KINDS:
        raise ValueError(f"each queued fault needs a kind among {', '.join(FAULT_KINDS)}")
    unknown = set(item) - {"kind", "method", "pathPrefix", "afterApply"}
    if unknown:
        raise ValueError(f"unknown field(s) in a queued fault: {', '.join(sorted(unknown))}")
    method, prefix, after_apply = item.get("method"), item.get("pathPrefix"), item.get("afterApply")
    if not isinstance(method, str | None) or not isinstance(prefix, str | None):
        raise ValueError("method and pathPrefix must be strings")
    if not isinstance(after_apply, bool | None):
        raise ValueError("afterApply must be a boolean")
    return QueuedFault(item["kind"], method, prefix, after_apply)


@dataclass(frozen=True)
class FaultDecision:
    """The fault a request gets; ``after_apply`` says the write runs before the fault shows."""

    kind: str
    after_apply: bool = False

    @property
    def label(self) -> str:
        """Name used in stats and the request log."""
        return f"{self.kind}_after_apply" if self.after_apply else self.kind


@dataclass
class FaultInjector:
    """Draws faults for eligible requests (thread-safe, reproducible for a given seed)."""

    settings: FaultSettings = field(default_factory=FaultSettings)
    queue: list[QueuedFault] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._random = random.Random(self.settings.seed)

    def configure(self, settings: FaultSettings, queue: list[QueuedFault] | None = None) -> None:
        """Replace the settings (a new seed restarts the random sequence)."""
        with self._lock:
            reseed = settings.seed != self.settings.seed or settings.seed is not None
            self.settings = settings
            if reseed:
                self._random = random.Random(settings.seed)
            if queue is not None:
                self.queue = list(queue)

    def decide(self, method: str, path: str, token_endpoint: bool) -> FaultDecision | None:
        """The fault for one request, or None."""
        with self._lock:
            queued = self._take_queued(method, path)
            kind = queued.kind if queued else self._draw()
            if kind is None:
                return None
            if token_endpoint and kind == "expired_token":
                return None
            write = method.upper() in WRITE_METHODS and not token_endpoint
            if not write or kind not in {"500", "drop"}:
                return FaultDecision(kind)
            if queued is not None and queued.after_apply is not None:
                return FaultDecision(kind, queued.after_apply)
            return FaultDecision(kind, self._random.random() < 0.5)

    def _take_queued(self, method: str, path: str) -> QueuedFault | None:
        for index, queued in enumerate(self.queue):
            if queued.matches(method, path):
                del self.queue[index]
                return queued
        return None

    def _draw(self) -> str | None:
        settings = self.settings
        if settings.rate <= 0 or self._random.random() >= settings.rate:
            return None
        kinds = [kind for kind, weight in settings.mix if weight > 0]
        weights = [weight for _, weight in settings.mix if weight > 0]
        return self._random.choices(kinds, weights=weights, k=1)[0]
