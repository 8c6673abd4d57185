"""connect.yaml (specification v1): strict parsing, validation and derivation.

The models mirror the zod schema of the npm package ``@commercetools-connect/specification``: every
object is strict (unknown keys are errors). :func:`parse_connect_yaml` returns a
:class:`ConnectorSpec` or raises :class:`SpecificationInvalid` with every problem found; the
ConnectorStaged derives ``configurations``, ``globalConfiguration`` and ``apiClient`` from the spec.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    ValidationError,
    model_validator,
)
from pydantic.alias_generators import to_camel

from connect_as_code.connect_yaml.loader import MAX_CONNECT_YAML_BYTES, load_yaml
from connect_as_code.connect_yaml.rules import SPEC_CRON_PATTERN, is_blank

JsonDict = dict[str, Any]

RESERVED_KEYS = frozenset({"PORT", "K_SERVICE", "K_REVISION", "K_CONFIGURATION"})
MAX_SPEC_BYTES = MAX_CONNECT_YAML_BYTES

_CRON_MACRO = re.compile(r"@(annually|yearly|monthly|weekly|daily|hourly|reboot)")
_CRON_EVERY = re.compile(r"@every (\d+(ns|us|µs|ms|s|m|h))+")
_CRON_ITEM = r"(\*|\?|L|[0-9]+W|[0-9]+#[0-9]+|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(/[0-9]+)?"
_CRON_FIELD = re.compile(rf"{_CRON_ITEM}(,{_CRON_ITEM})*")
# The spec's endpoint regex is ^(?!$)([a-zA-Z0-9_\-/]{0,256})+$: a non-empty run of these characters.
# It is checked without the nested quantifier, which backtracks exponentially in Python's re.
_ENDPOINT_CHARS = re.compile(r"[a-zA-Z0-9_\-/]+")


class SpecificationInvalid(ValueError):
    """The connect.yaml text does not satisfy specification v1; ``problems`` lists why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def is_valid_cron(expression: str) -> bool:
    """Whether ``expression`` is a schedule the spec accepts (macro, ``@every``, or 5-7 fields)."""
    if _CRON_MACRO.fullmatch(expression) or _CRON_EVERY.fullmatch(expression):
        return True
    fields = expression.split(" ")
    return (
        5 <= len(fields) <= 7
        and all(_CRON_FIELD.fullmatch(field) for field in fields)
        and SPEC_CRON_PATTERN.search(expression) is not None
    )


_CRON_FIELD_RANGES = {
    5: ((0, 59, "minute"), (0, 23, "hour"), (1, 31, "day of month"), (1, 12, "month"), (0, 7, "day of week")),
    6: ((0, 59, "second"), (0, 59, "minute"), (0, 23, "hour"), (1, 31, "day of month"), (1, 12, "month"),
        (0, 7, "day of week")),
    7: ((0, 59, "second"), (0, 59, "minute"), (0, 23, "hour"), (1, 31, "day of month"), (1, 12, "month"),
        (0, 7, "day of week"), (1970, 2099, "year")),
}  # fmt: skip


def cron_out_of_range(expression: str) -> str | None:
    """The first number of a field schedule outside its field's range (Connect's scheduler refuses
    ``61 25 * * *``), as ``minute 61 is outside 0-59``; a step must be at least 1."""
    fields = expression.split(" ")
    if expression.startswith("@") or len(fields) not in _CRON_FIELD_RANGES:
        return None
    for (low, high, name), field in zip(_CRON_FIELD_RANGES[len(fields)], fields, strict=True):
        for item in field.split(","):
            base, _, step = item.partition("/")
            if step and int(step) == 0:
                return f"{name} step /{step} must be at least 1"
            for number in re.findall(r"\d+", base.split("#")[0]):
                if not low <= int(number) <= high:
                    return f"{name} {int(number)} is outside {low}-{high}"
    return None


def _nonblank(value: str) -> str:
    if is_blank(value):
        raise ValueError("must not be empty or whitespace only")
    return value


def _endpoint(value: str) -> str:
    if not _ENDPOINT_CHARS.fullmatch(value):
        raise ValueError("must be a non-empty path of letters, digits, '_', '-' and '/'")
    if "//" in value:
        raise ValueError("must not contain '//'")
    return value


def _config_key(value: str) -> str:
    if value.upper() in RESERVED_KEYS:
        raise ValueError(f"'{value}' is a reserved key")
    return value


def _cron(value: str) -> str:
    if not is_valid_cron(value):
        raise ValueError(f"'{value}' is not a valid cron expression")
    out_of_range = cron_out_of_range(value)
    if out_of_range is not None:
        raise ValueError(f"'{value}' is not a valid cron expression: {out_of_range}")
    return value


NonBlank = Annotated[str, AfterValidator(_nonblank)]
AppName = Annotated[str, StringConstraints(pattern=r"^[a-zA-Z0-9_-]{2,256}$")]
Endpoint = Annotated[str, AfterValidator(_endpoint)]
ConfigKey = Annotated[str, StringConstraints(pattern=r"^[a-zA-Z0-9_]{2,256}$"), AfterValidator(_config_key)]
Cron = Annotated[str, AfterValidator(_cron)]


def _whole(value: float) -> int:
    if value != int(value):
        raise ValueError("must be a whole number")
    return int(value)


# A whole JSON number (YAML's 10.0 and 1e1 are the number 10, as in JavaScript); never true/false (strict).
HealthCheckNumber = Annotated[float, Field(ge=1, le=20), AfterValidator(_whole)]
BackoffSeconds = Annotated[float, Field(ge=1, le=600), AfterValidator(_whole)]
MaxAttempts = Annotated[float, Field(ge=5, le=100), AfterValidator(_whole)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, alias_generator=to_camel)

    @model_validator(mode="before")
    @classmethod
    def _no_empty_values(cls, data: Any) -> Any:
        """An optional field is left out, never written empty: ``healthCheck:`` or ``healthCheck: null``
        is refused, as the specification does (none of its fields is nullable)."""
        if isinstance(data, dict):
            empty = [str(name) for name, value in data.items() if value is None]
            if empty:
                raise ValueError(f"{', '.join(empty)} must not be empty (null): give a value or remove the line")
        return data


class StandardKeySpec(_Strict):
    """A ``standardConfiguration`` entry."""

    key: ConfigKey
    description: NonBlank
    required: bool | None = None
    default: NonBlank | None = None


class SecuredKeySpec(_Strict):
    """A ``securedConfiguration`` entry."""

    key: ConfigKey
    description: NonBlank
    required: bool | None = None


class ConfigurationSpec(_Strict):
    """A ``configuration`` block (an application's or the global ``inheritAs.configuration``)."""

    standard_configuration: list[StandardKeySpec] | None = None
    secured_configuration: list[SecuredKeySpec] | None = None

    @model_validator(mode="after")
    def _no_duplicate_keys(self) -> ConfigurationSpec:
        seen: set[str] = set()
        for key in self.all_keys():
            if key in seen:
                raise ValueError(f"configuration key '{key}' is declared more than once")
            seen.add(key)
        return self

    def all_keys(self) -> list[str]:
        """Every key of the block, standard first."""
        standard = [entry.key for entry in self.standard_configuration or []]
        return standard + [entry.key for entry in self.secured_configuration or []]

    def standard(self, key: str) -> StandardKeySpec | None:
        """The standard entry named ``key``, if any."""
        return next((e for e in self.standard_configuration or [] if e.key == key), None)


class ScriptsSpec(_Strict):
    """Automation scripts."""

    post_deploy: NonBlank | None = None
    pre_undeploy: NonBlank | None = None


class HealthCheckSpec(_Strict):
    """``healthCheck`` of service and event applications.

    Only ``path`` is implied by the docs ("the configured path"); the other field names and their
    limits are the emulator's guess (see emulator/README.md).
    """

    path: Endpoint
    interval_seconds: HealthCheckNumber | None = None
    timeout_seconds: HealthCheckNumber | None = None
    unhealthy_threshold: HealthCheckNumber | None = None


class ImmediateRetry(_Strict):
    """``retryPolicy`` with strategy ``immediate``."""

    strategy: Literal["immediate"]


class ExponentialBackoffRetry(_Strict):
    """``retryPolicy`` with strategy ``exponential-backoff``."""

    strategy: Literal["exponential-backoff"]
    min_backoff_seconds: BackoffSeconds
    max_backoff_seconds: BackoffSeconds
    max_attempts: MaxAttempts | None = None

    @model_validator(mode="after")
    def _min_not_above_max(self) -> ExponentialBackoffRetry:
        if self.min_backoff_seconds > self.max_backoff_seconds:
            raise ValueError("minBackoffSeconds must not be greater than maxBackoffSeconds")
        return self


RetryPolicy = Annotated[ImmediateRetry | ExponentialBackoffRetry, Field(discriminator="strategy")]


class _CommonApp(_Strict):
    name: AppName
    configuration: ConfigurationSpec | None = None
    scripts: ScriptsSpec | None = None


class ServiceAppSpec(_CommonApp):
    """``applicationType: service``."""

    application_type: Literal["service"]
    endpoint: Endpoint
    health_check: HealthCheckSpec | None = None


class EventAppSpec(_CommonApp):
    """``applicationType: event``."""

    application_type: Literal["event"]
    endpoint: Endpoint
    health_check: HealthCheckSpec | None = None
    retry_policy: RetryPolicy | None = None


class JobProperties(_Strict):
    """``properties`` of a job application."""

    schedule: Cron


class JobAppSpec(_CommonApp):
    """``applicationType: job``."""

    application_type: Literal["job"]
    endpoint: Endpoint
    properties: JobProperties


class UnknownAppSpec(_CommonApp):
    """``applicationType: unknown``: accepted by the schema, dropped by the mapper."""

    application_type: Literal["unknown"]
    endpoint: Endpoint


class AssetsAppSpec(_Strict):
    """``applicationType: assets``: only a name."""

    application_type: Literal["assets"]
    name: AppName


class McAppSpec(_CommonApp):
    """``applicationType: merchant-center-custom-application`` (alias ``mc-app``)."""

    application_type: Literal["merchant-center-custom-application", "mc-app"]

    @model_validator(mode="after")
    def _mc_app_rules(self) -> McAppSpec:
        _require_standard_keys(self.configuration, ("CUSTOM_APPLICATION_ID", "ENTRY_POINT_URI_PATH"))
        _forbid_secured(self.configuration)
        return self


class McViewSpec(_CommonApp):
    """``applicationType: merchant-center-custom-view``."""

    application_type: Literal["merchant-center-custom-view"]

    @model_validator(mode="after")
    def _mc_view_rules(self) -> McViewSpec:
        _require_standard_keys(self.configuration, ("CUSTOM_VIEW_ID",))
        _forbid_secured(self.configuration)
        return self


def _require_standard_keys(configuration: ConfigurationSpec | None, keys: tuple[str, ...]) -> None:
    for key in keys:
        entry = configuration.standard(key) if configuration else None
        if entry is None or entry.required is not True:
            raise ValueError(f"standardConfiguration must contain '{key}' with required: true")


def _forbid_secured(configuration: ConfigurationSpec | None) -> None:
    if configuration is not None and configuration.secured_configuration:
        raise ValueError("securedConfiguration is not allowed for Merchant Center applications")


ApplicationSpecModel = Annotated[
    ServiceAppSpec | EventAppSpec | JobAppSpec | UnknownAppSpec | AssetsAppSpec | McAppSpec | McViewSpec,
    Field(discriminator="application_type"),
]


class ApiClientSpec(_Strict):
    """``inheritAs.api_client``."""

    scopes: Annotated[list[Annotated[str, StringConstraints(min_length=1)]], Field(min_length=1)]


class InheritAsSpec(_Strict):
    """``inheritAs``."""

    configuration: ConfigurationSpec | None = None
    api_client: ApiClientSpec | None = None


class ConnectYaml(_Strict):
    """The whole connect.yaml document."""

    deploy_as: list[ApplicationSpecModel]
    inherit_as: InheritAsSpec | None = None

    @model_validator(mode="after")
    def _cross_checks(self) -> ConnectYaml:
        problems: list[str] = []
        names = [app.name for app in self.deploy_as]
        for name in sorted({n for n in names if names.count(n) > 1}):
            problems.append(f"application name '{name}' is used more than once")
        global_config = self.inherit_as.configuration if self.inherit_as else None
        global_keys = set(global_config.all_keys()) if global_config else set()
        for app in self.deploy_as:
            app_config = getattr(app, "configuration", None)
            if isinstance(app_config, ConfigurationSpec):
                for key in app_config.all_keys():
                    if key in global_keys:
                        problems.append(
                            f"key '{key}' of application '{app.name}' is already a global configuration key"
                        )
            if isinstance(app, McAppSpec | McViewSpec) and not _has_cloud_identifier(app, global_config):
                problems.append(
                    f"application '{app.name}' needs CLOUD_IDENTIFIER in its standardConfiguration "
                    "(required or with a default) or a required global CLOUD_IDENTIFIER"
                )
        if problems:
            raise ValueError("; ".join(problems))
        return self


def _has_cloud_identifier(app: McAppSpec | McViewSpec, global_config: ConfigurationSpec | None) -> bool:
    global_entry = global_config.standard("CLOUD_IDENTIFIER") if global_config else None
    if global_entry is not None and global_entry.required is True:
        return True
    entry = app.configuration.standard("CLOUD_IDENTIFIER") if app.configuration else None
    return entry is not None and (entry.required is True or entry.default is not None)


# --- derived, API-facing view ----------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationSpec:
    """One deployable application as the emulator needs it (API type names, schedule, scripts)."""

    name: str
    application_type: str
    endpoint: str | None
    schedule: str | None
    post_deploy: str | None
    pre_undeploy: str | None
    configuration: JsonDict
    retry_policy: JsonDict | None = None
    """The ``retryPolicy`` of an event application, in API form."""

    def internal(self) -> JsonDict:
        """The JSON kept (privately) on the ConnectorStaged for deployments."""
        internal = {
            "name": self.name,
            "applicationType": self.application_type,
            "endpoint": self.endpoint,
            "schedule": self.schedule,
            "postDeploy": self.post_deploy,
            "preUndeploy": self.pre_undeploy,
        }
        return internal | ({"retryPolicy": self.retry_policy} if self.retry_policy else {})


@dataclass(frozen=True)
class ConnectorSpec:
    """What a valid connect.yaml contributes to a ConnectorStaged."""

    applications: tuple[ApplicationSpec, ...]
    global_configuration: JsonDict | None
    api_client: JsonDict | None

    def configurations(self) -> list[JsonDict]:
        """``ConnectorConfigurationApplication[]``."""
        return [app.configuration for app in self.applications]

    def internal_applications(self) -> list[JsonDict]:
        """The private application details (type, endpoint, schedule, scripts)."""
        return [app.internal() for app in self.applications]


def _key_json(entry: StandardKeySpec | SecuredKeySpec) -> JsonDict:
    # Only what the file declares, as in the RAML example created-draft.json.
    return entry.model_dump(exclude_none=True, by_alias=True)


def configuration_json(block: ConfigurationSpec | None) -> JsonDict:
    """A configuration block as ``{standardConfiguration, securedConfiguration}`` lists."""
    return {
        "standardConfiguration": [_key_json(e) for e in (block.standard_configuration if block else None) or []],
        "securedConfiguration": [_key_json(e) for e in (block.secured_configuration if block else None) or []],
    }


def _application(app: Any) -> ApplicationSpec | None:
    if isinstance(app, UnknownAppSpec):
        return None
    api_type = "merchant-center-custom-application" if isinstance(app, McAppSpec) else app.application_type
    configuration = getattr(app, "configuration", None)
    scripts: ScriptsSpec | None = getattr(app, "scripts", None)
    return ApplicationSpec(
        name=app.name,
        application_type=api_type,
        endpoint=getattr(app, "endpoint", None),
        schedule=app.properties.schedule if isinstance(app, JobAppSpec) else None,
        post_deploy=scripts.post_deploy if scripts else None,
        pre_undeploy=scripts.pre_undeploy if scripts else None,
        configuration={"applicationName": app.name, "applicationType": api_type} | configuration_json(configuration),
        retry_policy=retry_policy_json(app.retry_policy) if isinstance(app, EventAppSpec) else None,
    )


def retry_policy_json(policy: ImmediateRetry | ExponentialBackoffRetry | None) -> JsonDict | None:
    """A retry policy in API form (``RetryPolicy``: camelCase, whole numbers)."""
    return None if policy is None else policy.model_dump(by_alias=True, exclude_none=True)


_RETRY_POLICY: TypeAdapter[ImmediateRetry | ExponentialBackoffRetry] = TypeAdapter(RetryPolicy)


def retry_policy_problems(policy: Any) -> list[str]:
    """Problems of a ``RetryPolicy`` given as JSON, by the rules of connect.yaml's ``retryPolicy``."""
    try:
        _RETRY_POLICY.validate_python(policy)
    except ValidationError as exc:
        return validation_problems(exc)
    return []


def derive(document: ConnectYaml) -> ConnectorSpec:
    """Map a validated document to the API view (``unknown`` applications are dropped)."""
    applications = tuple(a for a in (_application(app) for app in document.deploy_as) if a is not None)
    inherit = document.inherit_as
    global_configuration = configuration_json(inherit.configuration) if inherit and inherit.configuration else None
    api_client = {"scopes": list(inherit.api_client.scopes)} if inherit and inherit.api_client else None
    return ConnectorSpec(applications, global_configuration, api_client)


def _location(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(part) for part in loc) or "(root)"


HEALTH_CHECK_TYPES = ("service", "event")
"""Application types that may declare ``healthCheck`` (release note of 2026-10-23)."""


def _problem_message(error: Any) -> str:
    loc = tuple(error["loc"])
    if error["type"] == "extra_forbidden" and loc and loc[-1] == "healthCheck":
        return f"only {' and '.join(HEALTH_CHECK_TYPES)} applications may declare a healthCheck"
    return str(error["msg"])


def validation_problems(error: ValidationError) -> list[str]:
    """Readable ``path: message`` lines of a pydantic error (never the offending values)."""
    return [f"{_location(tuple(e['loc']))}: {_problem_message(e)}" for e in error.errors()]


def load_document(text: str) -> ConnectYaml:
    """Parse and validate connect.yaml text; raise :class:`SpecificationInvalid` listing the problems."""
    data, issues = load_yaml(text)  # YAML 1.2, read as the library and the specification's parser read it
    if issues:
        raise SpecificationInvalid([f"{where}: {reason}" for where, reason in issues])
    if not isinstance(data, dict):
        raise SpecificationInvalid(["(root): connect.yaml must be a mapping with a 'deployAs' list"])
    try:
        return ConnectYaml.model_validate(data)
    except ValidationError as exc:
        raise SpecificationInvalid(validation_problems(exc)) from exc
    except RecursionError as exc:
        raise SpecificationInvalid(["connect.yaml is nested too deeply"]) from exc


def parse_connect_yaml(text: str) -> ConnectorSpec:
    """Validate connect.yaml text and derive the ConnectorStaged's view of it."""
    return derive(load_document(text))


def configuration_block_problems(configuration: JsonDict) -> list[str]:
    """Problems of a configuration block given as JSON (used by ``setConfigurations``)."""
    try:
        ConfigurationSpec.model_validate(configuration)
    except ValidationError as exc:
        return validation_problems(exc)
    return []
