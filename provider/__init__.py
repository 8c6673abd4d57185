"""commercetools Connect as Pulumi resources.

Declare connectors and their deployments next to the rest of the infrastructure::

    from provider import ConnectorStaged, Deployment

Importing this package has no side effects: providers are pickled by reference into the state, so
this module path is a stable API.
"""

from provider.connector_staged import ConnectorStaged, ConnectorStagedProvider
from provider.deployment import Deployment, DeploymentProvider

__all__ = ["ConnectorStaged", "ConnectorStagedProvider", "Deployment", "DeploymentProvider"]
