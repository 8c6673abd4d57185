"""Pydantic models of the connector types of the Connect RAML: Connector, ConnectorStaged, its draft,
pages and update actions.

Lenient like every model of the client (see :mod:`._models`, which holds the base and the shared types).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from connect_as_code.connect._models import (
    CertificationInfo,
    ConnectModel,
    ConnectorApiClient,
    ConnectorConfigurationApplication,
    ConnectorGlobalConfiguration,
    ConnectorHead,
    ConnectorReport,
    ConnectorStatusValue,
    Creator,
    IntegrationTypeValue,
    IsPreviewableValue,
    ListOrEmpty,
    RegionValue,
    Repository,
    _PagedQueryResponse,
)
from connect_as_code.vocabulary import (
    ConnectorStatus,
    IsPreviewable,
)

# -------------------------------------------------------------------------------------- connectors


class Connector(ConnectorHead):
    """A published Connector (read-only)."""

    creator: Creator
    repository: Repository
    configurations: list[ConnectorConfigurationApplication] | None = None
    api_client: ConnectorApiClient | None = None
    private: bool = False
    global_configuration: ConnectorGlobalConfiguration | None = None
    supported_regions: ListOrEmpty[RegionValue] = Field(default_factory=list)
    certified: bool = False
    documentation_url: str | None = None


class ConnectorStaged(ConnectorHead):
    """The editable, staged version of a Connector.

    ``description`` is required by the RAML but may be absent from a response whose draft had none.
    """

    creator: Creator
    repository: Repository
    configurations: ListOrEmpty[ConnectorConfigurationApplication] = Field(default_factory=list)
    global_configuration: ConnectorGlobalConfiguration | None = None
    api_client: ConnectorApiClient | None = None
    private: bool = False
    private_projects: ListOrEmpty[str] = Field(default_factory=list)
    supported_regions: ListOrEmpty[RegionValue] = Field(default_factory=list)
    certification_info: CertificationInfo | None = None
    status: ConnectorStatusValue = ConnectorStatus.DRAFT
    publishing_report: ConnectorReport | None = None
    already_listed: bool = False
    has_changes: bool = False
    is_previewable: IsPreviewableValue = IsPreviewable.NONE
    previewable_report: ConnectorReport | None = None
    documentation_url: str | None = None


class ConnectorStagedDraft(ConnectModel):
    """Body of ``POST /connectors/drafts``."""

    key: str | None = None
    name: str
    description: str | None = None
    integration_types: list[IntegrationTypeValue] | None = None
    creator: Creator
    repository: Repository
    supported_regions: list[RegionValue] | None = None
    private_projects: list[str] | None = None
    documentation_url: str | None = None


class ConnectorStagedPagedQueryResponse(_PagedQueryResponse):
    """A page of ConnectorStaged."""

    results: ListOrEmpty[ConnectorStaged] = Field(default_factory=list)


class ConnectorSearchPagedQueryResponse(_PagedQueryResponse):
    """A page of Connector search results."""

    results: ListOrEmpty[Connector] = Field(default_factory=list)


# ------------------------------------------------------------------- ConnectorStaged update actions


class ConnectorSetNameAction(ConnectModel):
    """Set ``name``."""

    action: Literal["setName"] = "setName"
    name: str


class ConnectorSetDescriptionAction(ConnectModel):
    """Set ``description``."""

    action: Literal["setDescription"] = "setDescription"
    description: str


class ConnectorSetCreatorNameAction(ConnectModel):
    """Set ``creator.name``."""

    action: Literal["setCreatorName"] = "setCreatorName"
    creator_name: str


class ConnectorSetCreatorTitleAction(ConnectModel):
    """Set ``creator.title``."""

    action: Literal["setCreatorTitle"] = "setCreatorTitle"
    creator_title: str


class ConnectorSetCreatorEmailAction(ConnectModel):
    """Set ``creator.email``."""

    action: Literal["setCreatorEmail"] = "setCreatorEmail"
    creator_email: str


class ConnectorSetCreatorCompanyAction(ConnectModel):
    """Set ``creator.company``."""

    action: Literal["setCreatorCompany"] = "setCreatorCompany"
    creator_company: str


class ConnectorSetCreatorLogoAction(ConnectModel):
    """Set ``creator.logoUrl``."""

    action: Literal["setCreatorLogo"] = "setCreatorLogo"
    logo_url: str


class ConnectorSetCreatorSupportUrlAction(ConnectModel):
    """Set ``creator.supportUrl``."""

    action: Literal["setCreatorSupportUrl"] = "setCreatorSupportUrl"
    creator_support_url: str


class ConnectorSetCreatorNoOfContributorsAction(ConnectModel):
    """Set ``creator.noOfContributors`` (at least 1)."""

    action: Literal["setCreatorNoOfContributors"] = "setCreatorNoOfContributors"
    creator_no_of_contributors: int


class ConnectorSetRepositoryAction(ConnectModel):
    """Set the repository URL and tag. ``url`` may be left out to keep the current one (SDK/CLI)."""

    action: Literal["setRepository"] = "setRepository"
    url: str | None = None
    tag: str


class ConnectorSetSupportedRegionsAction(ConnectModel):
    """Set ``supportedRegions`` (at least one)."""

    action: Literal["setSupportedRegions"] = "setSupportedRegions"
    regions: list[RegionValue]


class ConnectorSetIntegrationTypesAction(ConnectModel):
    """Set ``integrationTypes``."""

    action: Literal["setIntegrationTypes"] = "setIntegrationTypes"
    integration_types: list[IntegrationTypeValue]


class ConnectorSetDocumentationUrlAction(ConnectModel):
    """Set ``documentationUrl``."""

    action: Literal["setDocumentationUrl"] = "setDocumentationUrl"
    documentation_url: str


class ConnectorAddPrivateProjectAction(ConnectModel):
    """Add a ``{region}:{projectKey}`` to ``privateProjects`` (private ConnectorStaged only)."""

    action: Literal["addPrivateProject"] = "addPrivateProject"
    private_project: str


class ConnectorRemovePrivateProjectAction(ConnectModel):
    """Remove a ``{region}:{projectKey}`` from ``privateProjects`` (private ConnectorStaged only)."""

    action: Literal["removePrivateProject"] = "removePrivateProject"
    private_project: str


class ConnectorUnlistAction(ConnectModel):
    """Remove a certified, listed Connector from search and listings."""

    action: Literal["unlist"] = "unlist"


class ConnectorAddCertificationCommentAction(ConnectModel):
    """Add a comment to ``certificationInfo``."""

    action: Literal["addCertificationComment"] = "addCertificationComment"
    comment: str


class ConnectorUpdatePreviewableAction(ConnectModel):
    """Request previewable status: ``isPreviewable`` goes ``pending`` then ``true`` or ``false``."""

    action: Literal["updatePreviewable"] = "updatePreviewable"


class ConnectorPublishAction(ConnectModel):
    """Start publishing: ``certification=False`` for a private Connector, ``True`` to certify."""

    action: Literal["publish"] = "publish"
    certification: bool


class ConnectorSetConfigurationsAction(ConnectModel):
    """Set ``configurations``. Undocumented: only the RAML examples carry it, its types do not."""

    action: Literal["setConfigurations"] = "setConfigurations"
    configurations: list[ConnectorConfigurationApplication]


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
"""Any ConnectorStaged update action (discriminated by ``action``)."""

ConnectorStagedUpdateAction = ConnectorUpdateAction


class ConnectorUpdate(ConnectModel):
    """Body of ``POST /connectors/drafts/{id}``: expected version and actions."""

    version: int
    actions: list[ConnectorUpdateAction]
