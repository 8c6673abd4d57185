"""The seed's connector and its deployment, declared once for every stack.

Stacks differ only in config (``Pulumi.<stack>.yaml``):

* ``connect:region``, ``connect:projectKey`` and the credentials (see the README, "Settings");
* ``connectorKey``: the key of this environment's ConnectorStaged (default ``abc-first-connector``);
* ``connectorTag``: the git tag of ``abc/first-connect-application`` to release (default ``0.0.0``);
* ``deploymentType``: ``preview`` deploys the staged connector (dev); ``sandbox`` or ``production``
  publish it privately first and deploy the published Connector (staging, prod);
* ``cartExtensionClientId`` / ``cartExtensionClientSecret`` (secrets) and ``cartExtensionScope``: the API
  client the deployed ``cartExtension`` application uses;
* ``redeployTrigger``: any new value redeploys the deployment as it is (a runtime security update:
  ``pulumi config set redeployTrigger 2026-10-23 && pulumi up``).

A release is one changed ``connectorTag`` and one ``pulumi up``: the ConnectorStaged points at the new
tag, becomes previewable again (and is republished), and the deployment is redeployed on the new version.
"""

import pulumi

from connect_as_code import ConnectorStaged, Deployment

config = pulumi.Config()
connect = pulumi.Config("connect")
region = connect.get("region") or "europe-west1.gcp"
project_key = connect.require("projectKey")
connector_key = config.get("connectorKey") or "abc-first-connector"
deployment_type = config.get("deploymentType") or "preview"
staged = deployment_type == "preview"

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
    private_projects=[f"{region}:{project_key}"],
    previewable=True,
    publish="none" if staged else "private",
)

deployment = Deployment(
    "abc-first-connector-deployment",
    key=f"{connector_key}-{deployment_type}",
    connector=connector,
    staged=staged,
    deployment_type=deployment_type,
    region=region,
    configurations={
        "cartExtension": {
            "standard": {"CTP_PROJECT_KEY": project_key, "CTP_REGION": region},
            "secured": {
                "CTP_CLIENT_ID": config.require_secret("cartExtensionClientId"),
                "CTP_CLIENT_SECRET": config.require_secret("cartExtensionClientSecret"),
                "CTP_SCOPE": config.get("cartExtensionScope") or f"manage_project:{project_key}",
            },
        }
    },
    redeploy_trigger=config.get("redeployTrigger"),
)

pulumi.export("connectorStagedId", connector.id)
pulumi.export("connectorStagedVersion", connector.version)
pulumi.export("isPreviewable", connector.is_previewable)
pulumi.export("connectorStatus", connector.status)
pulumi.export("publishedConnectorVersion", connector.connector_version)
pulumi.export("deploymentId", deployment.id)
pulumi.export("deploymentStatus", deployment.status)
pulumi.export("deployedConnectorVersion", deployment.deployed_connector_version)
pulumi.export(
    "cartExtensionUrl",
    deployment.applications.apply(lambda apps: (apps or {}).get("cartExtension", {}).get("url")),
)
