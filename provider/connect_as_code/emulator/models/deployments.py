"""The Deployment bodies: the draft with its connector reference and configuration values, the redeploy
update, and the Deployment, paged query and log responses.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import model_validator

from connect_as_code.emulator.models.common import (
    ConnectorConfigurationApplicationModel,
    ConnectorGlobalConfigurationModel,
    CreatorModel,
    DeploymentStatus,
    DeploymentType,
    IntegrationType,
    LogSeverity,
    Region,
    ReportModel,
    RepositoryModel,
    ResourceKey,
    _PagedModel,
    _Request,
    _Response,
)

# --- requests -------------------------------------------------------------------------------------


class ConfigurationValue(_Request):
    """A configuration value of a Deployment."""

    key: str
    value: str


class DeploymentConfigurationApplicationDraft(_Request):
    """Configuration values of one application."""

    application_name: str
    standard_configuration: list[ConfigurationValue]
    secured_configuration: list[ConfigurationValue]
    schedule: str | None = None
    retry_policy: Any = None
    """``RetryPolicy`` of an event application (2026-10-23); checked by the engine, which answers
    DeploymentInvalidRetryPolicy or DeploymentRetryPolicyOverrideNotAllowed."""


class DeploymentGlobalConfigurationDraft(_Request):
    """Global configuration values (key/value form, as the SDK and CLI send it)."""

    standard_configuration: list[ConfigurationValue] | None = None
    secured_configuration: list[ConfigurationValue] | None = None


class ConnectorReference(_Request):
    """Reference to a Connector or a ConnectorStaged (``id`` or ``key``)."""

    id: str | None = None
    key: str | None = None
    staged: bool = False
    version: int | None = None

    @model_validator(mode="after")
    def _id_or_key(self) -> ConnectorReference:
        if self.id is None and self.key is None:
            raise ValueError("either 'id' or 'key' is required")
        return self


class DeploymentDraft(_Request):
    """Body of ``POST /{projectKey}/deployments``."""

    key: ResourceKey | None = None
    type: DeploymentType | None = None
    connector: ConnectorReference
    configurations: list[DeploymentConfigurationApplicationDraft]
    global_configuration: DeploymentGlobalConfigurationDraft | None = None
    region: Region


class DeploymentRedeployAction(_Request):
    """``redeploy``, the only Deployment update action."""

    action: Literal["redeploy"]
    skip_scripts: bool = False
    configuration_values: list[DeploymentConfigurationApplicationDraft] | None = None
    global_configuration: DeploymentGlobalConfigurationDraft | None = None
    update_connector: bool = False


class DeploymentUpdate(_Request):
    """Body of ``POST /{projectKey}/deployments/{ID}``."""

    version: int
    actions: list[DeploymentRedeployAction]


# --- responses ------------------------------------------------------------------------------------


class ConfigurationValueModel(_Response):
    """ConfigurationValue (secured values are masked)."""

    key: str
    value: str


class DeploymentConnectorModel(_Response):
    """DeploymentConnector: the snapshot of the deployed Connector."""

    id: str
    key: str | None = None
    version: int
    name: str
    description: str | None = None
    integration_types: list[IntegrationType]
    creator: CreatorModel
    repository: RepositoryModel
    configurations: list[ConnectorConfigurationApplicationModel] | None = None
    global_configuration: ConnectorGlobalConfigurationModel | None = None
    certified: bool
    supported_regions: list[Region] | None = None
    documentation_url: str | None = None


class DeploymentGlobalConfigurationModel(_Response):
    """DeploymentGlobalConfiguration."""

    standard_configuration: list[ConfigurationValueModel] | None = None
    secured_configuration: list[ConfigurationValueModel] | None = None


class DeploymentApiClientModel(_Response):
    """DeploymentApiClient."""

    name: str
    scopes: list[str]


class DeploymentDetailsBuildModel(_Response):
    """DeploymentDetailsBuild."""

    id: str
    report: ReportModel | None = None


class DeploymentDetailsModel(_Response):
    """DeploymentDetails."""

    build: DeploymentDetailsBuildModel


class ApplicationDeploymentModel(_Response):
    """ApplicationDeployment."""

    id: str
    application_name: str
    standard_configuration: list[ConfigurationValueModel]
    secured_configuration: list[ConfigurationValueModel]
    url: str | None = None
    topic: str | None = None
    schedule: str | None = None
    retry_policy: dict[str, Any] | None = None
    """The retry policy in effect for an event application (2026-10-23)."""


class Deployment(_Response):
    """Deployment."""

    id: str
    key: str | None = None
    version: int
    type: DeploymentType
    connector: DeploymentConnectorModel
    global_configuration: DeploymentGlobalConfigurationModel | None = None
    api_client: DeploymentApiClientModel | None = None
    details: DeploymentDetailsModel
    deployed_region: Region
    applications: list[ApplicationDeploymentModel]
    preview: bool
    status: DeploymentStatus
    rollback_revision: int | None = None
    """Added 2026-10-23; what it holds is inferred (emulator/domain/unconfirmed.py)."""


class DeploymentPagedQueryResponse(_PagedModel):
    """DeploymentPagedQueryResponse."""

    results: list[Deployment]


class DeploymentLog(_Response):
    """DeploymentLog."""

    type: Literal["HTTP_REQUEST", "APPLICATION_TEXT", "APPLICATION_JSON"]
    deployment_id: str
    application_name: str
    severity: LogSeverity
    timestamp: str
    details: dict[str, Any]


class DeploymentLogCursorPagedQueryResponse(_Response):
    """DeploymentLogCursorPagedQueryResponse (``next`` is ``""`` on the last page)."""

    data: list[DeploymentLog]
    next: str
