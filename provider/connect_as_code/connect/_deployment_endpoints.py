"""The deployment endpoints of the Connect client (``/{projectKey}/deployments``): Deployments, their
logs and their revisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any, TypedDict, Unpack

from pydantic import TypeAdapter

from connect_as_code.connect import _unconfirmed
from connect_as_code.connect._calls import _as_list, _below, _none_if_missing, _parsed, query_params, revision_number
from connect_as_code.connect._deployment_models import (
    Deployment,
    DeploymentDraft,
    DeploymentLog,
    DeploymentLogCursorPagedQueryResponse,
    DeploymentPagedQueryResponse,
    DeploymentRevision,
    DeploymentUpdateAction,
)
from connect_as_code.connect._models import DeploymentTypeValue, IntegrationTypeValue, to_wire
from connect_as_code.connect._policy import RequestKind
from connect_as_code.connect._request_loop import RequestLoop

_REVISIONS = "/revisions"
_REVISION_LIST: TypeAdapter[list[DeploymentRevision]] = TypeAdapter(list[DeploymentRevision])


class LogQuery(TypedDict, total=False):
    """Which logs :meth:`DeploymentEndpoints.iter_deployment_logs` reads: a Deployment, an application, a time span."""

    id: str | None
    key: str | None
    application_name: str | None
    start_date: dt.datetime | str | None
    end_date: dt.datetime | str | None
    project_key: str | None


class DeploymentEndpoints(RequestLoop):
    """The Deployment methods of :class:`~._client.ConnectClient`: deployments, their logs and revisions."""

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

    def iter_deployment_log_pages(self, **query: Unpack[LogQuery]) -> Iterator[DeploymentLogCursorPagedQueryResponse]:
        """Every page of logs, following ``next`` until it is empty (or repeats).

        Takes the keyword arguments of :meth:`get_deployment_logs` but ``page_token``.
        """
        token: str | None = None
        seen: set[str] = set()
        while True:
            page = self.get_deployment_logs(**query, page_token=token)
            yield page
            token = page.next
            if not token or token in seen:
                return
            seen.add(token)

    def iter_deployment_logs(self, **query: Unpack[LogQuery]) -> Iterator[DeploymentLog]:
        """Every log entry, across pages (the keyword arguments of :meth:`get_deployment_logs` but ``page_token``)."""
        for page in self.iter_deployment_log_pages(**query):
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
