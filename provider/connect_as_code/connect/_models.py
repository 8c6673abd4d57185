"""Pydantic models of the Connect RAML: the base, the types connectors and deployments share, the error
bodies, and the OAuth token response.

The connector types are in :mod:`._connector_models`, the deployment types in :mod:`._deployment_models`.

Names follow the RAML; Python attributes are snake_case and the wire names camelCase (an alias
generator), and either can be used to build a model.

The models are lenient so that a change on the server never breaks an old client:

- unknown fields are kept (``extra="allow"``, readable as attributes and in ``model_extra``);
- enum-valued fields are typed ``SomeEnum | str``: a known value parses into the :class:`~enum.StrEnum`
  member (the enums live in :mod:`connect_as_code.vocabulary`), an unknown one is kept as a plain string
  (the Connect status enums have changed before);
- optional fields accept an explicit ``null``; lists the RAML requires default to ``[]`` when absent or
  ``null`` (the RAML's own examples omit some of them), while lists the RAML makes optional stay
  ``None`` when absent, because in request bodies "absent" means "leave unchanged";
- integers that arrive as floats with no fraction (``3.0``) are accepted.

Request bodies are serialised with :func:`to_wire` (aliases, ``None`` dropped).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.alias_generators import to_camel

from connect_as_code.vocabulary import (
    ApplicationType,
    ConnectorReportEntryType,
    ConnectorStatus,
    DeploymentLogSeverity,
    DeploymentLogType,
    DeploymentReportEntryType,
    DeploymentStatus,
    DeploymentType,
    IntegrationType,
    IsPreviewable,
    Region,
)

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)


# --------------------------------------------------------------------------------------------- enums


def _coerce_enum(enum_cls: type[E], value: object) -> object:
    if isinstance(value, str) and not isinstance(value, enum_cls):
        try:
            return enum_cls(value)
        except ValueError:
            return value
    return value


def _open_enum(enum_cls: type[E]) -> BeforeValidator:
    """Parse a known string into its enum member and leave any other string as it is."""
    return BeforeValidator(lambda value: _coerce_enum(enum_cls, value))


def _previewable(value: object) -> object:
    # A JSON boolean is what a careless server (or emulator) would send for "true"/"false".
    if isinstance(value, bool):
        return IsPreviewable.TRUE if value else IsPreviewable.FALSE
    return _coerce_enum(IsPreviewable, value)


def _none_as_empty(value: object) -> object:
    return [] if value is None else value


RegionValue = Annotated[Region | str, _open_enum(Region)]
IntegrationTypeValue = Annotated[IntegrationType | str, _open_enum(IntegrationType)]
DeploymentTypeValue = Annotated[DeploymentType | str, _open_enum(DeploymentType)]
ConnectorStatusValue = Annotated[ConnectorStatus | str, _open_enum(ConnectorStatus)]
IsPreviewableValue = Annotated[IsPreviewable | str, BeforeValidator(_previewable)]
DeploymentStatusValue = Annotated[DeploymentStatus | str, _open_enum(DeploymentStatus)]
ConnectorReportEntryTypeValue = Annotated[ConnectorReportEntryType | str, _open_enum(ConnectorReportEntryType)]
DeploymentReportEntryTypeValue = Annotated[DeploymentReportEntryType | str, _open_enum(DeploymentReportEntryType)]
DeploymentLogSeverityValue = Annotated[DeploymentLogSeverity | str, _open_enum(DeploymentLogSeverity)]
DeploymentLogTypeValue = Annotated[DeploymentLogType | str, _open_enum(DeploymentLogType)]
ApplicationTypeValue = Annotated[ApplicationType | str, _open_enum(ApplicationType)]

ListOrEmpty = Annotated[list[T], BeforeValidator(_none_as_empty)]
"""A list the RAML requires: absent or ``null`` reads as ``[]``."""


# ---------------------------------------------------------------------------------------------- base


class ConnectModel(BaseModel):
    """Base of the Connect models: camelCase on the wire, unknown fields kept."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_name=True,
        validate_by_alias=True,
        extra="allow",
    )


def to_wire(model: BaseModel) -> dict[str, Any]:
    """The JSON body for ``model``: wire names, ``None`` left out, enums as their values."""
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def to_json(model: BaseModel) -> dict[str, Any]:
    """``model`` as the API's JSON (wire names, every field), for outputs and for the program's look-ups."""
    return model.model_dump(mode="json", by_alias=True)


class _PagedQueryResponse(ConnectModel):
    limit: int
    offset: int
    count: int
    total: int | None = None


# -------------------------------------------------------------------------------------- common types


class Artifact(ConnectModel):
    """A connector build artifact (for example a container image). Declared, used by no endpoint."""

    application_name: str
    artifact_path: str


class CertificationInfoComment(ConnectModel):
    """A comment made during certification."""

    user_id: str
    datetime: dt.datetime
    comment: str


class CertificationInfo(ConnectModel):
    """Comments made during certification."""

    comments: ListOrEmpty[CertificationInfoComment] = Field(default_factory=list)


class StandardConfigurationKey(ConnectModel):
    """A plain-text environment variable declared in ``connect.yaml``."""

    key: str
    description: str
    default: str | None = None
    required: bool | None = None


class SecuredConfigurationKey(ConnectModel):
    """A secret environment variable declared in ``connect.yaml``."""

    key: str
    description: str
    required: bool | None = None


class ConfigurationValue(ConnectModel):
    """The value of one environment variable."""

    key: str
    value: str


class ConnectorConfigurationApplication(ConnectModel):
    """Configuration keys of one application, derived by the API from ``connect.yaml``.

    ``application_type`` is required by the RAML but absent from its ``setConfigurations`` example,
    so it is optional here.
    """

    application_name: str
    application_type: ApplicationTypeValue | None = None
    standard_configuration: ListOrEmpty[StandardConfigurationKey] = Field(default_factory=list)
    secured_configuration: ListOrEmpty[SecuredConfigurationKey] = Field(default_factory=list)


class ConnectorGlobalConfiguration(ConnectModel):
    """Configuration keys shared by all applications of a Connector (``inheritAs.configuration``)."""

    standard_configuration: list[StandardConfigurationKey] | None = None
    secured_configuration: list[SecuredConfigurationKey] | None = None


class ConnectorApiClient(ConnectModel):
    """Scopes of the API Client generated for a Connector's deployments."""

    scopes: ListOrEmpty[str] = Field(default_factory=list)


class DeploymentApiClient(ConnectModel):
    """The API Client generated for a Deployment: its client id (``name``) and scopes."""

    name: str
    scopes: ListOrEmpty[str] = Field(default_factory=list)


class EventRetryPolicy(ConnectModel):
    """The API's ``RetryPolicy`` (added 2026-10-23): how Connect retries the messages an event application
    fails to take (named apart from :class:`RetryPolicy`, the client's own policy for its requests).

    ``strategy`` ``immediate``, or ``exponential-backoff`` with ``min_backoff_seconds`` and
    ``max_backoff_seconds`` (1-600, min not above max) and optionally ``max_attempts`` (5-100): the shape
    of connect.yaml's ``retryPolicy``, which a Deployment may override per application.
    """

    strategy: str
    min_backoff_seconds: int | None = None
    max_backoff_seconds: int | None = None
    max_attempts: int | None = None


class DeploymentConfigurationApplication(ConnectModel):
    """Configuration values of one application of a Deployment (request and response)."""

    application_name: str
    standard_configuration: ListOrEmpty[ConfigurationValue] = Field(default_factory=list)
    secured_configuration: ListOrEmpty[ConfigurationValue] = Field(default_factory=list)
    schedule: str | None = None
    retry_policy: EventRetryPolicy | None = None
    """Overrides connect.yaml's ``retryPolicy`` of an event application (added 2026-10-23)."""


class ApplicationDeployment(ConnectModel):
    """One deployed application: its configuration and, by type, its URL, topic, schedule or retry policy."""

    id: str
    application_name: str
    standard_configuration: ListOrEmpty[ConfigurationValue] = Field(default_factory=list)
    secured_configuration: ListOrEmpty[ConfigurationValue] = Field(default_factory=list)
    url: str | None = None
    topic: str | None = None
    schedule: str | None = None
    retry_policy: EventRetryPolicy | None = None
    """The retry policy of an event application (added 2026-10-23)."""


class ConnectorReportEntry(ConnectModel):
    """One entry of a publish or preview report."""

    type: ConnectorReportEntryTypeValue
    title: str
    message: str | None = None
    created_at: dt.datetime
    application: str | None = None


class ConnectorReport(ConnectModel):
    """A publish or preview report."""

    entries: ListOrEmpty[ConnectorReportEntry] = Field(default_factory=list)


class ConnectorReference(ConnectModel):
    """Reference to a Connector (or, with ``staged=True``, a previewable ConnectorStaged) by id or key."""

    id: str | None = None
    key: str | None = None
    staged: bool | None = None
    version: int | None = None


class Creator(ConnectModel):
    """Who develops a Connector."""

    name: str | None = None
    title: str | None = None
    email: str
    company: str | None = None
    logo_url: str | None = None
    no_of_contributors: int | None = None
    support_url: str | None = None


class DeploymentCreator(Creator):
    """The creator of a deployed Connector (same fields as :class:`Creator`)."""


class Repository(ConnectModel):
    """GitHub repository (HTTPS or SSH URL) and Git tag of a Connector."""

    url: str
    tag: str


class ConnectorHead(ConnectModel):
    """The fields every form of a Connector starts with (published, staged, as deployed)."""

    id: str
    key: str | None = None
    version: int
    name: str
    description: str | None = None
    integration_types: ListOrEmpty[IntegrationTypeValue] = Field(default_factory=list)


class DeploymentConnector(ConnectorHead):
    """The Connector as deployed."""

    creator: DeploymentCreator
    repository: Repository
    configurations: list[ConnectorConfigurationApplication] | None = None
    global_configuration: ConnectorGlobalConfiguration | None = None
    certified: bool = False
    supported_regions: list[RegionValue] | None = None
    documentation_url: str | None = None


class DeploymentGlobalConfiguration(ConnectModel):
    """Configuration values shared by all applications of a Deployment."""

    standard_configuration: list[ConfigurationValue] | None = None
    secured_configuration: list[ConfigurationValue] | None = None


class DeploymentReportEntry(ConnectModel):
    """One entry of a deployment build report."""

    type: DeploymentReportEntryTypeValue
    title: str
    message: str | None = None
    application: str | None = None
    created_at: dt.datetime


class DeploymentReport(ConnectModel):
    """A deployment build report."""

    entries: ListOrEmpty[DeploymentReportEntry] = Field(default_factory=list)


class DeploymentDetailsBuild(ConnectModel):
    """The build of a Deployment: execution id and report."""

    id: str
    report: DeploymentReport | None = None


class DeploymentDetailsBuildApplication(ConnectModel):
    """An application of a build. Only in the RAML examples, not in its types."""

    name: str
    schedule: str | None = None


class DeploymentDetails(ConnectModel):
    """Build details of a Deployment."""

    build: DeploymentDetailsBuild


# ------------------------------------------------------------------------------------------ errors


class ErrorObject(ConnectModel):
    """One error of an :class:`ErrorResponse`: ``code``, ``message`` and error-specific fields.

    The fields below ``message`` are the extras the RAML declares for some codes (for example
    ``expectedVersion`` on ``ConcurrentModification``); any other field is kept as an extra.
    """

    code: str = ""
    message: str = ""
    detailed_error_message: str | None = None
    expected_version: int | None = None
    current_version: int | None = None
    field: str | None = None
    duplicate_value: Any = None
    value: Any = None


class ErrorResponse(ConnectModel):
    """Error body of the Connect API, and of the auth API (which adds ``error``/``error_description``)."""

    status_code: int | None = None
    message: str = ""
    errors: ListOrEmpty[ErrorObject] = Field(default_factory=list)
    error: str | None = None
    error_description: str | None = Field(default=None, alias="error_description")


# ------------------------------------------------------------------------------------------- OAuth


class TokenResponse(BaseModel):
    """Body of a successful ``POST /oauth/token`` (snake_case on the wire)."""

    model_config = ConfigDict(extra="allow")

    access_token: str
    expires_in: float | None = None
    scope: str | None = None
    token_type: str | None = None

    def __repr__(self) -> str:
        return f"TokenResponse(expires_in={self.expires_in!r}, scope={self.scope!r})"

    __str__ = __repr__
