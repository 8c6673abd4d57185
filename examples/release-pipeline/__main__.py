"""A connector's whole release pipeline in one program.

staged -> previewable -> preview deployment (in the test project) -> published privately ->
production deployment (in the production project, only after the preview deployment is Deployed).

Releasing a new version is one changed ``tag`` in config and one ``pulumi up``: the ConnectorStaged
points at the new tag, is checked and published again, and both deployments are redeployed on it.

What it needs:

* two commercetools projects in one region: a test project and a production project, each with its own
  API client. The stack's (``CTP_CLIENT_ID`` / ``CTP_CLIENT_SECRET`` / ``CTP_REGION``, or ``connect:*``
  config; see the repository's docs/settings.md) manages the connector and the preview in the test project:
  ``manage_connectors:<test>``, ``manage_connectors_deployments:<test>``, ``view_connectors:<test>``.
  The production deployment uses its own connection, the stack config ``production:projectKey``,
  ``production:clientId``, ``production:clientSecret`` (``--secret``): an API client of the production
  project with ``manage_connectors_deployments:<production>`` and ``view_connectors:<production>``;
* config: ``connect:projectKey`` (the test project), ``connect:region`` (default ``europe-west1.gcp``),
  ``tag`` (the git tag to release), and the secrets ``clientId`` / ``clientSecret`` of the API client the
  deployed application uses.

Run it from this folder with the plain CLI: ``pulumi stack init release``, the config above,
``pulumi up`` (the first run creates ``venv`` and installs ``requirements.txt`` into it).
"""

import pulumi

from connect_as_code import ApplicationConfigArgs, Connection, ConnectorStaged, Deployment

config = pulumi.Config()
connect = pulumi.Config("connect")
region = connect.get("region") or "europe-west1.gcp"
test_project = connect.require("projectKey")
production_connection = Connection.from_config("production")
production_project = pulumi.Config("production").require("projectKey")


def app_configuration(project_key: str) -> dict[str, ApplicationConfigArgs]:
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
    connection=production_connection,
    region=region,
    configurations=app_configuration(production_project),
    opts=pulumi.ResourceOptions(depends_on=[preview]),
)

pulumi.export("connectorVersion", connector.connector_version)
pulumi.export("previewUrl", preview.applications.apply(lambda apps: apps["cartExtension"].get("url")))
pulumi.export("productionUrl", production.applications.apply(lambda apps: apps["cartExtension"].get("url")))
