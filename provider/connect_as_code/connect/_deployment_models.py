"""Pydantic models of the deployment types of the Connect RAML: Deployment, its draft, pages, update
action and logs, and the deployment revisions.

Lenient like every model of the client (see :mod:`._models`, which holds the base and the shared types).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field

from connect_as_code.connect._models import (
    ApplicationDeployment,
    ConfigurationValue,
    ConnectModel,
    ConnectorReference,
    DeploymentApiClient,
    DeploymentConfigurationApplication,
    DeploymentConnector,
    DeploymentDetails,
    DeploymentGlobalConfiguration,
    DeploymentLogSeverityValue,
    DeploymentLogTypeValue,
    DeploymentStatusValue,
    DeploymentTypeValue,
    EventRetryPolicy,
    ListOrEmpty,
    RegionValue,
    Repository,
    _PagedQueryResponse,
)
from connect_as_code.vocabulary import DeploymentLogSeverity

# ------------------------------------------------------------------------------------- deployments


class Deployment(ConnectModel):
    """A Deployment of a Connector (or of a previewable ConnectorStaged) into a Project."""

    id: str
    key: str | None = None
    version: int
    type: DeploymentTypeValue
    connector: DeploymentConnector
    global_configuration: DeploymentGlobalConfiguration | None = None
    api_client: DeploymentApiClient | None = None
    details: DeploymentDetails | None = None
    deployed_region: RegionValue
    applications: ListOrEmpty[ApplicationDeployment] = Field(default_factory=list)
    preview: bool = False
    status: DeploymentStatusValue
    rollback_revision: int | None = None
    """The ``revisionNumber`` this version was restored from by a rollback; absent otherwise (added
    2026-10-23; the meaning is inferred from the name)."""


class DeploymentDraft(ConnectModel):
    """Body of ``POST /{projectKey}/deployments``."""

    key: str | None = None
    type: DeploymentTypeValue | None = None
    connector: ConnectorReference
    configurations: ListOrEmpty[DeploymentConfigurationApplication] = Field(default_factory=list)
    global_configuration: DeploymentGlobalConfiguration | None = None
    region: RegionValue


class DeploymentPagedQueryResponse(_PagedQueryResponse):
    """A page of Deployments."""

    results: ListOrEmpty[Deployment] = Field(default_factory=list)


class DeploymentRedeployAction(ConnectModel):
    """Redeploy, optionally with new configuration values and the Connector's latest state.

    ``global_configuration`` takes key/value pairs as the SDK and CLI send them; the RAML types it as
    key/description (:class:`ConnectorGlobalConfiguration`), which looks like a slip in the spec.
    Fields left ``None`` are not sent, which keeps the current values.
    """

    action: Literal["redeploy"] = "redeploy"
    skip_scripts: bool | None = None
    configuration_values: list[DeploymentConfigurationApplication] | None = None
    global_configuration: DeploymentGlobalConfiguration | None = None
    update_connector: bool | None = None


DeploymentUpdateAction = DeploymentRedeployAction
"""Any Deployment update action (``redeploy`` is the only one)."""


class DeploymentUpdate(ConnectModel):
    """Body of ``POST /{projectKey}/deployments/{id}``: expected version and actions."""

    version: int
    actions: list[DeploymentUpdateAction]


class DeploymentLog(ConnectModel):
    """One log entry of a deployed application."""

    type: DeploymentLogTypeValue
    deployment_id: str
    application_name: str
    severity: DeploymentLogSeverityValue = DeploymentLogSeverity.DEFAULT
    timestamp: dt.datetime
    details: Any = None


class DeploymentLogCursorPagedQueryResponse(ConnectModel):
    """A page of logs; ``next`` is the token of the following page (empty or ``None`` on the last)."""

    data: ListOrEmpty[DeploymentLog] = Field(default_factory=list)
    next: str | None = None


# ------------------------------------------------------------------------ deployment revisions

# Added on 2026-10-23 (https://docs.commercetools.com/connect/deployment-revisions). Only the start of the
# reference page could be read: the fields of its example are typed as shown there, every other field
# is optional and inferred. The endpoints' unconfirmed details are in ``_unconfirmed``.


class DeploymentRevisionConnector(ConnectModel):
    """The Connector version a revision was deployed with (``id``, ``version``, ``repository``)."""

    id: str
    version: int
    repository: Repository | None = None


class DeploymentRevisionApplication(ConnectModel):
    """One application's configuration in a revision; secured values come masked.

    Inferred: the fields of :class:`DeploymentConfigurationApplication` (the docs list none).
    """

    application_name: str
    standard_configuration: ListOrEmpty[ConfigurationValue] = Field(default_factory=list)
    secured_configuration: ListOrEmpty[ConfigurationValue] = Field(default_factory=list)
    schedule: str | None = None
    retry_policy: EventRetryPolicy | None = None


class DeploymentRevision(ConnectModel):
    """A Deployment version that deployed successfully: its Connector version and configurations.

    ``revision_number`` (the ``{revision}`` of the paths), ``current_revision``, ``connector`` and
    ``global_configuration`` are in the docs' example; ``applications`` and ``created_at`` are inferred.
    """

    revision_number: int
    current_revision: bool = False
    connector: DeploymentRevisionConnector
    global_configuration: DeploymentGlobalConfiguration | None = None
    applications: ListOrEmpty[DeploymentRevisionApplication] = Field(default_factory=list)
    created_at: dt.datetime | None = None


class DeploymentRollback(ConnectModel):
    """Body of a rollback. Inferred: the Deployment ``version`` expected, as in :class:`DeploymentUpdate`."""

    version: int
