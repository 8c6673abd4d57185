"""One Deployment of an existing connector; tests drive every input through config.

``resourceName`` renames the resource, ``aliasOf`` gives it the old name as an alias, ``adopt`` sets adopt=True.
"""

import pulumi

from connect_as_code import Deployment

config = pulumi.Config()
project_key = pulumi.Config("connect").require("projectKey")
alias_of = config.get("aliasOf")
deployment = Deployment(
    config.get("resourceName") or "deployment",
    key=config.require("deploymentKey"),
    connector_key=config.require("connectorKey"),
    staged=config.get_bool("staged") or False,
    deployment_type=config.get("deploymentType"),
    region=config.get("region") or "europe-west1.gcp",
    configurations=config.get_object("configurations")
    or {
        "cartExtension": {
            "standard": {"CTP_PROJECT_KEY": project_key, "CTP_REGION": "europe-west1.gcp"},
            "secured": {"CTP_CLIENT_ID": "id", "CTP_CLIENT_SECRET": config.get_secret("appSecret") or "s"},
        }
    },
    timeouts=config.get_object("timeouts"),
    adopt=config.get_bool("adopt") or False,
    opts=pulumi.ResourceOptions(aliases=[pulumi.Alias(name=alias_of)]) if alias_of else None,
)
pulumi.export("status", deployment.status)
