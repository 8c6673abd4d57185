"""The Connect API client: thin endpoint methods over one request loop.

Every endpoint method builds a :class:`_Call` (method, path, body, and how it may be retried) and
hands it to :meth:`ConnectClient._execute`, the only place that sends requests, re-authenticates,
maps error responses to exceptions and applies the retry policy of :mod:`._policy`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from types import TracebackType
from typing import Any, TypeAlias, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from connect_as_code.connect import _unconfirmed
from connect_as_code.connect._auth import TokenSource, token_form
from connect_as_code.connect._config import ClientConfig
from connect_as_code.connect._connector_models import (
    Connector,
    ConnectorSearchPagedQueryResponse,
    ConnectorStaged,
    ConnectorStagedDraft,
    ConnectorStagedPagedQueryResponse,
    ConnectorUpdateAction,
)
from connect_as_code.connect._deployment_models import (
    Deployment,
    DeploymentDraft,
    DeploymentLog,
    DeploymentLogCursorPagedQueryResponse,
    DeploymentPagedQueryResponse,
    DeploymentRevision,
    DeploymentUpdateAction,
)
from connect_as_code.connect._error_responses import api_error, token_endpoint_error
from connect_as_code.connect._errors import (
    AmbiguousWriteError,
    AuthenticationError,
    ConnectError,
    InvalidResponseError,
    NotFoundError,
    TransportError,
)
from connect_as_code.connect._models import (
    DeploymentTypeValue,
    IntegrationTypeValue,
    TokenResponse,
    to_wire,
)
from connect_as_code.connect._policy import (
    Decision,
    Failure,
    RequestKind,
    RetryPolicy,
    decide,
    parse_retry_after,
    retry_delay,
    should_give_up,
)

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

OnRequest: TypeAlias = Callable[[str, str, int | None, float], None]
"""``on_request(method, route, status, elapsed)``, called after every HTTP attempt.

``route`` is the path template (``/connectors/drafts/key={key}``, ``/oauth/token``), ``status``
``None`` when no response arrived, ``elapsed`` the attempt's duration in seconds.
"""

QueryValue: TypeAlias = str | int | float | bool | dt.datetime | Sequence[str] | None

_STAGED = "/connectors/drafts"
_CONNECTORS = "/connectors"
_REVISIONS = "/revisions"
_REVISION_LIST: TypeAdapter[list[DeploymentRevision]] = TypeAdapter(list[DeploymentRevision])


# ------------------------------------------------------------------------------- pure helpers


def object_ref(id: str | None, key: str | None) -> str:
    """The path segment addressing one object: its URL-encoded id, or ``key=`` and its encoded key."""
    if (id is None) == (key is None):
        raise ValueError("pass exactly one of id= or key=")
    if id is not None:
        if not id:
            raise ValueError("id must not be empty")
        return quote(id, safe="")
    assert key is not None
    if not key:
        raise ValueError("key must not be empty")
    return "key=" + quote(key, safe="")


def object_route(id: str | None) -> str:
    """The route template of :func:`object_ref`, for ``on_request``."""
    return "{id}" if id is not None else "key={key}"


def revision_number(revision: int) -> int:
    """``revision`` if it is a revision number (an integer of at least 1), else :class:`ValueError`."""
    if isinstance(revision, bool) or not isinstance(revision, int) or revision < 1:
        raise ValueError(f"revision must be an integer of at least 1, not {revision!r}")
    return revision


def query_params(params: Mapping[str, QueryValue]) -> list[tuple[str, str]]:
    """Query parameters in order: ``None`` left out, sequences as repeated keys, booleans lowercase,
    datetimes as UTC ISO-8601 with milliseconds and ``Z`` (naive ones are taken as UTC)."""
    pairs: list[tuple[str, str]] = []
    for name, value in params.items():
        if value is None:
            continue
        items = list(value) if isinstance(value, list | tuple) else [value]
        pairs.extend((name, _query_value(item)) for item in items)
    return pairs


def _query_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        utc = value.astimezone(dt.UTC) if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
    if isinstance(value, Enum):
        return str(value.value)
    return str(value)


def action_to_wire(action: BaseModel | Mapping[str, Any]) -> dict[str, Any]:
    """One update action as JSON; a mapping passes through, for actions this client does not model."""
    if isinstance(action, BaseModel):
        return to_wire(action)
    return dict(action)


def applied_version(body: object, sent_version: int) -> bool:
    """Whether a re-read object shows that an update sent with ``sent_version`` was applied."""
    version = body.get("version") if isinstance(body, dict) else None
    return isinstance(version, int | float) and not isinstance(version, bool) and version > sent_version


# ---------------------------------------------------------------------------------- the loop


@dataclass(frozen=True)
class _Call:
    method: str
    url: str
    path: str
    route: str
    kind: RequestKind
    params: Sequence[tuple[str, str]] = ()
    body: Any = None
    form: Mapping[str, str] | None = None
    token_endpoint: bool = False
    sent_version: int | None = None
    key: str | None = None
    reread: Callable[[], _Ok] | None = None


@dataclass(frozen=True)
class _Ok:
    body: Any
    status: int
    correlation_id: str


@dataclass(frozen=True)
class _Failed:
    error: ConnectError
    failure: Failure
    token: str | None


class ConnectClient:
    """Client of the commercetools Connect API (connectors and deployments).

    Thread-safe: one connection pool and one access token serve every thread. ``transport`` is the
    seam for tests (``httpx.MockTransport``, or a bridge into the emulator's app); ``sleep``,
    ``clock`` (monotonic seconds) and ``rng`` (floats in ``[0, 1)``) are injectable so retries run
    without real waiting. ``on_request`` is called after every HTTP attempt (see :data:`OnRequest`).

    Objects are addressed with exactly one of the keyword arguments ``id=`` and ``key=``.
    Deployment methods use ``config.project_key`` unless given ``project_key=``. Errors are the
    :class:`ConnectError` tree; see :mod:`provider.connect._policy` for what is retried.
    """

    def __init__(
        self,
        config: ClientConfig,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        rng: Callable[[], float] = random.random,
        on_request: OnRequest | None = None,
        retry_policy: RetryPolicy | None = None,
    ) -> None:
        self.config = config
        self.retry_policy = retry_policy or RetryPolicy()
        self._sleep = sleep
        self._clock = clock
        self._rng = rng
        self._on_request = on_request
        self._http = httpx.Client(transport=transport, timeout=config.timeout, follow_redirects=False)
        self._tokens = TokenSource(self._fetch_token, clock=clock)
        self._token_path = httpx.URL(config.token_url).path

    # ------------------------------------------------------------------------------- lifecycle

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> ConnectClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ConnectClient({self.config.connect_base_url!r}, client_id={self.config.client_id!r})"

    @property
    def token_source(self) -> TokenSource:
        """The shared token cache."""
        return self._tokens

    @property
    def token_requests(self) -> int:
        """How many tokens this client has requested from the auth server."""
        return self._tokens.token_requests

    # ------------------------------------------------------------------------- ConnectorStaged

    def get_connector_staged(self, *, id: str | None = None, key: str | None = None) -> ConnectorStaged:
        """``GET /connectors/drafts/{id}`` or ``key={key}``. Raises :class:`NotFoundError` on 404."""
        return self._model(ConnectorStaged, self._object_call("GET", _STAGED, _STAGED, id, key))

    def find_connector_staged(self, *, id: str | None = None, key: str | None = None) -> ConnectorStaged | None:
        """Like :meth:`get_connector_staged`, but ``None`` when it does not exist."""
        return _none_if_missing(lambda: self.get_connector_staged(id=id, key=key))

    def list_connectors_staged(
        self,
        *,
        limit: int | None = None,
        offset: int | None = None,
        sort: str | Sequence[str] | None = None,
        is_private: bool | None = None,
        integration_types: Sequence[IntegrationTypeValue] | None = None,
    ) -> ConnectorStagedPagedQueryResponse:
        """``GET /connectors/drafts``: one page of ConnectorStaged."""
        params = query_params(
            {
                "limit": limit,
                "offset": offset,
                "sort": _as_list(sort),
                "isPrivate": is_private,
                "integrationTypes": _as_list(integration_types),
            }
        )
        call = self._call("GET", _STAGED, _STAGED, RequestKind.READ, params=params)
        return self._model(ConnectorStagedPagedQueryResponse, call)

    def create_connector_staged(self, draft: ConnectorStagedDraft) -> ConnectorStaged:
        """``POST /connectors/drafts``.

        Never resent after an unknown outcome: raises :class:`AmbiguousWriteError`, after which the
        caller should look the ConnectorStaged up by ``draft.key``.
        """
        call = self._call("POST", _STAGED, _STAGED, RequestKind.CREATE, body=to_wire(draft), key=draft.key)
        return self._model(ConnectorStaged, call)

    def update_connector_staged(
        self,
        *,
        id: str | None = None,
        key: str | None = None,
        version: int,
        actions: Sequence[ConnectorUpdateAction | Mapping[str, Any]],
    ) -> ConnectorStaged:
        """``POST /connectors/drafts/{id}`` with the expected ``version`` and update ``actions``.

        Raises :class:`ConcurrentModificationError` when ``version`` is stale.
        """
        return self._model(
            ConnectorStaged, self._update_call(_STAGED, _STAGED, id, key, version=version, actions=actions)
        )

    def delete_connector_staged(self, *, id: str | None = None, key: str | None = None) -> ConnectorStaged:
        """``DELETE /connectors/drafts/{id}``; this also deletes the published Connector.

        A retried delete may raise :class:`NotFoundError` because the first attempt worked.
        """
        call = self._object_call("DELETE", _STAGED, _STAGED, id, key, kind=RequestKind.DELETE)
        return self._model(ConnectorStaged, call)

    # ------------------------------------------------------------------------------- Connector

    def get_connector(self, *, id: str | None = None, key: str | None = None) -> Connector:
        """``GET /connectors/{id}`` or ``key={key}``: a published Connector."""
        return self._model(Connector, self._object_call("GET", _CONNECTORS, _CONNECTORS, id, key))

    def find_connector(self, *, id: str | None = None, key: str | None = None) -> Connector | None:
        """Like :meth:`get_connector`, but ``None`` when it does not exist."""
        return _none_if_missing(lambda: self.get_connector(id=id, key=key))

    def search_connectors(
        self,
        *,
        text: str | None = None,
        limit: int | None = None,
        offset: int | None = None,
        sort: str | Sequence[str] | None = None,
        private: bool | None = None,
        creator_company: str | None = None,
        ids: Sequence[str] | None = None,
        keys: Sequence[str] | None = None,
        integration_types: Sequence[IntegrationTypeValue] | None = None,
    ) -> ConnectorSearchPagedQueryResponse:
        """``GET /connectors/search``: one page of published Connectors."""
        params = query_params(
            {
                "text": text,
                "limit": limit,
                "offset": offset,
                "sort": _as_list(sort),
                "private": private,
                "creator.company": creator_company,
                "id": _as_list(ids),
                "key": _as_list(keys),
                "integrationTypes": _as_list(integration_types),
            }
        )
        path = f"{_CONNECTORS}/search"
        return self._model(
            ConnectorSearchPagedQueryResponse, self._call("GET", path, path, RequestKind.READ, params=params)
        )

    # ------------------------------------------------------------------------------ Deployment

    def get_deployment(
        self, *, id: str | None = None, key: str | None = None, project_key: str | None = None
    ) -> Deployment:
        """``GET /{projectKey}/deployments/{id}`` or ``key={key}``."""
        path, route = self._deployments(project_key)
        return self._model(Deployment, self._object_call("GET", path, route, id, key))

    def find_deployment(
        self, *, id: str | None = None, key: str | None = None, project_key: str | None = None
    ) -> Deployment | None:
        """Like :meth:`get_deployment`, but ``None`` when it does not exist."""
        return _none_if_missing(lambda: self.get_deployment(id=id, key=key, project_key=project_key))

    def list_deployments(
        self,
        *,
        limit: int | None = None,
        offset: int | None = None,
        sort: str | Sequence[str] | None = None,
        integration_types: Sequence[IntegrationTypeValue] | None = None,
        deployment_type: DeploymentTypeValue | None = None,
        project_key: str | None = None,
    ) -> DeploymentPagedQueryResponse:
        """``GET /{projectKey}/deployments``: one page of Deployments."""
        path, route = self._deployments(project_key)
        params = query_params(
            {
                "limit": limit,
                "offset": offset,
                "sort": _as_list(sort),
                "integrationTypes": _as_list(integration_types),
                "deploymentType": deployment_type,
            }
        )
        return self._model(
            DeploymentPagedQueryResponse, self._call("GET", path, route, RequestKind.READ, params=params)
        )

    def create_deployment(self, draft: DeploymentDraft, *, project_key: str | None = None) -> Deployment:
        """``POST /{projectKey}/deployments``; the Deployment then moves through Queued and Deploying.

        Never resent after an unknown outcome: raises :class:`AmbiguousWriteError`, after which the
        caller should look the Deployment up by ``draft.key``.
        """
        path, route = self._deployments(project_key)
        call = self._call("POST", path, route, RequestKind.CREATE, body=to_wire(draft), key=draft.key)
        return self._model(Deployment, call)

    def update_deployment(
        self,
        *,
        id: str | None = None,
        key: str | None = None,
        version: int,
        actions: Sequence[DeploymentUpdateAction | Mapping[str, Any]],
        project_key: str | None = None,
    ) -> Deployment:
        """``POST /{projectKey}/deployments/{id}`` with the expected ``version`` and ``actions``."""
        path, route = self._deployments(project_key)
        return self._model(Deployment, self._update_call(path, route, id, key, version=version, actions=actions))

    def delete_deployment(
        self, *, id: str | None = None, key: str | None = None, project_key: str | None = None
    ) -> Deployment:
        """``DELETE /{projectKey}/deployments/{id}`` (202): the Deployment goes ``Undeploying``.

        A retried delete may raise :class:`NotFoundError` because the first attempt worked.
        """
        path, route = self._deployments(project_key)
        call = self._object_call("DELETE", path, route, id, key, kind=RequestKind.DELETE)
        return self._model(Deployment, call)

    def get_deployment_logs(
        self,
        *,
        id: str | None = None,
        key: str | None = None,
        application_name: str | None = None,
        start_date: dt.datetime | str | None = None,
        end_date: dt.datetime | str | None = None,
        page_token: str | None = None,
        project_key: str | None = None,
    ) -> DeploymentLogCursorPagedQueryResponse:
        """``GET /{projectKey}/deployments/{id}/logs``: one page of logs (``next`` is the next token).

        Deprecated by commercetools on 2026-11-06 and removed from the Connect API after 2027-01-31
        (https://docs.commercetools.com/connect/releases/2026-11-06-announced-deprecation-of-the-deployment-logs-endpoints);
        Platform Insights replaces it. Once removed, it raises :class:`NotFoundError`.
        """
        path, route = self._deployments(project_key)
        call = self._object_call("GET", path, route, id, key)
        params = query_params(
            {
                "applicationName": application_name,
                "startDate": start_date,
                "endDate": end_date,
                "pageToken": page_token,
            }
        )
        call = replace(_below(call, "/logs", "/logs"), params=params)
        return self._model(DeploymentLogCursorPagedQueryResponse, call)

    def iter_deployment_log_pages(
        self,
        *,
        id: str | None = None,
        key: str | None = None,
        application_name: str | None = None,
        start_date: dt.datetime | str | None = None,
        end_date: dt.datetime | str | None = None,
        project_key: str | None = None,
    ) -> Iterator[DeploymentLogCursorPagedQueryResponse]:
        """Every page of logs, following ``next`` until it is empty (or repeats)."""
        token: str | None = None
        seen: set[str] = set()
        while True:
            page = self.get_deployment_logs(
                id=id,
                key=key,
                application_name=application_name,
                start_date=start_date,
                end_date=end_date,
                page_token=token,
                project_key=project_key,
            )
            yield page
            token = page.next
            if not token or token in seen:
                return
            seen.add(token)

    def iter_deployment_logs(
        self,
        *,
        id: str | None = None,
        key: str | None = None,
        application_name: str | None = None,
        start_date: dt.datetime | str | None = None,
        end_date: dt.datetime | str | None = None,
        project_key: str | None = None,
    ) -> Iterator[DeploymentLog]:
        """Every log entry, across pages."""
        for page in self.iter_deployment_log_pages(
            id=id,
            key=key,
            application_name=application_name,
            start_date=start_date,
            end_date=end_date,
            project_key=project_key,
        ):
            yield from page.data

    # --------------------------------------------------------------------- Deployment revisions

    def get_deployment_revision(
        self, *, id: str | None = None, key: str | None = None, revision: int, project_key: str | None = None
    ) -> DeploymentRevision:
        """``GET /{projectKey}/deployments/{id}/revisions/{revision}`` (or ``key={key}``).

        Raises :class:`NotFoundError` when the Deployment or the revision does not exist.
        """
        path, route = self._deployments(project_key)
        number = revision_number(revision)
        call = _below(self._object_call("GET", path, route, id, key), f"{_REVISIONS}/{number}", "/revisions/{revision}")
        return self._model(DeploymentRevision, call)

    def query_deployment_revisions(
        self, *, id: str | None = None, key: str | None = None, project_key: str | None = None
    ) -> list[DeploymentRevision]:
        """``GET /{projectKey}/deployments/{id}/revisions``: the revisions, most recent first.

        Every revision is a Deployment version that deployed successfully, so a valid rollback target
        unless it is the current one. The response's envelope is unconfirmed (see ``_unconfirmed``).
        """
        path, route = self._deployments(project_key)
        call = _below(self._object_call("GET", path, route, id, key), _REVISIONS, _REVISIONS)
        ok = self._execute(call)
        items = _unconfirmed.revision_items(ok.body)
        return _parsed("list of DeploymentRevision", lambda: _REVISION_LIST.validate_python(items), call, ok)

    def rollback_deployment(
        self,
        *,
        id: str | None = None,
        key: str | None = None,
        revision: int,
        version: int,
        project_key: str | None = None,
    ) -> Deployment:
        """Roll the Deployment back to ``revision``: a new Deployment version with that revision's
        Connector version and configurations, which then moves through Queued and Deploying.

        ``version`` is the Deployment version the caller expects. The endpoint's method, path and body
        are unconfirmed (see ``_unconfirmed``). Retried like an update: after an unknown outcome the
        Deployment is re-read and the rollback counts as applied when its version is above
        ``version``; it is not resent unless the re-read shows it was not applied. Raises
        :class:`BadRequestError` with code ``DeploymentRollbackNotAllowed`` when Connect refuses it (the
        emulator does so while Queued, Deploying or Undeploying and for the current revision; the real
        triggers are unconfirmed), :class:`NotFoundError` for an unknown Deployment or revision, and
        :class:`ConcurrentModificationError` when ``version`` is stale.
        """
        path, route = self._deployments(project_key)
        read = self._object_call("GET", path, route, id, key)
        suffix, route_suffix = _unconfirmed.rollback_suffix(revision_number(revision))
        call = replace(
            _below(read, suffix, route_suffix),
            method=_unconfirmed.ROLLBACK_METHOD,
            kind=RequestKind.UPDATE,
            body=_unconfirmed.rollback_body(version),
            sent_version=version,
            reread=lambda: self._execute(read),
        )
        return self._model(_unconfirmed.ROLLBACK_RESPONSE, call)

    # ------------------------------------------------------------------------------- call builders

    def _deployments(self, project_key: str | None) -> tuple[str, str]:
        project = project_key if project_key is not None else self.config.project_key
        if not project:
            raise ValueError("no project key: set it in ClientConfig.project_key or pass project_key=")
        return f"/{quote(project, safe='')}/deployments", "/{projectKey}/deployments"

    def _call(self, method: str, path: str, route: str, kind: RequestKind, **fields: Any) -> _Call:
        url = self.config.connect_base_url + path
        return _Call(method=method, url=url, path=path, route=route, kind=kind, **fields)

    def _object_call(
        self,
        method: str,
        collection: str,
        collection_route: str,
        id: str | None,
        key: str | None,
        *,
        kind: RequestKind = RequestKind.READ,
    ) -> _Call:
        path = f"{collection}/{object_ref(id, key)}"
        return self._call(method, path, f"{collection_route}/{object_route(id)}", kind)

    def _update_call(
        self,
        collection: str,
        collection_route: str,
        id: str | None,
        key: str | None,
        *,
        version: int,
        actions: Sequence[BaseModel | Mapping[str, Any]],
    ) -> _Call:
        read = self._object_call("GET", collection, collection_route, id, key)
        post = self._object_call("POST", collection, collection_route, id, key, kind=RequestKind.UPDATE)
        body = {"version": version, "actions": [action_to_wire(action) for action in actions]}
        return replace(post, body=body, sent_version=version, reread=lambda: self._execute(read))

    # ---------------------------------------------------------------------------- request loop

    def _model(self, model: type[M], call: _Call) -> M:
        ok = self._execute(call)
        return _parsed(model.__name__, lambda: model.model_validate(ok.body), call, ok)

    def _fetch_token(self) -> TokenResponse:
        call = _Call(
            method="POST",
            url=self.config.token_url,
            path=self._token_path,
            route="/oauth/token",
            kind=RequestKind.TOKEN,
            form=token_form(self.config),
            token_endpoint=True,
        )
        return self._model(TokenResponse, call)

    def _execute(self, call: _Call) -> _Ok:
        """Send ``call`` until it succeeds or the policy says stop; the one place that does I/O."""
        correlation_id = f"{self.config.correlation_id_prefix}-{uuid.uuid4().hex}"
        started = self._clock()
        attempts = 0
        reauthenticated = False
        while True:
            attempts += 1
            outcome = self._attempt(call, correlation_id)
            if isinstance(outcome, _Ok):
                return outcome
            error, failure = outcome.error, outcome.failure
            if outcome.token is not None and isinstance(error, AuthenticationError):
                if reauthenticated:
                    raise error
                # A token can be revoked or expire early; one new token and one resend, which is
                # safe even for a create because a 401 is answered before anything is done.
                self._tokens.invalidate(outcome.token)
                reauthenticated = True
                attempts -= 1
                continue
            decision = decide(call.kind, failure)
            if decision is Decision.RAISE:
                raise error
            if decision is Decision.AMBIGUOUS:
                raise AmbiguousWriteError(error, method=call.method, path=call.path, key=call.key) from error
            if decision is Decision.REREAD:
                fresh = self._reread(call, error)
                if fresh is not None:
                    return fresh
            delay = retry_delay(attempts, failure, self.retry_policy, self._rng)
            elapsed = self._clock() - started
            if should_give_up(attempts, elapsed, delay, self.retry_policy):
                raise error.gave_up(attempts, elapsed)
            log.info("%s; retry %d of %d in %.1f s", error, attempts, self.retry_policy.max_attempts - 1, delay)
            self._sleep(delay)

    def _reread(self, call: _Call, error: ConnectError) -> _Ok | None:
        """The object, if re-reading it shows that the update in ``call`` was applied; else ``None``."""
        assert call.reread is not None and call.sent_version is not None
        try:
            fresh = call.reread()
        except ConnectError as exc:
            raise AmbiguousWriteError(
                error,
                method=call.method,
                path=call.path,
                sent_version=call.sent_version,
                reread_error=exc,
            ) from error
        if applied_version(fresh.body, call.sent_version):
            log.info("%s %s: %s, but the re-read shows it was applied", call.method, call.path, error)
            return fresh
        return None

    def _attempt(self, call: _Call, correlation_id: str) -> _Ok | _Failed:
        headers = {
            "Accept": "application/json",
            "User-Agent": self.config.user_agent,
            "X-Correlation-ID": correlation_id,
        }
        secret = self.config.client_secret.get_secret_value()
        token: str | None = None
        auth: httpx.BasicAuth | None = None
        content: bytes | None = None
        if call.token_endpoint:
            auth = httpx.BasicAuth(self.config.client_id, secret)
        else:
            token = self._tokens.token()
            headers["Authorization"] = f"Bearer {token}"
        if call.body is not None:
            headers["Content-Type"] = "application/json"
            content = json.dumps(call.body, separators=(",", ":")).encode()
        started = self._clock()
        try:
            response = self._http.request(
                call.method,
                call.url,
                params=list(call.params) or None,
                content=content,
                data=call.form,
                headers=headers,
                auth=auth,
            )
        except httpx.TransportError as exc:
            self._report(call, None, started)
            error = TransportError(exc, method=call.method, path=call.path, correlation_id=correlation_id)
            return _Failed(error, Failure.transport(exc), token)
        self._report(call, response.status_code, started)
        correlation_id = response.headers.get("X-Correlation-ID") or correlation_id
        if response.is_success:
            try:
                return _Ok(response.json(), response.status_code, correlation_id)
            except ValueError:
                raise InvalidResponseError(
                    "not JSON",
                    method=call.method,
                    path=call.path,
                    status_code=response.status_code,
                    correlation_id=correlation_id,
                ) from None
        retry_after = parse_retry_after(response.headers.get("Retry-After"))
        api = api_error(
            response.status_code,
            response.text,
            method=call.method,
            path=call.path,
            correlation_id=correlation_id,
            reason_phrase=response.reason_phrase,
            retry_after=retry_after,
            sent_version=call.sent_version,
            granted_scopes=self._tokens.granted_scopes,
            redact=(secret, token or ""),
        )
        if call.token_endpoint:
            api = token_endpoint_error(api, client_id=self.config.client_id)
        return _Failed(api, Failure.http(response.status_code, retry_after), token)

    def _report(self, call: _Call, status: int | None, started: float) -> None:
        if self._on_request is not None:
            self._on_request(call.method, call.route, status, self._clock() - started)


def _below(call: _Call, suffix: str, route_suffix: str) -> _Call:
    """The same call on a sub-resource: ``suffix`` appended to its URL and path, ``route_suffix`` to its route."""
    return replace(call, url=call.url + suffix, path=call.path + suffix, route=call.route + route_suffix)


def _parsed(name: str, parse: Callable[[], T], call: _Call, ok: _Ok) -> T:
    """``parse()`` of a response body, or :class:`InvalidResponseError` saying where it does not fit."""
    try:
        return parse()
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "body"
        raise InvalidResponseError(
            f"not a {name} ({where}: {first['msg']})",
            method=call.method,
            path=call.path,
            status_code=ok.status,
            correlation_id=ok.correlation_id,
        ) from None


def _none_if_missing(get: Callable[[], M]) -> M | None:
    """The object ``get`` reads, or ``None`` when the API answers 404."""
    try:
        return get()
    except NotFoundError:
        return None


def _as_list(value: str | Sequence[Any] | None) -> list[Any] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return [value]
    return list(value)
