"""The rules of connect.yaml: the constants of the specification, and the checks of a parsed document.

Every check is a pure function yielding ``(path, reason)`` issues; :func:`document_issues` runs them all
on a document read by :mod:`connect_yaml.loader`. The rules themselves are listed in the docstring of
:mod:`connect_yaml.document`, the public module, which re-exports the names here.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeGuard

APPLICATION_TYPES = (
    "service",
    "event",
    "job",
    "merchant-center-custom-application",
    "merchant-center-custom-view",
    "assets",
)
"""The application types of the Connect API (``ConnectorConfigurationApplication.applicationType``)."""
APPLICATION_TYPE_ALIASES = {"mc-app": "merchant-center-custom-application"}
"""Spellings the specification accepts for a type, and the type they stand for."""
NOT_DEPLOYED_TYPE = "unknown"
"""Accepted by the specification, left out of the connector (nothing is deployed for it)."""
RESERVED_KEYS = ("PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION")
"""Configuration keys Connect sets itself (compared case-insensitively)."""
API_CLIENT_KEYS = ("CTP_CLIENT_ID", "CTP_CLIENT_SECRET", "CTP_CLIENT_SCOPE", "CTP_CLIENT_REGION")
"""Variables every application receives when ``inheritAs.apiClient`` is declared."""

NAME_PATTERN = re.compile(r"[a-zA-Z0-9_-]{2,256}")
KEY_PATTERN = re.compile(r"[a-zA-Z0-9_]{2,256}")
ENDPOINT_PATTERN = re.compile(r"[a-zA-Z0-9_\-/]+")
HEALTH_CHECK_LIMITS = (1, 20)
BACKOFF_SECONDS_LIMITS = (1, 600)
MAX_ATTEMPTS_LIMITS = (5, 100)
RETRY_STRATEGIES = ("immediate", "exponential-backoff")

CRON_MACROS = ("@annually", "@yearly", "@monthly", "@weekly", "@daily", "@hourly", "@reboot")
_CRON_EVERY = re.compile(r"@every (?:\d+(?:ns|us|µs|ms|s|m|h))+")
_CRON_TERM = r"(?:\*|\?|\d+#\d+|[0-9A-Za-z]+(?:-[0-9A-Za-z]+)?)(?:/\d+)?"
_CRON_FIELD = re.compile(rf"{_CRON_TERM}(?:,{_CRON_TERM})*")
# The schedule pattern of the specification, unanchored as it is there: a schedule must also contain a
# match of it (so nothing it refuses is accepted here), and be a whole schedule by the stricter rules above.
SPEC_CRON_PATTERN = re.compile(
    r"(@(annually|yearly|monthly|weekly|daily|hourly|reboot))|(@every ([0-9]+(ns|us|µs|ms|s|m|h))+)"
    r"|((((?:[0-9]+,)+[0-9]+|(([0-9]+|\*)(/|-)[0-9]+)|[0-9]+|\*) ?){5,7})"
)
CRON_HINT = "use 5 to 7 cron fields ('0 2 * * *'), a macro (@daily, @hourly, ...) or @every <duration> (@every 30m)"

_COMMON_FIELDS = ("name", "applicationType", "configuration", "scripts")
_FIELDS_BY_TYPE = {
    "service": (*_COMMON_FIELDS, "endpoint", "healthCheck"),
    "event": (*_COMMON_FIELDS, "endpoint", "healthCheck", "retryPolicy"),
    "job": (*_COMMON_FIELDS, "endpoint", "properties"),
    "merchant-center-custom-application": _COMMON_FIELDS,
    "merchant-center-custom-view": _COMMON_FIELDS,
    "assets": ("name", "applicationType"),
    NOT_DEPLOYED_TYPE: (*_COMMON_FIELDS, "endpoint"),
}
_WITH_ENDPOINT = ("service", "event", "job", NOT_DEPLOYED_TYPE)
_MERCHANT_CENTER_KEYS = {
    "merchant-center-custom-application": ("CUSTOM_APPLICATION_ID", "ENTRY_POINT_URI_PATH"),
    "merchant-center-custom-view": ("CUSTOM_VIEW_ID",),
}
CLOUD_IDENTIFIER = "CLOUD_IDENTIFIER"

Issue = tuple[str, str]
"""A problem before it is given its file: (path inside the file, reason with the fix)."""


def is_cron_schedule(expression: str) -> bool:
    """Whether ``expression`` is a schedule the specification accepts: a macro, ``@every <duration>``,
    or 5 to 7 cron fields separated by single spaces."""
    if expression in CRON_MACROS or _CRON_EVERY.fullmatch(expression):
        return True
    fields = expression.split(" ")
    return (
        5 <= len(fields) <= 7
        and all(_CRON_FIELD.fullmatch(field) for field in fields)
        and SPEC_CRON_PATTERN.search(expression) is not None
    )


JS_WHITESPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
"""What JavaScript's ``String.prototype.trim`` removes, which the specification uses to find blank values
(Python's ``str.strip`` removes a different set)."""


def is_blank(text: str) -> bool:
    """Whether ``text`` is empty or only whitespace, as the specification judges it."""
    return not text.strip(JS_WHITESPACE)


_CRON_RANGES = {
    "second": (0, 59),
    "minute": (0, 59),
    "hour": (0, 23),
    "day of month": (1, 31),
    "month": (1, 12),
    "day of week": (0, 7),
    "year": (1970, 2099),
}
_CRON_LAYOUTS = {
    5: ("minute", "hour", "day of month", "month", "day of week"),
    6: ("second", "minute", "hour", "day of month", "month", "day of week"),
    7: ("second", "minute", "hour", "day of month", "month", "day of week", "year"),
}
"""The fields of 5 (unix cron), 6 (with seconds) and 7 (with seconds and year) field schedules."""
_CRON_NUMBER = re.compile(r"\d+")


def cron_range_problem(expression: str) -> str | None:
    """Why a well-formed cron ``expression`` (see :func:`is_cron_schedule`) cannot run, or ``None``.

    Each number must be within its field's range (minute 0-59, hour 0-23, day of month 1-31, month
    1-12, day of week 0-7, second 0-59, year 1970-2099) and each step ``/n`` at least 1: the format
    alone accepts ``61 25 * * *``, which Connect refuses when it deploys the job. Names (``MON``,
    ``JAN``) and the ``L``, ``W`` and ``#`` forms are left to the scheduler.
    """
    fields = expression.split(" ")
    layout = _CRON_LAYOUTS.get(len(fields))
    if layout is None or expression.startswith("@"):
        return None
    for name, field in zip(layout, fields, strict=True):
        low, high = _CRON_RANGES[name]
        for term in field.split(","):
            values, _, step = term.partition("/")
            if step and int(step) < 1:
                return f"{name} step /{step} must be at least 1"
            numbers = [part for part in values.split("#", 1)[0].split("-") if _CRON_NUMBER.fullmatch(part)]
            outside = next((int(number) for number in numbers if not low <= int(number) <= high), None)
            if outside is not None:
                return f"{name} {outside} is outside {low}-{high}"
    return None


# --- validation: pure functions yielding (path, reason) -----------------------------------------------


def _at(path: str, field: str) -> str:
    return f"{path}.{field}" if path else field


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _shown(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "empty"}[value]
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _suggest(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, list(choices), n=1, cutoff=0.5)
    return f"; did you mean {close[0]!r}?" if close else ""


def _mapping_issue(value: Any, path: str, example: str) -> Iterator[Issue]:
    if not isinstance(value, dict):
        yield path or "(root)", f"must be a mapping ({example}), not {_kind(value)}"


def _unknown_fields(value: dict[Any, Any], path: str, allowed: Sequence[str], owner: str) -> Iterator[Issue]:
    for field in value:
        if field not in allowed:
            hint = _suggest(str(field), allowed)
            yield (
                _at(path, str(field)),
                f"unknown field for {owner}: remove it (allowed: {', '.join(allowed)}){hint}",
            )


def _text_issue(value: Any, path: str, what: str) -> Iterator[Issue]:
    """A non-blank string (numbers and booleans must be quoted)."""
    if isinstance(value, bool | int | float):
        yield path, f"must be a string, not {_kind(value)}: quote it ('{value}')"
    elif not isinstance(value, str):
        yield path, f"must be {what}, not {_kind(value)}"
    elif is_blank(value):
        yield path, f"must be {what}, not blank"


def _boolean_issue(value: Any, path: str) -> Iterator[Issue]:
    if not isinstance(value, bool):
        yield path, f"must be true or false, not {_shown(value)}"


def _whole_number_issue(value: Any, path: str, limits: tuple[int, int]) -> Iterator[Issue]:
    low, high = limits
    number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
    if number is None or not low <= number <= high or number != int(number):
        yield path, f"must be a whole number from {low} to {high}, not {_shown(value)}"


def _endpoint_issue(value: Any, path: str) -> Iterator[Issue]:
    if not isinstance(value, str):
        yield path, f"must be a path such as /service, not {_kind(value)}"
    elif not ENDPOINT_PATTERN.fullmatch(value):
        yield path, f"{_shown(value)} is not a valid path: use letters, digits, '_', '-' and '/' (e.g. /service)"
    elif "//" in value:
        yield path, f"{_shown(value)} must not contain '//'"


def document_issues(data: Any) -> Iterator[Issue]:
    """Every problem of a parsed connect.yaml document, as (path, reason)."""
    if data is None:
        yield "(file)", "is empty: declare the applications under deployAs (see docs.commercetools.com/connect)"
        return
    if not isinstance(data, dict):
        yield "(root)", f"must be a mapping with a deployAs list, not {_kind(data)}"
        return
    yield from _unknown_fields(data, "", ("deployAs", "inheritAs"), "connect.yaml")
    inherit_as = data.get("inheritAs")
    if "inheritAs" in data:
        yield from _inherit_as_issues(inherit_as, "inheritAs")
    if "deployAs" not in data:
        yield "deployAs", "is required: list the applications to deploy (- name: ..., applicationType: ...)"
        return
    yield from _deploy_as_issues(data["deployAs"], _global_configuration(inherit_as))


def _deploy_as_issues(applications: Any, global_configuration: Any) -> Iterator[Issue]:
    if not isinstance(applications, list):
        yield "deployAs", f"must be a list of applications, not {_kind(applications)}"
        return
    first_use: dict[str, str] = {}
    for index, application in enumerate(applications):
        path = f"deployAs[{index}]"
        yield from _application_issues(application, path, global_configuration)
        name = application.get("name") if isinstance(application, dict) else None
        if isinstance(name, str):
            if name in first_use:
                yield _at(path, "name"), f"{name!r} is already the name of {first_use[name]}: names must be unique"
            first_use.setdefault(name, path)


def _application_type(application: dict[Any, Any], path: str) -> tuple[str | None, list[Issue]]:
    declared = application.get("applicationType")
    known = (*APPLICATION_TYPES, *APPLICATION_TYPE_ALIASES, NOT_DEPLOYED_TYPE)
    if declared is None:
        return None, [(_at(path, "applicationType"), f"is required: one of {', '.join(APPLICATION_TYPES)}")]
    if not isinstance(declared, str) or declared not in known:
        hint = _suggest(str(declared), known)
        reason = f"{_shown(declared)} is not an application type: use one of {', '.join(APPLICATION_TYPES)}{hint}"
        return None, [(_at(path, "applicationType"), reason)]
    return APPLICATION_TYPE_ALIASES.get(declared, declared), []


def _application_issues(application: Any, path: str, global_configuration: Any) -> Iterator[Issue]:
    if not isinstance(application, dict):
        yield path, f"must be a mapping (name, applicationType, ...), not {_kind(application)}"
        return
    yield from _name_issues(application.get("name"), _at(path, "name"))
    app_type, type_issues = _application_type(application, path)
    yield from type_issues
    if app_type is None:
        return
    allowed = _FIELDS_BY_TYPE[app_type]
    owner = f"{'an' if app_type[0] in 'aeiou' else 'a'} {app_type} application"
    for field in application:
        if field not in allowed:
            yield _at(path, str(field)), _field_not_allowed(str(field), app_type, allowed, owner)
    if app_type in _WITH_ENDPOINT:
        if "endpoint" not in application:
            yield _at(path, "endpoint"), f"is required for {owner}: the path Connect routes to it, e.g. /{app_type}"
        else:
            yield from _endpoint_issue(application["endpoint"], _at(path, "endpoint"))
    configuration = application.get("configuration")
    if "configuration" in application and "configuration" in allowed:
        yield from _configuration_issues(configuration, _at(path, "configuration"), global_configuration)
    if "scripts" in application and "scripts" in allowed:
        yield from _scripts_issues(application["scripts"], _at(path, "scripts"))
    if "healthCheck" in application and "healthCheck" in allowed:
        yield from _health_check_issues(application["healthCheck"], _at(path, "healthCheck"))
    if "retryPolicy" in application and "retryPolicy" in allowed:
        yield from _retry_policy_issues(application["retryPolicy"], _at(path, "retryPolicy"))
    if app_type == "job":
        yield from _job_properties_issues(application.get("properties"), _at(path, "properties"))
    if app_type in _MERCHANT_CENTER_KEYS:
        yield from _merchant_center_issues(app_type, configuration, _at(path, "configuration"), global_configuration)


def _field_not_allowed(field: str, app_type: str, allowed: Sequence[str], owner: str) -> str:
    if field == "healthCheck":
        return f"{owner} cannot have a healthCheck (only service and event applications): remove it"
    if field == "endpoint":
        return f"{owner} has no endpoint (Connect serves it itself): remove it"
    if field == "retryPolicy":
        return f"{owner} cannot have a retryPolicy (only event applications): remove it"
    if field == "properties":
        return f"{owner} has no properties (only a job has properties.schedule): remove it"
    if field in _COMMON_FIELDS and app_type == "assets":
        return f"{owner} has only a name and an applicationType: remove {field}"
    return f"unknown field for {owner}: remove it (allowed: {', '.join(allowed)}){_suggest(field, allowed)}"


def _name_issues(name: Any, path: str) -> Iterator[Issue]:
    if name is None:
        yield path, "is required: 2-256 letters, digits, '_' or '-'"
    elif not isinstance(name, str) or not NAME_PATTERN.fullmatch(name):
        yield path, f"{_shown(name)} is not a valid application name: use 2-256 letters, digits, '_' or '-'"


def _scripts_issues(scripts: Any, path: str) -> Iterator[Issue]:
    if not isinstance(scripts, dict):
        yield from _mapping_issue(scripts, path, "postDeploy: <command>, preUndeploy: <command>")
        return
    yield from _unknown_fields(scripts, path, ("postDeploy", "preUndeploy"), "scripts")
    for field in ("postDeploy", "preUndeploy"):
        if field in scripts:
            yield from _text_issue(scripts[field], _at(path, field), "a shell command")


def _health_check_issues(health_check: Any, path: str) -> Iterator[Issue]:
    if not isinstance(health_check, dict):
        yield from _mapping_issue(health_check, path, "path: /health, intervalSeconds: 10, ...")
        return
    numbers = ("intervalSeconds", "timeoutSeconds", "unhealthyThreshold")
    yield from _unknown_fields(health_check, path, ("path", *numbers), "healthCheck")
    if "path" not in health_check:
        yield _at(path, "path"), "is required: the path Connect calls to check the application, e.g. /health"
    else:
        yield from _endpoint_issue(health_check["path"], _at(path, "path"))
    for field in numbers:
        if field in health_check:
            yield from _whole_number_issue(health_check[field], _at(path, field), HEALTH_CHECK_LIMITS)


def _retry_policy_issues(policy: Any, path: str) -> Iterator[Issue]:
    if not isinstance(policy, dict):
        yield from _mapping_issue(policy, path, "strategy: immediate")
        return
    strategy = policy.get("strategy")
    if strategy not in RETRY_STRATEGIES:
        hint = _suggest(str(strategy), RETRY_STRATEGIES)
        reason = "is required" if strategy is None else f"{_shown(strategy)} is not a strategy"
        yield _at(path, "strategy"), f"{reason}: use {' or '.join(RETRY_STRATEGIES)}{hint}"
        return
    if strategy == "immediate":
        yield from _unknown_fields(policy, path, ("strategy",), "the immediate retry policy")
        return
    fields = ("strategy", "minBackoffSeconds", "maxBackoffSeconds", "maxAttempts")
    yield from _unknown_fields(policy, path, fields, "the exponential-backoff retry policy")
    for field in ("minBackoffSeconds", "maxBackoffSeconds"):
        if field not in policy:
            yield _at(path, field), "is required for exponential-backoff: seconds from 1 to 600"
        else:
            yield from _whole_number_issue(policy[field], _at(path, field), BACKOFF_SECONDS_LIMITS)
    if "maxAttempts" in policy:
        yield from _whole_number_issue(policy["maxAttempts"], _at(path, "maxAttempts"), MAX_ATTEMPTS_LIMITS)
    low, high = policy.get("minBackoffSeconds"), policy.get("maxBackoffSeconds")
    if _is_number(low) and _is_number(high) and low > high:
        yield _at(path, "minBackoffSeconds"), f"{low} is above maxBackoffSeconds {high}: swap them"


def _is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _job_properties_issues(properties: Any, path: str) -> Iterator[Issue]:
    if properties is None:
        yield path, "is required for a job application: properties: {schedule: '<cron>'}"
        return
    if not isinstance(properties, dict):
        yield from _mapping_issue(properties, path, "schedule: '0 2 * * *'")
        return
    yield from _unknown_fields(properties, path, ("schedule",), "job properties")
    schedule = properties.get("schedule")
    if schedule is None:
        yield _at(path, "schedule"), f"is required: when the job runs; {CRON_HINT}"
    elif not isinstance(schedule, str) or not is_cron_schedule(schedule):
        yield _at(path, "schedule"), f"{_shown(schedule)} is not a cron schedule: {CRON_HINT}"
    elif (out_of_range := cron_range_problem(schedule)) is not None:
        yield _at(path, "schedule"), f"{_shown(schedule)} is not a valid schedule: {out_of_range}"


def _inherit_as_issues(inherit_as: Any, path: str) -> Iterator[Issue]:
    if not isinstance(inherit_as, dict):
        yield from _mapping_issue(inherit_as, path, "configuration: ..., apiClient: {scopes: [...]}")
        return
    yield from _unknown_fields(inherit_as, path, ("configuration", "apiClient"), "inheritAs")
    if "configuration" in inherit_as:
        yield from _configuration_issues(inherit_as["configuration"], _at(path, "configuration"), None)
    if "apiClient" in inherit_as:
        yield from _api_client_issues(inherit_as["apiClient"], _at(path, "apiClient"))


def _api_client_issues(api_client: Any, path: str) -> Iterator[Issue]:
    if not isinstance(api_client, dict):
        yield from _mapping_issue(api_client, path, "scopes: [manage_orders]")
        return
    yield from _unknown_fields(api_client, path, ("scopes",), "inheritAs.apiClient")
    scopes = api_client.get("scopes")
    if not isinstance(scopes, list) or not scopes:
        yield (
            _at(path, "scopes"),
            "must list at least one scope of the API client Connect creates, e.g. [manage_orders]",
        )
        return
    for index, scope in enumerate(scopes):
        scope_path = f"{_at(path, 'scopes')}[{index}]"
        if not isinstance(scope, str) or not scope:
            yield scope_path, f"must be a scope such as manage_orders, not {_kind(scope) if scope != '' else 'empty'}"


def _global_configuration(inherit_as: Any) -> Any:
    return inherit_as.get("configuration") if isinstance(inherit_as, dict) else None


def _entries(configuration: Any, section: str) -> list[Any]:
    if not isinstance(configuration, dict):
        return []
    entries = configuration.get(section)
    return entries if isinstance(entries, list) else []


def _declared_key(configuration: Any, section: str, key: str) -> dict[Any, Any] | None:
    return next(
        (e for e in _entries(configuration, section) if isinstance(e, dict) and e.get("key") == key),
        None,
    )


def _configuration_issues(configuration: Any, path: str, global_configuration: Any) -> Iterator[Issue]:
    """A configuration block; ``global_configuration`` is inheritAs.configuration (None for that block itself)."""
    if not isinstance(configuration, dict):
        yield from _mapping_issue(configuration, path, "standardConfiguration: [...], securedConfiguration: [...]")
        return
    sections = ("standardConfiguration", "securedConfiguration")
    yield from _unknown_fields(configuration, path, sections, "a configuration")
    global_keys = {
        entry["key"]: f"inheritAs.configuration.{section}"
        for section in sections
        for entry in _entries(global_configuration, section)
        if isinstance(entry, dict) and isinstance(entry.get("key"), str)
    }
    first_use: dict[str, str] = {}
    for section in sections:
        entries = configuration.get(section)
        section_path = _at(path, section)
        if section not in configuration:
            continue
        if not isinstance(entries, list):
            yield section_path, f"must be a list of {{key, description, ...}} entries, not {_kind(entries)}"
            continue
        for index, entry in enumerate(entries):
            entry_path = f"{section_path}[{index}]"
            yield from _key_entry_issues(entry, entry_path, secured=section == "securedConfiguration")
            key = entry.get("key") if isinstance(entry, dict) else None
            if not isinstance(key, str):
                continue
            if key in first_use:
                yield _at(entry_path, "key"), f"{key!r} is already declared at {first_use[key]}: keep one"
            elif key in global_keys:
                yield (
                    _at(entry_path, "key"),
                    f"{key!r} is already a global key ({global_keys[key]}), which every application receives: "
                    "remove it here",
                )
            first_use.setdefault(key, entry_path)


def _key_entry_issues(entry: Any, path: str, *, secured: bool) -> Iterator[Issue]:
    if not isinstance(entry, dict):
        yield from _mapping_issue(entry, path, "key: MY_KEY, description: ...")
        return
    allowed = ("key", "description", "required") if secured else ("key", "description", "required", "default")
    for field in entry:
        if secured and field == "default":
            yield _at(path, "default"), "a secured key has no default (each Deployment gives the secret): remove it"
        elif field not in allowed:
            hint = _suggest(str(field), allowed)
            yield _at(path, str(field)), f"unknown field of a key: remove it (allowed: {', '.join(allowed)}){hint}"
    yield from _key_issues(entry.get("key"), _at(path, "key"))
    if "description" not in entry:
        yield _at(path, "description"), "is required: say what the value is for"
    else:
        yield from _text_issue(entry["description"], _at(path, "description"), "a description")
    if "required" in entry:
        yield from _boolean_issue(entry["required"], _at(path, "required"))
    if "default" in entry and not secured:
        yield from _text_issue(entry["default"], _at(path, "default"), "a default value")


def _key_issues(key: Any, path: str) -> Iterator[Issue]:
    if key is None:
        yield path, "is required: the environment variable's name, e.g. MY_SETTING"
    elif not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
        yield path, f"{_shown(key)} is not a valid key: use 2-256 letters, digits or '_'"
    elif key.upper() in RESERVED_KEYS:
        yield path, f"{key!r} is reserved by Connect ({', '.join(RESERVED_KEYS)}): rename the key"


def _merchant_center_issues(app_type: str, configuration: Any, path: str, global_configuration: Any) -> Iterator[Issue]:
    if isinstance(configuration, dict) and configuration.get("securedConfiguration"):
        yield (
            _at(path, "securedConfiguration"),
            "Merchant Center applications have no secured configuration: remove it "
            "(a Merchant Center application must not hold secrets)",
        )
    standard_path = _at(path, "standardConfiguration")
    for key in _MERCHANT_CENTER_KEYS[app_type]:
        entry = _declared_key(configuration, "standardConfiguration", key)
        if entry is None:
            yield standard_path, f"a {app_type} needs the key {key} with required: true: add it"
        elif entry.get("required") is not True:
            yield standard_path, f"{key} must have required: true in a {app_type}"
    global_entry = _declared_key(global_configuration, "standardConfiguration", CLOUD_IDENTIFIER)
    if global_entry is not None and global_entry.get("required") is True:
        return
    entry = _declared_key(configuration, "standardConfiguration", CLOUD_IDENTIFIER)
    if entry is None or (entry.get("required") is not True and entry.get("default") is None):
        yield (
            standard_path,
            f"a {app_type} needs {CLOUD_IDENTIFIER} with required: true or a default "
            "(or a required CLOUD_IDENTIFIER in inheritAs.configuration): add it",
        )
