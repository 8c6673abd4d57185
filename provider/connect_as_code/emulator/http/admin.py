"""Admin API under ``/_emulator/``: stats, durations, scripted outcomes, repositories, API clients,
projects, faults, the events log, the request log, the clock and a reset. Never faulted, never
counted in stats, not part of ``/openapi.json`` (see emulator/README.md)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictBool
from pydantic.alias_generators import to_camel

from connect_as_code.emulator.clock import to_iso
from connect_as_code.emulator.domain import errors, lifecycle
from connect_as_code.emulator.domain.auth import digest
from connect_as_code.emulator.domain.errors import ApiError, bad_request
from connect_as_code.emulator.domain.repositories import list_fixtures, normalize_repository_url
from connect_as_code.emulator.engine import Engine, Ref
from connect_as_code.emulator.faults import queued_fault_from_json, settings_from_json
from connect_as_code.emulator.store import ApiClientRecord

JsonDict = dict[str, Any]
MIN_TOKEN_TTL = 1
MAX_TOKEN_TTL = 604_800
PROJECT_KEY_PATTERN = r"^[a-zA-Z0-9_-]{2,36}$"


class _Admin(BaseModel):
    model_config = ConfigDict(extra="forbid", alias_generator=to_camel)


class OutcomesBody(_Admin):
    """Scripted outcomes to append to the queue of one object."""

    kind: str
    key: str
    outcomes: list[Any]


class RepositoryBody(_Admin):
    """A repository tag and its connect.yaml (``null`` = the tag has no connect.yaml).

    ``private`` marks the whole repository private (its GitHub API routes then need the token) or
    public; left out, the repository keeps its mark.
    """

    url: str
    tag: Annotated[str, Field(min_length=1)]
    connect_yaml: str | None
    private: bool | None = None


class ClientBody(_Admin):
    """An API client."""

    client_id: Annotated[str, Field(min_length=1, max_length=256)]
    client_secret: Annotated[str, Field(min_length=1, max_length=256)]
    scopes: list[str]
    access_token_validity_seconds: Annotated[int, Field(ge=MIN_TOKEN_TTL, le=MAX_TOKEN_TTL)] | None = None


class ProjectBody(_Admin):
    """Project settings."""

    production: bool


class FeaturesBody(_Admin):
    """Switchable parts of the Connect API (a field left out keeps its value)."""

    logs_endpoints: StrictBool | None = None


class CertificationCommentBody(_Admin):
    """A comment of the Connect team on a ConnectorStaged in certification."""

    comment: Annotated[str, Field(min_length=1)]
    user_id: str = "connect-team@commercetools.com"


class ClockBody(_Admin):
    """Move the emulator clock forward."""

    seconds: Annotated[float, Field(ge=0, le=365 * 24 * 3600)]


def _invalid(message: str) -> ApiError:
    return bad_request(errors.invalid_json_input(message))


def build_admin_router(engine: Engine) -> APIRouter:
    """The ``/_emulator`` routes bound to one engine."""
    router = APIRouter(prefix="/_emulator", include_in_schema=False)
    _observability_routes(router, engine)
    _lifecycle_routes(router, engine)
    _registry_routes(router, engine)
    _fault_routes(router, engine)
    _feature_routes(router, engine)
    return router


def _observability_routes(router: APIRouter, engine: Engine) -> None:
    store = engine.store

    @router.get("/health")
    def health() -> JsonDict:
        """Liveness."""
        return {"status": "ok"}

    @router.get("/stats")
    def stats() -> JsonDict:
        """Request counts per route, tokens issued, objects by status, faults, mutating requests.

        ``requests`` counts the Connect and OAuth API; ``githubRequests`` the GitHub-like API apart.
        """
        by_route = store.counters("requests|")
        github = store.counters("github|")
        faults = store.counters("faults|")
        return {
            "requests": {"total": sum(by_route.values()), "byRoute": by_route},
            "githubRequests": {"total": sum(github.values()), "byRoute": github},
            "mutatingRequests": store.counters("mutations|").get("total", 0),
            "tokensIssued": store.counters("tokens|").get("issued", 0),
            "objects": engine.objects_by_status(),
            "faults": {"total": sum(faults.values()), "byKind": faults},
        }

    @router.get("/events")
    def get_events(
        after: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=10_000)] = 1000,
        resource: str | None = None,
        key: str | None = None,
    ) -> JsonDict:
        """Status transitions with their (scheduled) times, oldest first."""
        engine.advance()
        events = [
            {**event, "atIso": to_iso(event["at"])}
            for event in store.list_events(after, 1_000_000)
            if (resource is None or event["resource"] == resource)
            and (key is None or key in {event["key"], event["id"]})
        ]
        return {"events": events[:limit]}

    @router.get("/requests")
    def get_requests(limit: Annotated[int, Query(ge=1, le=10_000)] = 200) -> JsonDict:
        """The request log: method, route, path, status, time, correlation id, fault."""
        return {"requests": [{**r, "atIso": to_iso(r["at"])} for r in store.list_requests(limit)]}

    @router.post("/reset")
    def reset() -> JSONResponse:
        """Forget everything and return to the state at start-up (settings from the command line)."""
        store.reset()
        engine.durations = engine.settings.durations
        engine.logs_endpoints = engine.settings.logs_endpoints
        engine.faults.configure(engine.settings.faults, [])
        engine.clock.reset()
        engine.ensure_default_client()
        return JSONResponse({"reset": True})


def _lifecycle_routes(router: APIRouter, engine: Engine) -> None:
    store = engine.store

    @router.get("/durations")
    def get_durations() -> JsonDict:
        """Current phase durations (seconds) and the known profiles."""
        profiles = {name: durations.as_json() for name, durations in lifecycle.PROFILES.items()}
        return {"durations": engine.durations.as_json(), "profiles": profiles}

    @router.put("/durations")
    def put_durations(body: Annotated[Any, Body()]) -> JsonDict:
        """A profile name or ``{"profile"?: name, <phase>: seconds}`` (applies to processes started later)."""
        try:
            engine.durations = (
                lifecycle.parse_durations(body) if isinstance(body, str) else lifecycle.durations_from_json(body)
            )
        except ValueError as exc:
            raise _invalid(str(exc)) from exc
        return {"durations": engine.durations.as_json()}

    def queues() -> JsonDict:
        return {"outcomes": [{"kind": k, "key": r, "outcomes": items} for k, r, items in store.list_outcomes()]}

    @router.get("/outcomes")
    def get_outcomes() -> JsonDict:
        """Every scripted-outcome queue."""
        return queues()

    @router.post("/outcomes")
    def add_outcomes(body: OutcomesBody) -> JsonDict:
        """Append outcomes to the queue of (kind, object key or id)."""
        process_name = lifecycle.SCRIPTABLE_PROCESSES.get(body.kind)
        if process_name is None:
            raise _invalid(f"kind must be one of {', '.join(lifecycle.SCRIPTABLE_PROCESSES)}")
        process = lifecycle.PROCESSES[process_name]
        try:
            items = [lifecycle.scripted_outcome_from_json(process, item).as_json() for item in body.outcomes]
        except ValueError as exc:
            raise _invalid(str(exc)) from exc
        with store.transaction():
            queue = store.get_outcomes(body.kind, body.key) + items
            store.set_outcomes(body.kind, body.key, queue)
        return {"kind": body.kind, "key": body.key, "outcomes": queue}

    @router.delete("/outcomes")
    def clear_outcomes(kind: str | None = None, key: str | None = None) -> JsonDict:
        """Clear one queue (``?kind=&key=``) or all of them."""
        if kind is not None and key is not None:
            store.set_outcomes(kind, key, [])
        else:
            store.clear_outcomes()
        return queues()

    @router.post("/connectors/{ref}/certify")
    def certify(ref: str) -> JsonDict:
        """Finish certification of a ConnectorStaged in certification (id or ``key=<key>``)."""
        return engine.certify(Ref.parse(ref))

    @router.post("/connectors/{ref}/certification-comments")
    def certification_comment(ref: str, body: CertificationCommentBody) -> JsonDict:
        """Add a comment of the Connect team to ``certificationInfo`` (the reviewer's side of the conversation)."""
        return engine.add_team_comment(Ref.parse(ref), body.comment, body.user_id)

    @router.get("/clock")
    def get_clock() -> JsonDict:
        """Emulator time and the offset added by ``/clock/advance``."""
        now = engine.now()
        return {"now": now, "nowIso": to_iso(now), "offsetSeconds": engine.clock.offset}

    @router.post("/clock/advance")
    def advance_clock(body: ClockBody) -> JsonDict:
        """Move emulator time forward (lifecycles due by then complete on the next request)."""
        engine.clock.advance(body.seconds)
        return get_clock()


def _client_json(client: ApiClientRecord) -> JsonDict:
    return {
        "clientId": client.client_id,
        "scopes": client.scopes,
        "accessTokenValiditySeconds": client.token_ttl,
        "createdAt": to_iso(client.created_at),
    }


def _registry_routes(router: APIRouter, engine: Engine) -> None:
    store = engine.store

    @router.get("/repositories")
    def get_repositories() -> JsonDict:
        """Registered tags (admin) and fixtures."""
        registered = [
            {
                "repository": c,
                "url": u,
                "tag": t,
                "hasConnectYaml": has,
                "private": store.is_repository_private(c),
                "source": "admin",
            }
            for c, t, u, has in store.list_repositories()
        ]
        fixtures = [
            {
                "repository": c,
                "url": f"https://{c}",
                "tag": t,
                "hasConnectYaml": has,
                "private": store.is_repository_private(c),
                "source": "fixture",
            }
            for c, t, has in list_fixtures(engine.settings.repositories_dir)
        ]
        return {"repositories": registered + fixtures}

    @router.post("/repositories", status_code=201)
    def add_repository(body: RepositoryBody) -> JsonDict:
        """Register a tag with its connect.yaml text (or ``null`` for a tag without one)."""
        canonical = normalize_repository_url(body.url)
        if canonical is None:
            raise _invalid(f"'{body.url}' is not a repository URL (https://host/owner/name or git@host:owner/name)")
        with store.transaction():
            store.save_repository(canonical, body.tag, body.url, body.connect_yaml)
            if body.private is not None:
                store.set_repository_private(canonical, body.private)
        return {
            "repository": canonical,
            "url": body.url,
            "tag": body.tag,
            "hasConnectYaml": body.connect_yaml is not None,
            "private": store.is_repository_private(canonical),
        }

    @router.delete("/repositories")
    def delete_repository(url: str, tag: str | None = None) -> JsonDict:
        """Forget registered tags of a repository (fixtures stay)."""
        canonical = normalize_repository_url(url)
        if canonical is None:
            raise _invalid(f"'{url}' is not a repository URL")
        return {"deleted": store.delete_repository(canonical, tag)}

    @router.get("/clients")
    def get_clients() -> JsonDict:
        """API clients with their scopes (never their secrets)."""
        return {"clients": [_client_json(c) for c in store.list_clients()]}

    @router.post("/clients", status_code=201)
    def add_client(body: ClientBody) -> JsonDict:
        """Register (or replace) an API client."""
        record = ApiClientRecord(
            body.client_id,
            digest(body.client_secret),
            list(dict.fromkeys(body.scopes)),
            body.access_token_validity_seconds or engine.settings.token_ttl,
            engine.now(),
        )
        store.save_client(record)
        return _client_json(record)

    @router.delete("/clients/{client_id}")
    def delete_client(client_id: str) -> JsonDict:
        """Remove an API client and its tokens."""
        if not store.delete_client(client_id):
            raise ApiError(404, [errors.resource_not_found("id", client_id)])
        return {"deleted": client_id}

    @router.get("/projects")
    def get_projects() -> JsonDict:
        """Projects with settings (unlisted projects are not production)."""
        return {"projects": [{"key": k, "production": p} for k, p in store.list_projects()]}

    @router.put("/projects/{project_key}")
    def put_project(project_key: Annotated[str, Path(pattern=PROJECT_KEY_PATTERN)], body: ProjectBody) -> JsonDict:
        """Mark a project as production (or not)."""
        store.set_project(project_key, body.production)
        return {"key": project_key, "production": body.production}


def _fault_routes(router: APIRouter, engine: Engine) -> None:
    @router.get("/faults")
    def get_faults() -> JsonDict:
        """Fault settings and the queue of forced faults."""
        return engine.faults.settings.as_json() | {"queue": [q.as_json() for q in engine.faults.queue]}

    @router.put("/faults")
    def put_faults(body: Annotated[Any, Body()]) -> JsonDict:
        """Change rate, mix, seed, latencySeconds, retryAfterSeconds and/or the forced ``queue``."""
        try:
            updated = settings_from_json(body, engine.faults.settings)
            queue = [queued_fault_from_json(item) for item in body["queue"]] if "queue" in body else None
        except (ValueError, TypeError) as exc:
            raise _invalid(str(exc)) from exc
        engine.faults.configure(updated, queue)
        return get_faults()


def _feature_routes(router: APIRouter, engine: Engine) -> None:
    @router.get("/features")
    def get_features() -> JsonDict:
        """Which switchable parts of the Connect API are served (``logsEndpoints``)."""
        return dict(engine.features())

    @router.put("/features")
    def put_features(body: FeaturesBody) -> JsonDict:
        """Switch parts on or off, e.g. ``{"logsEndpoints": false}``: the logs endpoints answer 404."""
        if body.logs_endpoints is not None:
            engine.logs_endpoints = body.logs_endpoints
        return get_features()
