"""commercetools Connect as Pulumi resources.

Declare connectors and their deployments next to the rest of the infrastructure::

    from provider import ConnectorStaged, Deployment

Importing this package has no side effects: providers are pickled by reference into the state, so
these module paths are a stable API.
"""

from provider.connector_staged import ConnectorStaged, ConnectorStagedProvider, CreatorArgs, RepositoryArgs
from provider.deployment import ApplicationConfigArgs, Deployment, DeploymentProvider, GlobalConfigArgs
from provider.lookup import ConnectorNotFoundError, find_connector

__all__ = [
    "ApplicationConfigArgs",
    "ConnectorNotFoundError",
    "ConnectorStaged",
    "ConnectorStagedProvider",
    "CreatorArgs",
    "Deployment",
    "DeploymentProvider",
    "GlobalConfigArgs",
    "RepositoryArgs",
    "find_connector",
]
