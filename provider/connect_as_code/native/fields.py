"""The properties of each resource of the native provider, in one table: names, types, secrets.

The schema (:mod:`.schema`) and the translation of values (:mod:`.values`) are both derived from it, so
a property is declared once. Names are the snake_case names of the Python inputs; the schema and the
engine see their camelCase forms (:func:`camel`). Type tokens and property names are a contract with
every program and state that uses them (``tests/unit/test_native_schema.py`` pins them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from connect_as_code.native import PACKAGE


@dataclass(frozen=True)
class Scalar:
    """``string``, ``integer``, ``number`` or ``boolean``."""

    name: str


@dataclass(frozen=True)
class ArrayOf:
    """A list of ``items``."""

    items: Type


@dataclass(frozen=True)
class MapOf:
    """A map whose keys are the user's (application names, configuration keys): never renamed."""

    values: Type


@dataclass(frozen=True)
class Object:
    """A named object type, ``commercetools-connect:index:<name>``, whose property names are translated."""

    name: str
    description: str
    properties: tuple[Field, ...]

    def by_name(self) -> dict[str, Field]:
        """Its properties by snake_case name."""
        return {f.name: f for f in self.properties}


@dataclass(frozen=True)
class Anything:
    """Any JSON value, kept exactly as it is in both directions (API JSON, bookkeeping)."""


Type = Scalar | ArrayOf | MapOf | Object | Anything

STRING, INTEGER, NUMBER, BOOLEAN = Scalar("string"), Scalar("integer"), Scalar("number"), Scalar("boolean")
ANY = Anything()


@dataclass(frozen=True)
class Field:
    """One property: snake_case ``name``, its type, and how the resource uses it."""

    name: str
    type: Type
    description: str
    required: bool = False
    secret: bool = False
    input: bool = True
    """Declared by programs; an output too (every input is)."""
    output_only: bool = False
    """Set by the provider only."""
    replaces: bool = False
    """Changing it replaces the resource (documented in the schema)."""

    @property
    def camel(self) -> str:
        """The property's name in the schema and the engine."""
        return camel(self.name)


@dataclass(frozen=True)
class Resource:
    """One resource type: its token's last part and its properties."""

    name: str
    description: str
    properties: tuple[Field, ...] = field(default=())

    @property
    def token(self) -> str:
        """``commercetools-connect:index:<name>``."""
        return f"{PACKAGE}:index:{self.name}"

    def inputs(self) -> tuple[Field, ...]:
        """The properties a program declares."""
        return tuple(f for f in self.properties if not f.output_only)

    def as_object(self) -> Object:
        """All its properties as one object type (how :mod:`.values` walks a resource's state)."""
        return Object(self.name, self.description, self.properties)


def camel(name: str) -> str:
    """``supported_regions`` -> ``supportedRegions``."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def snake(name: str) -> str:
    """``supportedRegions`` -> ``supported_regions`` (the inverse of :func:`camel` on snake_case names)."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", lambda m: "_" + m.group(1).lower(), name)


# ------------------------------------------------------------------------------------------- types

RETRY_POLICY = Object(
    "RetryPolicy",
    "How Connect retries the messages an event application fails to take; overrides connect.yaml's retryPolicy.",
    (
        Field("strategy", STRING, '"immediate" or "exponential-backoff".', required=True),
        Field("min_backoff_seconds", INTEGER, "Exponential backoff: the first wait, 1-600 seconds."),
        Field("max_backoff_seconds", INTEGER, "Exponential backoff: the longest wait, 1-600 seconds."),
        Field("max_attempts", INTEGER, "Exponential backoff: attempts before giving up, 5-100."),
    ),
)
APPLICATION_CONFIG = Object(
    "ApplicationConfig",
    "The configuration of one application of the connector.",
    (
        Field("standard", MapOf(STRING), "Configuration values by key, as connect.yaml declares them."),
        Field("secured", MapOf(STRING), "Secured values by key: kept only as secrets.", secret=True),
        Field("schedule", STRING, "Job applications: the cron schedule."),
        Field("retry_policy", RETRY_POLICY, "Event applications: the retry policy."),
    ),
)
GLOBAL_CONFIG = Object(
    "GlobalConfig",
    "Connector-wide configuration (connect.yaml's inheritAs.configuration).",
    (
        Field("standard", MapOf(STRING), "Configuration values by key."),
        Field("secured", MapOf(STRING), "Secured values by key: kept only as secrets.", secret=True),
    ),
)
DEPLOYMENT_TIMEOUTS = Object(
    "DeploymentTimeouts",
    "Seconds to wait for a deployment to become Deployed and to disappear (default 1800 each).",
    (
        Field("deploy", NUMBER, "Seconds to wait for Deployed."),
        Field("delete", NUMBER, "Seconds to wait for the undeploy."),
    ),
)
PROMOTION = Object(
    "Promotion",
    "What runs in the environment a deployment is promoted from: preview refuses another connector version.",
    (
        Field("environment", STRING, "Its name, for messages.", required=True),
        Field("connector_version", INTEGER, "The connector version deployed there.", required=True),
        Field("status", STRING, "The status of that deployment there.", required=True),
    ),
)
CREATOR = Object(
    "Creator",
    "The connector's creator.",
    (
        Field("email", STRING, "The creator's email address.", required=True),
        Field("name", STRING, "The creator's name."),
        Field("title", STRING, "The creator's title."),
        Field("company", STRING, "The creator's company."),
        Field("logo_url", STRING, "A URL of the creator's logo."),
        Field("support_url", STRING, "Where users of the connector get support."),
        Field("no_of_contributors", INTEGER, "How many people work on the connector."),
        Field("no_of_developers", INTEGER, "Read as noOfContributors (the name the Connect guide uses)."),
    ),
)
REPOSITORY = Object(
    "Repository",
    "Where the connector's code lives.",
    (
        Field("url", STRING, "The GitHub URL of the repository.", required=True),
        Field("tag", STRING, "The git tag of the version to stage.", required=True),
    ),
)
CONNECTOR_STAGED_TIMEOUTS = Object(
    "ConnectorStagedTimeouts",
    "Seconds to wait for the previewable verdict and for publishing (defaults 1800 and 1200).",
    (
        Field("previewable", NUMBER, "Seconds to wait for the previewable verdict."),
        Field("publish", NUMBER, "Seconds to wait for publishing."),
    ),
)

# --------------------------------------------------------------------------------------- resources

DEPLOYMENT = Resource(
    "Deployment",
    "A commercetools Connect Deployment of a connector into a project, waited on until Deployed. An existing "
    "deployment with the same key is taken over only with adopt; changing the configuration, connectorVersion or "
    "redeployTrigger redeploys it; changing the connector, region, type, key or project replaces it.",
    (
        Field("key", STRING, "The deployment's key, unique in its project.", required=True, replaces=True),
        Field("region", STRING, "The region to deploy to (europe-west1.gcp ...).", required=True, replaces=True),
        Field("connector_key", STRING, "The connector's key (${connector.key} of a ConnectorStaged).", replaces=True),
        Field("connector_id", STRING, "The connector's id (instead of connectorKey).", replaces=True),
        Field("connector_version", INTEGER, "The connector version to deploy (${connector.version} for staged)."),
        Field("staged", BOOLEAN, "Deploy the staged connector (a preview deployment).", replaces=True),
        Field("deployment_type", STRING, "preview, sandbox or production.", replaces=True),
        Field("configurations", MapOf(APPLICATION_CONFIG), "Configuration by application name."),
        Field("global_configuration", GLOBAL_CONFIG, "Connector-wide configuration."),
        Field("project_key", STRING, "The project (default: the provider's projectKey).", replaces=True),
        Field("skip_scripts", BOOLEAN, "Skip the connector's postDeploy and preUndeploy scripts."),
        Field("timeouts", DEPLOYMENT_TIMEOUTS, "How long to wait."),
        Field("on_failure", STRING, '"fail" (default) or "rollback": bring the last good deployment back.'),
        Field("redeploy_trigger", STRING, "Any new value redeploys the deployment as it is."),
        Field("promoted_from", PROMOTION, "The environment before: preview refuses a version it does not run."),
        Field("adopt", BOOLEAN, "Take over an existing deployment with this key (otherwise its create fails)."),
        Field("deployment_id", STRING, "The deployment's id.", output_only=True),
        Field("version", INTEGER, "The deployment's version (it grows with every redeploy).", output_only=True),
        Field("status", STRING, "The deployment's status (Deployed after every successful up).", output_only=True),
        Field("applications", MapOf(MapOf(STRING)), "Per application: id, url, topic, schedule.", output_only=True),
        Field("preview", BOOLEAN, "Whether it is a preview deployment.", output_only=True),
        Field("deployed_connector_version", INTEGER, "The connector version deployed.", output_only=True),
        Field("secured_hashes", ANY, "A salted hash per secured value.", output_only=True, secret=True),
        Field("optional_outputs", ANY, "apiClient, buildReport and revision, when they have values.", output_only=True),
        Field("last_good", ANY, 'With onFailure "rollback": the last good declaration.', output_only=True, secret=True),
    ),
)
CONNECTOR_STAGED = Resource(
    "ConnectorStaged",
    "A commercetools Connect ConnectorStaged, optionally made previewable and published. An existing one with "
    "the same key is taken over only with adopt. Deleting it also deletes the published Connector.",
    (
        Field("key", STRING, "The connector's key.", required=True, replaces=True),
        Field("name", STRING, "The connector's name.", required=True),
        Field("creator", CREATOR, "The connector's creator.", required=True),
        Field("repository", REPOSITORY, "The repository and tag of the connector's code.", required=True),
        Field("description", STRING, "The connector's description."),
        Field("integration_types", ArrayOf(STRING), "Integration types (tax, payment, ...)."),
        Field("supported_regions", ArrayOf(STRING), "Regions the connector can be deployed to."),
        Field("private_projects", ArrayOf(STRING), '"<region>:<projectKey>" of the projects that may deploy it.'),
        Field("documentation_url", STRING, "A URL of the connector's documentation."),
        Field("previewable", BOOLEAN, "Request previewable status on every change and wait for the verdict."),
        Field("publish", STRING, '"none" (default), "private" or "certification".'),
        Field(
            "certification_comments",
            ArrayOf(STRING),
            "Answers to the Connect team's certification review: each new entry is sent once, removals send nothing.",
        ),
        Field("timeouts", CONNECTOR_STAGED_TIMEOUTS, "How long to wait."),
        Field("local_checkout", STRING, "A local checkout of the repository, where preview reads connect.yaml."),
        Field("adopt", BOOLEAN, "Take over an existing ConnectorStaged with this key (otherwise its create fails)."),
        Field("connector_staged_id", STRING, "The ConnectorStaged's id.", output_only=True),
        Field("version", INTEGER, "The ConnectorStaged's version.", output_only=True),
        Field("status", STRING, "The ConnectorStaged's status.", output_only=True),
        Field("is_previewable", STRING, "The previewable verdict.", output_only=True),
        Field("configurations", ANY, "The applications and keys Connect derived from connect.yaml.", output_only=True),
        Field("has_changes", BOOLEAN, "Whether it differs from the published Connector.", output_only=True),
        Field("already_listed", BOOLEAN, "Whether it is listed in the marketplace.", output_only=True),
        Field("private", BOOLEAN, "Whether it is private.", output_only=True),
        Field(
            "optional_outputs",
            ANY,
            "Reports, certificationInfo, the published connector's id and version.",
            output_only=True,
        ),
    ),
)
RESOURCES: Mapping[str, Resource] = {r.token: r for r in (DEPLOYMENT, CONNECTOR_STAGED)}


@dataclass(frozen=True)
class Function:
    """One function (an invoke): its token's last part, its arguments and what it returns."""

    name: str
    description: str
    inputs: Object
    outputs: Object

    @property
    def token(self) -> str:
        """``commercetools-connect:index:<name>``."""
        return f"{PACKAGE}:index:{self.name}"


FIND_CONNECTOR = Function(
    "findConnector",
    "The one published Connector matching key, id, or a search (text, creatorCompany, private); fails when "
    "none or several match, naming the candidates. Reads only.",
    Object(
        "FindConnectorArgs",
        "",
        (
            Field("key", STRING, "The connector's key."),
            Field("id", STRING, "The connector's id."),
            Field("text", STRING, "Search text (name, description...)."),
            Field("creator_company", STRING, "Narrow the search to the creator's company."),
            Field("private", BOOLEAN, "Narrow the search to private (or public) connectors."),
        ),
    ),
    Object(
        "FindConnectorResult",
        "The Connector, as the Connect API returns it.",
        (
            Field("id", STRING, "The connector's id.", required=True),
            Field("key", STRING, "The connector's key."),
            Field("version", INTEGER, "The published version.", required=True),
            Field("name", STRING, "The connector's name.", required=True),
            Field("description", STRING, "The connector's description."),
            Field("creator", ANY, "The connector's creator."),
            Field("repository", ANY, "The repository and tag published."),
            Field("configurations", ANY, "The applications and their configuration keys."),
            Field("supported_regions", ArrayOf(STRING), "Regions it can be deployed to."),
            Field("private", BOOLEAN, "Whether it is private."),
        ),
    ),
)
FUNCTIONS: Mapping[str, Function] = {f.token: f for f in (FIND_CONNECTOR,)}

CONFIG = (
    Field("region", STRING, "The region (europe-west1.gcp ...); env CTP_REGION."),
    Field("project_key", STRING, "The project; env CTP_PROJECT_KEY."),
    Field("client_id", STRING, "The API client's id; env CTP_CLIENT_ID."),
    Field("client_secret", STRING, "The API client's secret; env CTP_CLIENT_SECRET.", secret=True),
    Field("scopes", STRING, "Scopes of the token, space- or comma-separated; env CTP_SCOPES."),
    Field("connect_url", STRING, "The Connect API URL (default from the region); env CTP_CONNECT_URL."),
    Field("auth_url", STRING, "The auth URL (default from the region); env CTP_AUTH_URL."),
    Field("api_url", STRING, "The commercetools API URL (only to know the region); env CTP_API_URL."),
)
"""The provider's configuration: ``commercetools-connect:<camelName>`` in stack config, or a provider
instance's inputs; each falls back to the environment the commercetools tools use."""


def object_types() -> dict[str, Object]:
    """Every named object type the resources use, by name."""
    found: dict[str, Object] = {}

    def visit(type_: Type) -> None:
        if isinstance(type_, Object) and type_.name not in found:
            found[type_.name] = type_
            for f in type_.properties:
                visit(f.type)
        elif isinstance(type_, ArrayOf):
            visit(type_.items)
        elif isinstance(type_, MapOf):
            visit(type_.values)

    for resource in RESOURCES.values():
        for f in resource.properties:
            visit(f.type)
    return found
