"""What every Engine operation stands on: the resource kinds, :class:`Ref`, and :class:`EngineCore` with
the OAuth token endpoints, the repository look-ups and the lifecycle machinery that applies scheduled
steps and starts processes.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from connect_as_code.emulator.clock import ShiftedClock, to_iso
from connect_as_code.emulator.domain import connectors, deployments, errors, lifecycle, unconfirmed
from connect_as_code.emulator.domain.auth import (
    BasicCredentials,
    TokenInfo,
    digest,
    new_token,
    secrets_match,
    split_scope_text,
)
from connect_as_code.emulator.domain.connect_yaml import ConnectorSpec, SpecificationInvalid, parse_connect_yaml
from connect_as_code.emulator.domain.errors import ApiError, auth_error, bad_request
from connect_as_code.emulator.domain.repositories import (
    LookupStatus,
    RepositoryLookup,
    fixture_lookup,
    normalize_repository_url,
)
from connect_as_code.emulator.faults import FaultInjector
from connect_as_code.emulator.settings import Settings
from connect_as_code.emulator.store import ApiClientRecord, Resource, Store, TokenRecord

JsonDict = dict[str, Any]

STAGED = "ConnectorStaged"
CONNECTOR = "Connector"
DEPLOYMENT = "Deployment"
REVISION = "DeploymentRevision"
GLOBAL_SCOPE = ""
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


class EngineCore:
    """State of one emulator run and the steps shared by the connector and deployment operations."""

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
