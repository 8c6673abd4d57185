"""Reading a connect.yaml text as YAML 1.2 (the core schema of the JavaScript tools), before any rule.

PyYAML's safe loader with the core schema's implicit types (``yes`` and ``2024-01-01`` are strings,
``true`` and ``8080`` are not); aliases, duplicate keys and files over :data:`MAX_CONNECT_YAML_BYTES`
are refused. :func:`load_yaml` returns the document, or the issues that prevent reading it.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from connect_as_code._connect_yaml_rules import Issue

MAX_CONNECT_YAML_BYTES = 256 * 1024
"""Larger files are refused without being parsed."""


class _CoreSchemaLoader(yaml.SafeLoader):
    """PyYAML's safe loader with the YAML 1.2 core schema; refuses aliases and duplicate keys."""

    yaml_implicit_resolvers: dict[Any, Any] = {}

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Compose as usual, but stop at the first alias (a small file must not expand into a huge one)."""
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed: write the value out", mark)
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        """Construct as usual, but refuse a key given twice (the JavaScript YAML parsers do)."""
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if key is not None and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} appears twice in this mapping: keep one", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)


def _construct_core_int(loader: _CoreSchemaLoader, node: Any) -> int:
    text = str(loader.construct_scalar(node))
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    if digits.startswith("0o"):
        return sign * int(digits[2:], 8)
    if digits.startswith("0x"):
        return sign * int(digits[2:], 16)
    return sign * int(digits, 10)


for _tag, _pattern, _first in (
    ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("int", r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
    (
        "float",
        r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN",
        "-+0123456789.",
    ),
    ("null", r"~|null|Null|NULL|", ["~", "n", "N", ""]),
):
    _CoreSchemaLoader.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(rf"^(?:{_pattern})$"), list(_first))
_CoreSchemaLoader.add_constructor("tag:yaml.org,2002:int", _construct_core_int)


def load_yaml(text: str) -> tuple[Any, list[Issue]]:
    """The YAML document of ``text``, or the issues that prevent reading it."""
    size = len(text.encode("utf-8", errors="replace"))
    if size > MAX_CONNECT_YAML_BYTES:
        return None, [("(file)", f"is {size} bytes; a connect.yaml may have at most {MAX_CONNECT_YAML_BYTES} bytes")]
    try:
        data = yaml.load(text, Loader=_CoreSchemaLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(file)"
        return None, [(where, f"not valid YAML: {error.problem or error.context}; fix the indentation or quoting")]
    except (yaml.YAMLError, ValueError) as error:
        return None, [("(file)", f"not valid YAML: {error}")]
    except RecursionError:
        return None, [("(file)", "is nested too deeply to be a connect.yaml")]
    return data, []
