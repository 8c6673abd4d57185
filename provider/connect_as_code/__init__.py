"""commercetools Connect as Pulumi resources.

Declare connectors and their deployments next to the rest of the infrastructure::

    from connect_as_code import ConnectorStaged, Deployment

Importing this package has no side effects and loads a module only when one of its names is used, so
a program that needs only ``Deployment`` does not load the ConnectorStaged modules. The state refers to
the providers by module (``connect_as_code.connector_staged``, ``connect_as_code.deployment``); the
layout of the package is in docs/development.md.

The local Connect API for tests is the ``emulator`` extra (``pip install 'connect-as-code[emulator]'``):
:mod:`connect_as_code.emulator`, and the pytest fixture ``connect_emulator``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
"""The distribution's version (the one source of it: pyproject.toml reads it from here)."""

if TYPE_CHECKING:
    from connect_as_code.connection import Connection as Connection
    from connect_as_code.connector_staged import ConnectorStagedProvider as ConnectorStagedProvider
    from connect_as_code.connector_staged_resource import ConnectorStaged as ConnectorStaged
    from connect_as_code.connector_staged_resource import ConnectorStagedTimeoutsArgs as ConnectorStagedTimeoutsArgs
    from connect_as_code.connector_staged_resource import CreatorArgs as CreatorArgs
    from connect_as_code.connector_staged_resource import RepositoryArgs as RepositoryArgs
    from connect_as_code.deployment import DeploymentProvider as DeploymentProvider
    from connect_as_code.deployment_resource import ApplicationConfigArgs as ApplicationConfigArgs
    from connect_as_code.deployment_resource import Deployment as Deployment
    from connect_as_code.deployment_resource import DeploymentTimeoutsArgs as DeploymentTimeoutsArgs
    from connect_as_code.deployment_resource import GlobalConfigArgs as GlobalConfigArgs
    from connect_as_code.lookup import ConnectorLookupError as ConnectorLookupError
    from connect_as_code.lookup import ConnectorNotFoundError as ConnectorNotFoundError
    from connect_as_code.lookup import find_connector as find_connector
    from connect_as_code.promotion import PromotionArgs as PromotionArgs
    from connect_as_code.promotion import promotion_from as promotion_from

_WHERE = {
    "ApplicationConfigArgs": "connect_as_code.deployment_resource",
    "Connection": "connect_as_code.connection",
    "PromotionArgs": "connect_as_code.promotion",
    "promotion_from": "connect_as_code.promotion",
    "ConnectorLookupError": "connect_as_code.lookup",
    "ConnectorNotFoundError": "connect_as_code.lookup",
    "ConnectorStaged": "connect_as_code.connector_staged_resource",
    "ConnectorStagedProvider": "connect_as_code.connector_staged",
    "ConnectorStagedTimeoutsArgs": "connect_as_code.connector_staged_resource",
    "CreatorArgs": "connect_as_code.connector_staged_resource",
    "Deployment": "connect_as_code.deployment_resource",
    "DeploymentProvider": "connect_as_code.deployment",
    "DeploymentTimeoutsArgs": "connect_as_code.deployment_resource",
    "GlobalConfigArgs": "connect_as_code.deployment_resource",
    "RepositoryArgs": "connect_as_code.connector_staged_resource",
    "find_connector": "connect_as_code.lookup",
}

__all__ = [
    "ApplicationConfigArgs",
    "Connection",
    "ConnectorLookupError",
    "ConnectorNotFoundError",
    "ConnectorStaged",
    "ConnectorStagedProvider",
    "ConnectorStagedTimeoutsArgs",
    "CreatorArgs",
    "Deployment",
    "DeploymentProvider",
    "DeploymentTimeoutsArgs",
    "GlobalConfigArgs",
    "PromotionArgs",
    "RepositoryArgs",
    "__version__",
    "find_connector",
    "promotion_from",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'connect_as_code' has no attribute {name!r}")
    return getattr(importlib.import_module(_WHERE[name]), name)
