"""A generated corpus of connect.yaml texts: valid documents of every application type, and each of their
fields mutated (removed, nulled, of the wrong type, out of range, unknown keys, duplicates, reserved
words, patterns), plus hand-written edge cases of the YAML itself.

The corpus is deterministic (no randomness), so a disagreement found once is found on every run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

Path = tuple[str | int, ...]

_SERVICE: dict[str, Any] = {
    "name": "service-app",
    "applicationType": "service",
    "endpoint": "/service",
    "scripts": {"postDeploy": "npm run post-deploy", "preUndeploy": "npm run pre-undeploy"},
    "healthCheck": {"path": "/health", "intervalSeconds": 10, "timeoutSeconds": 5, "unhealthyThreshold": 3},
    "configuration": {
        "standardConfiguration": [
            {"key": "CTP_PROJECT_KEY", "description": "Project key", "required": True, "default": "my-project"},
            {"key": "CTP_REGION", "description": "Region"},
        ],
        "securedConfiguration": [{"key": "CTP_CLIENT_SECRET", "description": "Client secret", "required": True}],
    },
}
_EVENT = {
    "name": "event-app",
    "applicationType": "event",
    "endpoint": "/event",
    "healthCheck": {"path": "/health"},
    "retryPolicy": {
        "strategy": "exponential-backoff",
        "minBackoffSeconds": 10,
        "maxBackoffSeconds": 60,
        "maxAttempts": 10,
    },
    "configuration": {"securedConfiguration": [{"key": "CTP_CLIENT_ID", "description": "Client id"}]},
}
_EVENT_IMMEDIATE = {
    "name": "event-app",
    "applicationType": "event",
    "endpoint": "/event",
    "retryPolicy": {"strategy": "immediate"},
}
_JOB = {
    "name": "job-app",
    "applicationType": "job",
    "endpoint": "/job",
    "properties": {"schedule": "0 2 * * *"},
    "scripts": {"postDeploy": "echo deployed"},
    "configuration": {"standardConfiguration": [{"key": "BATCH_SIZE", "description": "Batch size", "default": "100"}]},
}
_MC_APP: dict[str, Any] = {
    "name": "mc-app",
    "applicationType": "merchant-center-custom-application",
    "configuration": {
        "standardConfiguration": [
            {"key": "CUSTOM_APPLICATION_ID", "description": "Custom application id", "required": True},
            {"key": "ENTRY_POINT_URI_PATH", "description": "Entry point", "required": True},
            {"key": "CLOUD_IDENTIFIER", "description": "Cloud identifier", "default": "gcp-eu"},
        ]
    },
}
_MC_VIEW = {
    "name": "mc-view",
    "applicationType": "merchant-center-custom-view",
    "configuration": {
        "standardConfiguration": [
            {"key": "CUSTOM_VIEW_ID", "description": "Custom view id", "required": True},
            {"key": "CLOUD_IDENTIFIER", "description": "Cloud identifier", "required": True},
        ]
    },
}
_ASSETS = {"name": "assets-app", "applicationType": "assets"}
_UNKNOWN = {"name": "later-app", "applicationType": "unknown", "endpoint": "/later"}

BASE_DOCUMENTS: dict[str, dict[str, Any]] = {
    "service": {"deployAs": [_SERVICE]},
    "event": {"deployAs": [_EVENT]},
    "event-immediate": {"deployAs": [_EVENT_IMMEDIATE]},
    "job": {"deployAs": [_JOB]},
    "merchant-center-custom-application": {"deployAs": [_MC_APP]},
    "mc-app": {"deployAs": [{**_MC_APP, "applicationType": "mc-app"}]},
    "merchant-center-custom-view": {"deployAs": [_MC_VIEW]},
    "assets": {"deployAs": [_ASSETS]},
    "unknown": {"deployAs": [_UNKNOWN]},
    "inherit-as": {
        "deployAs": [
            {"name": "service-app", "applicationType": "service", "endpoint": "/service"},
            {
                "name": "mc-view",
                "applicationType": "merchant-center-custom-view",
                "configuration": {
                    "standardConfiguration": [{"key": "CUSTOM_VIEW_ID", "description": "View id", "required": True}]
                },
            },
        ],
        "inheritAs": {
            "configuration": {
                "standardConfiguration": [
                    {"key": "CLOUD_IDENTIFIER", "description": "Cloud identifier", "required": True},
                    {"key": "CTP_API_URL", "description": "API URL", "default": "https://api.example.com"},
                ],
                "securedConfiguration": [{"key": "CTP_SECRET", "description": "A secret"}],
            },
            "apiClient": {"scopes": ["manage_orders", "view_products"]},
        },
    },
    "many": {"deployAs": [_SERVICE, _EVENT, _JOB, _ASSETS]},
}

_SHALLOW = ("mc-app", "many")

# Values that are valid somewhere, added where they may not be (or may) appear.
_FIELD_VALUES: dict[str, Any] = {
    "endpoint": "/extra",
    "healthCheck": {"path": "/health"},
    "retryPolicy": {"strategy": "immediate"},
    "properties": {"schedule": "@daily"},
    "configuration": {"standardConfiguration": [{"key": "NEW_KEY", "description": "New"}]},
    "scripts": {"postDeploy": "echo hi"},
    "standardConfiguration": [{"key": "OTHER_KEY", "description": "Other"}],
    "securedConfiguration": [{"key": "OTHER_SECRET", "description": "Other secret"}],
    "default": "a default",
    "required": False,
    "minBackoffSeconds": 5,
    "maxBackoffSeconds": 50,
    "maxAttempts": 50,
    "intervalSeconds": 7,
    "apiClient": {"scopes": ["manage_project"]},
    "inheritAs": {"apiClient": {"scopes": ["view_orders"]}},
    "extra": 1,
    "postdeploy": "typo",
}
_WRONG_TYPES: tuple[Any, ...] = (42, "text", True, [], {}, 1.5, ["x"], {"a": 1})
_BLANKS = ("", " ", "\t", "\u00a0", "\ufeff", "\x1c", " x ")
_STRINGS_BY_FIELD: dict[str, tuple[Any, ...]] = {
    "name": ("a", "ab", "a_b-C9", "a.b", "a b", "-", "é-app", "x" * 256, "x" * 257, "123"),
    "key": (
        "PORT",
        "port",
        "Port",
        "K_SERVICE",
        "k_revision",
        "K_CONFIGURATION",
        "K_CONFIGURATIONS",
        "PORTS",
        "A",
        "A-B",
        "a_b",
        "1A",
        "K" * 256,
        "K" * 257,
        "CLOUD_IDENTIFIER",
        "CTP_PROJECT_KEY",
    ),
    "endpoint": ("/", "//", "/a//b", "a", "/a b", "/é", "/a-b_c/d", "/" + "a" * 300, "/a/", "-"),
    "path": ("/", "//", "health", "/health check", "/ok_1"),
    "schedule": (
        "@daily",
        "@every 30m",
        "@every 1h30m",
        "@every",
        "@fortnightly",
        "0 0 * * * * *",
        "0 0 * * * * * *",
        "0 0 * *",
        "*/5 * * * *",
        "1-5 * * * *",
        "0 0 ? * MON",
        "0 0 * * 1,3,5",
        "0  0 * * *",
        "every day",
        "@daily please",
        "61 25 * * *",
        "12345",
    ),
    "applicationType": (
        "service",
        "event",
        "job",
        "merchant-center-custom-application",
        "mc-app",
        "merchant-center-custom-view",
        "assets",
        "unknown",
        "Service",
        "mc-view",
    ),
    "strategy": ("immediate", "exponential-backoff", "linear", "Immediate", "exponential"),
    "scopes": ("manage_orders", " ", ""),
}
_NUMBERS_BY_FIELD: dict[str, tuple[Any, ...]] = {
    "intervalSeconds": (0, 1, 20, 21, -1, 5.0, 5.5, "5", 1e1),
    "timeoutSeconds": (0, 1, 20, 21),
    "unhealthyThreshold": (0, 1, 20, 21, 3.0),
    "minBackoffSeconds": (0, 1, 60, 61, 600, 601, 10.0, 1.5),
    "maxBackoffSeconds": (0, 1, 9, 10, 600, 601),
    "maxAttempts": (4, 5, 100, 101, 50.0, 7.5),
}
_BOOLEANS = (False, True, "true", "yes", 1, 0)


def _nodes(value: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _nodes(child, (*path, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _nodes(child, (*path, index))


def _copy(value: Any) -> Any:
    return json.loads(json.dumps(value))  # the documents are JSON; much faster than copy.deepcopy


def _replaced(document: dict[str, Any], path: Path, value: Any) -> dict[str, Any]:
    mutated: dict[str, Any] = _copy(document)
    parent: Any = mutated
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = _copy(value)
    return mutated


def _removed(document: dict[str, Any], path: Path) -> dict[str, Any]:
    mutated: dict[str, Any] = _copy(document)
    parent: Any = mutated
    for part in path[:-1]:
        parent = parent[part]
    del parent[path[-1]]
    return mutated


def _field_name(path: Path) -> str:
    names = [part for part in path if isinstance(part, str)]
    return names[-1] if names else ""


def _replacements(path: Path, value: Any) -> Iterator[Any]:
    field = _field_name(path)
    yield None
    for wrong in _WRONG_TYPES:
        if type(wrong) is not type(value) or wrong in ([], {}):
            yield wrong
    if isinstance(value, str):
        yield from _BLANKS
        yield from _STRINGS_BY_FIELD.get(field, ())
    elif isinstance(value, bool):
        yield from _BOOLEANS
    elif isinstance(value, int | float):
        yield from _NUMBERS_BY_FIELD.get(field, ())
    elif isinstance(value, list) and value:
        yield [*value, value[0]]  # a duplicate
        yield value[::-1]
    elif isinstance(value, dict):
        for extra, extra_value in _FIELD_VALUES.items():
            if extra not in value:
                yield {**value, extra: extra_value}


def mutations(document: dict[str, Any], depth: int = 99) -> Iterator[dict[str, Any]]:
    """The document with each of its nodes (down to ``depth``) removed, nulled and replaced by other values."""
    for path, value in _nodes(document):
        if not path or len(path) > depth:
            continue
        yield _removed(document, path)
        for replacement in _replacements(path, value):
            yield _replaced(document, path, replacement)


def _duplicates() -> Iterator[dict[str, Any]]:
    """Names and keys given twice: in one application, across applications, and against inheritAs."""
    service = _copy(_SERVICE)
    yield {"deployAs": [service, {**_EVENT, "name": service["name"]}]}
    yield {"deployAs": [_ASSETS, _ASSETS]}
    yield {"deployAs": [_SERVICE, {**_JOB, "configuration": _SERVICE["configuration"]}]}
    for section in ("standardConfiguration", "securedConfiguration"):
        for key in ("CTP_PROJECT_KEY", "CTP_CLIENT_SECRET", "NEW_KEY"):
            entry = {"key": key, "description": "again"}
            configuration = _copy(_SERVICE["configuration"])
            configuration[section].append(entry)
            yield {"deployAs": [{**_SERVICE, "configuration": configuration}]}
            yield {"deployAs": [_SERVICE], "inheritAs": {"configuration": {section: [entry]}}}
    yield {
        "deployAs": [_MC_APP],
        "inheritAs": {
            "configuration": {"standardConfiguration": _MC_APP["configuration"]["standardConfiguration"][:1]}
        },
    }


def generated_documents() -> Iterator[Any]:
    """Every base document, its mutations, and the duplicates."""
    for name, document in BASE_DOCUMENTS.items():
        yield document
        # The alias and the many-application document repeat others: their own fields are enough.
        yield from mutations(document, depth=3 if name in _SHALLOW else 99)
    yield from _duplicates()


_PLAIN = re.compile(r"[A-Za-z_/][A-Za-z0-9_ ./-]*[A-Za-z0-9_./-]|[A-Za-z_/]")
_NOT_PLAIN = {"true", "false", "yes", "no", "on", "off", "y", "n", "null"}


def _scalar(value: Any) -> str:
    """A plain scalar where both YAML versions read it as the same string; JSON (a YAML 1.2 flow scalar)
    otherwise."""
    if isinstance(value, str) and _PLAIN.fullmatch(value) and value.lower() not in _NOT_PLAIN:
        return value
    return json.dumps(value)


def _block(value: Any, indent: int) -> list[str]:
    pad = "  " * indent
    lines: list[str] = []
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        head = f"{pad}{_scalar(key)}:" if isinstance(value, dict) else f"{pad}-"
        if isinstance(item, dict | list) and item:
            nested = _block(item, indent + 1)
            if isinstance(value, dict):
                lines += [head, *nested]
            else:
                lines += [f"{head} {nested[0].lstrip()}", *nested[1:]]
        else:
            lines.append(f"{head} {_scalar(item)}")
    return lines


def as_yaml(document: Any, index: int) -> str:
    """One document as YAML text: block style mostly, JSON (which YAML 1.2 reads) every fourth time."""
    if index % 4 == 3 or not isinstance(document, dict) or not document:
        return json.dumps(document) + "\n"
    return "\n".join(_block(document, 0)) + "\n"


def _service(fields: str = "", tail: str = "") -> str:
    return f"deployAs:\n  - {{name: ab, applicationType: service, endpoint: /a{fields}}}\n{tail}"


def _key(entry: str) -> str:
    return _service(f", configuration: {{standardConfiguration: [{{key: AB, description: d{entry}}}]}}")


def _description(text: str) -> str:
    return _service(f", configuration: {{standardConfiguration: [{{key: AB, description: {text}}}]}}")


def _interval(number: str) -> str:
    return _service(f", healthCheck: {{path: /h, intervalSeconds: {number}}}")


def _retry(policy: str) -> str:
    return f"deployAs:\n  - {{name: ab, applicationType: event, endpoint: /a, retryPolicy: {policy}}}\n"


def _view(entries: str, tail: str = "") -> str:
    view_id = "{key: CUSTOM_VIEW_ID, description: d, required: true}"
    return (
        "deployAs:\n  - {name: ab, applicationType: merchant-center-custom-view, "
        f"configuration: {{standardConfiguration: [{view_id}{entries}]}}}}\n{tail}"
    )


def _global(entry: str) -> str:
    return f"inheritAs: {{configuration: {{standardConfiguration: [{entry}]}}}}\n"


def _mc_app(secured: str) -> str:
    keys = ", ".join(
        f"{{key: {key}, description: d, required: true}}"
        for key in ("CUSTOM_APPLICATION_ID", "ENTRY_POINT_URI_PATH", "CLOUD_IDENTIFIER")
    )
    return (
        "deployAs:\n  - {name: ab, applicationType: mc-app, "
        f"configuration: {{standardConfiguration: [{keys}], securedConfiguration: [{secured}]}}}}\n"
    )


_BACKOFF = "{strategy: exponential-backoff, "

HAND_WRITTEN = [
    # YAML 1.2 scalars: the core schema, where 1.1 differs.
    _key(", required: yes"),
    _key(", default: 2024-01-01"),
    _key(", default: on"),
    _key(", default: 0b101"),
    _key(", required: True"),
    _key(", required: TRUE"),
    _key(", required: y"),
    "deployAs:\n  - {name: 12, applicationType: service, endpoint: /a}\n",
    "deployAs:\n  - {name: 1_000, applicationType: service, endpoint: /a}\n",
    "deployAs:\n  - {name: 0x1F, applicationType: service, endpoint: /a}\n",
    "deployAs:\n  - {name: '12', applicationType: service, endpoint: /a}\n",
    *(_interval(number) for number in ("0x0A", "0o12", "1e1", "+10", "1_0", ".inf", ".nan", "10.", "!!int '10'")),
    "deployAs:\n  - {name: !!str ab, applicationType: service, endpoint: /a}\n",
    "deployAs:\n  - {name: ~, applicationType: service, endpoint: /a}\n",
    _service(", configuration: "),
    "deployAs:\n  - name: ab\n    applicationType: service\n    endpoint: /a\n    configuration:\n",
    # Keys given twice, anchors and aliases, tags, several documents, other roots.
    "deployAs:\n  - name: ab\n    name: cd\n    applicationType: service\n    endpoint: /a\n",
    "deployAs: []\ndeployAs: []\n",
    "deployAs:\n  - &app {name: ab, applicationType: service, endpoint: /a}\n",
    "deployAs:\n  - {name: &n ab, applicationType: service, endpoint: /a}\n  - {name: *n, applicationType: assets}\n",
    "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\ndeployAs: []\n",
    "deployAs:\n  - {name: ab, applicationType: service, endpoint: /a}\n---\ndeployAs: []\n",
    "---\ndeployAs:\n  - {name: ab, applicationType: service, endpoint: /a}\n...\n",
    "%YAML 1.2\n---\ndeployAs:\n  - {name: ab, applicationType: service, endpoint: /a}\n",
    "",
    "# only a comment\n",
    "~\n",
    "[]\n",
    "deployAs\n",
    "deployAs: [\n",
    "deployAs:\n\t- {name: ab, applicationType: assets}\n",
    '{"deployAs": [{"name": "ab", "applicationType": "assets"}]}',
    "\ufeffdeployAs:\n  - {name: ab, applicationType: assets}\n",
    "deployAs:\n  - {name: ab, applicationType: assets}\r\n",
    "deployAs:\n  - {name: ab, applicationType: assets}\n  # a comment\n",
    "deployAs:\n  - {name: ab, applicationType: assets, ? complex : key}\n",
    "deployAs:\n  - {name: ab, applicationType: assets}\n  - {name: cd, applicationType: assets, <<: {extra: 1}}\n",
    "deployAs:\n  - {name: ab, applicationType: !custom assets}\n",
    "deployAs:\n  - {name: !!binary YWI=, applicationType: assets}\n",
    'deployAs:\n  - {name: "a\\u0062", applicationType: assets}\n',
    "deployAs:\n  - name: |\n      ab\n    applicationType: assets\n",
    "deployAs:\n  - name: >-\n      ab\n    applicationType: assets\n",
    # Whitespace that JavaScript's trim() and Python's strip() see differently.
    *(_description(f'"{blank}"') for blank in ("\\ufeff", "\\x1c", "\\x85", "\\u2028", "\\u200b", "\\u3000")),
    _service(', scripts: {postDeploy: "\\u3000"}'),
    _key(', default: "\\u200b"'),
    _service(tail='inheritAs: {apiClient: {scopes: ["\\t"]}}\n'),
    # A mapping or a list where a string is expected.
    _service(
        ", configuration: {standardConfiguration: [{key: {a: 1}, description: d}]}",
        _global("{key: {b: 2}, description: d}"),
    ),
    "deployAs:\n  - {name: {a: 1}, applicationType: service, endpoint: /a}\n"
    "  - {name: {a: 1}, applicationType: service, endpoint: /b}\n",
    "deployAs:\n  - {name: [ab], applicationType: service, endpoint: /a}\n",
    "deployAs:\n  - {name: ab, applicationType: {a: 1}, endpoint: /a}\n",
    "deployAs:\n  - {name: ab, applicationType: [service], endpoint: /a}\n",
    _retry("{strategy: {a: 1}}"),
    _retry("{strategy: [immediate]}"),
    _retry(_BACKOFF + "minBackoffSeconds: '1', maxBackoffSeconds: 2}"),
    _retry(_BACKOFF + "minBackoffSeconds: 3, maxBackoffSeconds: 2, maxAttempts: 4}"),
    _retry(_BACKOFF + "minBackoffSeconds: 700, maxBackoffSeconds: 2}"),
    _retry(_BACKOFF + "minBackoffSeconds: 2, maxBackoffSeconds: 2}"),
    # Merchant Center rules.
    _view(", {key: CLOUD_IDENTIFIER, description: d, default: ' '}"),
    _view(", {key: CLOUD_IDENTIFIER, description: d, default: ''}"),
    _view(", {key: CLOUD_IDENTIFIER, description: d, required: false, default: x}], securedConfiguration: ["),
    _view("", _global("{key: CLOUD_IDENTIFIER, description: d, default: x}")),
    _view("", _global("{key: CLOUD_IDENTIFIER, description: d, required: true}")),
    _mc_app("{key: S1, description: d}"),
    _mc_app(""),
    # Empty blocks and lists, keys given twice across blocks.
    _service(", configuration: {}", "inheritAs: {}\n"),
    _service(", configuration: {standardConfiguration: [], securedConfiguration: []}, scripts: {}"),
    _service(tail="inheritAs: {apiClient: {scopes: []}}\n"),
    _service(tail="inheritAs: {apiClient: {}}\n"),
    _service(tail="inheritAs: {apiClient: {scopes: [manage_orders, manage_orders]}}\n"),
    _service(
        ", configuration: {standardConfiguration: [{key: AB, description: d}], "
        "securedConfiguration: [{key: AB, description: d}]}"
    ),
    _key("") + "  - {name: cd, applicationType: service, endpoint: /b, "
    "configuration: {standardConfiguration: [{key: AB, description: d}]}}\n",
    "deployAs:\n  - {name: ab, applicationType: job, endpoint: /a, properties: {schedule: 5}}\n",
    "deployAs:\n  - {name: ab, applicationType: job, endpoint: /a, properties: {schedule: '0 0 * * *', extra: 1}}\n",
    "deployAs:\n" + "".join(f"  - {{name: app{i}, applicationType: assets}}\n" for i in range(300)),
]
"""Edge cases of the YAML itself and of rules the mutations reach only by chance."""


def corpus() -> list[str]:
    """Every text of the corpus, without repeats, in a fixed order."""
    texts = [as_yaml(document, index) for index, document in enumerate(generated_documents())]
    return list(dict.fromkeys([*texts, *HAND_WRITTEN]))
