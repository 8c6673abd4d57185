"""``pulumi import``: the object an import ID names, and the declaration that adopts it as it is.

A Deployment is imported as ``<projectKey>/<key>`` (or ``<key>``, in the provider's project), a
ConnectorStaged as ``<key>``; an id is accepted too. The declaration returned is what the server says
the object is (key, connector, version, type, region, standard configuration), so that the provider's
read returns it as the inputs of the generated program and the next preview finds nothing to change.
Secured values cannot be read back: an imported deployment with secured configuration is redeployed once
by the first ``pulumi up`` that declares them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from connect_as_code import connector_staged_model, deployment_model
from connect_as_code._runtime.provider import ConnectProvider
from connect_as_code.native import fields


def deployment_declaration(found: Any, project_key: str, default_project_key: str | None) -> dict[str, Any]:
    """The inputs that declare the deployment ``found`` (an API Deployment) as it is in ``project_key``.

    What the inputs' defaults give (the provider's project, the type a staged or published connector
    deploys as by default) is left out, as a program leaves it out.
    """
    staged = bool(found.preview)
    declared: dict[str, Any] = {"key": found.key}
    if found.connector.key is not None:
        declared["connector_key"] = found.connector.key
    else:
        declared["connector_id"] = found.connector.id
    declared.update(connector_version=found.connector.version, staged=staged, region=str(found.deployed_region))
    if str(found.type) != ("preview" if staged else "sandbox"):
        declared["deployment_type"] = str(found.type)
    if project_key != default_project_key:
        declared["project_key"] = project_key
    return declared


def connector_staged_declaration(found: Any) -> dict[str, Any]:
    """The inputs that declare the ConnectorStaged ``found`` (an API ConnectorStaged) as it is."""
    creator = {name: value for name, value in found.creator.model_dump().items() if value is not None}
    repository = {"url": found.repository.url, "tag": found.repository.tag}
    declared: dict[str, Any] = {"key": found.key, "name": found.name, "creator": creator, "repository": repository}
    if found.description is not None:
        declared["description"] = found.description
    for name in ("integration_types", "supported_regions", "private_projects"):
        listed = [str(item) for item in getattr(found, name)]
        if listed:
            declared[name] = listed
    return declared


def split_deployment_id(import_id: str) -> tuple[str | None, str]:
    """``<projectKey>/<key>`` -> (projectKey, key); ``<key>`` -> (None, key)."""
    project_key, _, key = import_id.rpartition("/")
    return project_key or None, key


def find(provider: ConnectProvider, type_token: str, import_id: str) -> tuple[str, dict[str, Any]] | None:
    """The id and declared inputs of the object ``import_id`` names, or ``None`` when there is none."""
    if type_token == fields.DEPLOYMENT.token:
        project_key, key = split_deployment_id(import_id)
        default_project_key = provider.settings().project_key
        project_key = project_key or provider.settings().require_project_key()
        client = provider.client()
        found = client.find_deployment(key=key, project_key=project_key) or client.find_deployment(
            id=key, project_key=project_key
        )
        return None if found is None else (found.id, deployment_declaration(found, project_key, default_project_key))
    client = provider.client()
    staged = client.find_connector_staged(key=import_id) or client.find_connector_staged(id=import_id)
    return None if staged is None else (staged.id, connector_staged_declaration(staged))


def canonical(type_token: str, declared: Mapping[str, Any]) -> dict[str, Any]:
    """The declaration with the defaults the providers' check fills, as the state of a resource holds it."""
    if type_token != fields.DEPLOYMENT.token:
        staged: dict[str, Any] = connector_staged_model.normalize_inputs(declared)
        return staged
    normalized: dict[str, Any] = deployment_model.normalize_inputs(declared)
    return normalized


def imported_state(type_token: str, state: Mapping[str, Any], read_inputs: Mapping[str, Any]) -> dict[str, Any]:
    """The state of an imported object: a Deployment's holds the hashes of the secured values read (none:
    they cannot be read back), so a program that declares secured values redeploys once to set them."""
    if type_token != fields.DEPLOYMENT.token:
        return dict(state)
    hashes = deployment_model.secured_hashes(deployment_model.normalize_inputs(read_inputs))
    return {**state, "secured_hashes": hashes}


def as_declared(read_inputs: Mapping[str, Any], declared: Mapping[str, Any]) -> dict[str, Any]:
    """The inputs read back, limited to what the import's declaration names (and the configuration)."""
    return {name: value for name, value in read_inputs.items() if name in declared or name == "configurations"}
