"""Offline checks of resource inputs, with the API's own patterns and enums.

Each checker returns a list of :class:`Problem` (property path, reason with the fix); an empty list
means the value is fine. Values not known yet (``pulumi preview`` with inputs computed from other
resources) are skipped: the caller filters them out with :func:`is_unknown` before checking.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pulumi.output import Unknown, contains_unknowns

from connect_as_code.connect_yaml.rules import cron_range_problem, is_cron_schedule
from connect_as_code.vocabulary import REGIONS

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{2,256}$")
PROJECT_IDENTIFIER_PATTERN = re.compile(r"^[a-zA-Z0-9-_.]+:[a-zA-Z0-9-_]{2,36}$")
PROJECT_KEY_PATTERN = re.compile(r"^[a-zA-Z0-9-_]{2,36}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
HTTP_URL_PATTERN = re.compile(r"^https?://[^\s/]+\.[^\s]+$")
GITHUB_REPOSITORY_PATTERN = re.compile(
    r"^(https://github\.com/[\w.-]+/[\w.-]+?(\.git)?/?|git@github\.com:[\w.-]+/[\w.-]+?(\.git)?)$"
)


@dataclass(frozen=True)
class Problem:
    """One invalid input: the property path (``creator.email``) and a reason that says how to fix it."""

    property: str
    reason: str

    def for_engine(self) -> tuple[str, str]:
        """``(property, reason)`` for a CheckFailure: the engine shows the value of ``inputs[property]``, so
        the property is the top-level input and a deeper path leads the reason (``configurations``,
        ``configurations.app.standard.KEY: ...``); a deeper path there would print ``value {<nil>}``."""
        top = re.split(r"[.\[]", self.property, maxsplit=1)[0]
        if top == self.property:
            return self.property, self.reason
        return top, f"{self.property}: {self.reason}"


def is_unknown(value: Any) -> bool:
    """Whether ``value`` is, or contains, a value Pulumi does not know yet (during preview)."""
    return isinstance(value, Unknown) or contains_unknowns(value)


def known_in(inputs: Mapping[str, Any]) -> Callable[[str], bool]:
    """A test of whether an input is given in ``inputs`` and known (not a preview's unknown, nor holding one)."""
    return lambda name: name in inputs and not is_unknown(inputs[name])


def suggest(value: str, choices: Iterable[str]) -> str:
    """A ``did you mean 'X'?`` hint for a near miss, or an empty string."""
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.5)
    return f"; did you mean {close[0]!r}?" if close else ""


def check_key(prop: str, value: Any) -> list[Problem]:
    """A resource key: 2-256 characters of letters, digits, ``_`` and ``-``."""
    if not isinstance(value, str) or not KEY_PATTERN.match(value):
        return [Problem(prop, f"{value!r} is not a valid key: use 2-256 letters, digits, '_' or '-'")]
    return []


def check_required_text(prop: str, value: Any) -> list[Problem]:
    """A required, non-blank string."""
    if not isinstance(value, str) or not value.strip():
        return [Problem(prop, "is required and must be a non-empty string")]
    return []


def check_choice(prop: str, value: Any, choices: Iterable[str]) -> list[Problem]:
    """One value of an enum."""
    options = tuple(choices)
    if value not in options:
        return [Problem(prop, f"{value!r} is not one of {', '.join(options)}{suggest(str(value), options)}")]
    return []


def check_choices(prop: str, values: Any, choices: Iterable[str], *, at_least_one: bool = False) -> list[Problem]:
    """A list whose every item is a value of an enum."""
    if not isinstance(values, list):
        return [Problem(prop, "must be a list")]
    if at_least_one and not values:
        return [Problem(prop, "must contain at least one value")]
    options = tuple(choices)
    return [problem for i, item in enumerate(values) for problem in check_choice(f"{prop}[{i}]", item, options)]


def check_regions(prop: str, values: Any, *, at_least_one: bool = True) -> list[Problem]:
    """A list of Connect regions."""
    return check_choices(prop, values, REGIONS, at_least_one=at_least_one)


def check_email(prop: str, value: Any) -> list[Problem]:
    """An e-mail address."""
    if not isinstance(value, str) or not EMAIL_PATTERN.match(value):
        return [Problem(prop, f"{value!r} is not an e-mail address (expected name@example.com)")]
    return []


def check_http_url(prop: str, value: Any) -> list[Problem]:
    """An absolute http(s) URL."""
    if not isinstance(value, str) or not HTTP_URL_PATTERN.match(value):
        return [Problem(prop, f"{value!r} is not an http(s) URL (expected https://example.com/...)")]
    return []


def check_repository_url(prop: str, value: Any) -> list[Problem]:
    """A GitHub repository, as an HTTPS URL or an SSH address (private repositories need SSH)."""
    if not isinstance(value, str) or not GITHUB_REPOSITORY_PATTERN.match(value):
        return [
            Problem(
                prop,
                f"{value!r} is not a GitHub repository URL: use https://github.com/<owner>/<repo>.git "
                "or git@github.com:<owner>/<repo>.git",
            )
        ]
    return []


def check_project_identifier(prop: str, value: Any) -> list[Problem]:
    """A project identifier ``{region}:{projectKey}``."""
    if not isinstance(value, str) or not PROJECT_IDENTIFIER_PATTERN.match(value):
        return [Problem(prop, f"{value!r} is not a project identifier: use '<region>:<projectKey>'")]
    region = value.split(":", 1)[0]
    if region not in REGIONS:
        return [Problem(prop, f"{value!r} names an unknown region {region!r}{suggest(region, REGIONS)}")]
    return []


def check_project_key(prop: str, value: Any) -> list[Problem]:
    """A commercetools project key."""
    if not isinstance(value, str) or not PROJECT_KEY_PATTERN.match(value):
        return [Problem(prop, f"{value!r} is not a project key: use 2-36 letters, digits, '_' or '-'")]
    return []


def whole_number(value: Any) -> Any:
    """``value`` as an int when it is a float with no fraction (the engine sends every number as a float)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def check_positive_number(prop: str, value: Any) -> list[Problem]:
    """A number of seconds greater than zero."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        return [Problem(prop, f"{value!r} must be a number of seconds greater than 0")]
    return []


def check_version(prop: str, value: Any) -> list[Problem]:
    """A connector version: a whole number of at least 1."""
    whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if isinstance(value, bool) or not whole or value < 1:
        return [Problem(prop, f"{value!r} is not a connector version: use a whole number of at least 1")]
    return []


def check_cron(prop: str, value: Any) -> list[Problem]:
    """A job schedule, with the connect.yaml specification's rules (:func:`connect_yaml.rules.is_cron_schedule`)
    and each field within its range (:func:`connect_yaml.rules.cron_range_problem`)."""
    if not isinstance(value, str) or not is_cron_schedule(value):
        return [Problem(prop, f"{value!r} is not a cron schedule (expected e.g. '0 * * * *', '@daily' or '@every 5m')")]
    out_of_range = cron_range_problem(value)
    if out_of_range is not None:
        return [Problem(prop, f"{value!r} is not a valid schedule: {out_of_range}")]
    return []
