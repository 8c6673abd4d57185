"""commercetools Connect as Pulumi resources.

Declare connectors and their deployments next to the rest of the infrastructure::

    from provider import ConnectorStaged, Deployment

Importing this package has no side effects, and imports nothing until a name is used: the provider
processes unpickle ``provider.connector_staged`` / ``provider.deployment`` by reference and should load
only what they need (see the README, "Performance").
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from provider.connector_staged import ConnectorStaged as ConnectorStaged
    from provider.connector_staged import ConnectorStagedProvider as ConnectorStagedProvider
    from provider.connector_staged import CreatorArgs as CreatorArgs
    from provider.connector_staged import RepositoryArgs as RepositoryArgs
    from provider.deployment import ApplicationConfigArgs as ApplicationConfigArgs
    from provider.deployment import Deployment as Deployment
    from provider.deployment import DeploymentProvider as DeploymentProvider
    from provider.deployment import GlobalConfigArgs as GlobalConfigArgs
    from provider.lookup import ConnectorNotFoundError as ConnectorNotFoundError
    from provider.lookup import find_connector as find_connector

_WHERE = {
    "ApplicationConfigArgs": "provider.deployment",
    "ConnectorNotFoundError": "provider.lookup",
    "ConnectorStaged": "provider.connector_staged",
    "ConnectorStagedProvider": "provider.connector_staged",
    "CreatorArgs": "provider.connector_staged",
    "Deployment": "provider.deployment",
    "DeploymentProvider": "provider.deployment",
    "GlobalConfigArgs": "provider.deployment",
    "RepositoryArgs": "provider.connector_staged",
    "find_connector": "provider.lookup",
}

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


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'provider' has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)
