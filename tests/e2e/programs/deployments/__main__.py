"""``count`` preview deployments (config) of the existing staged connector ``connectorKey``, each
redeployed as is whenever ``redeployTrigger`` changes."""

import pulumi

from connect_as_code import Deployment

config = pulumi.Config()
project_key = pulumi.Config("connect").require("projectKey")
for i in range(config.require_int("count")):
    Deployment(
        f"deployment-{i}",
        key=f"deployment-{i}",
        connector_key=config.get("connectorKey") or "abc-first-connector",
        staged=True,
        region="europe-west1.gcp",
        configurations={
            "cartExtension": {
                "standard": {"CTP_PROJECT_KEY": project_key, "CTP_REGION": "europe-west1.gcp"},
                "secured": {"CTP_CLIENT_ID": f"client-{i}", "CTP_CLIENT_SECRET": "deployments-secret"},
            }
        },
        redeploy_trigger=config.get("redeployTrigger"),
    )
