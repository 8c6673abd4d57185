"""SQLite state of the emulator (stdlib ``sqlite3``): in memory by default, or a file that survives
restarts. Every method takes one re-entrant lock, so the store is safe to share between threads;
:meth:`Store.transaction` groups several calls into one atomic unit.

:class:`Store` joins the tables of :mod:`emulator.store_objects` and :mod:`emulator.store_history`,
both built on the connection of :mod:`emulator.store_database`.
"""

from __future__ import annotations

from connect_as_code.emulator.store_history import HistoryStore
from connect_as_code.emulator.store_objects import ObjectStore


class Store(ObjectStore, HistoryStore):
    """All persistent state."""
