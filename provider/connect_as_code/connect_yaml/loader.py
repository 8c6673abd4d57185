"""Reading a connect.yaml text as YAML 1.2 (the core schema of the JavaScript tools), before any rule.

PyYAML's safe loader (its C parser when installed) with the core schema's implicit types (``yes`` and
``2024-01-01`` are strings, ``true`` and ``8080`` are not), as the ``yaml`` 2.x package that the Connect
CLI's validator uses reads it. Duplicate keys and files over :data:`MAX_CONNECT_YAML_BYTES` are refused;
aliases are read, with the same limit on their expansion as that package (:data:`MAX_ALIAS_COUNT`), so a
small file cannot expand into a huge one. :func:`load_yaml` returns the document, or the issues that
prevent reading it. The same reader serves the library and the emulator.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from connect_as_code.connect_yaml.rules import Issue

MAX_CONNECT_YAML_BYTES = 256 * 1024
"""Larger files are refused without being parsed."""
MAX_ALIAS_COUNT = 100
"""The ``maxAliasCount`` of the ``yaml`` package: uses of an anchor times the aliases inside it."""

_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _CoreSchemaLoader(_Parser):  # type: ignore[misc]
    """PyYAML's safe loader with the YAML 1.2 core schema; refuses duplicate keys."""

    yaml_implicit_resolvers: dict[Any, Any] = {}

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


def _construct_untagged(loader: _CoreSchemaLoader, node: Any) -> Any:
    """A tag the core schema does not know (``!name``, ``!!binary``, ``!!timestamp``, ...) is ignored, as
    the ``yaml`` package does: the value is read as the plain string, list or mapping it is."""
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)


_CoreSchemaLoader.add_constructor(None, _construct_untagged)
for _name in ("binary", "timestamp", "set", "omap", "pairs"):
    _CoreSchemaLoader.add_constructor(f"tag:yaml.org,2002:{_name}", _construct_untagged)


class _AliasCounter:
    """The ``yaml`` package's guard against alias expansion, on PyYAML's node graph.

    An alias is the same node object met again. As in that package, each use of an anchor counts, and
    the document is refused when the uses of one anchor times the aliases inside it exceed
    :data:`MAX_ALIAS_COUNT` (a scalar counts 1, a collection the largest count of its items).
    """

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.uses: dict[int, int] = {}
        self.inner: dict[int, int] = {}
        self.alias_positions: set[tuple[int, int]] = set()

    def visit(self, node: Any) -> None:
        """Walk ``node`` in document order; raise ``ValueError`` on excessive aliasing."""
        self.seen.add(id(node))
        for position, child in enumerate(self._children(node)):
            if id(child) in self.seen:
                self.alias_positions.add((id(node), position))
                self._use(child)
            else:
                self.visit(child)

    def _use(self, source: Any) -> None:
        self.uses[id(source)] = self.uses.get(id(source), 1) + 1  # the anchor itself counts once
        if not self.inner.get(id(source)):
            self.inner[id(source)] = self._alias_count(source)
        if self.uses[id(source)] * self.inner[id(source)] > MAX_ALIAS_COUNT:
            raise ValueError("excessive aliasing (*name) indicates a resource exhaustion attack: write the values out")

    def _alias_count(self, node: Any) -> int:
        if isinstance(node, yaml.ScalarNode):
            return 1
        count = 0
        for position, child in enumerate(self._children(node)):
            if (id(node), position) in self.alias_positions:
                child_count = self.uses.get(id(child), 1) * self.inner.get(id(child), 0)
            else:
                child_count = self._alias_count(child)
            count = max(count, child_count)
        return count

    @staticmethod
    def _children(node: Any) -> list[Any]:
        if isinstance(node, yaml.MappingNode):
            return [part for pair in node.value for part in pair]
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        return []


def _load(text: str) -> Any:
    loader = _CoreSchemaLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _AliasCounter().visit(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def load_yaml(text: str) -> tuple[Any, list[Issue]]:
    """The YAML document of ``text``, or the issues that prevent reading it."""
    size = len(text.encode("utf-8", errors="replace"))
    if size > MAX_CONNECT_YAML_BYTES:
        return None, [("(file)", f"is {size} bytes; a connect.yaml may have at most {MAX_CONNECT_YAML_BYTES} bytes")]
    try:
        data = _load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "(file)"
        return None, [(where, f"not valid YAML: {error.problem or error.context}; fix the indentation or quoting")]
    except (yaml.YAMLError, ValueError) as error:
        return None, [("(file)", f"not valid YAML: {error}")]
    except RecursionError:
        return None, [("(file)", "is nested too deeply to be a connect.yaml")]
    return data, []
