"""One ConnectorStaged and ``count - 1`` preview deployments of it: ``count`` resources of this project."""

import pulumi

from connect_as_code import ConnectorStaged, Deployment

config = pulumi.Config()
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
for i in range(config.require_int("count") - 1):
    Deployment(
        f"declared-{i}",
        key=f"declared-{i}",
        connector=connector,
        region="europe-west1.gcp",
        configurations={
            "cartExtension": {
                "standard": {"CTP_PROJECT_KEY": project_key, "CTP_REGION": "europe-west1.gcp"},
                "secured": {"CTP_CLIENT_ID": f"client-{i}", "CTP_CLIENT_SECRET": "bench-secret"},
            }
        },
    )
