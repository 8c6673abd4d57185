"""The stored objects of the emulator: ConnectorStaged, Connector and Deployment documents, API clients
and tokens, projects, registered repositories and scripted outcomes, with their record types.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, replace

from connect_as_code.emulator.store.database import JsonDict, StoreDatabase


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


class ObjectStore(StoreDatabase):
    """Tables of the objects the Connect API and the admin API read and change."""

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
