"""SQLite state of the emulator (stdlib ``sqlite3``): in memory by default, or a file that survives
restarts. Every method takes one re-entrant lock, so the store is safe to share between threads;
:meth:`Store.transaction` groups several calls into one atomic unit.

:class:`Store` joins the tables of :mod:`emulator.store.objects` and :mod:`emulator.store.history`,
both built on the connection of :mod:`emulator.store.database`; the records the engine reads
(:class:`Resource`, :class:`ApiClientRecord`, :class:`TokenRecord`) are importable from here.
"""

from __future__ import annotations

from connect_as_code.emulator.store.history import HistoryStore
from connect_as_code.emulator.store.objects import ApiClientRecord, ObjectStore, Resource, TokenRecord

__all__ = ["ApiClientRecord", "Resource", "Store", "TokenRecord"]


class Store(ObjectStore, HistoryStore):
    """All persistent state."""
