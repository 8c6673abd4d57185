"""UNCONFIRMED: what the client assumes about the deployment revisions API of 2026-10-23, in one place.

Confirmed by the release note (https://docs.commercetools.com/connect/releases/2026-10-23-roll-back-a-deployment-to-a-previous-revision)
and the reference page (https://docs.commercetools.com/connect/deployment-revisions), of which only the
beginning could be read: ``GET /{projectKey}/deployments/{id}/revisions/{revision}`` (and ``key={key}``),
``GET .../revisions`` returning the revisions most recent first, a Rollback endpoint by Deployment id and
by key that creates and deploys a new Deployment version, the type names, the ``rollbackRevision``
field on Deployment and the ``DeploymentRollbackNotAllowed`` error.

Inferred here, because the docs we could read do not show it:

- the rollback is ``POST {deployment}/revisions/{revision}/rollback`` ("Rollback DeploymentRevision"
  acts on the revision that Get addresses);
- its body is a ``DeploymentRollback`` carrying the expected Deployment ``version``, as every
  commercetools update does, so the client treats it as an update (re-read before any retry);
- it answers with the Deployment (the RAML's Deployment update answers 201; any 2xx is accepted);
- Query answers either a JSON array or a paged object whose ``results`` hold the revisions (no paged
  type was announced); both are accepted, and only that one response is read.

The fields of the revision models beyond the documented example are inferred as well (``_deployment_models``).
"""

from __future__ import annotations

from typing import Any

from connect_as_code.connect._deployment_models import Deployment, DeploymentRollback
from connect_as_code.connect._models import to_wire

ROLLBACK_METHOD = "POST"
ROLLBACK_RESPONSE = Deployment


def rollback_suffix(revision: int) -> tuple[str, str]:
    """What a rollback appends to the Deployment's path, and the same as a route template."""
    return f"/revisions/{revision}/rollback", "/revisions/{revision}/rollback"


def rollback_body(version: int) -> dict[str, Any]:
    """The rollback's JSON body: the Deployment version the caller expects."""
    return to_wire(DeploymentRollback(version=version))


def revision_items(body: object) -> object:
    """The revisions in a Query response: the array itself, or the ``results`` of a paged object.

    Anything else is returned as it is, for validation to reject.
    """
    if isinstance(body, dict) and isinstance(body.get("results"), list):
        return body["results"]
    return body
