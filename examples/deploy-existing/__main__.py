"""Deploy a published connector that another team or stack manages.

The connector is found with the Connect search endpoint (``connectorSearch``, optionally narrowed by
``creatorCompany``), or by ``connectorKey``; the deployment follows the version this stack pins in
``connectorVersion`` (leave it unset to deploy the version found now). Nothing here can change or delete
the connector itself.

What it needs:

* one commercetools project, to which the connector is visible (public, or private with the project in
  its ``privateProjects``);
* an API client of that project with ``manage_connectors_deployments:<project>`` and
  ``view_connectors:<project>`` (or ``manage_project:<project>``), given as ``CTP_CLIENT_ID`` /
  ``CTP_CLIENT_SECRET`` / ``CTP_REGION`` or as ``connect:*`` config (see the repository's docs/settings.md);
* config: ``connect:projectKey``, ``connect:region`` (default ``europe-west1.gcp``), ``connectorKey`` or
  ``connectorSearch`` (with ``creatorCompany``), optionally ``connectorVersion`` and ``deploymentKey``,
  and the secrets ``clientId`` / ``clientSecret`` of the API client the deployed application uses.

Run it from this folder with the plain CLI: ``pulumi stack init dev``, the config above, ``pulumi up``
(the first run creates ``venv`` and installs ``requirements.txt`` into it).
"""

import pulumi

from connect_as_code import Deployment, find_connector

config = pulumi.Config()
connect = pulumi.Config("connect")
region = connect.get("region") or "europe-west1.gcp"
project_key = connect.require("projectKey")

if config.get("connectorKey"):
    connector = find_connector(key=config.get("connectorKey"))
else:
    connector = find_connector(text=config.require("connectorSearch"), creator_company=config.get("creatorCompany"))

deployment = Deployment(
    "sandbox",
    key=config.get("deploymentKey") or f"{connector['key']}-sandbox",
    connector_id=connector["id"],
    connector_version=config.get_int("connectorVersion") or connector["version"],
    deployment_type="sandbox",
    region=region,
    configurations={
        "cartExtension": {
            "standard": {"CTP_PROJECT_KEY": project_key, "CTP_REGION": region},
            "secured": {
                "CTP_CLIENT_ID": config.require_secret("clientId"),
                "CTP_CLIENT_SECRET": config.require_secret("clientSecret"),
            },
        }
    },
)

pulumi.export("connector", {"id": connector["id"], "key": connector["key"], "version": connector["version"]})
pulumi.export("status", deployment.status)
pulumi.export("url", deployment.applications.apply(lambda apps: apps["cartExtension"].get("url")))
