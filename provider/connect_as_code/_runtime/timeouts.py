"""Deadlines of the waits, as resource inputs (custom timeouts never reach a dynamic provider).

Both resources take ``timeouts={name: seconds}`` with their own names and defaults; this module fills
the defaults in and reports every value that is not a number of seconds above zero, at ``pulumi preview``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from connect_as_code import validation as v


def normalize_timeouts(given: Any, defaults: Mapping[str, float]) -> Any:
    """``given`` over ``defaults``; anything that is not a map is kept as it is for :func:`timeout_problems`."""
    if given is None:
        return dict(defaults)
    if not isinstance(given, Mapping):
        return given
    return {**defaults, **{name: seconds for name, seconds in given.items() if seconds is not None}}


def timeout_problems(timeouts: Any, defaults: Mapping[str, float]) -> list[v.Problem]:
    """Every unknown timeout name and every value that is not a number of seconds above zero."""
    if v.is_unknown(timeouts):
        return []
    if not isinstance(timeouts, Mapping):
        return [v.Problem("timeouts", f"must be a map of seconds such as {dict(defaults)}")]
    problems: list[v.Problem] = []
    for name, seconds in timeouts.items():
        if name not in defaults:
            problems.append(
                v.Problem(f"timeouts.{name}", f"unknown timeout; use {', '.join(defaults)}{v.suggest(name, defaults)}")
            )
        elif not v.is_unknown(seconds):
            problems += v.check_positive_number(f"timeouts.{name}", seconds)
    return problems
