"""``count`` preview deployments (config) of the existing staged connector ``connectorKey``."""

import pulumi

from connect_as_code import Deployment

config = pulumi.Config()
project_key = pulumi.Config("connect").require("projectKey")
prefix = config.require("prefix")
for i in range(config.require_int("count")):
    Deployment(
        f"{prefix}-{i}",
        key=f"{prefix}-{i}",
        connector_key=config.require("connectorKey"),
        staged=True,
        region="europe-west1.gcp",
        configurations={
            "cartExtension": {
                "standard": {"CTP_PROJECT_KEY": project_key, "CTP_REGION": "europe-west1.gcp"},
                "secured": {"CTP_CLIENT_ID": f"client-{i}", "CTP_CLIENT_SECRET": "bench-secret"},
            }
        },
    )
