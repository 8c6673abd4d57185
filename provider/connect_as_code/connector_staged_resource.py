"""The ``ConnectorStaged`` resource users declare, and the types of its inputs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypedDict

import pulumi
from pulumi.dynamic import Resource

from connect_as_code._sdk_workarounds.outputs import expose_optional_outputs
from connect_as_code._sdk_workarounds.pickle_guard import restoring_pickler
from connect_as_code.connection import Connection
from connect_as_code.connector_staged import ConnectorStagedProvider
from connect_as_code.connector_staged_model import OPTIONAL_OUTPUTS, OUTPUT_NAMES
from connect_as_code.vocabulary import IntegrationTypeName, PublishMode, RegionName


class CreatorArgs(TypedDict, total=False):
    """The connector's creator. ``email`` is required; ``no_of_developers`` is read as ``no_of_contributors``."""

    email: pulumi.Input[str]
    name: pulumi.Input[str]
    title: pulumi.Input[str]
    company: pulumi.Input[str]
    logo_url: pulumi.Input[str]
    support_url: pulumi.Input[str]
    no_of_contributors: pulumi.Input[int]
    no_of_developers: pulumi.Input[int]


class RepositoryArgs(TypedDict):
    """Where the connector's code lives: a GitHub URL and a git tag."""

    url: pulumi.Input[str]
    tag: pulumi.Input[str]


class ConnectorStagedTimeoutsArgs(TypedDict, total=False):
    """Seconds to wait for the previewable verdict and for publishing (defaults 1800 and 1200)."""

    previewable: pulumi.Input[float]
    publish: pulumi.Input[float]


class ConnectorStaged(Resource, module="connect", name="ConnectorStaged"):
    """A commercetools Connect ConnectorStaged, optionally made previewable and published.

    ``key`` identifies it: changing it replaces the connector; an existing ConnectorStaged with that key
    is taken over only with ``adopt=True``. Deleting the resource also deletes the
    published Connector; protect connectors others deploy with ``protect=True`` or
    ``retain_on_delete=True``.
    """

    key: pulumi.Output[str]
    name: pulumi.Output[str]
    description: pulumi.Output[str | None]
    integration_types: pulumi.Output[list[str] | None]
    creator: pulumi.Output[dict[str, Any]]
    repository: pulumi.Output[dict[str, str]]
    supported_regions: pulumi.Output[list[str] | None]
    private_projects: pulumi.Output[list[str] | None]
    documentation_url: pulumi.Output[str | None]
    previewable: pulumi.Output[bool]
    publish: pulumi.Output[str]
    timeouts: pulumi.Output[dict[str, float]]
    connector_staged_id: pulumi.Output[str]
    version: pulumi.Output[int]
    """The ConnectorStaged's version: what a ``staged=True`` Deployment of it deploys."""
    status: pulumi.Output[str]
    is_previewable: pulumi.Output[str]
    previewable_report: pulumi.Output[dict[str, Any] | None]
    publishing_report: pulumi.Output[dict[str, Any] | None]
    configurations: pulumi.Output[list[dict[str, Any]]]
    """The applications and configuration keys the API derived from connect.yaml (ConnectorConfigurationApplication)."""
    global_configuration: pulumi.Output[dict[str, Any] | None]
    api_client: pulumi.Output[dict[str, Any] | None]
    has_changes: pulumi.Output[bool]
    already_listed: pulumi.Output[bool]
    private: pulumi.Output[bool]
    connector_id: pulumi.Output[str | None]
    """The published Connector's id, once published."""
    connector_version: pulumi.Output[int | None]
    """The published Connector's version, once published: what a ``staged=False`` Deployment deploys."""
    certification_comments: pulumi.Output[list[str] | None]
    """The comments declared for the Connect team (each sent once)."""
    certification_info: pulumi.Output[dict[str, Any] | None]
    """The certification conversation as the API returns it (``certificationInfo``: ``comments``, each
    with ``userId``, ``datetime`` and ``comment``), as of the last ``pulumi up`` or ``pulumi refresh``."""
    connection: pulumi.Output[dict[str, Any] | None]
    """The connection given, if any (its client secret a Pulumi secret)."""
    optional_outputs: pulumi.Output[dict[str, Any]]
    """The outputs that may have no value (reports, ``global_configuration``, ``api_client``, the published
    connector's id and version), as the provider returns them."""
    declared_local_checkout: str | None
    """The ``local_checkout`` given (Deployments of this connector read connect.yaml there too)."""
    declared_availability: pulumi.Output[dict[str, Any]]
    """Where the connector may be deployed, as declared (``supported_regions``, ``private_projects``,
    ``publish`` and its connection's ``project_key``): Deployments of it check their region and project
    against it at ``pulumi preview``."""

    def __init__(
        self,
        resource_name: str,
        *,
        key: pulumi.Input[str],
        name: pulumi.Input[str],
        creator: pulumi.Input[CreatorArgs],
        repository: pulumi.Input[RepositoryArgs],
        description: pulumi.Input[str] | None = None,
        integration_types: pulumi.Input[Sequence[pulumi.Input[IntegrationTypeName | str]]] | None = None,
        supported_regions: pulumi.Input[Sequence[pulumi.Input[RegionName | str]]] | None = None,
        private_projects: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        documentation_url: pulumi.Input[str] | None = None,
        previewable: pulumi.Input[bool] = False,
        publish: pulumi.Input[PublishMode | str] = "none",
        timeouts: pulumi.Input[ConnectorStagedTimeoutsArgs] | None = None,
        certification_comments: pulumi.Input[Sequence[pulumi.Input[str]]] | None = None,
        local_checkout: str | None = None,
        connection: Connection | None = None,
        adopt: pulumi.Input[bool] = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declare a ConnectorStaged.

        ``previewable=True`` requests previewable status whenever the repository changes and waits for
        the verdict; ``publish`` is ``"none"``, ``"private"`` (publish after every change and wait until
        Published) or ``"certification"`` (submit for certification and wait until Connect has accepted
        the submission, ``ReadyForCertification`` or ``InCertification``; the review itself is not waited
        for). A change of ``publish`` alone publishes in the new mode. ``private_projects`` lists
        ``"<region>:<projectKey>"`` identifiers.

        ``pulumi preview`` reads connect.yaml at the repository's tag (from GitHub, or from a local
        checkout of the repository found from the program's folder) and validates it; ``local_checkout``
        names that checkout explicitly (a path, relative to the program's folder). It is about this
        machine only: changing it changes nothing on the server.

        ``certification_comments`` is the creator's side of the certification conversation, an
        append-only list: each new entry is sent once (``addCertificationComment``), entries removed
        later stay on Connect. ``pulumi preview`` and ``pulumi refresh`` warn of the Connect team's
        comments that have no answer yet; ``certification_info`` holds the whole conversation.

        ``connection`` names the project (the creator project) and the API client to use instead of the
        stack's settings (:class:`~connect_as_code.Connection`).

        ``adopt=True`` lets ``pulumi up`` take over a staged connector that already has ``key`` and bring
        it to the declaration; without it, creating a resource whose key exists fails, saying so.
        """
        props: dict[str, Any] = {
            "key": key,
            "name": name,
            "creator": creator,
            "repository": repository,
            "description": description,
            "integration_types": integration_types,
            "supported_regions": supported_regions,
            "private_projects": private_projects,
            "documentation_url": documentation_url,
            "previewable": previewable,
            "publish": publish,
            "timeouts": timeouts,
            "certification_comments": certification_comments,
            "local_checkout": local_checkout,
            "connection": connection.as_input() if connection is not None else None,
            "adopt": adopt or None,  # left out when False: stacks of earlier versions see no new input
        }
        props.update(dict.fromkeys(OUTPUT_NAMES))
        self.declared_local_checkout = local_checkout
        self.declared_availability = pulumi.Output.all(
            supported_regions=supported_regions,
            private_projects=private_projects,
            publish=publish,
            project_key=connection.project_key if connection is not None else None,
        )
        with restoring_pickler():
            super().__init__(ConnectorStagedProvider(), resource_name, props, opts)
        expose_optional_outputs(self, OPTIONAL_OUTPUTS)
