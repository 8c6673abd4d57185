"""The ConnectorStaged and Connector bodies: the draft, every update action, and the Connector,
ConnectorStaged and paged query responses.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from connect_as_code.emulator.models.common import (
    ConnectorConfigurationApplicationModel,
    ConnectorGlobalConfigurationModel,
    ConnectorStatus,
    CreatorDraft,
    CreatorModel,
    Email,
    IntegrationType,
    IsPreviewable,
    ProjectIdentifier,
    Region,
    ReportModel,
    RepositoryDraft,
    RepositoryModel,
    ResourceKey,
    _PagedModel,
    _Request,
    _Response,
)

# --- requests -------------------------------------------------------------------------------------


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


# --- responses ------------------------------------------------------------------------------------


class ConnectorApiClientModel(_Response):
    """ConnectorApiClient."""

    scopes: list[str]


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


class ConnectorStagedPagedQueryResponse(_PagedModel):
    """ConnectorStagedPagedQueryResponse."""

    results: list[ConnectorStaged]


class ConnectorSearchPagedQueryResponse(_PagedModel):
    """ConnectorSearchPagedQueryResponse."""

    results: list[Connector]
