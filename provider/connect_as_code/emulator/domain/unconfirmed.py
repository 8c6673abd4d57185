"""INFERRED, NOT CONFIRMED: every guess the emulator makes about the Connect API changes published after
the RAML of 2026-08-21, in one place.

Sources, on docs.commercetools.com (only the beginning of the long reference pages could be read):

- release note of 2026-10-23, https://docs.commercetools.com/connect/releases/2026-10-23-roll-back-a-deployment-to-a-previous-revision
- reference page, https://docs.commercetools.com/connect/deployment-revisions
- release note of 2026-11-06, https://docs.commercetools.com/connect/releases/2026-11-06-announced-deprecation-of-the-deployment-logs-endpoints
- release note of 2026-10-23, https://docs.commercetools.com/connect/releases/2026-10-23-configure-a-retry-policy-for-event-applications

Confirmed by those pages, and implemented elsewhere without guessing: a DeploymentRevision is kept for
every Deployment version that deployed successfully (none for a failed one) and records the Connector
version and the configuration of each application; Get DeploymentRevision by Deployment id
(``GET /{projectKey}/deployments/{id}/revisions/{revision}``, ``revision`` an Int64 of at least 1, view
scopes) and by key; Query DeploymentRevisions by id and key, most recent first; a rollback creates a new
Deployment version from a revision and deploys it, so the version rolled back from stays a revision; the
names ``DeploymentRevision``, ``DeploymentRevisionConnector``, ``DeploymentRevisionApplication``,
``DeploymentRollback``, ``rollbackRevision`` and ``DeploymentRollbackNotAllowed``; the Query Deployment
Logs endpoints are deprecated and removed after 2027-01-31.

Inferred here, each from the reason given next to it:

- numbering: a revision's number is the Deployment ``version`` that deployed (:func:`revision_number`);
- ``currentRevision``: the revision of the Deployment's present version (:func:`is_current`);
- the fields of a DeploymentRevision beyond the documented example (:func:`revision_view`);
- the Query envelope: a plain JSON array (:func:`query_body`);
- the rollback endpoint: method, path, body, status (:data:`ROLLBACK_PATH` and neighbours);
- when a rollback is refused, and the messages (:func:`rollback_refusal`, the error builders);
- what ``rollbackRevision`` holds and when it goes away (:func:`mark_rolled_back`, :func:`mark_redeployed`);
- that removed logs endpoints answer like an unknown route (:data:`LOGS_ENDPOINTS`);
- when a retry-policy override is refused, and the messages (:func:`retry_policy_errors`), and which
  policy ApplicationDeployment shows (``deployments.unconfirmed_retry_policy``).

The read paths and scopes of the Get and Query endpoints are confirmed and live in :mod:`emulator.http.connect`.
"""

from __future__ import annotations

from typing import Any

from connect_as_code.emulator.clock import to_iso
from connect_as_code.emulator.domain import errors, lifecycle
from connect_as_code.emulator.domain.connect_yaml import retry_policy_problems
from connect_as_code.emulator.domain.deployments import mask
from connect_as_code.emulator.domain.errors import ApiError
from connect_as_code.emulator.models import (
    ConfigurationValueModel,
    DeploymentConfigurationApplicationDraft,
    DeploymentGlobalConfigurationModel,
    RepositoryModel,
    _Request,
    _Response,
)

JsonDict = dict[str, Any]

# --- numbering and the current revision ---------------------------------------------------------------


def revision_number(deployment_version: int) -> int:
    """The number of the revision recorded when Deployment version ``deployment_version`` deploys.

    Inferred: it is the version itself. The docs say "Only versions that were deployed successfully
    are returned", which reads as revisions being Deployment versions; the gaps then show which
    versions failed, and ``currentRevision`` and ``rollbackRevision`` compare directly with
    ``Deployment.version``. Both start at 1, which is the documented minimum of ``{revision}``. The
    alternative, a counter of its own per Deployment, is not excluded by the docs.
    """
    return deployment_version


def is_current(number: int, deployment_version: int) -> bool:
    """Whether revision ``number`` is the configuration the Deployment is on now.

    Inferred from the name ``currentRevision``: true for the revision of the Deployment's present
    version only, so no revision is current while a newer version is queued, deploying, or failed.
    """
    return number == revision_number(deployment_version)


# --- shapes ------------------------------------------------------------------------------------------


class DeploymentRevisionConnector(_Response):
    """DeploymentRevisionConnector: ``id``, ``version`` and ``repository``, as in the docs' example."""

    id: str
    version: int
    repository: RepositoryModel


class DeploymentRevisionApplication(_Response):
    """DeploymentRevisionApplication. Inferred: the fields of DeploymentConfigurationApplication."""

    application_name: str
    standard_configuration: list[ConfigurationValueModel]
    secured_configuration: list[ConfigurationValueModel]
    schedule: str | None = None


class DeploymentRevision(_Response):
    """DeploymentRevision.

    Read from the docs' example: ``revisionNumber``, ``currentRevision``, ``connector``,
    ``globalConfiguration`` (the example is cut off after it). Inferred: ``applications`` (the release
    note says a revision records "the configuration of each application") and ``createdAt`` (when the
    version reached ``Deployed``). Secured values are masked, as on a Deployment, whose RAML says they
    "cannot be accessed".
    """

    revision_number: int
    current_revision: bool
    connector: DeploymentRevisionConnector
    global_configuration: DeploymentGlobalConfigurationModel | None = None
    applications: list[DeploymentRevisionApplication]
    created_at: str


def _application_view(application: JsonDict) -> JsonDict:
    view: JsonDict = {
        "applicationName": application["applicationName"],
        "standardConfiguration": [dict(v) for v in application.get("standardConfiguration", [])],
        "securedConfiguration": mask(application.get("securedConfiguration", [])),
    }
    for name in ("schedule", "retryPolicy"):
        if application.get(name) is not None:
            view[name] = application[name]
    return view


def revision_view(record: JsonDict, deployment_version: int) -> JsonDict:
    """The DeploymentRevision JSON of a stored revision (see :func:`emulator.domain.deployments.revision_record`)."""
    connector = record["connector"]
    view: JsonDict = {
        "revisionNumber": record["revisionNumber"],
        "currentRevision": is_current(record["revisionNumber"], deployment_version),
        "connector": {"id": connector["id"], "version": connector["version"], "repository": connector["repository"]},
    }
    global_configuration = record.get("globalConfiguration")
    if global_configuration is not None:
        view["globalConfiguration"] = {
            "standardConfiguration": [dict(v) for v in global_configuration.get("standardConfiguration") or []],
            "securedConfiguration": mask(global_configuration.get("securedConfiguration") or []),
        }
    view["applications"] = [_application_view(a) for a in record["applications"]]
    view["createdAt"] = to_iso(record["at"])
    return view


def query_body(views: list[JsonDict]) -> list[JsonDict]:
    """The body of Query DeploymentRevisions: the revisions, most recent first, as a JSON array.

    Inferred: the release note lists the new types and no ``DeploymentRevisionPagedQueryResponse``,
    so there is no paged envelope (nor ``limit``/``offset``/``sort``).
    """
    return views


# --- the rollback endpoint ---------------------------------------------------------------------------
# Inferred: "Rollback DeploymentRevision" acts on the revision named in the path, as Get does, hence
# POST .../revisions/{revision}/rollback; it answers 201 with the Deployment, as the Deployment update
# endpoint does in the RAML (a rollback makes a new Deployment version). Scopes: manage, as for Deployment
# updates (the RAML trait secured_by_manage_connectors_deployments).

ROLLBACK_METHOD = "POST"
ROLLBACK_PATH = "/{projectKey}/deployments/{ID}/revisions/{revision}/rollback"
ROLLBACK_STATUS = 201


class DeploymentRollback(_Request):
    """Body of the rollback: the Deployment ``version`` the caller expects.

    Inferred: DeploymentRollback is the request body and carries the version for optimistic
    concurrency, like DeploymentUpdate; a stale version gets 409 ConcurrentModification.
    """

    version: int


def rollback_refusal(status: str, number: int, deployment_version: int) -> str | None:
    """Why rolling back to revision ``number`` is not allowed now, or None.

    Inferred: refused in the statuses in which Redeploy is refused (``Queued``, ``Deploying``,
    ``Undeploying``, after DeploymentInvalidStatusTransition's "Already ..." messages), and for the
    current revision, which would change nothing. An unknown revision is a 404, not this error.
    """
    if not lifecycle.can_start(lifecycle.PROCESSES["deploy"], status):
        return f"the Deployment is {status}"
    if is_current(number, deployment_version):
        return f"revision {number} is the current revision"
    return None


def deployment_rollback_not_allowed(
    deployment_id: str, deployment_key: str | None, number: int, reason: str
) -> JsonDict:
    """DeploymentRollbackNotAllowed (HTTP 400, like the other business errors; message inferred)."""
    return errors.error_object(
        "DeploymentRollbackNotAllowed",
        f"Deployment with {errors.ref(deployment_id, deployment_key)} cannot be rolled back to revision "
        f"{number}: {reason}.",
    )


def revision_not_found(number: int) -> ApiError:
    """404 ResourceNotFound for a revision the Deployment does not have (message inferred)."""
    return ApiError(
        404, [errors.error_object("ResourceNotFound", f"The DeploymentRevision with number '{number}' was not found.")]
    )


def mark_rolled_back(doc: JsonDict, number: int) -> None:
    """``rollbackRevision``: the revision the Deployment's present version was restored from.

    Inferred from the name; absent on Deployments never rolled back.
    """
    doc["rollbackRevision"] = number


def mark_redeployed(doc: JsonDict) -> None:
    """A redeploy makes a version that was not restored from a revision: ``rollbackRevision`` goes.

    Inferred: the docs do not say whether it is cleared or left as it was.
    """
    doc.pop("rollbackRevision", None)


# --- the end of the logs endpoints -------------------------------------------------------------------

LOGS_ENDPOINTS = "logsEndpoints"
"""Feature name of the Query Deployment Logs endpoints. Confirmed: deprecated on 2026-11-06, removed
after 2027-01-31. Inferred: once removed they answer like any unknown route (404 ResourceNotFound),
and no deprecation header is sent before (none is documented)."""


# --- the retry policy of event applications (2026-10-23) ---------------------------------------------


def retry_policy_errors(
    internal_applications: list[JsonDict], drafts: list[DeploymentConfigurationApplicationDraft]
) -> list[JsonDict]:
    """The refused ``retryPolicy`` overrides of a create or redeploy.

    Confirmed: the override exists for event applications, with the shape of connect.yaml's
    ``retryPolicy``, and the errors are named DeploymentInvalidRetryPolicy and
    DeploymentRetryPolicyOverrideNotAllowed. Inferred: the first answers a policy connect.yaml would
    refuse, the second an override on an application that is not an event application; both are HTTP 400
    and their messages are made up.
    """
    types = {a["name"]: a["applicationType"] for a in internal_applications}
    problems: list[JsonDict] = []
    for draft in drafts:
        if draft.retry_policy is None or draft.application_name not in types:
            continue
        kind = types[draft.application_name]
        if kind != "event":
            problems.append(deployment_retry_policy_override_not_allowed(draft.application_name, kind))
            continue
        reasons = retry_policy_problems(draft.retry_policy)
        if reasons:
            problems.append(deployment_invalid_retry_policy(draft.application_name, reasons))
    return problems


def deployment_invalid_retry_policy(application: str, reasons: list[str]) -> JsonDict:
    """DeploymentInvalidRetryPolicy (message inferred)."""
    return errors.error_object(
        "DeploymentInvalidRetryPolicy",
        f"The retry policy of application '{application}' is not valid.",
        detailedErrorMessage="; ".join(reasons),
    )


def deployment_retry_policy_override_not_allowed(application: str, application_type: str) -> JsonDict:
    """DeploymentRetryPolicyOverrideNotAllowed (message inferred)."""
    return errors.error_object(
        "DeploymentRetryPolicyOverrideNotAllowed",
        f"Application '{application}' is a {application_type} application: "
        "only event applications have a retry policy.",
    )
