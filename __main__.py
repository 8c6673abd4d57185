"""The Getting-started connector: published once, its versions promoted from environment to environment.

One program; the stacks differ only in config (``Pulumi.<stack>.yaml``). ``role`` says what a stack is:

* ``connector`` (the default; stack ``dev``): the ConnectorStaged of ``abc/first-connect-application`` at
  ``connectorTag``, made previewable, deployed as a preview into the dev project (``connect:projectKey``),
  and, with ``publish: private``, published for the dev project and every project of ``promoteTo``
  (``<region>:<projectKey>``). Exports the connector's key and its published version.
* ``environment`` (stacks ``staging``, ``prod``): a Deployment of the published connector into the
  stack's project (``deploymentType`` ``sandbox`` or ``production``), pinned to ``connectorVersion``, or,
  without one, to the version the connector stack (``connectorStack``) has published. ``promotedFrom``
  names the stack of the environment before (prod: staging): ``pulumi preview`` refuses a version that
  environment does not run.

Every stack also reads ``cartExtensionClientId`` / ``cartExtensionClientSecret`` (secrets) and
``cartExtensionScope``, the API client the deployed ``cartExtension`` application uses, and
``redeployTrigger``: any new value redeploys the deployment as it is (a runtime security update:
``pulumi config set redeployTrigger 2026-10-23 && pulumi up``).

A release: a new ``connectorTag`` on ``dev`` (``pulumi up``: the connector points at the tag, becomes
previewable again, is published as the next version); ``staging`` follows it (``pulumi up``); then
``connectorVersion`` of ``prod`` is set to that version (``pulumi up``) once staging runs it.
"""

import pulumi

from connect_as_code import ApplicationConfigArgs, ConnectorStaged, Deployment, promotion_from

config = pulumi.Config()
connect = pulumi.Config("connect")
region = connect.get("region") or "europe-west1.gcp"
project_key = connect.require("projectKey")
connector_key = config.get("connectorKey") or "abc-first-connector"
configurations: dict[str, ApplicationConfigArgs] = {
    "cartExtension": {
        "standard": {"CTP_PROJECT_KEY": project_key, "CTP_REGION": region},
        "secured": {
            "CTP_CLIENT_ID": config.require_secret("cartExtensionClientId"),
            "CTP_CLIENT_SECRET": config.require_secret("cartExtensionClientSecret"),
            "CTP_SCOPE": config.get("cartExtensionScope") or f"manage_project:{project_key}",
        },
    }
}


def connector_stack() -> None:
    """The connector, its preview deployment in the dev project, and its private publication."""
    connector = ConnectorStaged(
        "abc-first-connector",
        key=connector_key,
        name="Abc First Connector",
        description="An example connector",
        creator={
            "title": "Mr",
            "name": "John Doe",
            "email": "john.doe@example.com",
            "company": "abc",
            "no_of_developers": 10,
        },
        repository={
            "url": "https://github.com/abc/first-connect-application.git",
            "tag": config.get("connectorTag") or "0.0.0",
        },
        supported_regions=[region],
        private_projects=[f"{region}:{project_key}", *(config.get_object("promoteTo") or [])],
        previewable=True,
        publish=config.get("publish") or "none",
    )
    deployment = Deployment(
        "abc-first-connector-deployment",
        key=f"{connector_key}-preview",
        connector=connector,
        staged=True,
        region=region,
        configurations=configurations,
        redeploy_trigger=config.get("redeployTrigger"),
    )
    pulumi.export("connectorKey", connector.key)
    pulumi.export("connectorStagedId", connector.id)
    pulumi.export("connectorStagedVersion", connector.version)
    pulumi.export("isPreviewable", connector.is_previewable)
    pulumi.export("connectorStatus", connector.status)
    pulumi.export("publishedConnectorVersion", connector.connector_version)
    export_deployment(deployment)


def environment_stack() -> None:
    """A deployment of the published connector, at the version promoted to this environment."""
    deployment_type = config.get("deploymentType") or "sandbox"
    version: pulumi.Input[int] | None = config.get_int("connectorVersion")
    if version is None:
        version = pulumi.StackReference(config.require("connectorStack")).require_output("publishedConnectorVersion")
    before = config.get("promotedFrom")
    deployment = Deployment(
        "abc-first-connector-deployment",
        key=f"{connector_key}-{deployment_type}",
        connector_key=connector_key,
        connector_version=version,
        staged=False,
        deployment_type=deployment_type,
        region=region,
        configurations=configurations,
        promoted_from=promotion_from(pulumi.StackReference(before), environment=before.rsplit("/", 1)[-1])
        if before
        else None,
        redeploy_trigger=config.get("redeployTrigger"),
    )
    export_deployment(deployment)


def export_deployment(deployment: Deployment) -> None:
    pulumi.export("deploymentId", deployment.id)
    pulumi.export("deploymentStatus", deployment.status)
    pulumi.export("deployedConnectorVersion", deployment.deployed_connector_version)
    pulumi.export(
        "cartExtensionUrl",
        deployment.applications.apply(lambda apps: (apps or {}).get("cartExtension", {}).get("url")),
    )


if (config.get("role") or "connector") == "connector":
    connector_stack()
else:
    environment_stack()
