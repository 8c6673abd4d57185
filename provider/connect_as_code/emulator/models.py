"""Pydantic models of the Connect API bodies (the RAML types, ``api-specs/connect/types``), for ``/openapi.json``.

Request models ignore unknown fields (the guide's ConnectorStagedDraft sends ``creator.noOfDevelopers``
and the API accepts it). Response models are strict: the tests validate every response body against
them, so the documented schema and the emulator's output cannot drift apart.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator
from pydantic.alias_generators import to_camel

Region = Literal["europe-west1.gcp", "us-central1.gcp", "australia-southeast1.gcp", "us-east-2.aws", "eu-central-1.aws"]
REGIONS: tuple[str, ...] = get_args(Region)
IntegrationType = Literal[
    "tax",
    "marketplace",
    "oms",
    "psp",
    "pim",
    "promotion",
    "search",
    "erp",
    "crm",
    "email",
    "analytics",
    "shipping",
    "giftcard",
    "other",
]
DeploymentType = Literal["preview", "sandbox", "production"]
ConnectorStatus = Literal["Draft", "Processing", "ReadyForCertification", "InCertification", "Published", "Failed"]
DeploymentStatus = Literal["Draft", "Queued", "Deploying", "Deployed", "Failed", "Undeploying", "UndeployFailed"]
IsPreviewable = Literal["true", "false", "pending", "none"]
ReportEntryType = Literal["Information", "Warning", "Error"]
ApplicationType = Literal[
    "service", "event", "job", "merchant-center-custom-application", "merchant-center-custom-view", "assets"
]
LogSeverity = Literal["DEFAULT", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL", "ALERT", "EMERGENCY"]

KEY_PATTERN = r"^[A-Za-z0-9_-]+$"
# The RAML writes the class as [a-zA-Z0-9-_.]; the hyphen is moved last so every regex engine reads it
# as a literal.
PROJECT_IDENTIFIER_PATTERN = r"^[a-zA-Z0-9_.-]+:[a-zA-Z0-9_-]{2,36}$"
EMAIL_PATTERN = r"^[^\s@]+@[^\s@]+\.[^\s@]+$"

ResourceKey = Annotated[str, StringConstraints(pattern=KEY_PATTERN, min_length=2, max_length=256)]
ProjectIdentifier = Annotated[str, StringConstraints(pattern=PROJECT_IDENTIFIER_PATTERN)]
Email = Annotated[str, StringConstraints(pattern=EMAIL_PATTERN)]


class _Request(BaseModel):
    model_config = ConfigDict(extra="ignore", alias_generator=to_camel)


class _Response(BaseModel):
    model_config = ConfigDict(extra="forbid", alias_generator=to_camel)


# --- shared request types ----------------------------------------------------------------------


class CreatorDraft(_Request):
    """Creator of a Connector (unknown fields such as ``noOfDevelopers`` are ignored)."""

    name: str | None = None
    title: str | None = None
    email: Email
    company: str | None = None
    logo_url: str | None = None
    no_of_contributors: int | None = None
    support_url: str | None = None


class RepositoryDraft(_Request):
    """GitHub repository and tag."""

    url: str
    tag: str


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


# --- ConnectorStaged ----------------------------------------------------------------------------


class ConnectorStagedDraft(_Request):
    """Body of ``POST /connectors/drafts``."""

    key: ResourceKey | None = None
    name: str
    description: str | None = None
    integration_types: list[IntegrationType] | None = None
    creator: CreatorDraft
    repository: RepositoryDraft
    supported_regions: list[Region] | None = None
    private_projects: list[ProjectIdentifier] | None = None
    documentation_url: str | None = None


class ConnectorSetNameAction(_Request):
    """``setName``."""

    action: Literal["setName"]
    name: str


class ConnectorSetDescriptionAction(_Request):
    """``setDescription``."""

    action: Literal["setDescription"]
    description: str


class ConnectorSetCreatorNameAction(_Request):
    """``setCreatorName``."""

    action: Literal["setCreatorName"]
    creator_name: str


class ConnectorSetCreatorTitleAction(_Request):
    """``setCreatorTitle``."""

    action: Literal["setCreatorTitle"]
    creator_title: str


class ConnectorSetCreatorEmailAction(_Request):
    """``setCreatorEmail``."""

    action: Literal["setCreatorEmail"]
    creator_email: Email


class ConnectorSetCreatorCompanyAction(_Request):
    """``setCreatorCompany``."""

    action: Literal["setCreatorCompany"]
    creator_company: str


class ConnectorSetCreatorLogoAction(_Request):
    """``setCreatorLogo``."""

    action: Literal["setCreatorLogo"]
    logo_url: str


class ConnectorSetCreatorSupportUrlAction(_Request):
    """``setCreatorSupportUrl``."""

    action: Literal["setCreatorSupportUrl"]
    creator_support_url: str


class ConnectorSetCreatorNoOfContributorsAction(_Request):
    """``setCreatorNoOfContributors``."""

    action: Literal["setCreatorNoOfContributors"]
    creator_no_of_contributors: Annotated[int, Field(ge=1)]


class ConnectorSetRepositoryAction(_Request):
    """``setRepository`` (``url`` optional as in the SDK and CLI: omitted keeps the current URL)."""

    action: Literal["setRepository"]
    url: str | None = None
    tag: str


class ConnectorSetSupportedRegionsAction(_Request):
    """``setSupportedRegions``."""

    action: Literal["setSupportedRegions"]
    regions: Annotated[list[Region], Field(min_length=1)]


class ConnectorSetIntegrationTypesAction(_Request):
    """``setIntegrationTypes``."""

    action: Literal["setIntegrationTypes"]
    integration_types: list[IntegrationType]


class ConnectorSetDocumentationUrlAction(_Request):
    """``setDocumentationUrl``."""

    action: Literal["setDocumentationUrl"]
    documentation_url: str


class ConnectorAddPrivateProjectAction(_Request):
    """``addPrivateProject``."""

    action: Literal["addPrivateProject"]
    private_project: ProjectIdentifier


class ConnectorRemovePrivateProjectAction(_Request):
    """``removePrivateProject``."""

    action: Literal["removePrivateProject"]
    private_project: ProjectIdentifier


class ConnectorUnlistAction(_Request):
    """``unlist``."""

    action: Literal["unlist"]


class ConnectorAddCertificationCommentAction(_Request):
    """``addCertificationComment``."""

    action: Literal["addCertificationComment"]
    comment: str


class ConnectorUpdatePreviewableAction(_Request):
    """``updatePreviewable``."""

    action: Literal["updatePreviewable"]


class ConnectorPublishAction(_Request):
    """``publish``."""

    action: Literal["publish"]
    certification: bool


class ConfigurationKeyDraft(_Request):
    """A configuration key of ``setConfigurations``."""

    key: str
    description: str
    required: bool | None = None
    default: str | None = None


class ApplicationConfigurationDraft(_Request):
    """One application of ``setConfigurations``."""

    application_name: str
    standard_configuration: list[ConfigurationKeyDraft] = []
    secured_configuration: list[ConfigurationKeyDraft] = []


class ConnectorSetConfigurationsAction(_Request):
    """``setConfigurations``: only in the RAML examples (no RAML type); see emulator/README.md."""

    action: Literal["setConfigurations"]
    configurations: list[ApplicationConfigurationDraft]


ConnectorUpdateAction = Annotated[
    ConnectorSetNameAction
    | ConnectorSetDescriptionAction
    | ConnectorSetCreatorNameAction
    | ConnectorSetCreatorTitleAction
    | ConnectorSetCreatorEmailAction
    | ConnectorSetCreatorCompanyAction
    | ConnectorSetCreatorLogoAction
    | ConnectorSetCreatorSupportUrlAction
    | ConnectorSetCreatorNoOfContributorsAction
    | ConnectorSetRepositoryAction
    | ConnectorSetSupportedRegionsAction
    | ConnectorSetIntegrationTypesAction
    | ConnectorSetDocumentationUrlAction
    | ConnectorAddPrivateProjectAction
    | ConnectorRemovePrivateProjectAction
    | ConnectorUnlistAction
    | ConnectorAddCertificationCommentAction
    | ConnectorUpdatePreviewableAction
    | ConnectorPublishAction
    | ConnectorSetConfigurationsAction,
    Field(discriminator="action"),
]


class ConnectorUpdate(_Request):
    """Body of ``POST /connectors/drafts/{ID}``."""

    version: int
    actions: list[ConnectorUpdateAction]


# --- Deployment ---------------------------------------------------------------------------------


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


class CreatorModel(_Response):
    """Creator."""

    name: str | None = None
    title: str | None = None
    email: str
    company: str | None = None
    logo_url: str | None = None
    no_of_contributors: int | None = None
    support_url: str | None = None


class RepositoryModel(_Response):
    """Repository."""

    url: str
    tag: str


class StandardConfigurationKeyModel(_Response):
    """StandardConfigurationKey."""

    key: str
    description: str
    default: str | None = None
    required: bool | None = None


class SecuredConfigurationKeyModel(_Response):
    """SecuredConfigurationKey."""

    key: str
    description: str
    required: bool | None = None


class ConnectorConfigurationApplicationModel(_Response):
    """ConnectorConfigurationApplication."""

    application_name: str
    application_type: ApplicationType
    standard_configuration: list[StandardConfigurationKeyModel]
    secured_configuration: list[SecuredConfigurationKeyModel]


class ConnectorGlobalConfigurationModel(_Response):
    """ConnectorGlobalConfiguration."""

    standard_configuration: list[StandardConfigurationKeyModel] | None = None
    secured_configuration: list[SecuredConfigurationKeyModel] | None = None


class ConnectorApiClientModel(_Response):
    """ConnectorApiClient."""

    scopes: list[str]


class ReportEntryModel(_Response):
    """ConnectorReportEntry / DeploymentReportEntry."""

    type: ReportEntryType
    title: str
    message: str | None = None
    application: str | None = None
    created_at: str


class ReportModel(_Response):
    """ConnectorReport / DeploymentReport."""

    entries: list[ReportEntryModel]


class CertificationInfoCommentModel(_Response):
    """CertificationInfoComment."""

    user_id: str
    datetime: str
    comment: str


class CertificationInfoModel(_Response):
    """CertificationInfo."""

    comments: list[CertificationInfoCommentModel]


class Connector(_Response):
    """Connector (published, read-only)."""

    id: str
    key: str | None = None
    version: int
    name: str
    description: str | None = None
    integration_types: list[IntegrationType]
    creator: CreatorModel
    repository: RepositoryModel
    configurations: list[ConnectorConfigurationApplicationModel] | None = None
    api_client: ConnectorApiClientModel | None = None
    private: bool
    global_configuration: ConnectorGlobalConfigurationModel | None = None
    supported_regions: list[Region]
    certified: bool
    documentation_url: str | None = None


class ConnectorStaged(_Response):
    """ConnectorStaged."""

    id: str
    key: str | None = None
    version: int
    name: str
    description: str
    integration_types: list[IntegrationType]
    creator: CreatorModel
    repository: RepositoryModel
    configurations: list[ConnectorConfigurationApplicationModel]
    global_configuration: ConnectorGlobalConfigurationModel | None = None
    api_client: ConnectorApiClientModel | None = None
    private: bool
    private_projects: list[str]
    supported_regions: list[Region]
    certification_info: CertificationInfoModel | None = None
    status: ConnectorStatus
    publishing_report: ReportModel | None = None
    already_listed: bool
    has_changes: bool
    is_previewable: IsPreviewable
    previewable_report: ReportModel | None = None
    documentation_url: str | None = None


class _PagedModel(_Response):
    limit: int
    offset: int
    count: int
    total: int


class ConnectorStagedPagedQueryResponse(_PagedModel):
    """ConnectorStagedPagedQueryResponse."""

    results: list[ConnectorStaged]


class ConnectorSearchPagedQueryResponse(_PagedModel):
    """ConnectorSearchPagedQueryResponse."""

    results: list[Connector]


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
    """Added 2026-10-23; what it holds is inferred (emulator/unconfirmed.py)."""


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


class ErrorObject(BaseModel):
    """ErrorObject: ``code``, ``message`` and error-specific fields."""

    model_config = ConfigDict(extra="allow")

    code: str
    message: str


class ErrorResponse(_Response):
    """ErrorResponse."""

    status_code: int
    message: str
    errors: list[ErrorObject] | None = None


class _OAuthResponse(BaseModel):
    # OAuth bodies use snake_case names (RFC 6749), except the ErrorResponse fields.
    model_config = ConfigDict(extra="forbid")


class AuthErrorResponse(_OAuthResponse):
    """AuthErrorResponse."""

    status_code: int = Field(alias="statusCode")
    message: str
    errors: list[ErrorObject] | None = None
    error: str
    error_description: str | None = None


class TokenResponse(_OAuthResponse):
    """TokenResponse of ``POST /oauth/token``."""

    access_token: str
    expires_in: int
    scope: str
    token_type: Literal["Bearer"]


class IntrospectionResponse(_OAuthResponse):
    """Response of ``POST /oauth/introspect``."""

    active: bool
    scope: str | None = None
    exp: int | None = None
    client_id: str | None = None
