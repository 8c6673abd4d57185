"""The guide's DeploymentDraft, key for key: its configuration names CT_* keys where connect.yaml says CTP_*.

Config ``withConnector=true`` also declares the ConnectorStaged in the same program (as a preview
deployment); otherwise the published connector ``connectorKey`` is deployed, as in the guide.
"""

import pulumi

from connect_as_code import ApplicationConfigArgs, ConnectorStaged, Deployment

config = pulumi.Config()
project_key = pulumi.Config("connect").require("projectKey")
configurations: dict[str, ApplicationConfigArgs] = {
    "cartExtension": {
        "standard": {"CT_PROJECT_KEY": project_key, "CT_REGION": "europe-west1.gcp"},
        "secured": {
            "CT_CLIENT_ID": "client-id-value",
            "CT_CLIENT_SECRET": "client-secret-value",
            "CT_SCOPE": f"manage_project:{project_key}",
        },
    }
}

if config.get_bool("withConnector"):
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
    Deployment(
        "my-first-deployment",
        key="my-first-deployment",
        connector=connector,
        region="europe-west1.gcp",
        configurations=configurations,
    )
else:
    Deployment(
        "my-first-deployment",
        key="my-first-deployment",
        connector_key=config.require("connectorKey"),
        region="europe-west1.gcp",
        configurations=configurations,
    )
