"""The guide's creator path: the connector, its preview deployment and, once published, a sandbox one.

Config: ``tag`` (default ``0.0.0``), ``description``, ``publish`` (``none``, ``private``,
``certification``), ``sandbox`` (true: also deploy the published Connector), ``comments`` (a JSON
list: the creator's answers to the Connect team, ``certification_comments``), ``pinVersion`` (true:
the preview deployment pins the connector's staged version, as ``connector=`` did before it followed the
connector's code; the state it leaves is the one earlier versions wrote).
"""

import json

import pulumi

from connect_as_code import ApplicationConfigArgs, ConnectorStaged, Deployment

config = pulumi.Config()
project_key = pulumi.Config("connect").require("projectKey")
region = "europe-west1.gcp"
comments = json.loads(config.get("comments") or "null")
configurations: dict[str, ApplicationConfigArgs] = {
    "cartExtension": {
        "standard": {"CTP_PROJECT_KEY": project_key, "CTP_REGION": region},
        "secured": {
            "CTP_CLIENT_ID": config.require_secret("cartExtensionClientId"),
            "CTP_CLIENT_SECRET": config.require_secret("cartExtensionClientSecret"),
            "CTP_SCOPE": f"manage_project:{project_key}",
        },
    }
}
connector = ConnectorStaged(
    "connector",
    key="abc-first-connector",
    name="Abc First Connector",
    description=config.get("description") or "An example connector",
    creator={"email": "john.doe@example.com", "company": "abc"},
    repository={"url": "https://github.com/abc/first-connect-application.git", "tag": config.get("tag") or "0.0.0"},
    supported_regions=[region],
    private_projects=[f"{region}:{project_key}"],
    previewable=True,
    publish=config.get("publish") or "none",
    **({"certification_comments": comments} if comments is not None else {}),
)
Deployment(
    "preview",
    key="abc-first-connector-preview",
    connector=connector,
    connector_version=connector.version if config.get_bool("pinVersion") else None,
    staged=True,
    region=region,
    configurations=configurations,
)
if config.get_bool("sandbox"):
    Deployment(
        "sandbox",
        key="abc-first-connector-sandbox",
        connector=connector,
        staged=False,
        region=region,
        configurations=configurations,
    )
pulumi.export("status", connector.status)
pulumi.export("version", connector.version)
