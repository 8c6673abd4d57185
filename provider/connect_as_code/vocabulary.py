"""The words of Connect, defined once: regions, statuses, types, and the sets of statuses that matter.

The enums are the API's values (from the official RAML, ``api-specs/connect/types``); the ``Literal``
aliases are the same values as input types. Resources type such inputs ``Literal[...] | str``, as
Pulumi's own SDKs type enum inputs ``Union[str, Enum]``: an editor offers the choices, a value read from
stack config still type-checks, and ``pulumi preview`` refuses any other value with the field named.
The API models, the offline checks, the waiters and the providers all take them from here.

Nothing here imports a third-party package: checks and diffs, which run in every preview, use this
module without loading httpx or pydantic.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, TypeAlias


class Region(StrEnum):
    """Regions of Connect hosts, Projects and Deployments."""

    EUROPE_WEST1_GCP = "europe-west1.gcp"
    US_CENTRAL1_GCP = "us-central1.gcp"
    AUSTRALIA_SOUTHEAST1_GCP = "australia-southeast1.gcp"
    US_EAST_2_AWS = "us-east-2.aws"
    EU_CENTRAL_1_AWS = "eu-central-1.aws"


RegionName: TypeAlias = Literal[
    "europe-west1.gcp", "us-central1.gcp", "australia-southeast1.gcp", "us-east-2.aws", "eu-central-1.aws"
]
REGIONS: tuple[str, ...] = tuple(region.value for region in Region)


class IntegrationType(StrEnum):
    """Integration type of a Connector."""

    TAX = "tax"
    MARKETPLACE = "marketplace"
    OMS = "oms"
    PSP = "psp"
    PIM = "pim"
    PROMOTION = "promotion"
    SEARCH = "search"
    ERP = "erp"
    CRM = "crm"
    EMAIL = "email"
    ANALYTICS = "analytics"
    SHIPPING = "shipping"
    GIFTCARD = "giftcard"
    OTHER = "other"


IntegrationTypeName: TypeAlias = Literal[
    "tax", "marketplace", "oms", "psp", "pim", "promotion", "search",
    "erp", "crm", "email", "analytics", "shipping", "giftcard", "other",
]  # fmt: skip
INTEGRATION_TYPES: tuple[str, ...] = tuple(kind.value for kind in IntegrationType)


class DeploymentType(StrEnum):
    """``preview`` (a previewable ConnectorStaged), ``sandbox`` or ``production`` (a Connector)."""

    PREVIEW = "preview"
    SANDBOX = "sandbox"
    PRODUCTION = "production"


DeploymentTypeName: TypeAlias = Literal["preview", "sandbox", "production"]
DEPLOYMENT_TYPES: tuple[str, ...] = tuple(kind.value for kind in DeploymentType)


class ConnectorStatus(StrEnum):
    """Status of a ConnectorStaged (publishing and certification)."""

    DRAFT = "Draft"
    PROCESSING = "Processing"
    READY_FOR_CERTIFICATION = "ReadyForCertification"
    IN_CERTIFICATION = "InCertification"
    PUBLISHED = "Published"
    FAILED = "Failed"


class IsPreviewable(StrEnum):
    """Previewable status of a ConnectorStaged. The wire values are strings, not booleans."""

    TRUE = "true"
    FALSE = "false"
    PENDING = "pending"
    NONE = "none"


class DeploymentStatus(StrEnum):
    """Status of a Deployment."""

    DRAFT = "Draft"
    QUEUED = "Queued"
    DEPLOYING = "Deploying"
    DEPLOYED = "Deployed"
    FAILED = "Failed"
    UNDEPLOYING = "Undeploying"
    UNDEPLOY_FAILED = "UndeployFailed"


class ApplicationType(StrEnum):
    """Type of a Connect application, as declared in ``connect.yaml``."""

    SERVICE = "service"
    EVENT = "event"
    JOB = "job"
    MERCHANT_CENTER_CUSTOM_APPLICATION = "merchant-center-custom-application"
    MERCHANT_CENTER_CUSTOM_VIEW = "merchant-center-custom-view"
    ASSETS = "assets"


class ConnectorReportEntryType(StrEnum):
    """Type of a publish/preview report entry."""

    INFORMATION = "Information"
    WARNING = "Warning"
    ERROR = "Error"


class DeploymentReportEntryType(StrEnum):
    """Type of a deployment build report entry."""

    INFORMATION = "Information"
    WARNING = "Warning"
    ERROR = "Error"


class DeploymentLogSeverity(StrEnum):
    """Severity of a deployment log entry."""

    DEFAULT = "DEFAULT"
    DEBUG = "DEBUG"
    INFO = "INFO"
    NOTICE = "NOTICE"
    WARNING = "WARNING"
    ERROR = "ERROR"
    CRITICAL = "CRITICAL"
    ALERT = "ALERT"
    EMERGENCY = "EMERGENCY"


class DeploymentLogType(StrEnum):
    """Kind of a deployment log entry."""

    HTTP_REQUEST = "HTTP_REQUEST"
    APPLICATION_TEXT = "APPLICATION_TEXT"
    APPLICATION_JSON = "APPLICATION_JSON"


OnFailure: TypeAlias = Literal["fail", "rollback"]
"""What a Deployment does when a redeploy ends ``Failed``: fail the update, or restore the last good one first."""
ON_FAILURE_MODES: tuple[str, ...] = ("fail", "rollback")

PublishMode: TypeAlias = Literal["none", "private", "certification"]
"""How a ConnectorStaged is published: not at all, privately, or submitted for certification."""
PUBLISH_MODES: tuple[str, ...] = ("none", "private", "certification")

# --------------------------------------------------------------------------------- status sets

GONE = "<gone>"
"""Pseudo-status of an object that no longer exists (a GET answered 404)."""

DEPLOYMENT_BUSY = frozenset({DeploymentStatus.QUEUED, DeploymentStatus.DEPLOYING, DeploymentStatus.UNDEPLOYING})
"""A build or an undeploy is running: wait before touching the deployment."""
DEPLOYMENT_BUILDING = frozenset({DeploymentStatus.QUEUED, DeploymentStatus.DEPLOYING})
"""The statuses of a (re)deploy on its way to ``Deployed``."""
DEPLOYMENT_FAILED = frozenset({DeploymentStatus.FAILED, DeploymentStatus.UNDEPLOY_FAILED})
"""The last operation failed on the server."""
DEPLOYMENT_NOT_RUNNING = DEPLOYMENT_FAILED | {DeploymentStatus.DRAFT}
"""Nothing good is live: the next ``pulumi up`` redeploys the declaration."""
DEPLOYMENT_SETTLED = DEPLOYMENT_NOT_RUNNING | {DeploymentStatus.DEPLOYED}
"""No operation is running: the deployment can be changed."""

CONNECTOR_CERTIFYING = frozenset({ConnectorStatus.READY_FOR_CERTIFICATION, ConnectorStatus.IN_CERTIFICATION})
"""Submitted for certification: the rest is the commercetools team's part."""
CONNECTOR_SETTLED = frozenset(
    {ConnectorStatus.DRAFT, ConnectorStatus.PUBLISHED, ConnectorStatus.FAILED} | CONNECTOR_CERTIFYING
)
"""No publishing is running: the ConnectorStaged can be changed."""
