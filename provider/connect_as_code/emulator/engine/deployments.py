"""The Deployment operations of the Engine: create, read, list, redeploy and undeploy Deployments, their
revisions and rollback, and their logs with the logs endpoint's page tokens.
"""

from __future__ import annotations

import base64
import binascii
import copy
import uuid
from collections.abc import Sequence
from typing import Any

from connect_as_code.emulator.domain import connectors, deployments, errors, lifecycle, unconfirmed
from connect_as_code.emulator.domain.auth import Access, TokenInfo, is_authorized
from connect_as_code.emulator.domain.errors import ApiError, bad_request
from connect_as_code.emulator.domain.querying import Row, check_paging, overlaps, page, parse_sort, select, sort_rows
from connect_as_code.emulator.domain.unconfirmed import DeploymentRollback
from connect_as_code.emulator.engine.core import CONNECTOR, DEPLOYMENT, GLOBAL_SCOPE, STAGED, EngineCore, JsonDict, Ref
from connect_as_code.emulator.models.deployments import ConnectorReference, DeploymentDraft, DeploymentUpdate
from connect_as_code.emulator.store import Resource

LOG_PAGE_SIZE = 20
LOG_MAX_AGE_SECONDS = 30 * 24 * 3600


class DeploymentOperations(EngineCore):
    """``/{projectKey}/deployments`` operations."""

    # --- Deployments -----------------------------------------------------------------------------------

    def _deployment(self, project: str, ref: Ref) -> Resource:
        if ref.by == "key":
            resource = self.store.find_resource(DEPLOYMENT, project, ref.value)
        else:
            resource = self.store.get_resource(DEPLOYMENT, ref.value)
            if resource is not None and resource.scope != project:
                resource = None
        if resource is None:
            raise ref.not_found()
        return resource

    def _resolve_connector(self, reference: ConnectorReference, project: str) -> JsonDict:
        """The referenced ConnectorStaged or Connector, if this project may deploy it."""
        kind = STAGED if reference.staged else CONNECTOR
        identifier = reference.key if reference.key is not None and reference.id is None else str(reference.id)
        not_found = bad_request(errors.connector_reference_not_found(identifier, reference.version))
        if reference.id is not None:
            resource = self.store.get_resource(kind, reference.id)
            if resource is not None and reference.key is not None and resource.key != reference.key:
                resource = None
        else:
            resource = self.store.find_resource(kind, GLOBAL_SCOPE, str(reference.key))
        if resource is None or (reference.version is not None and resource.doc["version"] != reference.version):
            raise not_found
        staged = resource if reference.staged else self.store.get_resource(STAGED, resource.id)
        staged_doc = staged.doc if staged else None
        if not connectors.may_use(resource.doc, staged_doc, project):
            raise not_found
        return resource.doc

    def create_deployment(self, project: str, draft: DeploymentDraft, token: TokenInfo) -> JsonDict:
        """``POST /{projectKey}/deployments``."""
        with self.store.transaction():
            self.advance()
            connector = self._resolve_connector(draft.connector, project)
            staged = draft.connector.staged
            if connector.get("apiClient") and not is_authorized(token.scopes, Access.MANAGE_API_CLIENTS, project):
                raise ApiError(403, [errors.authorization_error()])
            deployment_type = draft.type or ("preview" if staged else "sandbox")
            allowed = ["preview"] if staged else ["sandbox", "production"]
            if deployment_type not in allowed:
                raise bad_request(
                    errors.deployment_invalid_type(connector["id"], connector.get("key"), deployment_type, allowed)
                )
            if staged and connector.get("isPreviewable") != "true":
                raise bad_request(
                    errors.connector_staged_not_previewable(connector["id"], connector.get("key"), connector["version"])
                )
            if deployment_type == "production" and not self.store.is_production_project(project):
                raise bad_request(errors.deployment_production_deactivated())
            regions = connector.get("supportedRegions") or []
            if regions and draft.region not in regions:
                raise bad_request(errors.deployment_unsupported_region(draft.region))
            internal = connector.get("_applications", [])
            spec_configurations: list[JsonDict] = connector.get("configurations") or []
            deployments.raise_if(
                deployments.unknown_key_errors(spec_configurations, draft.configurations)
                + deployments.schedule_errors(internal, draft.configurations)
                + unconfirmed.retry_policy_errors(internal, draft.configurations)
                + deployments.empty_required_secured(spec_configurations, draft.configurations)
            )
            applications = deployments.build_applications(internal, [], draft.configurations)
            global_values = deployments.merge_global(None, draft.global_configuration)
            deployments.raise_if(
                deployments.missing_required_errors(spec_configurations, applications)
                + deployments.global_errors(
                    connector.get("globalConfiguration"), global_values, draft.global_configuration
                )
            )
            if draft.key is not None and self.store.find_resource(DEPLOYMENT, project, draft.key) is not None:
                raise bad_request(errors.duplicate_field("key", draft.key))
            now = self.now()
            deployment_id = str(uuid.uuid4())
            doc: JsonDict = {
                "id": deployment_id,
                "key": draft.key,
                "version": 1,
                "type": deployment_type,
                "connector": deployments.snapshot(connector, staged),
                "globalConfiguration": global_values,
                "apiClient": self._api_client(connector, project, draft.key or deployment_id),
                "details": {},
                "deployedRegion": draft.region,
                "applications": applications,
                "preview": deployment_type == "preview",
                "status": "Queued",
                "_project": project,
                "_connectorRef": {"id": connector["id"], "staged": staged},
                "_applications": copy.deepcopy(internal),
                "_skipScripts": False,
            }
            doc = {k: v for k, v in doc.items() if v is not None}
            doc["status"] = None
            deployments.start_build(doc)
            resource = Resource(DEPLOYMENT, deployment_id, project, draft.key, doc, now, now)
            self._start(resource, doc, "deploy", now)
            self.store.save_resource(resource.with_doc(doc, modified_at=now, next_due=self._next_due(doc)))
            return deployments.public_deployment(doc)

    @staticmethod
    def _api_client(connector: JsonDict, project: str, name_hint: str) -> JsonDict | None:
        api_client = connector.get("apiClient")
        if not api_client:
            return None
        scopes = [scope if ":" in scope else f"{scope}:{project}" for scope in api_client["scopes"]]
        return {"name": f"connect-{name_hint[:40]}-{uuid.uuid4().hex[:8]}", "scopes": scopes}

    def get_deployment(self, project: str, ref: Ref) -> JsonDict:
        """``GET /{projectKey}/deployments/{ID}``."""
        with self.store.transaction():
            self.advance()
            return deployments.public_deployment(self._deployment(project, ref).doc)

    def list_deployments(
        self,
        project: str,
        limit: int | None,
        offset: int | None,
        sort: Sequence[str] | None,
        integration_types: Sequence[str] | None,
        deployment_type: str | None,
    ) -> JsonDict:
        """``GET /{projectKey}/deployments``."""
        limit, offset = check_paging(limit, offset)
        keys = parse_sort(sort)
        with self.store.transaction():
            self.advance()
            rows = [
                Row(r.doc, r.created_at, r.last_modified_at) for r in self.store.list_resources(DEPLOYMENT, project)
            ]
        rows = select(
            rows,
            lambda d: overlaps(d["connector"].get("integrationTypes"), integration_types),
            lambda d: deployment_type is None or d["type"] == deployment_type,
        )
        return page([deployments.public_deployment(r.doc) for r in sort_rows(rows, keys)], limit, offset)

    def _latest_connector(self, doc: JsonDict) -> tuple[JsonDict | None, str]:
        """The connector a Deployment would update to, or None with the reason."""
        reference = doc["_connectorRef"]
        if reference["staged"]:
            staged = self.store.get_resource(STAGED, reference["id"])
            if staged is None:
                return None, "ConnectorStaged not found"
            if staged.doc.get("isPreviewable") != "true":
                return None, "ConnectorStaged is not previewable"
            return staged.doc, ""
        connector = self.store.get_resource(CONNECTOR, reference["id"])
        return (connector.doc, "") if connector else (None, "Connector not found")

    def redeploy(self, project: str, ref: Ref, update: DeploymentUpdate) -> JsonDict:
        """``POST /{projectKey}/deployments/{ID}`` with ``redeploy``."""
        with self.store.transaction():
            self.advance()
            resource = self._deployment(project, ref)
            doc = copy.deepcopy(resource.doc)
            if update.version != doc["version"]:
                raise ApiError(
                    409, [errors.concurrent_modification(doc["id"], doc.get("key"), update.version, doc["version"])]
                )
            if not update.actions:
                return deployments.public_deployment(doc)
            now = self.now()
            for action in update.actions:
                self._redeploy_once(resource, doc, action, now)
            unconfirmed.mark_redeployed(doc)
            doc["version"] += 1
            self.store.save_resource(resource.with_doc(doc, modified_at=now, next_due=self._next_due(doc)))
            return deployments.public_deployment(doc)

    def _redeploy_once(self, resource: Resource, doc: JsonDict, action: Any, now: float) -> None:
        process = lifecycle.PROCESSES["deploy"]
        if not lifecycle.can_start(process, doc["status"]):
            reason = lifecycle.REDEPLOY_REFUSAL.get(doc["status"], f"Already {doc['status'].lower()}")
            raise bad_request(errors.deployment_invalid_status_transition(reason))
        latest, cause = self._latest_connector(doc)
        if action.update_connector:
            if latest is None:
                connector_ref = doc["_connectorRef"]
                raise bad_request(
                    errors.deployment_connector_update_failure(
                        doc["id"], doc.get("key"), connector_ref["id"], doc["connector"].get("key"), cause
                    )
                )
            doc["connector"] = deployments.snapshot(latest, doc["_connectorRef"]["staged"])
            doc["_applications"] = copy.deepcopy(latest.get("_applications", []))
        drafts = action.configuration_values or []
        if action.configuration_values is not None and not drafts:
            raise bad_request(errors.deployment_application_required())
        spec_configurations: list[JsonDict] = doc["connector"].get("configurations") or []
        known = {c["applicationName"] for c in spec_configurations}
        latest_names = {c["applicationName"] for c in (latest or {}).get("configurations") or []}
        belonging = [
            errors.deployment_application_do_not_belong(doc["id"], doc.get("key"), d.application_name)
            for d in drafts
            if d.application_name not in known and d.application_name in latest_names
        ]
        deployments.raise_if(belonging)
        deployments.raise_if(
            deployments.unknown_key_errors(spec_configurations, drafts)
            + deployments.schedule_errors(doc["_applications"], drafts)
            + unconfirmed.retry_policy_errors(doc["_applications"], drafts)
            + deployments.empty_required_secured(spec_configurations, drafts)
        )
        previous = deployments.prune_unknown_keys(doc["applications"], spec_configurations)
        applications = deployments.build_applications(doc["_applications"], previous, drafts)
        global_spec = doc["connector"].get("globalConfiguration")
        global_values = deployments.merge_global(
            deployments.prune_global(doc.get("globalConfiguration"), global_spec), action.global_configuration
        )
        deployments.raise_if(
            deployments.missing_required_errors(spec_configurations, applications)
            + deployments.global_errors(global_spec, global_values, action.global_configuration)
        )
        doc["applications"] = applications
        if global_values is None:
            doc.pop("globalConfiguration", None)
        else:
            doc["globalConfiguration"] = global_values
        doc["_skipScripts"] = action.skip_scripts
        deployments.start_build(doc)
        self._start(resource, doc, "deploy", now)

    def delete_deployment(self, project: str, ref: Ref) -> JsonDict:
        """``DELETE /{projectKey}/deployments/{ID}``: starts undeploying (202)."""
        with self.store.transaction():
            self.advance()
            resource = self._deployment(project, ref)
            doc = copy.deepcopy(resource.doc)
            if not lifecycle.can_start(lifecycle.PROCESSES["undeploy"], doc["status"]):
                reason = lifecycle.REDEPLOY_REFUSAL.get(doc["status"], "Already undeploying")
                raise bad_request(errors.deployment_invalid_status_transition(reason))
            now = self.now()
            doc["_pending"] = {}
            doc["_skipScripts"] = False
            self._start(resource, doc, "undeploy", now)
            self.store.save_resource(resource.with_doc(doc, modified_at=now, next_due=self._next_due(doc)))
            return deployments.public_deployment(doc)

    # --- Deployment revisions ----------------------------------------------------------------------------

    def get_revision(self, project: str, ref: Ref, number: int) -> JsonDict:
        """``GET /{projectKey}/deployments/{ID}/revisions/{revision}``."""
        with self.store.transaction():
            self.advance()
            doc = self._deployment(project, ref).doc
            record = self.store.get_revision(doc["id"], number)
            if record is None:
                raise unconfirmed.revision_not_found(number)
            return unconfirmed.revision_view(record, doc["version"])

    def query_revisions(self, project: str, ref: Ref) -> list[JsonDict]:
        """``GET /{projectKey}/deployments/{ID}/revisions``: most recent first."""
        with self.store.transaction():
            self.advance()
            doc = self._deployment(project, ref).doc
            records = self.store.list_revisions(doc["id"])
        return unconfirmed.query_body([unconfirmed.revision_view(r, doc["version"]) for r in records])

    def rollback(self, project: str, ref: Ref, number: int, body: DeploymentRollback) -> JsonDict:
        """Roll back to a revision: a new version with its Connector and configurations, deployed like a redeploy."""
        with self.store.transaction():
            self.advance()
            resource = self._deployment(project, ref)
            doc = copy.deepcopy(resource.doc)
            if body.version != doc["version"]:
                raise ApiError(
                    409, [errors.concurrent_modification(doc["id"], doc.get("key"), body.version, doc["version"])]
                )
            record = self.store.get_revision(doc["id"], number)
            if record is None:
                raise unconfirmed.revision_not_found(number)
            refusal = unconfirmed.rollback_refusal(doc["status"], number, doc["version"])
            if refusal is not None:
                raise bad_request(
                    unconfirmed.deployment_rollback_not_allowed(doc["id"], doc.get("key"), number, refusal)
                )
            now = self.now()
            deployments.restore_revision(doc, record)
            unconfirmed.mark_rolled_back(doc, number)
            doc["_skipScripts"] = False
            doc["version"] += 1
            deployments.start_build(doc)
            self._start(resource, doc, "deploy", now)
            self.store.save_resource(resource.with_doc(doc, modified_at=now, next_due=self._next_due(doc)))
            return deployments.public_deployment(doc)

    def deployment_logs(
        self,
        project: str,
        ref: Ref,
        page_token: str | None,
        application: str | None,
        start: float | None,
        end: float | None,
    ) -> JsonDict:
        """``GET /{projectKey}/deployments/{ID}/logs`` with cursor paging."""
        with self.store.transaction():
            self.advance()
            doc = self._deployment(project, ref).doc
            now = self.now()
            names = {a["applicationName"] for a in doc["applications"]}
            if application is not None and application not in names:
                raise bad_request(errors.deployment_application_does_not_exist(application))
            if application is None and doc["deployedRegion"] in deployments.AWS_REGIONS:
                raise bad_request(errors.deployment_log_missing_application_name())
            if (start is not None and start < now - LOG_MAX_AGE_SECONDS) or (
                start is not None and end is not None and end < start
            ):
                raise bad_request(errors.deployment_log_invalid_date())
            offset = decode_page_token(page_token, doc["id"]) if page_token is not None else 0
            entries = self.store.query_logs(doc["id"], application, start, now if end is None else min(end, now))
        chunk = entries[offset : offset + LOG_PAGE_SIZE]
        more = offset + LOG_PAGE_SIZE < len(entries)
        return {"data": chunk, "next": encode_page_token(doc["id"], offset + LOG_PAGE_SIZE) if more else ""}


def encode_page_token(deployment_id: str, offset: int) -> str:
    """Opaque cursor of the logs endpoint."""
    return base64.urlsafe_b64encode(f"v1:{deployment_id}:{offset}".encode()).decode().rstrip("=")


def decode_page_token(token: str, deployment_id: str) -> int:
    """Offset of a cursor; DeploymentLogInvalidPageToken when it is not one of this deployment's (an empty
    token included: the last page's ``next`` is empty, and there is no page after it)."""
    invalid = bad_request(errors.deployment_log_invalid_page_token(token))
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise invalid from None
    version, _, rest = text.partition(":")
    owner, _, offset = rest.rpartition(":")
    if version != "v1" or owner != deployment_id or not offset.isdigit():
        raise invalid
    return int(offset)
