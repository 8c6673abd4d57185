"""A ConnectorStaged and a Deployment of it, with the deployment's region, project and schedule from config.

Config ``connectorKey`` deploys a connector found by key instead of the one declared here, and config
``findConnector`` looks a published connector up by that key first (``find_connector``).
"""

import pulumi

from connect_as_code import ApplicationConfigArgs, ConnectorStaged, Deployment, find_connector

config = pulumi.Config()
project_key = pulumi.Config("connect").require("projectKey")
configurations: dict[str, ApplicationConfigArgs] = {
    "cartExtension": {
        "standard": {"CTP_PROJECT_KEY": project_key, "CTP_REGION": "europe-west1.gcp"},
        "secured": {"CTP_CLIENT_ID": "client-id-value", "CTP_CLIENT_SECRET": "client-secret-value"},
    }
}
schedule = config.get("schedule")
if schedule:
    configurations["job"] = {"schedule": schedule}
key, region, project = (
    "my-first-deployment",
    config.get("region") or "europe-west1.gcp",
    config.get("deploymentProject"),
)

if config.get("findConnector"):
    find_connector(key=config.require("findConnector"))
if config.get("connectorKey"):
    Deployment(key, key=key, region=region, project_key=project, configurations=configurations,
               connector_key=config.require("connectorKey"), staged=True,
               connector_version=config.get_int("connectorVersion"))  # fmt: skip
else:
    connector = ConnectorStaged(
        "connector",
        key="abc-first-connector",
        name="Abc First Connector",
        creator={"email": "john.doe@example.com"},
        repository={"url": "https://github.com/abc/first-connect-application.git", "tag": "0.0.0"},
        supported_regions=["europe-west1.gcp"],
        private_projects=[f"europe-west1.gcp:{project_key}"],
        previewable=True,
    )
    Deployment(key, key=key, region=region, project_key=project, configurations=configurations, connector=connector)
