"""Promotion: an environment deploys only a connector version the environment before it runs.

A connector is published once and its versions move from environment to environment: staging runs a
version, then production is pinned to that same version. ``Deployment(promoted_from=...)`` makes the
rule part of the declaration, so ``pulumi preview`` refuses to deploy to production a version staging
has not run::

    staging = pulumi.StackReference("organization/shop/staging")
    Deployment("production", ..., connector_version=config.require_int("connectorVersion"),
               promoted_from=promotion_from(staging, environment="staging"))

The environment before exports its deployment's ``deployed_connector_version`` and ``status`` (the
root program of this repository exports them as ``deployedConnectorVersion`` and ``deploymentStatus``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

import pulumi

from connect_as_code import validation as v
from connect_as_code.vocabulary import DeploymentStatus


class PromotionArgs(TypedDict):
    """What runs in the environment a deployment is promoted from."""

    environment: str
    """Its name, for messages (``staging``)."""
    connector_version: pulumi.Input[int]
    """The connector version deployed there."""
    status: pulumi.Input[str]
    """The status of that deployment there."""


def promotion_from(
    stack: pulumi.StackReference,
    *,
    environment: str,
    version_output: str = "deployedConnectorVersion",
    status_output: str = "deploymentStatus",
) -> PromotionArgs:
    """The promotion gate of a deployment, read from the stack of the environment before it."""
    return {
        "environment": environment,
        "connector_version": stack.require_output(version_output),
        "status": stack.require_output(status_output),
    }


def promotion_problems(connector_version: Any, promoted_from: Any) -> list[v.Problem]:
    """Why ``connector_version`` may not be deployed yet: the environment before does not run it."""
    if not isinstance(promoted_from, Mapping) or v.is_unknown(promoted_from) or v.is_unknown(connector_version):
        return []
    environment = promoted_from.get("environment") or "the environment before"
    ran = v.whole_number(promoted_from.get("connector_version"))
    status = promoted_from.get("status")
    if connector_version is None:
        return [v.Problem("connector_version", f"pin the version to promote from {environment} (it runs {ran})")]
    if ran == connector_version and status == DeploymentStatus.DEPLOYED:
        return []
    now = f"{environment} runs version {ran} ({status})" if ran is not None else f"{environment} runs nothing"
    return [
        v.Problem(
            "connector_version",
            f"version {connector_version} has not run in {environment}: {now}. Promote the version {environment} "
            f"runs, or deploy version {connector_version} to {environment} first",
        )
    ]
