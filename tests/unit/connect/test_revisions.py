"""Deployment revisions and rollback in the client, over ``httpx.MockTransport``: paths, bodies, both
Query envelopes, the models, and the rollback's retries (an update: re-read, never a blind resend)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import httpx
import pytest

from connect_as_code import connect
from connect_as_code.connect import (
    AmbiguousWriteError,
    BadRequestError,
    ConcurrentModificationError,
    Deployment,
    DeploymentRevision,
    DeploymentRevisionApplication,
    DeploymentRevisionConnector,
    DeploymentRollback,
    GeneralError,
    InvalidResponseError,
    NotFoundError,
    RetryPolicy,
    ServiceUnavailableError,
)
from connect_as_code.connect._calls import revision_number

from ._support import Server, deployment_body, error_body, json_response

GENERAL_500 = error_body(500, "General", "Write operations are temporarily unavailable")


def revision_body(number: int, *, current: bool = False, **extra: Any) -> dict[str, Any]:
    """Shaped like the docs' example, plus the inferred ``applications`` and ``createdAt``."""
    return {
        "revisionNumber": number,
        "currentRevision": current,
        "connector": {
            "id": "a49aa2c5-15b6-41c4-88af-4b7afdcc07a5",
            "version": 1,
            "repository": {"url": "git@github.com:commercetools/connect-application-kit.git", "tag": "0.0.0"},
        },
        "globalConfiguration": {
            "standardConfiguration": [{"key": "GLOBAL_CONFIG_KEY", "value": "global config key value"}]
        },
        "applications": [
            {
                "applicationName": "app-1",
                "standardConfiguration": [{"key": "CONFIG_KEY", "value": "v"}],
                "securedConfiguration": [{"key": "CONFIG_SECRET_KEY", "value": "********"}],
            }
        ],
        "createdAt": "2026-10-23T10:00:00.000Z",
        **extra,
    }


def _raw(request: httpx.Request) -> str:
    return request.url.raw_path.decode()


def _body(request: httpx.Request) -> Any:
    return json.loads(request.content)


# ------------------------------------------------------------------------------------------ models


def test_the_documented_example_parses() -> None:
    revision = DeploymentRevision.model_validate(revision_body(7, current=True))
    assert (revision.revision_number, revision.current_revision) == (7, True)
    assert isinstance(revision.connector, DeploymentRevisionConnector)
    assert (revision.connector.version, revision.connector.repository.tag) == (1, "0.0.0")  # type: ignore[union-attr]
    assert revision.global_configuration is not None
    assert revision.global_configuration.standard_configuration[0].key == "GLOBAL_CONFIG_KEY"  # type: ignore[index]
    [application] = revision.applications
    assert isinstance(application, DeploymentRevisionApplication)
    assert application.secured_configuration[0].value == "********"
    assert revision.created_at == dt.datetime(2026, 10, 23, 10, tzinfo=dt.UTC)


def test_revision_models_are_lenient() -> None:
    minimal = DeploymentRevision.model_validate({"revisionNumber": 3, "connector": {"id": "c", "version": 2}})
    assert (minimal.current_revision, minimal.applications, minimal.created_at) == (False, [], None)
    assert minimal.connector.repository is None
    extended = DeploymentRevision.model_validate(
        revision_body(2, deploymentVersion=2, applications=None, connector={"id": "c", "version": 1, "key": "k"})
    )
    assert extended.model_extra == {"deploymentVersion": 2}
    assert extended.applications == []
    assert extended.connector.model_extra == {"key": "k"}


def test_deployment_rollback_revision_and_rollback_body() -> None:
    assert Deployment.model_validate(deployment_body()).rollback_revision is None
    assert Deployment.model_validate({**deployment_body(), "rollbackRevision": 4}).rollback_revision == 4
    assert connect.to_wire(DeploymentRollback(version=3)) == {"version": 3}


def test_new_names_are_exported() -> None:
    names = ["DeploymentRevision", "DeploymentRevisionConnector", "DeploymentRevisionApplication", "DeploymentRollback"]
    for name in names:
        assert name in connect.__all__
        assert getattr(connect, name).__module__ == "connect_as_code.connect._deployment_models"


# ---------------------------------------------------------------------------------------- Get, Query


def test_get_by_key_and_by_id() -> None:
    server = Server(lambda r: json_response(200, revision_body(2)))
    with server.client() as client:
        assert client.get_deployment_revision(key="my deployment", revision=2).revision_number == 2
        client.get_deployment_revision(id="d-1", revision=2, project_key="p2")
    by_key, by_id = server.api_requests
    assert (by_key.method, _raw(by_key)) == ("GET", "/my-project/deployments/key=my%20deployment/revisions/2")
    assert (by_id.method, _raw(by_id)) == ("GET", "/p2/deployments/d-1/revisions/2")


@pytest.mark.parametrize(
    "envelope",
    [
        lambda items: items,
        lambda items: {"limit": 20, "offset": 0, "count": len(items), "total": len(items), "results": items},
        lambda items: {"results": items},
    ],
    ids=["array", "paged", "results-only"],
)
def test_query_accepts_an_array_and_a_paged_object(envelope: Any) -> None:
    server = Server(lambda r: json_response(200, envelope([revision_body(4, current=True), revision_body(1)])))
    with server.client() as client:
        revisions = client.query_deployment_revisions(key="d")
    assert [(r.revision_number, r.current_revision) for r in revisions] == [(4, True), (1, False)]
    assert all(isinstance(r, DeploymentRevision) for r in revisions)
    [request] = server.api_requests
    assert (request.method, _raw(request), request.url.query) == ("GET", "/my-project/deployments/key=d/revisions", b"")


def test_query_of_a_deployment_without_revisions() -> None:
    server = Server(lambda r: json_response(200, []))
    with server.client() as client:
        assert client.query_deployment_revisions(id="d") == []


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"revisions": []}, "body"),
        ("nope", "body"),
        ([{"revisionNumber": "x", "connector": {"id": "c", "version": 1}}], "0.revisionNumber"),
        ({"results": [revision_body(2), {"currentRevision": True}]}, "1.revisionNumber"),
    ],
)
def test_query_rejects_other_bodies(body: Any, where: str) -> None:
    server = Server(lambda r: json_response(200, body))
    with server.client() as client, pytest.raises(InvalidResponseError) as caught:
        client.query_deployment_revisions(key="d")
    assert f"not a list of DeploymentRevision ({where}:" in str(caught.value)


def test_unknown_revision_is_not_found() -> None:
    not_found = error_body(404, "ResourceNotFound", "The DeploymentRevision with number '9' was not found.")
    server = Server(lambda r: json_response(404, not_found))
    with server.client() as client, pytest.raises(NotFoundError):
        client.get_deployment_revision(key="d", revision=9)
    assert len(server.api_requests) == 1


@pytest.mark.parametrize("revision", [0, -1, True, 1.0, "2"])
def test_revision_must_be_a_positive_integer(revision: Any) -> None:
    server = Server()
    with server.client() as client:
        with pytest.raises(ValueError, match="revision must be an integer"):
            client.get_deployment_revision(key="d", revision=revision)
        with pytest.raises(ValueError, match="revision must be an integer"):
            client.rollback_deployment(key="d", revision=revision, version=1)
    assert server.requests == []
    assert revision_number(12) == 12


def test_exactly_one_of_id_and_key() -> None:
    server = Server()
    with server.client() as client:
        with pytest.raises(ValueError, match="exactly one"):
            client.query_deployment_revisions()
        with pytest.raises(ValueError, match="exactly one"):
            client.rollback_deployment(id="i", key="k", revision=1, version=1)
    assert server.requests == []


# ----------------------------------------------------------------------------------------- rollback


def test_rollback_request_and_response() -> None:
    server = Server(lambda r: json_response(201, {**deployment_body(4), "rollbackRevision": 2}))
    seen: list[tuple[str, str, int | None]] = []
    with server.client(on_request=lambda m, route, status, elapsed: seen.append((m, route, status))) as client:
        deployment = client.rollback_deployment(key="d", revision=2, version=3)
    assert (deployment.version, deployment.status, deployment.rollback_revision) == (4, "Queued", 2)
    [request] = server.api_requests
    assert (request.method, _raw(request)) == ("POST", "/my-project/deployments/key=d/revisions/2/rollback")
    assert request.headers["Content-Type"] == "application/json"
    assert _body(request) == {"version": 3}
    assert ("POST", "/{projectKey}/deployments/key={key}/revisions/{revision}/rollback", 201) in seen


def test_rollback_by_id_in_another_project() -> None:
    server = Server(lambda r: json_response(200, deployment_body(2)))
    with server.client() as client:
        client.rollback_deployment(id="d-1", revision=1, version=1, project_key="p2")
    assert _raw(server.api_requests[0]) == "/p2/deployments/d-1/revisions/1/rollback"


def test_rollback_not_allowed_is_a_bad_request_and_not_retried() -> None:
    message = "Deployment with id=x or key=d cannot be rolled back to revision 2: the Deployment is Deploying."
    server = Server(lambda r: json_response(400, error_body(400, "DeploymentRollbackNotAllowed", message)))
    with server.client() as client, pytest.raises(BadRequestError) as caught:
        client.rollback_deployment(key="d", revision=2, version=3)
    assert caught.value.code == "DeploymentRollbackNotAllowed"
    assert message in str(caught.value)
    assert len(server.api_requests) == 1


def test_stale_version_is_a_concurrent_modification() -> None:
    conflict = error_body(409, "ConcurrentModification", "version mismatch", expectedVersion=3, currentVersion=5)
    server = Server(lambda r: json_response(409, conflict))
    with server.client() as client, pytest.raises(ConcurrentModificationError) as caught:
        client.rollback_deployment(key="d", revision=2, version=3)
    assert (caught.value.expected_version, caught.value.current_version) == (3, 5)
    assert len(server.api_requests) == 1


def test_rollback_after_500_is_reread_and_taken_as_applied() -> None:
    server = Server(
        script=[json_response(500, GENERAL_500), json_response(200, {**deployment_body(4), "rollbackRevision": 2})]
    )
    with server.client() as client:
        deployment = client.rollback_deployment(key="d", revision=2, version=3)
    assert (deployment.version, deployment.rollback_revision) == (4, 2)
    assert [(r.method, _raw(r)) for r in server.api_requests] == [
        ("POST", "/my-project/deployments/key=d/revisions/2/rollback"),
        ("GET", "/my-project/deployments/key=d"),
    ]


@pytest.mark.parametrize("failure", ["502", "503", "read", "disconnect"])
def test_rollback_not_applied_is_sent_again_after_the_reread(failure: str) -> None:
    transient: dict[str, httpx.Response | Exception] = {
        "502": httpx.Response(502, text="Bad Gateway"),
        "503": json_response(503, {"message": "unavailable"}),
        "read": httpx.ReadError("connection reset"),
        "disconnect": httpx.RemoteProtocolError("Server disconnected without sending a response."),
    }
    server = Server(
        script=[transient[failure], json_response(200, deployment_body(3)), json_response(201, deployment_body(4))]
    )
    with server.client() as client:
        assert client.rollback_deployment(key="d", revision=2, version=3).version == 4
    assert [r.method for r in server.api_requests] == ["POST", "GET", "POST"]
    assert _body(server.api_requests[2]) == _body(server.api_requests[0]) == {"version": 3}


@pytest.mark.parametrize("failure", [httpx.ConnectError("refused"), json_response(429, {"message": "slow down"})])
def test_rollback_never_sent_is_resent_without_reread(failure: httpx.Response | Exception) -> None:
    server = Server(script=[failure, json_response(201, deployment_body(4))])
    with server.client() as client:
        assert client.rollback_deployment(key="d", revision=2, version=3).version == 4
    assert [r.method for r in server.api_requests] == ["POST", "POST"]


def test_rollback_whose_reread_fails_is_ambiguous() -> None:
    policy = RetryPolicy(max_attempts=2)
    server = Server(script=[json_response(500, GENERAL_500), httpx.Response(503), httpx.Response(503)])
    with server.client(retry_policy=policy) as client, pytest.raises(AmbiguousWriteError) as caught:
        client.rollback_deployment(key="d", revision=2, version=3)
    error = caught.value
    assert isinstance(error.cause, GeneralError) and isinstance(error.reread_error, ServiceUnavailableError)
    assert error.sent_version == 3
    assert [r.method for r in server.api_requests] == ["POST", "GET", "GET"]
