"""A connector's whole release pipeline in one program.

staged -> previewable -> preview deployment (in the test project) -> published privately ->
production deployment (in the production project, only after the preview deployment is Deployed).

Releasing a new version is one changed ``tag`` in config and one ``pulumi up``: the ConnectorStaged
points at the new tag, is checked and published again, and both deployments are redeployed on it.

Config: ``connect:region``, ``connect:projectKey`` (the test project), credentials (see the README),
``tag``, ``productionProject``, and the secrets ``clientId`` / ``clientSecret`` of the API client the
deployed application uses.
"""

import pulumi

from provider import ConnectorStaged, Deployment

config = pulumi.Config()
connect = pulumi.Config("connect")
region = connect.get("region") or "europe-west1.gcp"
test_project = connect.require("projectKey")
production_project = config.require("productionProject")


def app_configuration(project_key: str) -> dict[str, object]:
    """The cartExtension configuration for one project."""
    return {
        "cartExtension": {
            "standard": {"CTP_PROJECT_KEY": project_key, "CTP_REGION": region},
            "secured": {
                "CTP_CLIENT_ID": config.require_secret("clientId"),
                "CTP_CLIENT_SECRET": config.require_secret("clientSecret"),
                "CTP_SCOPE": f"manage_project:{project_key}",
            },
        }
    }


connector = ConnectorStaged(
    "connector",
    key="abc-first-connector",
    name="Abc First Connector",
    description="An example connector",
    creator={"name": "John Doe", "email": "john.doe@example.com", "company": "abc"},
    repository={"url": "https://github.com/abc/first-connect-application.git", "tag": config.require("tag")},
    supported_regions=[region],
    private_projects=[f"{region}:{test_project}", f"{region}:{production_project}"],
    previewable=True,
    publish="private",
)

preview = Deployment(
    "preview",
    key="abc-first-connector-preview",
    connector=connector,
    staged=True,
    region=region,
    configurations=app_configuration(test_project),
)

production = Deployment(
    "production",
    key="abc-first-connector",
    connector=connector,
    staged=False,
    deployment_type="production",
    project_key=production_project,
    region=region,
    configurations=app_configuration(production_project),
    opts=pulumi.ResourceOptions(depends_on=[preview]),
)

pulumi.export("connectorVersion", connector.connector_version)
pulumi.export("previewUrl", preview.applications.apply(lambda apps: apps["cartExtension"].get("url")))
pulumi.export("productionUrl", production.applications.apply(lambda apps: apps["cartExtension"].get("url")))
