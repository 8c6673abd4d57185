"""A Deployment's declaration as typed values, parsed once, and the API bodies made from it.

:func:`spec_of` reads the normalised, known inputs of :mod:`.deployment_model` (after ``check``) into a
frozen :class:`DeploymentSpec`; :func:`draft` (the DeploymentDraft of a create) and
:func:`redeploy_action` (the ``redeploy`` update action) take the spec and give the client's typed API
models, whose field names are the only place the API's wire names are written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from connect_as_code.connect import (
    ConfigurationValue,
    ConnectorReference,
    DeploymentConfigurationApplication,
    DeploymentDraft,
    DeploymentGlobalConfiguration,
    DeploymentRedeployAction,
    EventRetryPolicy,
)


@dataclass(frozen=True)
class Values:
    """The values of one configuration block: standard in clear, secured in clear (for the request only)."""

    standard: tuple[tuple[str, str], ...] = ()
    secured: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ApplicationSpec:
    """One application's declared configuration."""

    name: str
    values: Values
    schedule: str | None = None
    retry_policy: Mapping[str, Any] | None = None
    """The validated ``retry_policy`` input (snake_case fields of the API's RetryPolicy)."""


@dataclass(frozen=True)
class ConfigurationSpec:
    """What a redeploy sends: every application's values, the global values, and ``skip_scripts``."""

    applications: tuple[ApplicationSpec, ...] = ()
    global_values: Values | None = None
    skip_scripts: bool = False


@dataclass(frozen=True)
class DeploymentSpec:
    """What a create sends: the deployment, its connector, its region and its configuration."""

    key: str
    deployment_type: str
    connector: ConnectorReference
    region: str
    configuration: ConfigurationSpec


def _values(section: Any) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((str(key), str(value)) for key, value in (section or {}).items()))


def _block(block: Mapping[str, Any]) -> Values:
    return Values(standard=_values(block.get("standard")), secured=_values(block.get("secured")))


def configuration_spec_of(declared: Mapping[str, Any]) -> ConfigurationSpec:
    """The configuration of normalised inputs (or of a ``last_good`` output, which has the same fields)."""
    applications = tuple(
        ApplicationSpec(
            name=name,
            values=_block(block),
            schedule=block.get("schedule") or None,
            retry_policy=block.get("retry_policy") or None,
        )
        for name, block in sorted((declared.get("configurations") or {}).items())
    )
    global_configuration = declared.get("global_configuration")
    return ConfigurationSpec(
        applications=applications,
        global_values=_block(global_configuration) if global_configuration else None,
        skip_scripts=bool(declared.get("skip_scripts")),
    )


def spec_of(inputs: Mapping[str, Any]) -> DeploymentSpec:
    """The spec of normalised, known inputs: a connector by id, else by key, with the version when pinned."""
    by_id = inputs.get("connector_id")
    connector = ConnectorReference(
        id=by_id or None,
        key=None if by_id else inputs["connector_key"],
        staged=bool(inputs.get("staged")),
        version=inputs.get("connector_version"),
    )
    return DeploymentSpec(
        key=inputs["key"],
        deployment_type=inputs["deployment_type"],
        connector=connector,
        region=inputs["region"],
        configuration=configuration_spec_of(inputs),
    )


def _configuration_values(values: tuple[tuple[str, str], ...]) -> list[ConfigurationValue]:
    return [ConfigurationValue(key=key, value=value) for key, value in values]


def application_bodies(configuration: ConfigurationSpec) -> list[DeploymentConfigurationApplication]:
    """The declared configuration per application, as the API takes it."""
    return [
        DeploymentConfigurationApplication(
            application_name=app.name,
            standard_configuration=_configuration_values(app.values.standard),
            secured_configuration=_configuration_values(app.values.secured),
            schedule=app.schedule,
            retry_policy=EventRetryPolicy(**app.retry_policy) if app.retry_policy else None,
        )
        for app in configuration.applications
    ]


def global_body(configuration: ConfigurationSpec) -> DeploymentGlobalConfiguration | None:
    """The declared global configuration, or ``None`` when there is none."""
    values = configuration.global_values
    if values is None:
        return None
    return DeploymentGlobalConfiguration(
        standard_configuration=_configuration_values(values.standard),
        secured_configuration=_configuration_values(values.secured),
    )


def draft(spec: DeploymentSpec) -> DeploymentDraft:
    """The DeploymentDraft of the declaration."""
    return DeploymentDraft(
        key=spec.key,
        type=spec.deployment_type,
        connector=spec.connector,
        region=spec.region,
        configurations=application_bodies(spec.configuration),
        global_configuration=global_body(spec.configuration),
    )


def redeploy_action(configuration: ConfigurationSpec, *, update_connector: bool) -> DeploymentRedeployAction:
    """The ``redeploy`` update action carrying the whole declared configuration."""
    return DeploymentRedeployAction(
        configuration_values=application_bodies(configuration),
        global_configuration=global_body(configuration),
        skip_scripts=configuration.skip_scripts,
        update_connector=update_connector,
    )
