"""The ConnectorStaged and Connector operations of the Engine: create, read, list, update and delete
drafts, certify them, and read and search published Connectors.
"""

from __future__ import annotations

import copy
import uuid
from collections.abc import Sequence

from connect_as_code.emulator.clock import to_iso
from connect_as_code.emulator.domain import connectors, errors
from connect_as_code.emulator.domain.auth import Access, TokenInfo, projects_with_access
from connect_as_code.emulator.domain.errors import ApiError, bad_request
from connect_as_code.emulator.domain.querying import (
    Row,
    check_paging,
    matches_text,
    overlaps,
    page,
    parse_sort,
    select,
    sort_rows,
)
from connect_as_code.emulator.engine.core import (
    CONNECTOR,
    EVENT_REMOVED,
    GLOBAL_SCOPE,
    STAGED,
    EngineCore,
    JsonDict,
    Ref,
)
from connect_as_code.emulator.models.connectors import ConnectorStagedDraft, ConnectorUpdate
from connect_as_code.emulator.store import Resource


class ConnectorOperations(EngineCore):
    """``/connectors/drafts`` and ``/connectors`` operations, plus the admin's certification."""

    # --- ConnectorStaged --------------------------------------------------------------------------------

    def _staged(self, ref: Ref) -> Resource | None:
        if ref.by == "key":
            return self.store.find_resource(STAGED, GLOBAL_SCOPE, ref.value)
        return self.store.get_resource(STAGED, ref.value)

    def _existing_staged(self, ref: Ref) -> Resource:
        resource = self._staged(ref)
        if resource is None:
            raise ref.not_found()
        return resource

    def _visible_staged(self, ref: Ref, token: TokenInfo) -> Resource:
        resource = self._existing_staged(ref)
        if resource.doc.get("_creatorProject") not in token.visible_projects():
            raise ref.not_found()
        return resource

    def _managed_staged(self, ref: Ref, token: TokenInfo) -> Resource:
        resource = self._visible_staged(ref, token)
        if resource.doc.get("_creatorProject") not in projects_with_access(token.scopes, Access.MANAGE_CONNECTORS):
            raise ApiError(403, [errors.authorization_error()])
        return resource

    def create_staged(self, draft: ConnectorStagedDraft, token: TokenInfo) -> JsonDict:
        """``POST /connectors/drafts``."""
        creator_project = token.creator_project()
        if creator_project is None:
            raise ApiError(403, [errors.authorization_error()])
        with self.store.transaction():
            self.advance()
            spec = self.resolve_spec(draft.repository.url, draft.repository.tag)
            if draft.key is not None and self.store.find_resource(STAGED, GLOBAL_SCOPE, draft.key) is not None:
                raise bad_request(errors.duplicate_field("key", draft.key))
            now = self.now()
            doc = connectors.new_staged(draft, spec, str(uuid.uuid4()), creator_project)
            resource = Resource(STAGED, doc["id"], GLOBAL_SCOPE, draft.key, doc, now, now)
            self._record(resource, doc, "status", None, "Draft", now, "request")
            self.store.save_resource(resource)
            return connectors.public_view(doc)

    def get_staged(self, ref: Ref, token: TokenInfo) -> JsonDict:
        """``GET /connectors/drafts/{ID}``."""
        with self.store.transaction():
            self.advance()
            return connectors.public_view(self._visible_staged(ref, token).doc)

    def list_staged(
        self,
        token: TokenInfo,
        limit: int | None,
        offset: int | None,
        sort: Sequence[str] | None,
        is_private: bool | None,
        integration_types: Sequence[str] | None,
    ) -> JsonDict:
        """``GET /connectors/drafts``."""
        limit, offset = check_paging(limit, offset)
        keys = parse_sort(sort)
        with self.store.transaction():
            self.advance()
            visible = token.visible_projects()
            rows = [
                Row(r.doc, r.created_at, r.last_modified_at)
                for r in self.store.list_resources(STAGED)
                if r.doc.get("_creatorProject") in visible
            ]
        rows = select(
            rows,
            lambda d: is_private is None or d["private"] == is_private,
            lambda d: overlaps(d.get("integrationTypes"), integration_types),
        )
        return page([connectors.public_view(r.doc) for r in sort_rows(rows, keys)], limit, offset)

    def update_staged(self, ref: Ref, update: ConnectorUpdate, token: TokenInfo) -> JsonDict:
        """``POST /connectors/drafts/{ID}``: every action applies, or none."""
        with self.store.transaction():
            self.advance()
            resource = self._managed_staged(ref, token)
            doc = copy.deepcopy(resource.doc)
            if update.version != doc["version"]:
                raise ApiError(
                    409, [errors.concurrent_modification(doc["id"], doc.get("key"), update.version, doc["version"])]
                )
            if not update.actions:
                return connectors.public_view(doc)
            if doc["status"] == "Processing":
                raise ApiError(
                    409,
                    [
                        errors.concurrent_modification(
                            doc["id"],
                            doc.get("key"),
                            update.version,
                            doc["version"],
                            message=f"ConnectorStaged {errors.ref(doc['id'], doc.get('key'))} is being published "
                            "(status Processing); it cannot be updated until publishing completes.",
                        )
                    ],
                )
            now = self.now()
            published = self.store.get_resource(CONNECTOR, doc["id"])
            context = connectors.ActionContext(
                self.resolve_spec, published.doc if published else None, to_iso(now), token.creator_project()
            )
            for action in update.actions:
                connectors.apply_action(doc, action, context)
            doc["version"] += 1
            updated = resource.with_doc(doc, modified_at=now)
            for process in context.processes:
                self._start(updated, doc, process, now)
            doc["hasChanges"] = connectors.has_changes(doc, published.doc if published else None)
            self.store.save_resource(updated.with_doc(doc, modified_at=now, next_due=self._next_due(doc)))
            return connectors.public_view(doc)

    def delete_staged(self, ref: Ref, token: TokenInfo) -> JsonDict:
        """``DELETE /connectors/drafts/{ID}``: removes the ConnectorStaged and its published Connector."""
        with self.store.transaction():
            self.advance()
            resource = self._managed_staged(ref, token)
            now = self.now()
            self._record(resource, resource.doc, "status", resource.doc["status"], EVENT_REMOVED, now, "request")
            self.store.delete_resource(STAGED, resource.id)
            self.store.delete_resource(CONNECTOR, resource.id)
            return connectors.public_view(resource.doc)

    def certify(self, ref: Ref) -> JsonDict:
        """Admin: complete certification as commercetools staff would (→ Published, certified)."""
        with self.store.transaction():
            self.advance()
            resource = self._existing_staged(ref)
            doc = copy.deepcopy(resource.doc)
            if doc["status"] not in {"ReadyForCertification", "InCertification"}:
                raise bad_request(
                    errors.error_object("InvalidOperation", f"ConnectorStaged is {doc['status']}, not in certification")
                )
            now = self.now()
            doc.get("_pending", {}).pop("status", None)
            self._record(resource, doc, "status", doc["status"], "Published", now, "admin")
            doc["status"] = "Published"
            self._publish_connector(doc, certified=True, at=now)
            doc["private"] = False
            self.store.save_resource(resource.with_doc(doc, modified_at=now, next_due=self._next_due(doc)))
            return connectors.public_view(doc)

    def add_team_comment(self, ref: Ref, comment: str, user_id: str) -> JsonDict:
        """Admin: a comment of the Connect team in ``certificationInfo``, as a reviewer writes it.

        Written by Connect, not through an update action: the ConnectorStaged's version stays.
        """
        with self.store.transaction():
            self.advance()
            resource = self._existing_staged(ref)
            doc = copy.deepcopy(resource.doc)
            now = self.now()
            comments = [*doc.get("certificationInfo", {}).get("comments", [])]
            comments.append({"userId": user_id, "datetime": to_iso(now), "comment": comment})
            doc["certificationInfo"] = {"comments": comments}
            self.store.save_resource(resource.with_doc(doc, modified_at=now, next_due=self._next_due(doc)))
            return connectors.public_view(doc)

    # --- Connector -------------------------------------------------------------------------------------

    def _connector_usable(self, connector: JsonDict, projects: set[str]) -> bool:
        staged = self.store.get_resource(STAGED, connector["id"])
        return any(connectors.may_use(connector, staged.doc if staged else None, p) for p in projects)

    def get_connector(self, ref: Ref, token: TokenInfo) -> JsonDict:
        """``GET /connectors/{ID}``: public Connectors, or private ones of the token's projects."""
        with self.store.transaction():
            self.advance()
            if ref.by == "key":
                resource = self.store.find_resource(CONNECTOR, GLOBAL_SCOPE, ref.value)
            else:
                resource = self.store.get_resource(CONNECTOR, ref.value)
            if resource is None or not self._connector_usable(resource.doc, token.visible_projects()):
                raise ref.not_found()
            return connectors.public_view(resource.doc)

    def search_connectors(
        self,
        token: TokenInfo,
        limit: int | None,
        offset: int | None,
        sort: Sequence[str] | None,
        text: str | None,
        private: bool | None,
        company: str | None,
        ids: Sequence[str] | None,
        keys: Sequence[str] | None,
        integration_types: Sequence[str] | None,
    ) -> JsonDict:
        """``GET /connectors/search``."""
        limit, offset = check_paging(limit, offset)
        sort_keys = parse_sort(sort)
        projects = token.visible_projects()
        with self.store.transaction():
            self.advance()
            rows: list[Row] = []
            for resource in self.store.list_resources(CONNECTOR):
                staged = self.store.get_resource(STAGED, resource.id)
                staged_doc = staged.doc if staged else None
                assigned = any(
                    connectors.may_use({**resource.doc, "certified": False}, staged_doc, p) for p in projects
                )
                public = bool(resource.doc.get("certified")) and not resource.doc.get("private", True)
                if not connectors.is_listed(resource.doc, staged_doc):
                    continue
                if assigned if private else assigned or public:
                    rows.append(Row(resource.doc, resource.created_at, resource.last_modified_at))
        rows = select(
            rows,
            lambda d: matches_text(d, text),
            lambda d: company is None or (d["creator"].get("company") or "").lower() == company.lower(),
            lambda d: not ids or d["id"] in ids,
            lambda d: not keys or d.get("key") in keys,
            lambda d: overlaps(d.get("integrationTypes"), integration_types),
        )
        return page([connectors.public_view(r.doc) for r in sort_rows(rows, sort_keys)], limit, offset)
