"""The Connect API routes: every endpoint of ``api-specs/connect/api.raml`` (ConnectorStaged, Connector,
Deployment) and the Deployment revisions and rollback, each a thin wrapper around one Engine operation.
They are ``async def`` and run on the server's event loop; :mod:`emulator.http.app` says why.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from connect_as_code.emulator.domain import unconfirmed
from connect_as_code.emulator.domain.auth import Access
from connect_as_code.emulator.domain.unconfirmed import DeploymentRevision, DeploymentRollback
from connect_as_code.emulator.engine import Ref
from connect_as_code.emulator.http.routing import (
    FEATURE,
    ConnectRoute,
    IntegrationTypes,
    Limit,
    Offset,
    ProjectKey,
    ResourceId,
    RevisionNumber,
    Sort,
    _access,
    _engine,
    _epoch,
    _errors_doc,
    _json,
    _token,
)
from connect_as_code.emulator.models.common import DeploymentType
from connect_as_code.emulator.models.connectors import (
    Connector,
    ConnectorSearchPagedQueryResponse,
    ConnectorStaged,
    ConnectorStagedDraft,
    ConnectorStagedPagedQueryResponse,
    ConnectorUpdate,
)
from connect_as_code.emulator.models.deployments import (
    Deployment,
    DeploymentDraft,
    DeploymentLogCursorPagedQueryResponse,
    DeploymentPagedQueryResponse,
    DeploymentUpdate,
)


def build_connect_router() -> APIRouter:
    """Every Connect API endpoint: the 14 of the RAML of 2026-08-21 and the revisions of 2026-10-23."""
    router = APIRouter(route_class=ConnectRoute)
    view_connectors = _access(Access.VIEW_CONNECTORS)
    manage_connectors = _access(Access.MANAGE_CONNECTORS)
    view_deployments = _access(Access.VIEW_DEPLOYMENTS)
    manage_deployments = _access(Access.MANAGE_DEPLOYMENTS)

    @router.get(
        "/connectors/search",
        tags=["Connector"],
        openapi_extra=view_connectors,
        responses={200: {"model": ConnectorSearchPagedQueryResponse}, **_errors_doc(400, 401, 403, 404)},
    )
    async def search_connectors(
        request: Request,
        text: str | None = None,
        limit: Limit = None,
        offset: Offset = None,
        sort: Sort = None,
        private: bool | None = None,
        company: Annotated[str | None, Query(alias="creator.company")] = None,
        ids: Annotated[list[str] | None, Query(alias="id")] = None,
        keys: Annotated[list[str] | None, Query(alias="key")] = None,
        integration_types: IntegrationTypes = None,
    ) -> JSONResponse:
        """Search Connectors."""
        return _json(
            _engine(request).search_connectors(
                _token(request), limit, offset, sort, text, private, company, ids, keys, integration_types
            )
        )

    @router.post(
        "/connectors/drafts",
        status_code=201,
        tags=["ConnectorStaged"],
        openapi_extra=manage_connectors,
        responses={201: {"model": ConnectorStaged}, **_errors_doc(400, 401, 403, 404)},
    )
    async def create_connector_staged(request: Request, draft: ConnectorStagedDraft) -> JSONResponse:
        """Create ConnectorStaged."""
        return _json(_engine(request).create_staged(draft, _token(request)), 201)

    @router.get(
        "/connectors/drafts",
        tags=["ConnectorStaged"],
        openapi_extra=view_connectors,
        responses={200: {"model": ConnectorStagedPagedQueryResponse}, **_errors_doc(400, 401, 403, 404)},
    )
    async def query_connector_staged(
        request: Request,
        limit: Limit = None,
        offset: Offset = None,
        sort: Sort = None,
        is_private: Annotated[bool | None, Query(alias="isPrivate")] = None,
        integration_types: IntegrationTypes = None,
    ) -> JSONResponse:
        """Query ConnectorStaged."""
        return _json(_engine(request).list_staged(_token(request), limit, offset, sort, is_private, integration_types))

    @router.get(
        "/connectors/drafts/{ID}",
        tags=["ConnectorStaged"],
        openapi_extra=view_connectors,
        responses={200: {"model": ConnectorStaged}, **_errors_doc(400, 401, 403, 404)},
    )
    async def get_connector_staged(request: Request, resource_id: ResourceId) -> JSONResponse:
        """Get ConnectorStaged by id or key."""
        return _json(_engine(request).get_staged(Ref.parse(resource_id), _token(request)))

    @router.post(
        "/connectors/drafts/{ID}",
        status_code=201,
        tags=["ConnectorStaged"],
        openapi_extra=manage_connectors,
        responses={201: {"model": ConnectorStaged}, **_errors_doc(400, 401, 403, 404, 409)},
    )
    async def update_connector_staged(
        request: Request, resource_id: ResourceId, update: ConnectorUpdate
    ) -> JSONResponse:
        """Update ConnectorStaged by id or key."""
        return _json(_engine(request).update_staged(Ref.parse(resource_id), update, _token(request)), 201)

    @router.delete(
        "/connectors/drafts/{ID}",
        tags=["ConnectorStaged"],
        openapi_extra=manage_connectors,
        responses={200: {"model": ConnectorStaged}, **_errors_doc(400, 401, 403, 404)},
    )
    async def delete_connector_staged(request: Request, resource_id: ResourceId) -> JSONResponse:
        """Delete ConnectorStaged (and its published Connector) by id or key."""
        return _json(_engine(request).delete_staged(Ref.parse(resource_id), _token(request)))

    @router.get(
        "/connectors/{ID}",
        tags=["Connector"],
        openapi_extra=view_connectors,
        responses={200: {"model": Connector}, **_errors_doc(400, 401, 403, 404)},
    )
    async def get_connector(request: Request, resource_id: ResourceId) -> JSONResponse:
        """Get Connector by id or key."""
        return _json(_engine(request).get_connector(Ref.parse(resource_id), _token(request)))

    @router.post(
        "/{projectKey}/deployments",
        status_code=201,
        tags=["Deployment"],
        openapi_extra=manage_deployments,
        responses={201: {"model": Deployment}, **_errors_doc(400, 401, 403, 404)},
    )
    async def create_deployment(request: Request, project_key: ProjectKey, draft: DeploymentDraft) -> JSONResponse:
        """Create Deployment."""
        return _json(_engine(request).create_deployment(project_key, draft, _token(request)), 201)

    @router.get(
        "/{projectKey}/deployments",
        tags=["Deployment"],
        openapi_extra=view_deployments,
        responses={200: {"model": DeploymentPagedQueryResponse}, **_errors_doc(400, 401, 403, 404)},
    )
    async def query_deployments(
        request: Request,
        project_key: ProjectKey,
        limit: Limit = None,
        offset: Offset = None,
        sort: Sort = None,
        integration_types: IntegrationTypes = None,
        deployment_type: Annotated[DeploymentType | None, Query(alias="deploymentType")] = None,
    ) -> JSONResponse:
        """Query Deployments of a project."""
        return _json(
            _engine(request).list_deployments(project_key, limit, offset, sort, integration_types, deployment_type)
        )

    @router.get(
        "/{projectKey}/deployments/{ID}",
        tags=["Deployment"],
        openapi_extra=view_deployments,
        responses={200: {"model": Deployment}, **_errors_doc(400, 401, 403, 404)},
    )
    async def get_deployment(request: Request, project_key: ProjectKey, resource_id: ResourceId) -> JSONResponse:
        """Get Deployment by id or key."""
        return _json(_engine(request).get_deployment(project_key, Ref.parse(resource_id)))

    @router.post(
        "/{projectKey}/deployments/{ID}",
        status_code=201,
        tags=["Deployment"],
        openapi_extra=manage_deployments,
        responses={201: {"model": Deployment}, **_errors_doc(400, 401, 403, 404, 409)},
    )
    async def update_deployment(
        request: Request, project_key: ProjectKey, resource_id: ResourceId, update: DeploymentUpdate
    ) -> JSONResponse:
        """Update (redeploy) Deployment by id or key."""
        return _json(_engine(request).redeploy(project_key, Ref.parse(resource_id), update), 201)

    @router.delete(
        "/{projectKey}/deployments/{ID}",
        status_code=202,
        tags=["Deployment"],
        openapi_extra=manage_deployments,
        responses={202: {"model": Deployment}, **_errors_doc(400, 401, 403, 404)},
    )
    async def delete_deployment(request: Request, project_key: ProjectKey, resource_id: ResourceId) -> JSONResponse:
        """Delete (undeploy) Deployment by id or key."""
        return _json(_engine(request).delete_deployment(project_key, Ref.parse(resource_id)), 202)

    @router.get(
        "/{projectKey}/deployments/{ID}/logs",
        tags=["Deployment"],
        openapi_extra={**view_deployments, FEATURE: unconfirmed.LOGS_ENDPOINTS},
        responses={200: {"model": DeploymentLogCursorPagedQueryResponse}, **_errors_doc(400, 401, 403, 404)},
        deprecated=True,
    )
    async def query_deployment_logs(
        request: Request,
        project_key: ProjectKey,
        resource_id: ResourceId,
        page_token: Annotated[str | None, Query(alias="pageToken")] = None,
        application_name: Annotated[str | None, Query(alias="applicationName")] = None,
        start_date: Annotated[datetime | None, Query(alias="startDate")] = None,
        end_date: Annotated[datetime | None, Query(alias="endDate")] = None,
    ) -> JSONResponse:
        """Query logs of a Deployment by id or key."""
        return _json(
            _engine(request).deployment_logs(
                project_key, Ref.parse(resource_id), page_token, application_name, _epoch(start_date), _epoch(end_date)
            )
        )

    _revision_routes(router, view_deployments, manage_deployments)
    return router


def _revision_routes(router: APIRouter, view_deployments: dict[str, Any], manage_deployments: dict[str, Any]) -> None:
    """Deployment revisions and rollback (2026-10-23); the rollback's method, path and status are inferred."""

    @router.get(
        "/{projectKey}/deployments/{ID}/revisions",
        tags=["DeploymentRevision"],
        openapi_extra=view_deployments,
        responses={200: {"model": list[DeploymentRevision]}, **_errors_doc(400, 401, 403, 404)},
    )
    async def query_deployment_revisions(
        request: Request, project_key: ProjectKey, resource_id: ResourceId
    ) -> JSONResponse:
        """Query the revisions of a Deployment by id or key, most recent first."""
        return JSONResponse(_engine(request).query_revisions(project_key, Ref.parse(resource_id)))

    @router.get(
        "/{projectKey}/deployments/{ID}/revisions/{revision}",
        tags=["DeploymentRevision"],
        openapi_extra=view_deployments,
        responses={200: {"model": DeploymentRevision}, **_errors_doc(400, 401, 403, 404)},
    )
    async def get_deployment_revision(
        request: Request, project_key: ProjectKey, resource_id: ResourceId, revision: RevisionNumber
    ) -> JSONResponse:
        """Get a DeploymentRevision by Deployment id or key."""
        return _json(_engine(request).get_revision(project_key, Ref.parse(resource_id), revision))

    @router.api_route(
        unconfirmed.ROLLBACK_PATH,
        methods=[unconfirmed.ROLLBACK_METHOD],
        status_code=unconfirmed.ROLLBACK_STATUS,
        tags=["DeploymentRevision"],
        openapi_extra=manage_deployments,
        responses={unconfirmed.ROLLBACK_STATUS: {"model": Deployment}, **_errors_doc(400, 401, 403, 404, 409)},
    )
    async def rollback_deployment_revision(
        request: Request,
        project_key: ProjectKey,
        resource_id: ResourceId,
        revision: RevisionNumber,
        body: DeploymentRollback,
    ) -> JSONResponse:
        """Roll a Deployment (by id or key) back to a revision: a new version, deployed like a redeploy."""
        engine = _engine(request)
        rolled_back = engine.rollback(project_key, Ref.parse(resource_id), revision, body)
        return _json(rolled_back, unconfirmed.ROLLBACK_STATUS)
