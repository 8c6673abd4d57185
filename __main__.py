"""The seed's connector and its preview deployment, declared once for every stack.

Stacks (``Pulumi.<stack>.yaml``) differ only in config:

* ``connect:region``, ``connect:projectKey`` (and credentials, see ``provider/settings.py``);
* ``connectorTag``: the git tag of ``abc/first-connect-application`` to stage;
* ``cartExtensionClientId`` / ``cartExtensionClientSecret`` (secrets) / ``cartExtensionScope``: the API
  client the deployed ``cartExtension`` application uses.
"""

import pulumi

from provider import ConnectorStaged, Deployment

config = pulumi.Config()
connect = pulumi.Config("connect")
region = connect.get("region") or "europe-west1.gcp"
project_key = connect.require("projectKey")

connector = ConnectorStaged(
    "abc-first-connector",
    key="abc-first-connector",
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
)

preview = Deployment(
    "abc-first-connector-preview",
    key="abc-first-connector-preview",
    connector=connector,
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
)

pulumi.export("connectorStagedId", connector.id)
pulumi.export("connectorStagedVersion", connector.version)
pulumi.export("isPreviewable", connector.is_previewable)
pulumi.export("previewDeploymentId", preview.id)
pulumi.export("previewDeploymentStatus", preview.status)
pulumi.export(
    "cartExtensionUrl",
    preview.applications.apply(lambda apps: (apps or {}).get("cartExtension", {}).get("url")),
)
