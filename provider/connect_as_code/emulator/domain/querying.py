"""Paging, sorting and filtering of list endpoints (pure functions over stored documents)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from connect_as_code.emulator.domain.errors import bad_request, invalid_query_param

JsonDict = dict[str, Any]

DEFAULT_LIMIT = 20
MAX_LIMIT = 500
MAX_OFFSET = 10_000
SORTABLE_FIELDS = ("createdAt", "lastModifiedAt", "name", "key", "id", "version")
_SORT = re.compile(r"^\s*(?P<field>[A-Za-z.]+)(?:\s+(?P<direction>asc|desc|ASC|DESC))?\s*$")


@dataclass(frozen=True)
class Row:
    """A document with the timestamps it is sorted by (the resources do not expose them)."""

    doc: JsonDict
    created_at: float
    last_modified_at: float


@dataclass(frozen=True)
class SortKey:
    """One ``sort`` parameter."""

    field: str
    descending: bool


def check_paging(limit: int | None, offset: int | None) -> tuple[int, int]:
    """Defaults and bounds of ``limit`` (0-500, default 20) and ``offset`` (0-10000)."""
    limit = DEFAULT_LIMIT if limit is None else limit
    offset = 0 if offset is None else offset
    if not 0 <= limit <= MAX_LIMIT:
        raise bad_request(invalid_query_param(f"limit must be between 0 and {MAX_LIMIT}, got {limit}"))
    if not 0 <= offset <= MAX_OFFSET:
        raise bad_request(invalid_query_param(f"offset must be between 0 and {MAX_OFFSET}, got {offset}"))
    return limit, offset


def parse_sort(values: Sequence[str] | None) -> list[SortKey]:
    """``["createdAt asc", "name desc"]`` → sort keys; unknown fields or syntax → InvalidQueryParam."""
    keys: list[SortKey] = []
    for value in values or []:
        match = _SORT.match(value)
        if match is None or match.group("field") not in SORTABLE_FIELDS:
            raise bad_request(
                invalid_query_param(
                    f"sort '{value}' is not '<field> asc|desc' with field one of {', '.join(SORTABLE_FIELDS)}"
                )
            )
        direction = (match.group("direction") or "asc").lower()
        keys.append(SortKey(match.group("field"), direction == "desc"))
    return keys


def _value(row: Row, field: str) -> Any:
    if field == "createdAt":
        return row.created_at
    if field == "lastModifiedAt":
        return row.last_modified_at
    value = row.doc.get(field)
    return (value is not None, value if value is not None else "")


def sort_rows(rows: list[Row], keys: Sequence[SortKey]) -> list[Row]:
    """Stable multi-key sort; without keys the order is ``createdAt asc`` (ties in creation order)."""
    ordered = sorted(rows, key=lambda r: r.created_at)
    for sort_key in reversed(keys):
        ordered.sort(key=_key_of(sort_key.field), reverse=sort_key.descending)
    return ordered


def _key_of(field: str) -> Callable[[Row], Any]:
    def key(row: Row) -> Any:
        return _value(row, field)

    return key


def page(docs: list[JsonDict], limit: int, offset: int) -> JsonDict:
    """A PagedQueryResponse over already filtered and sorted documents."""
    results = docs[offset : offset + limit]
    return {"limit": limit, "offset": offset, "count": len(results), "total": len(docs), "results": results}


def matches_text(doc: JsonDict, text: str | None) -> bool:
    """Case-insensitive match of every word of ``text`` in ``name`` or ``description``."""
    if not text or not text.strip():
        return True
    haystack = f"{doc.get('name') or ''} {doc.get('description') or ''}".lower()
    return all(word in haystack for word in text.lower().split())


def overlaps(values: Sequence[str] | None, wanted: Sequence[str] | None) -> bool:
    """True when no filter is given or any wanted value is present."""
    return not wanted or bool(set(values or []) & set(wanted))


def select(rows: list[Row], *predicates: Callable[[JsonDict], bool]) -> list[Row]:
    """Rows whose document satisfies every predicate."""
    return [row for row in rows if all(predicate(row.doc) for predicate in predicates)]
