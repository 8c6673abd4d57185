"""``count`` preview deployments (config) of the existing staged connector ``connectorKey``.

``face: native`` declares them through the native provider's generated Python SDK
(``pulumi_commercetools_connect``, plugin ``pulumi-resource-commercetools-connect``) instead of the
dynamic resources of ``connect_as_code``: the same inputs, so that the face is the only difference.
"""

import pulumi

config = pulumi.Config()
if config.get("face") == "native":
    from pulumi_commercetools_connect import Deployment

    project_key = pulumi.Config("commercetools-connect").require("projectKey")
else:
    from connect_as_code import Deployment

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
