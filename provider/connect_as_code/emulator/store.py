"""SQLite state of the emulator (stdlib ``sqlite3``): in memory by default, or a file that survives
restarts. Every method takes one re-entrant lock, so the store is safe to share between threads;
:meth:`Store.transaction` groups several calls into one atomic unit.

:class:`Store` joins the tables of :mod:`emulator.store_objects` and :mod:`emulator.store_history`,
both built on the connection of :mod:`emulator.store_database`; their names are importable from here.
"""

from __future__ import annotations

from connect_as_code.emulator.store_database import _SCHEMA, _TABLES, JsonDict, StoreDatabase
from connect_as_code.emulator.store_history import REQUEST_LOG_LIMIT, HistoryStore
from connect_as_code.emulator.store_objects import ApiClientRecord, ObjectStore, Resource, TokenRecord

__all__ = [
    "REQUEST_LOG_LIMIT",
    "_SCHEMA",
    "_TABLES",
    "ApiClientRecord",
    "HistoryStore",
    "JsonDict",
    "ObjectStore",
    "Resource",
    "Store",
    "StoreDatabase",
    "TokenRecord",
]


class Store(ObjectStore, HistoryStore):
    """All persistent state."""
