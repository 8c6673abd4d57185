"""SQLite state of the emulator (stdlib ``sqlite3``): in memory by default, or a file that survives
restarts. Every method takes one re-entrant lock, so the store is safe to share between threads;
:meth:`Store.transaction` groups several calls into one atomic unit.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

JsonDict = dict[str, Any]

REQUEST_LOG_LIMIT = 10_000

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


@dataclass(frozen=True)
class Resource:
    """A stored ConnectorStaged, Connector or Deployment document.

    ``scope`` is the project key for Deployments and ``""`` for connectors (their keys are global).
    """

    kind: str
    id: str
    scope: str
    key: str | None
    doc: JsonDict
    created_at: float
    last_modified_at: float
    next_due: float | None = None

    def with_doc(self, doc: JsonDict, modified_at: float | None = None, next_due: float | None = None) -> Resource:
        """A copy holding ``doc``."""
        return replace(
            self,
            doc=doc,
            key=doc.get("key"),
            last_modified_at=self.last_modified_at if modified_at is None else modified_at,
            next_due=next_due,
        )


@dataclass(frozen=True)
class ApiClientRecord:
    """A registered API client (the secret only as a digest)."""

    client_id: str
    secret_digest: str
    scopes: list[str]
    token_ttl: int
    created_at: float


@dataclass(frozen=True)
class TokenRecord:
    """An issued access token (the token only as a digest)."""

    token_digest: str
    client_id: str
    scopes: list[str]
    issued_at: float
    expires_at: float


class Store:
    """All persistent state."""

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

    # --- resources ---------------------------------------------------------------------------------

    @staticmethod
    def _resource(row: sqlite3.Row) -> Resource:
        return Resource(
            kind=row["kind"],
            id=row["id"],
            scope=row["scope"],
            key=row["key"],
            doc=json.loads(row["doc"]),
            created_at=row["created_at"],
            last_modified_at=row["last_modified_at"],
            next_due=row["next_due"],
        )

    def get_resource(self, kind: str, resource_id: str) -> Resource | None:
        """A resource by id."""
        rows = self._rows("SELECT * FROM resources WHERE kind = ? AND id = ?", (kind, resource_id))
        return self._resource(rows[0]) if rows else None

    def find_resource(self, kind: str, scope: str, key: str) -> Resource | None:
        """A resource by key within a scope."""
        rows = self._rows("SELECT * FROM resources WHERE kind = ? AND scope = ? AND key = ?", (kind, scope, key))
        return self._resource(rows[0]) if rows else None

    def list_resources(self, kind: str, scope: str | None = None) -> list[Resource]:
        """All resources of a kind (optionally of one scope), oldest first."""
        if scope is None:
            rows = self._rows("SELECT * FROM resources WHERE kind = ? ORDER BY created_at, rowid", (kind,))
        else:
            rows = self._rows(
                "SELECT * FROM resources WHERE kind = ? AND scope = ? ORDER BY created_at, rowid", (kind, scope)
            )
        return [self._resource(row) for row in rows]

    def save_resource(self, resource: Resource) -> None:
        """Insert a resource or update it in place (its insertion order is kept for stable listings)."""
        self._execute(
            "INSERT INTO resources (kind, id, scope, key, doc, created_at, last_modified_at, next_due) "
            "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT (kind, id) DO UPDATE SET scope = excluded.scope, "
            "key = excluded.key, doc = excluded.doc, created_at = excluded.created_at, "
            "last_modified_at = excluded.last_modified_at, next_due = excluded.next_due",
            (
                resource.kind,
                resource.id,
                resource.scope,
                resource.key,
                json.dumps(resource.doc),
                resource.created_at,
                resource.last_modified_at,
                resource.next_due,
            ),
        )

    def delete_resource(self, kind: str, resource_id: str) -> None:
        """Remove a resource."""
        self._execute("DELETE FROM resources WHERE kind = ? AND id = ?", (kind, resource_id))

    def due_resources(self, now: float) -> list[Resource]:
        """Resources with a scheduled step due at ``now``."""
        rows = self._rows(
            "SELECT * FROM resources WHERE next_due IS NOT NULL AND next_due <= ? ORDER BY next_due, rowid", (now,)
        )
        return [self._resource(row) for row in rows]

    # --- API clients and tokens --------------------------------------------------------------------

    def save_client(self, client: ApiClientRecord) -> None:
        """Insert or replace an API client."""
        self._execute(
            "INSERT OR REPLACE INTO api_clients (client_id, secret_digest, scopes, token_ttl, created_at) "
            "VALUES (?,?,?,?,?)",
            (client.client_id, client.secret_digest, json.dumps(client.scopes), client.token_ttl, client.created_at),
        )

    @staticmethod
    def _client(row: sqlite3.Row) -> ApiClientRecord:
        return ApiClientRecord(
            row["client_id"], row["secret_digest"], json.loads(row["scopes"]), row["token_ttl"], row["created_at"]
        )

    def get_client(self, client_id: str) -> ApiClientRecord | None:
        """An API client by id."""
        rows = self._rows("SELECT * FROM api_clients WHERE client_id = ?", (client_id,))
        return self._client(rows[0]) if rows else None

    def list_clients(self) -> list[ApiClientRecord]:
        """All API clients."""
        return [self._client(row) for row in self._rows("SELECT * FROM api_clients ORDER BY client_id")]

    def delete_client(self, client_id: str) -> bool:
        """Remove an API client and its tokens; False when unknown."""
        with self.transaction():
            self._execute("DELETE FROM tokens WHERE client_id = ?", (client_id,))
            return self._execute("DELETE FROM api_clients WHERE client_id = ?", (client_id,)).rowcount > 0

    def save_token(self, token: TokenRecord) -> None:
        """Store an issued token."""
        self._execute(
            "INSERT OR REPLACE INTO tokens (token_digest, client_id, scopes, issued_at, expires_at) VALUES (?,?,?,?,?)",
            (token.token_digest, token.client_id, json.dumps(token.scopes), token.issued_at, token.expires_at),
        )

    def get_token(self, token_digest: str) -> TokenRecord | None:
        """A token by digest."""
        rows = self._rows("SELECT * FROM tokens WHERE token_digest = ?", (token_digest,))
        if not rows:
            return None
        row = rows[0]
        return TokenRecord(
            row["token_digest"], row["client_id"], json.loads(row["scopes"]), row["issued_at"], row["expires_at"]
        )

    def expire_token(self, token_digest: str, at: float) -> None:
        """Make a token expire at ``at``."""
        self._execute("UPDATE tokens SET expires_at = ? WHERE token_digest = ?", (at, token_digest))

    def count_tokens(self) -> int:
        """Number of tokens stored."""
        return int(self._rows("SELECT COUNT(*) AS n FROM tokens")[0]["n"])

    # --- projects ----------------------------------------------------------------------------------

    def set_project(self, key: str, production: bool) -> None:
        """Register a project and whether it is marked as production."""
        self._execute("INSERT OR REPLACE INTO projects (key, production) VALUES (?, ?)", (key, int(production)))

    def is_production_project(self, key: str) -> bool:
        """Whether the project is marked as production (unknown projects are not)."""
        rows = self._rows("SELECT production FROM projects WHERE key = ?", (key,))
        return bool(rows and rows[0]["production"])

    def list_projects(self) -> list[tuple[str, bool]]:
        """Registered projects."""
        return [(row["key"], bool(row["production"])) for row in self._rows("SELECT * FROM projects ORDER BY key")]

    # --- repositories ------------------------------------------------------------------------------

    def save_repository(self, canonical_url: str, tag: str, url: str, connect_yaml: str | None) -> None:
        """Register (or replace) a repository tag; ``connect_yaml`` None = the tag has no connect.yaml."""
        self._execute(
            "INSERT OR REPLACE INTO repositories (canonical_url, tag, url, connect_yaml) VALUES (?,?,?,?)",
            (canonical_url, tag, url, connect_yaml),
        )

    def get_repository(self, canonical_url: str, tag: str) -> tuple[str | None] | None:
        """``(connect_yaml,)`` of a registered tag, or None when not registered."""
        rows = self._rows(
            "SELECT connect_yaml FROM repositories WHERE canonical_url = ? AND tag = ?", (canonical_url, tag)
        )
        return (rows[0]["connect_yaml"],) if rows else None

    def list_repositories(self) -> list[tuple[str, str, str, bool]]:
        """``(canonical url, tag, url, has connect.yaml)`` of registered tags."""
        rows = self._rows("SELECT * FROM repositories ORDER BY canonical_url, tag")
        return [(r["canonical_url"], r["tag"], r["url"], r["connect_yaml"] is not None) for r in rows]

    def delete_repository(self, canonical_url: str, tag: str | None) -> int:
        """Remove registered tags (all of a repository, and its private mark, when ``tag`` is None)."""
        if tag is None:
            with self.transaction():
                self.set_repository_private(canonical_url, False)
                return self._execute("DELETE FROM repositories WHERE canonical_url = ?", (canonical_url,)).rowcount
        return self._execute(
            "DELETE FROM repositories WHERE canonical_url = ? AND tag = ?", (canonical_url, tag)
        ).rowcount

    def set_repository_private(self, canonical_url: str, private: bool) -> None:
        """Mark a repository private (its GitHub API routes then need the token) or public."""
        if private:
            self._execute("INSERT OR IGNORE INTO private_repositories (canonical_url) VALUES (?)", (canonical_url,))
        else:
            self._execute("DELETE FROM private_repositories WHERE canonical_url = ?", (canonical_url,))

    def is_repository_private(self, canonical_url: str) -> bool:
        """Whether a repository was marked private."""
        return bool(self._rows("SELECT 1 FROM private_repositories WHERE canonical_url = ?", (canonical_url,)))

    # --- scripted outcomes -------------------------------------------------------------------------

    def get_outcomes(self, process: str, ref: str) -> list[JsonDict]:
        """The queue of scripted outcomes for (process, object key or id)."""
        rows = self._rows("SELECT items FROM scripted_outcomes WHERE process = ? AND ref = ?", (process, ref))
        items: list[JsonDict] = json.loads(rows[0]["items"]) if rows else []
        return items

    def set_outcomes(self, process: str, ref: str, items: list[JsonDict]) -> None:
        """Replace the queue (an empty queue removes it)."""
        if items:
            self._execute(
                "INSERT OR REPLACE INTO scripted_outcomes (process, ref, items) VALUES (?,?,?)",
                (process, ref, json.dumps(items)),
            )
        else:
            self._execute("DELETE FROM scripted_outcomes WHERE process = ? AND ref = ?", (process, ref))

    def list_outcomes(self) -> list[tuple[str, str, list[JsonDict]]]:
        """Every queue."""
        rows = self._rows("SELECT * FROM scripted_outcomes ORDER BY process, ref")
        return [(r["process"], r["ref"], json.loads(r["items"])) for r in rows]

    def clear_outcomes(self) -> None:
        """Drop every queue."""
        self._execute("DELETE FROM scripted_outcomes")

    # --- events ------------------------------------------------------------------------------------

    def add_event(self, event: JsonDict) -> None:
        """Record a status transition."""
        self._execute(
            "INSERT INTO events (at, resource, id, key, project, field, from_value, to_value, cause) "
            "VALUES (?,?,?,?,?,?,?,?,?)",
            (
                event["at"],
                event["resource"],
                event["id"],
                event.get("key"),
                event.get("project"),
                event["field"],
                event.get("from"),
                event["to"],
                event["cause"],
            ),
        )

    def list_events(self, after_seq: int = 0, limit: int = 1000) -> list[JsonDict]:
        """Events in the order they happened (scheduled time, then recording order)."""
        rows = self._rows("SELECT * FROM events WHERE seq > ? ORDER BY at, seq LIMIT ?", (after_seq, limit))
        return [
            {
                "seq": r["seq"],
                "at": r["at"],
                "resource": r["resource"],
                "id": r["id"],
                "key": r["key"],
                "project": r["project"],
                "field": r["field"],
                "from": r["from_value"],
                "to": r["to_value"],
                "cause": r["cause"],
            }
            for r in rows
        ]

    # --- deployment logs ---------------------------------------------------------------------------

    def add_logs(self, deployment_id: str, entries: list[tuple[float, str, JsonDict]]) -> None:
        """Store log entries ``(at, application, DeploymentLog JSON)``."""
        with self.transaction():
            for at, application, entry in entries:
                self._execute(
                    "INSERT INTO deployment_logs (deployment_id, application, at, entry) VALUES (?,?,?,?)",
                    (deployment_id, application, at, json.dumps(entry)),
                )

    def query_logs(
        self, deployment_id: str, application: str | None, start: float | None, end: float
    ) -> list[JsonDict]:
        """Log entries of a deployment up to ``end`` (and from ``start``), oldest first."""
        sql = "SELECT entry FROM deployment_logs WHERE deployment_id = ? AND at <= ?"
        params: list[Any] = [deployment_id, end]
        if application is not None:
            sql += " AND application = ?"
            params.append(application)
        if start is not None:
            sql += " AND at >= ?"
            params.append(start)
        rows = self._rows(sql + " ORDER BY at, seq", tuple(params))
        return [json.loads(row["entry"]) for row in rows]

    def delete_logs(self, deployment_id: str) -> None:
        """Remove a deployment's logs."""
        self._execute("DELETE FROM deployment_logs WHERE deployment_id = ?", (deployment_id,))

    # --- deployment revisions ----------------------------------------------------------------------

    def add_revision(self, deployment_id: str, number: int, at: float, doc: JsonDict) -> None:
        """Store a deployment revision (replacing one with the same number)."""
        self._execute(
            "INSERT OR REPLACE INTO deployment_revisions (deployment_id, revision_number, at, doc) VALUES (?,?,?,?)",
            (deployment_id, number, at, json.dumps(doc)),
        )

    def get_revision(self, deployment_id: str, number: int) -> JsonDict | None:
        """One revision of a deployment, or None."""
        rows = self._rows(
            "SELECT doc FROM deployment_revisions WHERE deployment_id = ? AND revision_number = ?",
            (deployment_id, number),
        )
        doc: JsonDict | None = json.loads(rows[0]["doc"]) if rows else None
        return doc

    def list_revisions(self, deployment_id: str) -> list[JsonDict]:
        """Every revision of a deployment, most recent first."""
        rows = self._rows(
            "SELECT doc FROM deployment_revisions WHERE deployment_id = ? ORDER BY revision_number DESC, at DESC",
            (deployment_id,),
        )
        return [json.loads(row["doc"]) for row in rows]

    def revision_numbers(self, deployment_id: str) -> list[int]:
        """The numbers of a deployment's revisions, most recent first."""
        rows = self._rows(
            "SELECT revision_number FROM deployment_revisions WHERE deployment_id = ? ORDER BY revision_number DESC",
            (deployment_id,),
        )
        return [int(row["revision_number"]) for row in rows]

    def delete_revisions(self, deployment_id: str) -> None:
        """Remove a deployment's revisions."""
        self._execute("DELETE FROM deployment_revisions WHERE deployment_id = ?", (deployment_id,))

    # --- request log and counters ------------------------------------------------------------------

    def add_request(self, entry: JsonDict) -> None:
        """Append to the request log, keeping the newest :data:`REQUEST_LOG_LIMIT` entries."""
        with self.transaction():
            cursor = self._execute(
                "INSERT INTO request_log (at, method, route, path, status, duration_ms, correlation_id, fault) "
                "VALUES (?,?,?,?,?,?,?,?)",
                (
                    entry["at"],
                    entry["method"],
                    entry["route"],
                    entry["path"],
                    entry["status"],
                    entry["durationMs"],
                    entry["correlationId"],
                    entry.get("fault"),
                ),
            )
            seq = cursor.lastrowid or 0
            if seq % 500 == 0:
                self._execute("DELETE FROM request_log WHERE seq <= ?", (seq - REQUEST_LOG_LIMIT,))

    def list_requests(self, limit: int) -> list[JsonDict]:
        """The newest ``limit`` requests, oldest first."""
        rows = self._rows("SELECT * FROM request_log ORDER BY seq DESC LIMIT ?", (limit,))
        return [
            {
                "seq": r["seq"],
                "at": r["at"],
                "method": r["method"],
                "route": r["route"],
                "path": r["path"],
                "status": r["status"],
                "durationMs": r["duration_ms"],
                "correlationId": r["correlation_id"],
                "fault": r["fault"],
            }
            for r in reversed(rows)
        ]

    def increment(self, name: str, by: int = 1) -> None:
        """Add to a named counter."""
        self._execute(
            "INSERT INTO counters (name, value) VALUES (?, ?) "
            "ON CONFLICT(name) DO UPDATE SET value = value + excluded.value",
            (name, by),
        )

    def counters(self, prefix: str = "") -> dict[str, int]:
        """Counters whose name starts with ``prefix`` (prefix removed)."""
        rows = self._rows(
            "SELECT name, value FROM counters WHERE substr(name, 1, ?) = ? ORDER BY name", (len(prefix), prefix)
        )
        return {row["name"][len(prefix) :]: int(row["value"]) for row in rows}
