"""The emulator's SQLite database (stdlib ``sqlite3``): the schema, the connection in memory or in a file
(WAL), the one re-entrant lock every call takes, nested transactions and the reset.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

JsonDict = dict[str, Any]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS resources (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    scope TEXT NOT NULL,
    key TEXT,
    doc TEXT NOT NULL,
    created_at REAL NOT NULL,
    last_modified_at REAL NOT NULL,
    next_due REAL,
    PRIMARY KEY (kind, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS resources_by_key ON resources (kind, scope, key) WHERE key IS NOT NULL;
CREATE INDEX IF NOT EXISTS resources_by_due ON resources (next_due) WHERE next_due IS NOT NULL;
CREATE TABLE IF NOT EXISTS api_clients (
    client_id TEXT PRIMARY KEY,
    secret_digest TEXT NOT NULL,
    scopes TEXT NOT NULL,
    token_ttl INTEGER NOT NULL,
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    token_digest TEXT PRIMARY KEY,
    client_id TEXT NOT NULL,
    scopes TEXT NOT NULL,
    issued_at REAL NOT NULL,
    expires_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS projects (
    key TEXT PRIMARY KEY,
    production INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS repositories (
    canonical_url TEXT NOT NULL,
    tag TEXT NOT NULL,
    url TEXT NOT NULL,
    connect_yaml TEXT,
    PRIMARY KEY (canonical_url, tag)
);
CREATE TABLE IF NOT EXISTS private_repositories (
    canonical_url TEXT PRIMARY KEY
);
CREATE TABLE IF NOT EXISTS scripted_outcomes (
    process TEXT NOT NULL,
    ref TEXT NOT NULL,
    items TEXT NOT NULL,
    PRIMARY KEY (process, ref)
);
CREATE TABLE IF NOT EXISTS events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    resource TEXT NOT NULL,
    id TEXT NOT NULL,
    key TEXT,
    project TEXT,
    field TEXT NOT NULL,
    from_value TEXT,
    to_value TEXT NOT NULL,
    cause TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS deployment_logs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    deployment_id TEXT NOT NULL,
    application TEXT NOT NULL,
    at REAL NOT NULL,
    entry TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS deployment_logs_by_deployment ON deployment_logs (deployment_id, at);
CREATE TABLE IF NOT EXISTS deployment_revisions (
    deployment_id TEXT NOT NULL,
    revision_number INTEGER NOT NULL,
    at REAL NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (deployment_id, revision_number)
);
CREATE TABLE IF NOT EXISTS request_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at REAL NOT NULL,
    method TEXT NOT NULL,
    route TEXT NOT NULL,
    path TEXT NOT NULL,
    status INTEGER NOT NULL,
    duration_ms REAL NOT NULL,
    correlation_id TEXT NOT NULL,
    fault TEXT
);
CREATE TABLE IF NOT EXISTS counters (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
"""

_TABLES = (
    "resources",
    "api_clients",
    "tokens",
    "projects",
    "repositories",
    "private_repositories",
    "scripted_outcomes",
    "events",
    "deployment_logs",
    "deployment_revisions",
    "request_log",
    "counters",
)


class StoreDatabase:
    """The connection and the lock; the per-table methods live in the classes built on it."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._depth = 0
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(str(path) if path else ":memory:", check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        if path is not None:
            self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.executescript(_SCHEMA)

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the enclosed calls atomically (nested uses join the outer transaction)."""
        with self._lock:
            outermost = self._depth == 0
            if outermost:
                self._conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if outermost:
                    self._conn.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outermost:
                self._conn.execute("COMMIT")

    def _execute(self, sql: str, params: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        with self._lock:
            return self._conn.execute(sql, params)

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def reset(self) -> None:
        """Delete everything."""
        with self.transaction():
            for table in _TABLES:
                self._execute(f"DELETE FROM {table}")
