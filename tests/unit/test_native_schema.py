"""The native provider's schema and name translation: a contract with every program and state using them.

Type tokens and property names are pinned as the pickled class paths are (``test_pickling.py``):
renaming one breaks the programs of other languages and the states that hold it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from pulumi.output import Unknown
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.runtime.rpc import UNKNOWN

from connect_as_code import connector_staged_model, deployment_model
from connect_as_code.native import fields, values
from connect_as_code.native.provider import settings_config
from connect_as_code.native.schema import schema, schema_json

PINNED_INPUTS = {
    "commercetools-connect:index:Deployment": [
        "key", "region", "connectorKey", "connectorId", "connectorVersion", "staged", "deploymentType",
        "configurations", "globalConfiguration", "projectKey", "skipScripts", "timeouts", "onFailure",
        "redeployTrigger", "promotedFrom", "adopt",
    ],
    "commercetools-connect:index:ConnectorStaged": [
        "key", "name", "creator", "repository", "description", "integrationTypes", "supportedRegions",
        "privateProjects", "documentationUrl", "previewable", "publish", "certificationComments", "timeouts",
        "localCheckout", "adopt",
    ],
}  # fmt: skip
PINNED_OUTPUTS = {
    "commercetools-connect:index:Deployment": [
        "deploymentId", "version", "status", "applications", "preview", "deployedConnectorVersion",
        "securedHashes", "optionalOutputs", "lastGood",
    ],
    "commercetools-connect:index:ConnectorStaged": [
        "connectorStagedId", "version", "status", "isPreviewable", "configurations", "hasChanges",
        "alreadyListed", "private", "optionalOutputs",
    ],
}  # fmt: skip
PINNED_TYPES = {
    "ApplicationConfig": ["standard", "secured", "schedule", "retryPolicy"],
    "RetryPolicy": ["strategy", "minBackoffSeconds", "maxBackoffSeconds", "maxAttempts"],
    "GlobalConfig": ["standard", "secured"],
    "DeploymentTimeouts": ["deploy", "delete"],
    "Promotion": ["environment", "connectorVersion", "status"],
    "Creator": ["email", "name", "title", "company", "logoUrl", "supportUrl", "noOfContributors", "noOfDevelopers"],
    "Repository": ["url", "tag"],
    "ConnectorStagedTimeouts": ["previewable", "publish"],
}
PINNED_CONFIG = ["region", "projectKey", "clientId", "clientSecret", "scopes", "connectUrl", "authUrl", "apiUrl"]
PYTHON_ONLY_INPUTS = {"connection", "connector_repository", "connector_availability", "status"}
"""Inputs of the dynamic providers the native face does not take: a provider instance replaces
``connection``; ``connector_repository`` and ``connector_availability`` come from
``Deployment(connector=...)``; ``status`` is the declared status the check fills."""


def test_type_tokens_and_property_names_are_the_pinned_ones() -> None:
    spec = schema()
    assert spec["name"] == "commercetools-connect"
    assert set(spec["resources"]) == set(PINNED_INPUTS)
    for token, names in PINNED_INPUTS.items():
        resource = spec["resources"][token]
        assert set(resource["inputProperties"]) == set(names)
        assert set(resource["properties"]) == {*names, *PINNED_OUTPUTS[token]}
    assert {token.rsplit(":", 1)[1]: set(t["properties"]) for token, t in spec["types"].items()} == {
        name: set(names) for name, names in PINNED_TYPES.items()
    }
    assert set(spec["config"]["variables"]) == set(PINNED_CONFIG)
    find = spec["functions"]["commercetools-connect:index:findConnector"]
    assert set(find["inputs"]["properties"]) == {"key", "id", "text", "creatorCompany", "private"}
    assert {"id", "key", "version", "name", "configurations"} <= set(find["outputs"]["properties"])
    assert set(spec["provider"]["inputProperties"]) == set(PINNED_CONFIG)


def test_secrets_and_required_inputs_are_marked() -> None:
    spec = schema()
    assert spec["config"]["variables"]["clientSecret"]["secret"] is True
    assert spec["types"]["commercetools-connect:index:ApplicationConfig"]["properties"]["secured"]["secret"] is True
    deployment = spec["resources"]["commercetools-connect:index:Deployment"]
    assert deployment["properties"]["securedHashes"]["secret"] is True
    assert deployment["properties"]["lastGood"]["secret"] is True
    assert set(deployment["requiredInputs"]) == {"key", "region"}
    assert deployment["inputProperties"]["configurations"] == {
        "type": "object",
        "additionalProperties": {"$ref": "#/types/commercetools-connect:index:ApplicationConfig"},
        "description": "Configuration by application name.",
    }
    assert json.loads(schema_json()) == spec


def test_every_input_of_the_dynamic_providers_is_in_the_table() -> None:
    """A new input of a dynamic provider must be declared in the native table too (or said Python-only)."""
    for resource, names in (
        (fields.DEPLOYMENT, (*deployment_model.INPUT_NAMES, *deployment_model.INSTRUCTIONS)),
        (fields.CONNECTOR_STAGED, (*connector_staged_model.INPUT_NAMES, *connector_staged_model.LOCAL_INPUTS)),
    ):
        declared = {f.name for f in resource.inputs()}
        assert set(names) - PYTHON_ONLY_INPUTS == declared, resource.name


def test_names_are_translated_by_the_table_and_user_keys_never() -> None:
    engine = {
        "connectorKey": PropertyValue("abc"),
        "configurations": PropertyValue(
            {
                "cartExtension": PropertyValue(
                    {
                        "standard": PropertyValue({"CTP_REGION": PropertyValue("europe-west1.gcp")}),
                        "secured": PropertyValue({"CTP_CLIENT_SECRET": PropertyValue("s3cret", is_secret=True)}),
                        "retryPolicy": PropertyValue({"minBackoffSeconds": PropertyValue(1.0)}),
                    }
                )
            }
        ),
        "connectorVersion": PropertyValue(UNKNOWN),
        "someNewInput": PropertyValue("kept"),
    }
    plain = values.map_to_plain(engine, fields.DEPLOYMENT.as_object())
    assert isinstance(plain.pop("connector_version"), Unknown)
    assert plain == {
        "connector_key": "abc",
        "configurations": {
            "cartExtension": {
                "standard": {"CTP_REGION": "europe-west1.gcp"},
                "secured": {"CTP_CLIENT_SECRET": "s3cret"},
                "retry_policy": {"min_backoff_seconds": 1.0},
            }
        },
        "some_new_input": "kept",
    }
    back = values.map_from_plain({**plain, "version": 3, "optional_outputs": {"api_client": None}}, _deployment())
    application = member(back["configurations"], "cartExtension")
    assert member(application, "secured").is_secret, "secured values are secrets"
    assert member(member(application, "retryPolicy"), "minBackoffSeconds") == PropertyValue(1.0)
    assert back["version"] == PropertyValue(3.0)
    assert member(back["optionalOutputs"], "api_client") == PropertyValue(None), "API JSON and bookkeeping kept as is"
    assert back["someNewInput"] == PropertyValue("kept")


def test_secretness_of_inputs_is_kept_in_outputs() -> None:
    inputs = {"redeployTrigger": PropertyValue("x", is_secret=True), "key": PropertyValue("k")}
    outputs = {"redeployTrigger": PropertyValue("x"), "key": PropertyValue("k"), "status": PropertyValue("Deployed")}
    kept = values.keep_secrets(outputs, inputs)
    assert kept["redeployTrigger"].is_secret and not kept["key"].is_secret and not kept["status"].is_secret


def test_property_paths_of_problems_and_diffs_are_the_engine_names() -> None:
    deployment, staged = _deployment(), fields.CONNECTOR_STAGED.as_object()
    assert values.path_out("connector_key", deployment) == "connectorKey"
    assert values.path_out("configurations.cartExtension.retry_policy.max_attempts", deployment) == (
        "configurations.cartExtension.retryPolicy.maxAttempts"
    )
    assert values.path_out('configurations["my-app"].secured.CTP_CLIENT_ID', deployment) == (
        'configurations["my-app"].secured.CTP_CLIENT_ID'
    )
    assert values.path_out("creator.logo_url", staged) == "creator.logoUrl"


def test_the_provider_configuration_becomes_the_connect_settings() -> None:
    args = {
        "projectKey": PropertyValue("shop"),
        "clientSecret": PropertyValue("s3cret", is_secret=True),
        "scopes": PropertyValue("manage_project:shop"),
        "region": PropertyValue(None),
        "authUrl": PropertyValue(UNKNOWN),
        "version": PropertyValue("0.1.0"),
    }
    assert settings_config(args) == {
        "connect:projectKey": "shop",
        "connect:clientSecret": "s3cret",
        "connect:scopes": "manage_project:shop",
    }


def member(value: PropertyValue, key: str) -> PropertyValue:
    assert isinstance(value.value, Mapping)
    return value.value[key]


def _deployment() -> fields.Object:
    return fields.DEPLOYMENT.as_object()
