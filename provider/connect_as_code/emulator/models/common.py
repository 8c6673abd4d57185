"""What the Connect API body models share: the RAML enumerations and patterns, the request and response
base classes (requests ignore unknown fields, responses are strict), the creator, repository,
configuration-key and report parts of both Connector and Deployment bodies, the paged envelope and
the ErrorResponse.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, StringConstraints
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


# --- shared request types -------------------------------------------------------------------------


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


# --- shared response types ------------------------------------------------------------------------


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


class _PagedModel(_Response):
    limit: int
    offset: int
    count: int
    total: int


# --- errors ---------------------------------------------------------------------------------------


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
