"""The API bodies of a Deployment's declaration: the DeploymentDraft of a create and the redeploy action.

The inputs are the normalised declaration of :mod:`.deployment_model`; the bodies are the client's
typed API models.
"""

from __future__ import annotations

from collections.abc import Mapping
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


def retry_policy(policy: Mapping[str, Any] | None) -> EventRetryPolicy | None:
    """The API's ``RetryPolicy`` of a ``retry_policy`` input (validated), or ``None``."""
    if not policy:
        return None

    return EventRetryPolicy(**policy)


def configuration_values(configurations: Mapping[str, Any]) -> list[DeploymentConfigurationApplication]:
    """The declared configuration per application (secured values in clear, for the request only)."""

    def values(section: Mapping[str, Any]) -> list[ConfigurationValue]:
        return [ConfigurationValue(key=key, value=str(value)) for key, value in sorted(section.items())]

    return [
        DeploymentConfigurationApplication(
            application_name=app,
            standard_configuration=values(config.get("standard", {})),
            secured_configuration=values(config.get("secured", {})),
            schedule=config.get("schedule") or None,
            retry_policy=retry_policy(config.get("retry_policy")),
        )
        for app, config in sorted(configurations.items())
    ]


def global_values(global_configuration: Mapping[str, Any] | None) -> DeploymentGlobalConfiguration | None:
    """The declared global configuration, or ``None`` when there is none."""
    if not global_configuration:
        return None

    (values,) = configuration_values({"": global_configuration})
    return DeploymentGlobalConfiguration(
        standard_configuration=values.standard_configuration, secured_configuration=values.secured_configuration
    )


def connector_reference(inputs: Mapping[str, Any]) -> ConnectorReference:
    """The ConnectorReference of the declaration: by id, else by key, with the version when pinned."""

    by_id = inputs.get("connector_id")
    return ConnectorReference(
        id=by_id or None,
        key=None if by_id else inputs["connector_key"],
        staged=bool(inputs.get("staged")),
        version=inputs.get("connector_version"),
    )


def draft(inputs: Mapping[str, Any]) -> DeploymentDraft:
    """The DeploymentDraft of the declaration."""

    return DeploymentDraft(
        key=inputs["key"],
        type=inputs["deployment_type"],
        connector=connector_reference(inputs),
        region=inputs["region"],
        configurations=configuration_values(inputs["configurations"]),
        global_configuration=global_values(inputs.get("global_configuration")),
    )


def redeploy_action(inputs: Mapping[str, Any], *, update_connector: bool) -> DeploymentRedeployAction:
    """The ``redeploy`` update action carrying the whole declared configuration."""

    return DeploymentRedeployAction(
        configuration_values=configuration_values(inputs["configurations"]),
        global_configuration=global_values(inputs.get("global_configuration")),
        skip_scripts=bool(inputs.get("skip_scripts")),
        update_connector=update_connector,
    )
