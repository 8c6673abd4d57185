"""The ``Deployment`` resource users declare, and the types of its inputs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypedDict

import pulumi
from pulumi.dynamic import Resource

from connect_as_code._sdk_workarounds.outputs import expose_optional_outputs
from connect_as_code._sdk_workarounds.pickle_guard import restoring_pickler
from connect_as_code.connection import Connection
from connect_as_code.deployment import DeploymentProvider
from connect_as_code.deployment_model import OPTIONAL_OUTPUTS, OUTPUT_NAMES, SECRET_OUTPUTS
from connect_as_code.promotion import PromotionArgs
from connect_as_code.vocabulary import DeploymentStatus, DeploymentTypeName, OnFailure, RegionName

if TYPE_CHECKING:
    from connect_as_code.connector_staged_resource import ConnectorStaged


class RetryPolicyArgs(TypedDict, total=False):
    """How Connect retries the messages an event application fails to take; overrides connect.yaml's
    ``retryPolicy``. ``strategy`` ``"immediate"``, or ``"exponential-backoff"`` with
    ``min_backoff_seconds`` and ``max_backoff_seconds`` (1-600, min not above max) and optionally
    ``max_attempts`` (5-100)."""

    strategy: pulumi.Input[str]
    min_backoff_seconds: pulumi.Input[int]
    max_backoff_seconds: pulumi.Input[int]
    max_attempts: pulumi.Input[int]


class ApplicationConfigArgs(TypedDict, total=False):
    """Configuration of one application: ``standard`` and ``secured`` key/value maps, optional ``schedule``
    (job applications) and ``retry_policy`` (event applications)."""

    standard: pulumi.Input[Mapping[str, pulumi.Input[str]]]
    secured: pulumi.Input[Mapping[str, pulumi.Input[str]]]
    schedule: pulumi.Input[str]
    retry_policy: pulumi.Input[RetryPolicyArgs]


class GlobalConfigArgs(TypedDict, total=False):
    """Connector-wide configuration (``inheritAs.configuration``): ``standard`` and ``secured`` key/value maps."""

    standard: pulumi.Input[Mapping[str, pulumi.Input[str]]]
    secured: pulumi.Input[Mapping[str, pulumi.Input[str]]]


class DeploymentTimeoutsArgs(TypedDict, total=False):
    """Seconds to wait for a deployment to become Deployed and to disappear (defaults 1800 each)."""

    deploy: pulumi.Input[float]
    delete: pulumi.Input[float]


def _secret_values(secured: Any) -> Any:
    """Each secured value a Pulumi secret of its own: the state keeps it encrypted even if given in clear,
    and a preview shows which key changed (``~ CTP_CLIENT_SECRET: [secret] => [secret]``)."""
    if isinstance(secured, Mapping):
        return {key: pulumi.Output.secret(value) for key, value in secured.items()}
    return pulumi.Output.secret(secured)


def _secret_sections(configurations: Any) -> Any:
    """The configuration with its secured values made secrets (see :func:`_secret_values`)."""
    if isinstance(configurations, pulumi.Output):
        return pulumi.Output.secret(configurations)
    if not isinstance(configurations, Mapping):
        return configurations
    out: dict[str, Any] = {}
    for app, config in configurations.items():
        if isinstance(config, Mapping) and config.get("secured") is not None:
            out[app] = {**config, "secured": _secret_values(config["secured"])}
        else:
            out[app] = config
    return out


def _repository_of(connector: ConnectorStaged) -> pulumi.Output[Any]:
    """Where ``connector``'s connect.yaml is: its repository and tag, and its local checkout if declared."""
    checkout = connector.declared_local_checkout
    return pulumi.Output.from_input(connector.repository).apply(
        lambda repository: {**repository, "checkout": checkout} if checkout else dict(repository)
    )


class Deployment(Resource, module="connect", name="Deployment"):
    """A commercetools Connect Deployment of a connector into a project, waited on until Deployed.

    ``key`` identifies it in its project (an existing deployment with that key is taken over only with
    ``adopt=True``). Changing the configuration, ``connector_version`` or ``redeploy_trigger`` (or, with
    ``connector=``, the connector's repository or tag) redeploys it; changing the connector,
    region, type, key or project replaces it. Secured values are stored only as Pulumi secrets.
    """

    key: pulumi.Output[str]
    """The deployment's key, unique in its project."""
    connector_key: pulumi.Output[str | None]
    connector_id: pulumi.Output[str | None]
    connector_version: pulumi.Output[int | None]
    """The connector version declared (``None``: the latest at creation, and with ``connector=`` the latest
    whenever the connector's code changes); ``deployed_connector_version`` is the one running."""
    staged: pulumi.Output[bool]
    region: pulumi.Output[str]
    deployment_type: pulumi.Output[str]
    configurations: pulumi.Output[dict[str, Any]]
    """The declared configuration, secured values shown as ``[secret]``."""
    global_configuration: pulumi.Output[dict[str, Any] | None]
    project_key: pulumi.Output[str | None]
    skip_scripts: pulumi.Output[bool]
    timeouts: pulumi.Output[dict[str, float]]
    redeploy_trigger: pulumi.Output[str | None]
    """The last value that asked for a redeploy as is (see ``__init__``)."""
    deployment_id: pulumi.Output[str]
    version: pulumi.Output[int]
    """The Deployment's version on the server (it grows with every redeploy)."""
    status: pulumi.Output[str]
    """The Deployment's status on the server (``Deployed`` after every successful ``pulumi up``)."""
    applications: pulumi.Output[dict[str, dict[str, str]]]
    """Per application: ``id`` and, by type, ``url`` (service), ``topic`` (event), ``schedule`` (job)."""
    api_client: pulumi.Output[dict[str, Any] | None]
    build_report: pulumi.Output[dict[str, Any] | None]
    preview: pulumi.Output[bool]
    deployed_connector_version: pulumi.Output[int]
    secured_hashes: pulumi.Output[dict[str, dict[str, str]]]
    """A salted hash per secured value (a Pulumi secret): how a changed secret is noticed."""
    connector_repository: pulumi.Output[dict[str, str] | None]
    """With ``connector=``: the connector's repository and tag, whose connect.yaml ``pulumi preview`` checks
    the configuration against."""
    connector_availability: pulumi.Output[dict[str, Any] | None]
    """With ``connector=``: where the connector may be deployed as declared (its ``declared_availability``),
    which ``pulumi preview`` checks the region and project against."""
    connection: pulumi.Output[dict[str, Any] | None]
    """The connection given, if any (its client secret a Pulumi secret)."""
    promoted_from: pulumi.Output[dict[str, Any] | None]
    """What the environment before runs (connector version and status), when promoted from one."""
    on_failure: pulumi.Output[str]
    revision: pulumi.Output[int | None]
    """With ``on_failure="rollback"``: the number of the deployment revision live after the last ``pulumi up``."""
    last_good: pulumi.Output[dict[str, Any] | None]
    """With ``on_failure="rollback"``: the configuration last deployed successfully (a Pulumi secret)."""
    optional_outputs: pulumi.Output[dict[str, Any]]
    """The outputs that may have no value (``api_client``, ``build_report``, ``revision``), as returned."""

    def __init__(
        self,
        resource_name: str,
        *,
        key: pulumi.Input[str],
        region: pulumi.Input[RegionName | str],
        configurations: pulumi.Input[Mapping[str, pulumi.Input[ApplicationConfigArgs]]] | None = None,
        connector: ConnectorStaged | None = None,
        connector_key: pulumi.Input[str] | None = None,
        connector_id: pulumi.Input[str] | None = None,
        connector_version: pulumi.Input[int] | None = None,
        staged: pulumi.Input[bool] | None = None,
        deployment_type: pulumi.Input[DeploymentTypeName | str] | None = None,
        global_configuration: pulumi.Input[GlobalConfigArgs] | None = None,
        project_key: pulumi.Input[str] | None = None,
        skip_scripts: pulumi.Input[bool] = False,
        timeouts: pulumi.Input[DeploymentTimeoutsArgs] | None = None,
        on_failure: pulumi.Input[OnFailure | str] = "fail",
        redeploy_trigger: pulumi.Input[str] | None = None,
        connection: Connection | None = None,
        promoted_from: PromotionArgs | None = None,
        adopt: pulumi.Input[bool] = False,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        """Declare a Deployment.

        Name the connector with ``connector_key`` or ``connector_id`` (``staged=True`` for a previewable
        ConnectorStaged), or pass ``connector=`` a :class:`ConnectorStaged` of the same program: its key
        and its code (repository and tag) are then used, so ``pulumi preview`` checks the configuration
        against its connect.yaml, and a new tag redeploys the deployment on the connector's latest version
        (the staged one, or the published one with ``staged=False``; ``updateConnector``). A new connector
        version that changes only metadata (name, description, creator, regions, ...) rebuilds nothing:
        the deployment runs the same code. ``connector_version`` pins a version instead. ``configurations``
        maps application names to ``{"standard": {...}, "secured": {...}}``.

        ``on_failure="rollback"``: when a redeploy (a configuration or connector version change) ends
        ``Failed``, bring the last good deployment back and wait until it is ``Deployed`` again, then fail
        the update with the failed build's report and what is live.

        ``connection`` names the project, region and API client to use instead of the stack's settings
        (:class:`~connect_as_code.Connection`); the deployment goes to its project unless ``project_key``
        says otherwise.

        ``promoted_from`` (:func:`~connect_as_code.promotion_from`) makes ``pulumi preview`` refuse a
        ``connector_version`` that the environment before does not run, ``Deployed``.

        ``redeploy_trigger`` redeploys the deployment as it is (same configuration, same connector
        version) whenever its value changes, a first value included; removing it redeploys nothing. Set
        it from one stack config value to redeploy every deployment of a stack in one ``pulumi up``, as
        for a runtime security update: ``pulumi config set redeployTrigger 2026-10-23``.

        ``adopt=True`` lets ``pulumi up`` take over a deployment that already has ``key`` in the project
        (and redeploy it once to the declaration); without it, creating a resource whose key exists fails,
        saying so.
        """
        connector_repository = connector_availability = None
        if connector is not None:
            staged = True if staged is None else staged
            connector_key = connector_key or connector.key
            connector_repository = _repository_of(connector)
            connector_availability = connector.declared_availability
        props: dict[str, Any] = {
            "key": key,
            "connector_key": connector_key,
            "connector_id": connector_id,
            "connector_version": connector_version,
            "staged": staged,
            "region": region,
            "deployment_type": deployment_type,
            "configurations": _secret_sections(configurations or {}),
            "global_configuration": _secret_sections({"": global_configuration})[""] if global_configuration else None,
            "project_key": project_key,
            "skip_scripts": skip_scripts,
            "timeouts": timeouts,
            "connector_repository": connector_repository,
            "connector_availability": connector_availability,
            "on_failure": on_failure,
            "redeploy_trigger": redeploy_trigger,
            "connection": connection.as_input() if connection is not None else None,
            "promoted_from": promoted_from,
            "adopt": adopt or None,  # left out when False: stacks of earlier versions see no new input
        }
        props.update(dict.fromkeys(OUTPUT_NAMES))
        props["status"] = DeploymentStatus.DEPLOYED.value  # the declared status: refresh records the real one
        opts = pulumi.ResourceOptions.merge(
            opts, pulumi.ResourceOptions(additional_secret_outputs=list(SECRET_OUTPUTS))
        )
        with restoring_pickler():
            super().__init__(DeploymentProvider(), resource_name, props, opts)
        expose_optional_outputs(self, OPTIONAL_OUTPUTS)
