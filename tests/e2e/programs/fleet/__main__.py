"""``connectors`` staged connectors (config, default 5), each previewable, each with ``deploymentsPerConnector``
preview deployments (default 1) whose application secret is ``appSecret`` (a secret)."""

import pulumi

from connect_as_code import ConnectorStaged, Deployment

config = pulumi.Config()
project_key = pulumi.Config("connect").require("projectKey")
app_secret = config.get_secret("appSecret") or "fleet-secret"
timeouts = config.get_object("timeouts")

for c in range(config.get_int("connectors") or 5):
    connector = ConnectorStaged(
        f"connector-{c}",
        key=f"fleet-connector-{c}",
        name=f"Fleet connector {c}",
        creator={"email": "fleet@example.com"},
        repository={"url": "https://github.com/abc/first-connect-application.git", "tag": config.get("tag") or "0.0.0"},
        supported_regions=["europe-west1.gcp"],
        private_projects=[f"europe-west1.gcp:{project_key}"],
        previewable=True,
    )
    for d in range(config.get_int("deploymentsPerConnector") or 1):
        Deployment(
            f"deployment-{c}-{d}",
            key=f"fleet-deployment-{c}-{d}",
            connector=connector,
            region="europe-west1.gcp",
            configurations={
                "cartExtension": {
                    "standard": {"CTP_PROJECT_KEY": project_key, "CTP_REGION": "europe-west1.gcp"},
                    "secured": {"CTP_CLIENT_ID": f"fleet-client-{c}", "CTP_CLIENT_SECRET": app_secret},
                }
            },
            timeouts=timeouts,
        )
