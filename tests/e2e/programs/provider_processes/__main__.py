"""``count`` deployments as the versions with ``connect:providerProcesses`` declared them (config ``dealt: true``):
the first 4 on the default provider, the others on an explicit ``pulumi-python`` provider ``connect-1``
configured with the ``connect:*`` stack config. With ``dealt: false``, the same deployments as this version
declares them: all on the default provider."""

import pulumi

from connect_as_code import Deployment

config = pulumi.Config()
connect = pulumi.Config("connect")
project_key = connect.require("projectKey")
dealt = None
if config.get_bool("dealt"):
    names = ("region", "projectKey", "clientId", "connectUrl", "authUrl")
    settings: dict[str, pulumi.Input[str]] = {f"connect:{name}": connect.require(name) for name in names}
    settings["connect:clientSecret"] = connect.require_secret("clientSecret")
    dealt = pulumi.ProviderResource("pulumi-python", "connect-1", settings)

for i in range(config.require_int("count")):
    Deployment(
        f"deployment-{i}",
        key=f"deployment-{i}",
        connector_key="abc-first-connector",
        staged=True,
        region="europe-west1.gcp",
        configurations={
            "cartExtension": {
                "standard": {"CTP_PROJECT_KEY": project_key, "CTP_REGION": "europe-west1.gcp"},
                "secured": {"CTP_CLIENT_ID": f"client-{i}", "CTP_CLIENT_SECRET": "deployments-secret"},
            }
        },
        opts=pulumi.ResourceOptions(provider=dealt if i >= 4 else None),
    )
