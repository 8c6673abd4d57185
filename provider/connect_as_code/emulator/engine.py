"""The emulator's operations: each Connect request is one transaction over the store that first
applies every lifecycle step that has fallen due, then validates and changes documents with the pure
functions of :mod:`emulator.connectors`, :mod:`emulator.deployments` and :mod:`emulator.lifecycle`.
"""

from __future__ import annotations

import base64
import binascii
import copy
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from connect_as_code.emulator import connectors, deployments, errors, lifecycle, unconfirmed
from connect_as_code.emulator.auth import (
    Access,
    BasicCredentials,
    TokenInfo,
    digest,
    is_authorized,
    new_token,
    projects_with_access,
    secrets_match,
    split_scope_text,
)
from connect_as_code.emulator.clock import ShiftedClock, to_iso
from connect_as_code.emulator.connect_yaml import ConnectorSpec, SpecificationInvalid, parse_connect_yaml
from connect_as_code.emulator.errors import ApiError, auth_error, bad_request
from connect_as_code.emulator.faults import FaultInjector
from connect_as_code.emulator.models import (
    ConnectorReference,
    ConnectorStagedDraft,
    ConnectorUpdate,
    DeploymentDraft,
    DeploymentUpdate,
)
from connect_as_code.emulator.querying import (
    Row,
    check_paging,
    matches_text,
    overlaps,
    page,
    parse_sort,
    select,
    sort_rows,
)
from connect_as_code.emulator.repositories import (
    LookupStatus,
    RepositoryLookup,
    fixture_lookup,
    normalize_repository_url,
)
from connect_as_code.emulator.settings import Settings
from connect_as_code.emulator.store import ApiClientRecord, Resource, Store, TokenRecord
from connect_as_code.emulator.unconfirmed import DeploymentRollback

JsonDict = dict[str, Any]

STAGED = "ConnectorStaged"
CONNECTOR = "Connector"
DEPLOYMENT = "Deployment"
REVISION = "DeploymentRevision"
GLOBAL_SCOPE = ""
LOG_PAGE_SIZE = 20
LOG_MAX_AGE_SECONDS = 30 * 24 * 3600
EVENT_REMOVED = "Removed"


@dataclass(frozen=True)
class Ref:
    """How a path addresses a resource: by ``id`` or by ``key``."""

    by: str
    value: str

    @staticmethod
    def parse(raw: str) -> Ref:
        """``key=my-key`` → by key; anything else → by id."""
        if raw.startswith("key="):
            key = raw[len("key=") :]
            if not key:
                raise bad_request(errors.invalid_path_param("the key after 'key=' must not be empty"))
            return Ref("key", key)
        return Ref("id", raw)

    def not_found(self) -> ApiError:
        """404 ResourceNotFound for this reference."""
        return ApiError(404, [errors.resource_not_found(self.by, self.value)])


class Engine:
    """Connect API operations over one :class:`Store`."""

    def __init__(self, settings: Settings, store: Store, clock: ShiftedClock, faults: FaultInjector) -> None:
        self.settings = settings
        self.store = store
        self.clock = clock
        self.faults = faults
        self.durations = settings.durations
        self.logs_endpoints = settings.logs_endpoints
        self.ensure_default_client()

    def now(self) -> float:
        """Current emulator time."""
        return self.clock.now()

    def features(self) -> dict[str, bool]:
        """Switchable parts of the API and whether they are served now."""
        return {unconfirmed.LOGS_ENDPOINTS: self.logs_endpoints}

    def ensure_default_client(self) -> None:
        """Register (or refresh) the API client given on the command line."""
        settings = self.settings
        self.store.save_client(
            ApiClientRecord(
                settings.client_id,
                digest(settings.client_secret),
                settings.default_client_scopes(),
                settings.token_ttl,
                self.now(),
            )
        )

    # --- OAuth ---------------------------------------------------------------------------------------

    def issue_token(self, credentials: BasicCredentials | None, form: dict[str, str]) -> JsonDict:
        """``POST /oauth/token`` with the client credentials grant."""
        client = self.store.get_client(credentials.client_id) if credentials else None
        if credentials is None or client is None or not secrets_match(credentials.client_secret, client.secret_digest):
            raise auth_error(
                401, "invalid_client", "Please provide valid client credentials using HTTP Basic Authentication."
            )
        grant_type = form.get("grant_type")
        if not grant_type:
            raise auth_error(400, "invalid_request", "Missing required parameter: grant_type.")
        if grant_type != "client_credentials":
            raise auth_error(400, "unsupported_grant_type", f"Grant type '{grant_type}' not supported.")
        requested = split_scope_text(form.get("scope"))
        illegal = [scope for scope in requested if scope not in client.scopes]
        if illegal:
            raise auth_error(400, "invalid_scope", f"Illegal scope: {' '.join(illegal)}.")
        scopes = requested or list(client.scopes)
        token = new_token()
        now = self.now()
        self.store.save_token(TokenRecord(digest(token), client.client_id, scopes, now, now + client.token_ttl))
        self.store.increment("tokens|issued")
        return {
            "access_token": token,
            "expires_in": client.token_ttl,
            "scope": " ".join(scopes),
            "token_type": "Bearer",
        }

    def introspect(self, credentials: BasicCredentials | None, token: str | None) -> JsonDict:
        """``POST /oauth/introspect``."""
        client = self.store.get_client(credentials.client_id) if credentials else None
        if credentials is None or client is None or not secrets_match(credentials.client_secret, client.secret_digest):
            raise auth_error(
                401, "invalid_client", "Please provide valid client credentials using HTTP Basic Authentication."
            )
        record = self.store.get_token(digest(token)) if token else None
        if record is None or record.expires_at <= self.now():
            return {"active": False}
        return {
            "active": True,
            "scope": " ".join(record.scopes),
            "exp": int(record.expires_at),
            "client_id": record.client_id,
        }

    def authenticate(self, token: str | None) -> TokenInfo:
        """The token's client and scopes; 401 ``invalid_token`` when missing, unknown or expired."""
        record = self.store.get_token(digest(token)) if token else None
        if record is None or record.expires_at <= self.now():
            raise errors.invalid_token()
        return TokenInfo(record.token_digest, record.client_id, frozenset(record.scopes), record.expires_at)

    def expire_token(self, token: str, *, min_age: float = 0.0) -> bool:
        """Expire a valid token now (the ``expired_token`` fault); False if it was not valid or too young."""
        record = self.store.get_token(digest(token))
        if record is None or record.expires_at <= self.now() or self.now() - record.issued_at < min_age:
            return False
        self.store.expire_token(record.token_digest, self.now())
        return True

    # --- repositories ----------------------------------------------------------------------------------

    def lookup_repository(self, url: str, tag: str) -> RepositoryLookup:
        """Admin registrations first, then the fixture folders."""
        canonical = normalize_repository_url(url)
        if canonical is None:
            return RepositoryLookup(LookupStatus.UNREACHABLE)
        registered = self.store.get_repository(canonical, tag)
        if registered is not None:
            text = registered[0]
            return (
                RepositoryLookup(LookupStatus.FOUND, text)
                if text is not None
                else RepositoryLookup(LookupStatus.NO_SPEC_FILE)
            )
        return fixture_lookup(canonical, tag, self.settings.repositories_dir)

    def resolve_spec(self, url: str, tag: str) -> ConnectorSpec:
        """The validated connect.yaml of a repository tag, or the matching 400 error."""
        found = self.lookup_repository(url, tag)
        if found.status is LookupStatus.UNREACHABLE:
            raise bad_request(errors.git_repository_not_reachable(url, tag))
        if found.status is LookupStatus.NO_SPEC_FILE or found.connect_yaml is None:
            raise bad_request(errors.connector_specification_file_not_found(url, tag))
        try:
            return parse_connect_yaml(found.connect_yaml)
        except SpecificationInvalid as exc:
            raise bad_request(errors.connector_specification_file_not_valid(url, tag, exc.problems)) from exc

    # --- lifecycles ------------------------------------------------------------------------------------

    def advance(self) -> None:
        """Apply every scheduled step that has fallen due."""
        now = self.now()
        with self.store.transaction():
            for resource in self.store.due_resources(now):
                self._apply_due(resource, now)

    def _apply_due(self, resource: Resource, now: float) -> None:
        doc = copy.deepcopy(resource.doc)
        pending: dict[str, JsonDict] = doc.get("_pending", {})
        due: list[tuple[JsonDict, JsonDict]] = []
        for state in pending.values():
            ready, later = lifecycle.split_due(state["steps"], now)
            due.extend((step, state) for step in ready)
            state["steps"] = later
        doc["_pending"] = {name: state for name, state in pending.items() if state["steps"]}
        removed = False
        for step, state in sorted(due, key=lambda item: float(item[0]["at"])):
            removed = self._apply_step(resource, doc, step, state, cause="lifecycle") or removed
        if removed:
            return
        last_at = max((float(step["at"]) for step, _ in due), default=resource.last_modified_at)
        self.store.save_resource(resource.with_doc(doc, modified_at=last_at, next_due=self._next_due(doc)))

    @staticmethod
    def _next_due(doc: JsonDict) -> float | None:
        steps = [step for state in doc.get("_pending", {}).values() for step in state["steps"]]
        return lifecycle.next_due(steps)

    def _record(
        self, resource: Resource, doc: JsonDict, field: str, before: Any, after: str, at: float, cause: str
    ) -> None:
        self.store.add_event(
            {
                "at": at,
                "resource": resource.kind,
                "id": resource.id,
                "key": doc.get("key"),
                "project": resource.scope or None,
                "field": field,
                "from": before,
                "to": after,
                "cause": cause,
            }
        )

    def _apply_step(self, resource: Resource, doc: JsonDict, step: JsonDict, state: JsonDict, cause: str) -> bool:
        """Set one scheduled value and run its effects; True when the resource was removed."""
        field, value, at = step["field"], step["value"], float(step["at"])
        before = doc.get(field)
        if value == lifecycle.GONE:
            self._record(resource, doc, field, before, EVENT_REMOVED, at, cause)
            self.store.delete_resource(resource.kind, resource.id)
            self.store.delete_logs(resource.id)
            self.store.delete_revisions(resource.id)
            return True
        doc[field] = value
        self._record(resource, doc, field, before, value, at, cause)
        report: list[JsonDict] = state.get("report", [])
        if resource.kind == DEPLOYMENT:
            self._deployment_effects(doc, value, at, report)
            if value == "Deployed":
                self._record_revision(resource, doc, at, cause)
        elif field == "isPreviewable" and value in {"true", "false"}:
            entries = report or (connectors.success_entries() if value == "true" else connectors.failure_entries())
            doc["previewableReport"] = connectors.report(entries, to_iso(at))
        elif field == "status":
            self._publishing_effects(doc, value, at, report)
        return False

    def _deployment_effects(self, doc: JsonDict, value: str, at: float, report: list[JsonDict]) -> None:
        if value == "Deployed":
            deployments.on_deployed(doc, at, report)
        elif value == "Failed":
            deployments.on_failed(doc, at, report)
        elif value == "UndeployFailed":
            deployments.on_undeploy_failed(doc, at, report)
        # Log lines of one transition are spread over a fraction of the deploy phase, at most a second.
        spacing = max(min(self.durations.of("deploying"), 1.0), 0.001)
        self.store.add_logs(doc["id"], deployments.logs_for_transition(doc, value, at, spacing))

    def _record_revision(self, resource: Resource, doc: JsonDict, at: float, cause: str) -> None:
        """Keep a DeploymentRevision of the version that has just reached ``Deployed``."""
        number = unconfirmed.revision_number(doc["version"])
        previous = self.store.revision_numbers(doc["id"])
        self.store.add_revision(doc["id"], number, at, deployments.revision_record(doc, number, at))
        self.store.add_event(
            {
                "at": at,
                "resource": REVISION,
                "id": doc["id"],
                "key": doc.get("key"),
                "project": resource.scope or None,
                "field": "revisionNumber",
                "from": str(previous[0]) if previous else None,
                "to": str(number),
                "cause": cause,
            }
        )

    def _publishing_effects(self, doc: JsonDict, value: str, at: float, report: list[JsonDict]) -> None:
        created = to_iso(at)
        if value == "Failed":
            doc["publishingReport"] = connectors.report(report or connectors.failure_entries(), created)
        elif value == "ReadyForCertification":
            doc["publishingReport"] = connectors.report(report or connectors.success_entries(), created)
        elif value == "Published":
            doc["publishingReport"] = connectors.report(report or connectors.success_entries(), created)
            self._publish_connector(doc, certified=False, at=at)

    def _publish_connector(self, staged: JsonDict, certified: bool, at: float) -> None:
        previous = self.store.get_resource(CONNECTOR, staged["id"])
        connector = connectors.connector_from_staged(staged, previous.doc if previous else None, certified)
        self.store.save_resource(
            Resource(
                CONNECTOR,
                staged["id"],
                GLOBAL_SCOPE,
                connector.get("key"),
                connector,
                previous.created_at if previous else at,
                at,
            )
        )
        staged["alreadyListed"] = True
        staged["hasChanges"] = False
        staged.pop("_unlisted", None)

    def _pop_outcome(self, process: str, key: str | None, resource_id: str) -> lifecycle.ScriptedOutcome | None:
        kind = "publish" if process == "certification" else process
        for ref in (key, resource_id):
            if ref is None:
                continue
            items = self.store.get_outcomes(kind, ref)
            if items:
                self.store.set_outcomes(kind, ref, items[1:])
                item = items[0]
                return lifecycle.ScriptedOutcome(
                    item["outcome"], tuple(item.get("report", [])), tuple(item.get("durations", {}).items())
                )
        return None

    def _start(self, resource: Resource, doc: JsonDict, process_name: str, now: float) -> None:
        """Start a process: its first value applies now, the rest is scheduled."""
        process = lifecycle.PROCESSES[process_name]
        scripted = self._pop_outcome(process_name, doc.get("key"), doc["id"])
        outcome = process.outcome_for(scripted.outcome) if scripted else process.success
        durations = lifecycle.effective_durations(self.durations, scripted)
        steps = [s.as_json() for s in lifecycle.plan(process, outcome, durations, now)]
        state = {
            "process": process_name,
            "outcome": outcome,
            "report": list(scripted.report) if scripted else [],
            "steps": steps[1:],
        }
        doc.setdefault("_pending", {})[process.field] = state
        self._apply_step(resource, doc, steps[0], state, cause="request")

    # --- ConnectorStaged --------------------------------------------------------------------------------

    def _staged(self, ref: Ref) -> Resource | None:
        if ref.by == "key":
            return self.store.find_resource(STAGED, GLOBAL_SCOPE, ref.value)
        return self.store.get_resource(STAGED, ref.value)

    def _visible_staged(self, ref: Ref, token: TokenInfo) -> Resource:
        resource = self._staged(ref)
        if resource is None or resource.doc.get("_creatorProject") not in token.visible_projects():
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
            resource = self._staged(ref)
            if resource is None:
                raise ref.not_found()
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
            offset = decode_page_token(page_token, doc["id"]) if page_token else 0
            entries = self.store.query_logs(doc["id"], application, start, now if end is None else min(end, now))
        chunk = entries[offset : offset + LOG_PAGE_SIZE]
        more = offset + LOG_PAGE_SIZE < len(entries)
        return {"data": chunk, "next": encode_page_token(doc["id"], offset + LOG_PAGE_SIZE) if more else ""}

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


def encode_page_token(deployment_id: str, offset: int) -> str:
    """Opaque cursor of the logs endpoint."""
    return base64.urlsafe_b64encode(f"v1:{deployment_id}:{offset}".encode()).decode().rstrip("=")


def decode_page_token(token: str, deployment_id: str) -> int:
    """Offset of a cursor; DeploymentLogInvalidPageToken when it is not one of this deployment's."""
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
