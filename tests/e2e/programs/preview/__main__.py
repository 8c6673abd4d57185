"""The Getting-started connector and its preview deployment, with what a pull request changes in config.

Config: ``repository`` (URL), ``tag``, ``localCheckout`` (optional), ``configurations`` (JSON, the
deployment's configuration; secured values come from the secret ``appClientSecret``), ``onFailure``.
"""

import json

import pulumi

from connect_as_code import ConnectorStaged, Deployment

config = pulumi.Config()
project_key = pulumi.Config("connect").require("projectKey")
connector = ConnectorStaged(
    "connector",
    key="abc-first-connector",
    name="Abc First Connector",
    creator={"email": "john.doe@example.com"},
    repository={
        "url": config.get("repository") or "https://github.com/abc/first-connect-application.git",
        "tag": config.require("tag"),
    },
    supported_regions=["europe-west1.gcp"],
    private_projects=[f"europe-west1.gcp:{project_key}"],
    previewable=True,
    local_checkout=config.get("localCheckout"),
)
configurations = json.loads(config.require("configurations"))
for application in configurations.values():
    application.setdefault("secured", {})["CTP_CLIENT_SECRET"] = config.require_secret("appClientSecret")
deployment = Deployment(
    "preview",
    key="abc-first-connector-preview",
    connector=connector,
    region="europe-west1.gcp",
    configurations=configurations,
    on_failure=config.get("onFailure") or "fail",
)
pulumi.export("status", deployment.status)
pulumi.export("revision", deployment.revision)
pulumi.export("publishedConnectorVersion", connector.connector_version)
