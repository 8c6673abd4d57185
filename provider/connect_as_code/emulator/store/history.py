"""What the emulator records as it runs: status transition events, deployment logs and revisions, the
request log and the named counters.
"""

from __future__ import annotations

import json
from typing import Any

from connect_as_code.emulator.store.database import JsonDict, StoreDatabase

REQUEST_LOG_LIMIT = 10_000


class HistoryStore(StoreDatabase):
    """Append-mostly tables: events, logs, revisions, requests and counters."""

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
