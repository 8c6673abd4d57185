"""One ConnectorStaged and ``count - 1`` preview deployments of it: ``count`` resources of this project.

``face: native`` declares them through the native provider's generated Python SDK
(``pulumi_commercetools_connect``), where a Deployment names its connector by key and version, as a YAML
program does (``connectorKey: ${connector.key}``), instead of ``connector=``.
"""

import pulumi

config = pulumi.Config()
if config.get("face") == "native":
    from pulumi_commercetools_connect import ConnectorStaged, Deployment

    project_key = pulumi.Config("commercetools-connect").require("projectKey")
else:
    from connect_as_code import ConnectorStaged, Deployment

    project_key = pulumi.Config("connect").require("projectKey")
connector = ConnectorStaged(
    "connector",
    key="bench-declared",
    name="Bench connector",
    creator={"email": "bench@example.com"},
    repository={"url": "https://github.com/abc/first-connect-application.git", "tag": "0.0.0"},
    supported_regions=["europe-west1.gcp"],
    private_projects=[f"europe-west1.gcp:{project_key}"],
    previewable=True,
)
if config.get("face") == "native":
    names_connector = {"connector_key": connector.key, "connector_version": connector.version, "staged": True}
else:
    names_connector = {"connector": connector}
for i in range(config.require_int("count") - 1):
    Deployment(
        f"declared-{i}",
        key=f"declared-{i}",
        region="europe-west1.gcp",
        configurations={
            "cartExtension": {
                "standard": {"CTP_PROJECT_KEY": project_key, "CTP_REGION": "europe-west1.gcp"},
                "secured": {"CTP_CLIENT_ID": f"client-{i}", "CTP_CLIENT_SECRET": "bench-secret"},
            }
        },
        **names_connector,
    )
