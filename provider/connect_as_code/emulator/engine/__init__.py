"""The emulator's operations: each Connect request is one transaction over the store that first
applies every lifecycle step that has fallen due, then validates and changes documents with the pure
functions of :mod:`emulator.domain.connectors`, :mod:`emulator.domain.deployments` and
:mod:`emulator.domain.lifecycle`.

:class:`Engine` joins the operations of :mod:`emulator.engine.connectors` and
:mod:`emulator.engine.deployments`, both built on :mod:`emulator.engine.core`, and adds the statistics.
:class:`Ref` (how a request names a document) is importable from here too.
"""

from __future__ import annotations

from connect_as_code.emulator.domain import unconfirmed
from connect_as_code.emulator.engine.connectors import ConnectorOperations
from connect_as_code.emulator.engine.core import CONNECTOR, DEPLOYMENT, REVISION, STAGED, JsonDict, Ref
from connect_as_code.emulator.engine.deployments import DeploymentOperations

__all__ = ["Engine", "Ref"]


class Engine(ConnectorOperations, DeploymentOperations):
    """Connect API operations over one :class:`Store`."""

    # --- stats -------------------------------------------------------------------------------------------

    def objects_by_status(self) -> dict[str, dict[str, int]]:
        """Number of objects per kind and status."""
        self.advance()
        counts: dict[str, dict[str, int]] = {}
        for kind in (STAGED, CONNECTOR, DEPLOYMENT):
            for resource in self.store.list_resources(kind):
                doc = resource.doc
                # A Connector has no status; it is either private or certified (public).
                label = doc.get("status") or ("certified" if doc.get("certified") else "private")
                per_kind = counts.setdefault(kind, {})
                per_kind[label] = per_kind.get(label, 0) + 1
                if kind == DEPLOYMENT:
                    self._count_revisions(counts, doc)
        return counts

    def _count_revisions(self, counts: dict[str, dict[str, int]], doc: JsonDict) -> None:
        for number in self.store.revision_numbers(doc["id"]):
            label = "current" if unconfirmed.is_current(number, doc["version"]) else "previous"
            per_kind = counts.setdefault(REVISION, {})
            per_kind[label] = per_kind.get(label, 0) + 1
