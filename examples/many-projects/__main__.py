"""One published connector, deployed into the projects of several clients in one `pulumi up`.

An agency (or a vendor) publishes its connector once, privately for its clients' projects, and deploys
it into each of them. Every project has its own API client, and some live in another region, whose
Connect API is another host: each deployment gets its own :class:`Connection`.

What it needs:

* a connector published privately with every project below in its ``privateProjects`` (or certified),
  at the version ``connectorVersion``;
* for each name in ``projects`` (for example ``client-a``), stack config in that namespace:
  ``client-a:projectKey``, ``client-a:region``, ``client-a:clientId``, ``client-a:clientSecret``
  (``--secret``), and optionally ``client-a:authUrl`` / ``client-a:connectUrl`` for another host. Each API
  client needs ``manage_connectors_deployments:<its project>`` and ``view_connectors:<its project>``;
* config: ``connectorKey``, ``connectorVersion``, ``projects`` (a list, ``pulumi config set --path
  'projects[0]' client-a``), and the secrets ``appClientId`` / ``appClientSecret`` the deployed
  application uses.

Run it from this folder with the plain CLI (``pulumi up --parallel 16``, or ``--continue-on-error`` to
let every other project finish when one deployment fails).
"""

import pulumi

from connect_as_code import ApplicationConfigArgs, Connection, Deployment

config = pulumi.Config()
connector_key = config.require("connectorKey")
connector_version = config.require_int("connectorVersion")

deployments = {}
for name in config.require_object("projects"):
    project = pulumi.Config(name)
    connection = Connection.from_config(name)
    configurations: dict[str, ApplicationConfigArgs] = {
        "cartExtension": {
            "standard": {"CTP_PROJECT_KEY": project.require("projectKey"), "CTP_REGION": project.require("region")},
            "secured": {
                "CTP_CLIENT_ID": config.require_secret("appClientId"),
                "CTP_CLIENT_SECRET": config.require_secret("appClientSecret"),
            },
        }
    }
    deployments[name] = Deployment(
        name,
        key=f"{connector_key}-{name}",
        connector_key=connector_key,
        connector_version=connector_version,
        staged=False,
        deployment_type="sandbox",
        region=project.require("region"),
        configurations=configurations,
        connection=connection,
    )

pulumi.export("status", {name: deployment.status for name, deployment in deployments.items()})
pulumi.export(
    "urls",
    {name: d.applications.apply(lambda apps: apps["cartExtension"].get("url")) for name, d in deployments.items()},
)
