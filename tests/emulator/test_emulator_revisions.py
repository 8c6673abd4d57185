"""Deployment revisions and rollback (Connect, 2026-10-23): recording, Get, Query, rollback and refusals."""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path
from typing import Any

import pytest

from connect_as_code.emulator import Settings
from connect_as_code.emulator.domain.unconfirmed import DeploymentRevision
from connect_as_code.emulator.models import Deployment, ErrorResponse
from tests.emulator.support import (
    DEPLOYMENT,
    PROJECT,
    SEED_URL,
    Env,
    assert_error,
    deploy,
    get_deployment,
    publish,
    published_connector,
    settle_deployment,
    update,
)

KEY = "my-first-deployment"
SECRET = "client-secret-value"


@pytest.fixture
def published(env: Env) -> dict[str, Any]:
    return published_connector(env)


def revisions(env: Env, path: str = DEPLOYMENT) -> list[dict[str, Any]]:
    response = env.client.get(f"{path}/revisions")
    assert response.status_code == 200, response.text
    body: list[dict[str, Any]] = response.json()
    for revision in body:
        DeploymentRevision.model_validate(revision)
    return body


def numbers(env: Env) -> list[tuple[int, bool]]:
    return [(r["revisionNumber"], r["currentRevision"]) for r in revisions(env)]


def script(env: Env, *outcomes: Any) -> None:
    response = env.anon.post("/_emulator/outcomes", json={"kind": "deploy", "key": KEY, "outcomes": list(outcomes)})
    assert response.status_code == 200, response.text


def region_values(region: str) -> list[dict[str, Any]]:
    return [
        {
            "applicationName": "cartExtension",
            "standardConfiguration": [{"key": "CTP_REGION", "value": region}],
            "securedConfiguration": [],
        }
    ]


def redeploy(env: Env, region: str | None = None, **action: Any) -> dict[str, Any]:
    values = {"configurationValues": region_values(region)} if region else {}
    response = update(env.client, DEPLOYMENT, {"action": "redeploy", **values, **action})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def rollback(env: Env, revision: int, version: int | None = None, path: str = DEPLOYMENT) -> Any:
    version = version if version is not None else get_deployment(env)["version"]
    return env.client.post(f"{path}/revisions/{revision}/rollback", json={"version": version})


def region_of(body: dict[str, Any]) -> str:
    [application] = body["applications"]
    values = {v["key"]: v["value"] for v in application["standardConfiguration"]}
    return str(values["CTP_REGION"])


def two_revisions(env: Env) -> None:
    """Version 1 deployed with europe-west1.gcp, version 2 with us-central1.gcp."""
    deploy(env)
    settle_deployment(env)
    redeploy(env, "us-central1.gcp")
    settle_deployment(env)


# --- recording ---------------------------------------------------------------------------------------


def test_a_revision_is_recorded_when_a_version_is_deployed(env: Env, published: dict[str, Any]) -> None:
    deploy(env)
    assert revisions(env) == []
    env.advance(1.5)
    assert get_deployment(env)["status"] == "Deploying"
    assert revisions(env) == []
    settle_deployment(env)
    [revision] = revisions(env)
    deployment = get_deployment(env)
    assert revision["revisionNumber"] == deployment["version"] == 1
    assert revision["currentRevision"] is True
    assert revision["connector"] == {
        "id": published["id"],
        "version": 1,
        "repository": {"url": SEED_URL, "tag": "0.0.0"},
    }
    [application] = revision["applications"]
    assert application["applicationName"] == "cartExtension"
    assert application["standardConfiguration"] == [{"key": "CTP_REGION", "value": "europe-west1.gcp"}]
    assert application["securedConfiguration"] == [
        {"key": "CTP_CLIENT_ID", "value": "********"},
        {"key": "CTP_CLIENT_SECRET", "value": "********"},
    ]
    assert revision["createdAt"].endswith("Z")
    assert "rollbackRevision" not in deployment


def test_get_by_id_and_key(env: Env, published: dict[str, Any]) -> None:
    two_revisions(env)
    deployment_id = get_deployment(env)["id"]
    by_key = env.client.get(f"{DEPLOYMENT}/revisions/1")
    by_id = env.client.get(f"/{PROJECT}/deployments/{deployment_id}/revisions/1")
    assert by_key.status_code == by_id.status_code == 200
    assert by_key.json() == by_id.json()
    assert DeploymentRevision.model_validate(by_key.json()).current_revision is False
    assert region_of(by_key.json()) == "europe-west1.gcp"
    assert revisions(env, f"/{PROJECT}/deployments/{deployment_id}") == revisions(env)


def test_query_is_most_recent_first_and_failed_versions_leave_gaps(env: Env, published: dict[str, Any]) -> None:
    script(env, "Deployed", "Failed", "Deployed")
    deploy(env)
    settle_deployment(env)
    redeploy(env, "us-central1.gcp")
    settle_deployment(env)
    assert get_deployment(env)["status"] == "Failed"
    assert numbers(env) == [(1, False)]
    redeploy(env, "australia-southeast1.gcp")
    settle_deployment(env)
    assert numbers(env) == [(3, True), (1, False)]
    assert_error(env.client.get(f"{DEPLOYMENT}/revisions/2"), 404, "ResourceNotFound")


def test_a_failed_first_deployment_has_no_revision(env: Env, published: dict[str, Any]) -> None:
    script(env, "Failed")
    deploy(env)
    settle_deployment(env)
    assert revisions(env) == []


def test_secured_values_are_never_returned(env: Env) -> None:
    inherit = {"url": "https://github.com/abc/inherit-connector", "tag": "1.0.0"}
    published_connector(env, key="inherit", repository=inherit)
    draft = {
        "key": KEY,
        "connector": {"key": "inherit"},
        "region": "europe-west1.gcp",
        "configurations": [
            {
                "applicationName": "paymentService",
                "standardConfiguration": [],
                "securedConfiguration": [{"key": "PSP_API_KEY", "value": SECRET}],
            }
        ],
        "globalConfiguration": {"securedConfiguration": [{"key": "SHARED_SECRET", "value": SECRET}]},
    }
    response = env.client.post(f"/{PROJECT}/deployments", json=draft)
    assert response.status_code == 201, response.text
    settle_deployment(env)
    [revision] = revisions(env)
    assert revision["globalConfiguration"]["securedConfiguration"] == [{"key": "SHARED_SECRET", "value": "********"}]
    assert revision["applications"][0]["securedConfiguration"] == [{"key": "PSP_API_KEY", "value": "********"}]
    assert SECRET not in env.client.get(f"{DEPLOYMENT}/revisions").text
    assert SECRET not in env.client.get(f"{DEPLOYMENT}/revisions/1").text


def test_revisions_go_with_the_deployment(env: Env, published: dict[str, Any]) -> None:
    two_revisions(env)
    assert env.client.delete(DEPLOYMENT).status_code == 202
    env.advance(env.settings.durations.undeploying + 0.001)
    assert_error(env.client.get(f"{DEPLOYMENT}/revisions"), 404, "ResourceNotFound")
    deploy(env)
    settle_deployment(env)
    assert numbers(env) == [(1, True)]


def test_unknown_deployment(env: Env) -> None:
    assert_error(env.client.get(f"{DEPLOYMENT}/revisions"), 404, "ResourceNotFound")
    assert_error(env.client.get(f"{DEPLOYMENT}/revisions/1"), 404, "ResourceNotFound")
    assert_error(rollback(env, 1, version=1), 404, "ResourceNotFound")


@pytest.mark.parametrize("revision", ["0", "-1", "x", "1.5", str(2**63)])
def test_revision_must_be_a_positive_int64(env: Env, published: dict[str, Any], revision: str) -> None:
    deploy(env)
    assert_error(env.client.get(f"{DEPLOYMENT}/revisions/{revision}"), 400, "InvalidPathParam")
    response = env.client.post(f"{DEPLOYMENT}/revisions/{revision}/rollback", json={"version": 1})
    assert_error(response, 400, "InvalidPathParam")


# --- rollback --------------------------------------------------------------------------------------------


def test_rollback_is_a_new_version_deployed_like_a_redeploy(env: Env, published: dict[str, Any]) -> None:
    two_revisions(env)
    response = rollback(env, 1, version=2)
    assert response.status_code == 201, response.text
    body = response.json()
    Deployment.model_validate(body)
    assert (body["version"], body["status"], body["rollbackRevision"]) == (3, "Queued", 1)
    assert region_of(body) == "europe-west1.gcp"
    assert body["details"]["build"]["report"] == {"entries": []}
    assert numbers(env) == [(2, False), (1, False)]
    env.advance(1.5)
    assert get_deployment(env)["status"] == "Deploying"
    settle_deployment(env)
    deployment = get_deployment(env)
    assert (deployment["status"], deployment["rollbackRevision"]) == ("Deployed", 1)
    assert numbers(env) == [(3, True), (2, False), (1, False)]
    newest, _, first = revisions(env)
    assert newest["applications"] == first["applications"]
    assert newest["connector"] == first["connector"]
    transitions = [
        e["to"] for e in env.anon.get("/_emulator/events", params={"resource": "Deployment"}).json()["events"]
    ]
    assert transitions == ["Queued", "Deploying", "Deployed"] * 3


def test_rollback_restores_the_connector_version(env: Env, published: dict[str, Any]) -> None:
    deploy(env)
    settle_deployment(env)
    update(env.client, "/connectors/drafts/key=abc-first-connector", {"action": "setRepository", "tag": "0.0.2"})
    publish(env)
    redeploy(env, updateConnector=True)
    settle_deployment(env)
    assert get_deployment(env)["connector"]["repository"]["tag"] == "0.0.2"
    assert revisions(env)[0]["connector"]["version"] == 2
    body = rollback(env, 1).json()
    assert (body["connector"]["version"], body["connector"]["repository"]["tag"]) == (1, "0.0.0")
    keys = [k["key"] for k in body["connector"]["configurations"][0]["standardConfiguration"]]
    assert "LOG_LEVEL" not in keys
    settle_deployment(env)
    assert revisions(env)[0]["connector"] == revisions(env)[2]["connector"]


def test_rollback_after_a_failed_redeploy(env: Env, published: dict[str, Any]) -> None:
    two_revisions(env)
    script(env, "Failed")
    redeploy(env, "australia-southeast1.gcp")
    settle_deployment(env)
    assert get_deployment(env)["status"] == "Failed"
    assert numbers(env) == [(2, False), (1, False)]
    response = rollback(env, 2, version=3)
    assert response.status_code == 201, response.text
    settle_deployment(env)
    deployment = get_deployment(env)
    assert (deployment["status"], deployment["version"], deployment["rollbackRevision"]) == ("Deployed", 4, 2)
    assert region_of(deployment) == "us-central1.gcp"
    assert numbers(env) == [(4, True), (2, False), (1, False)]


def test_scripted_deploy_outcomes_apply_to_a_rollback(env: Env, published: dict[str, Any]) -> None:
    two_revisions(env)
    script(env, {"outcome": "Failed", "report": [{"type": "Error", "title": "rollback build failed"}]})
    rollback(env, 1)
    settle_deployment(env)
    deployment = get_deployment(env)
    assert (deployment["status"], deployment["rollbackRevision"]) == ("Failed", 1)
    assert deployment["details"]["build"]["report"]["entries"][0]["title"] == "rollback build failed"
    assert numbers(env) == [(2, False), (1, False)]


def test_rollback_after_the_connector_was_deleted(env: Env, published: dict[str, Any]) -> None:
    two_revisions(env)
    assert env.client.delete("/connectors/drafts/key=abc-first-connector").status_code == 200
    response = rollback(env, 1)
    assert response.status_code == 201, response.text
    assert response.json()["connector"]["id"] == published["id"]
    settle_deployment(env)
    assert numbers(env)[0] == (3, True)


def test_a_redeploy_clears_rollback_revision(env: Env, published: dict[str, Any]) -> None:
    two_revisions(env)
    rollback(env, 1)
    settle_deployment(env)
    assert "rollbackRevision" not in redeploy(env)
    assert "rollbackRevision" not in get_deployment(env)


@pytest.mark.parametrize(
    ("advance", "status"),
    [(0, "Queued"), (1.5, "Deploying")],
)
def test_no_rollback_while_building(env: Env, published: dict[str, Any], advance: float, status: str) -> None:
    two_revisions(env)
    redeploy(env)
    env.advance(advance)
    assert get_deployment(env)["status"] == status
    body = assert_error(rollback(env, 1), 400, "DeploymentRollbackNotAllowed")
    assert f"the Deployment is {status}" in body["message"]
    assert get_deployment(env)["version"] == 3


def test_no_rollback_while_undeploying(env: Env, published: dict[str, Any]) -> None:
    two_revisions(env)
    env.client.delete(DEPLOYMENT)
    assert_error(rollback(env, 1), 400, "DeploymentRollbackNotAllowed")


def test_rollback_from_undeploy_failed(env: Env, published: dict[str, Any]) -> None:
    two_revisions(env)
    env.anon.post("/_emulator/outcomes", json={"kind": "undeploy", "key": KEY, "outcomes": ["UndeployFailed"]})
    env.client.delete(DEPLOYMENT)
    env.advance(env.settings.durations.undeploying + 0.001)
    assert get_deployment(env)["status"] == "UndeployFailed"
    assert rollback(env, 1).status_code == 201


def test_no_rollback_to_the_current_revision(env: Env, published: dict[str, Any]) -> None:
    two_revisions(env)
    assert_error(
        rollback(env, 2),
        400,
        "DeploymentRollbackNotAllowed",
        f"Deployment with id={get_deployment(env)['id']} or key={KEY} cannot be rolled back to revision 2: "
        "revision 2 is the current revision.",
    )


def test_rollback_refusals_by_order(env: Env, published: dict[str, Any]) -> None:
    two_revisions(env)
    assert_error(rollback(env, 7, version=1), 409, "ConcurrentModification")
    assert_error(rollback(env, 7), 404, "ResourceNotFound", "The DeploymentRevision with number '7' was not found.")
    assert_error(env.client.post(f"{DEPLOYMENT}/revisions/1/rollback", json={}), 400, "InvalidJsonInput")
    assert get_deployment(env)["version"] == 2


def test_scopes(env: Env, published: dict[str, Any]) -> None:
    two_revisions(env)
    viewer = env.client_with_scopes(f"view_connectors_deployments:{PROJECT}", client_id="viewer")
    assert viewer.get(f"{DEPLOYMENT}/revisions").status_code == 200
    assert viewer.get(f"{DEPLOYMENT}/revisions/1").status_code == 200
    refused = viewer.post(f"{DEPLOYMENT}/revisions/1/rollback", json={"version": 2})
    assert_error(refused, 403, "AuthorizationError")
    deployer = env.client_with_scopes(f"manage_connectors_deployments:{PROJECT}", client_id="deployer")
    assert deployer.post(f"{DEPLOYMENT}/revisions/1/rollback", json={"version": 2}).status_code == 201
    outsider = env.client_with_scopes(f"manage_connectors:{PROJECT}", client_id="outsider")
    assert_error(outsider.get(f"{DEPLOYMENT}/revisions"), 403, "AuthorizationError")
    assert env.anon.get(f"{DEPLOYMENT}/revisions").status_code == 401


# --- accounting and persistence --------------------------------------------------------------------------


def test_stats_and_events(env: Env, published: dict[str, Any]) -> None:
    two_revisions(env)
    rollback(env, 1)
    stats = env.anon.get("/_emulator/stats").json()
    assert stats["objects"]["DeploymentRevision"] == {"previous": 2}
    assert stats["requests"]["byRoute"]["POST /{projectKey}/deployments/key={key}/revisions/{revision}/rollback"] == 1
    settle_deployment(env)
    stats = env.anon.get("/_emulator/stats").json()
    assert stats["objects"]["DeploymentRevision"] == {"current": 1, "previous": 2}
    events = env.anon.get("/_emulator/events", params={"resource": "DeploymentRevision"}).json()["events"]
    assert [(e["from"], e["to"], e["key"], e["project"]) for e in events] == [
        (None, "1", KEY, PROJECT),
        ("1", "2", KEY, PROJECT),
        ("2", "3", KEY, PROJECT),
    ]


def test_revisions_survive_a_restart(tmp_path: Path) -> None:
    settings = Settings(state_file=tmp_path / "emulator.sqlite")
    first = Env(settings)
    try:
        published_connector(first)
        two_revisions(first)
        before = revisions(first)
    finally:
        first.close()
    second = Env(dataclasses.replace(settings))
    try:
        assert revisions(second) == before
        assert rollback(second, 1).status_code == 201
    finally:
        second.close()


def test_openapi_documents_the_revision_endpoints(env: Env) -> None:
    paths = env.anon.get("/openapi.json").json()["paths"]
    assert set(paths["/{projectKey}/deployments/{ID}/revisions"]) == {"get"}
    assert set(paths["/{projectKey}/deployments/{ID}/revisions/{revision}"]) == {"get"}
    rollback_operation = paths["/{projectKey}/deployments/{ID}/revisions/{revision}/rollback"]["post"]
    assert set(rollback_operation["responses"]) >= {"201", "400", "404", "409"}
    assert rollback_operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/DeploymentRollback"
    )
    assert rollback_operation["x-access"] == "MANAGE_DEPLOYMENTS"


def test_a_small_fuzz_of_the_revision_routes_never_gets_a_500(env: Env, published: dict[str, Any]) -> None:
    two_revisions(env)
    rng = random.Random(2026)
    refs = ["key=my-first-deployment", get_deployment(env)["id"], "key=", "key=%20", "nope", "%00"]
    revisions_values = ["1", "2", "3", "0", "-1", str(2**63 - 1), str(2**64), "1e3", "x", "%20"]
    bodies: list[Any] = [{"version": 2}, {"version": "2"}, {"version": None}, {}, [], "x", {"version": 2.5}, None]
    for _ in range(300):
        ref, revision = rng.choice(refs), rng.choice(revisions_values)
        project = rng.choice([PROJECT, "x", "other-project"])
        base = f"/{project}/deployments/{ref}/revisions"
        routes = [("GET", base), ("GET", f"{base}/{revision}"), ("POST", f"{base}/{revision}/rollback")]
        method, path = rng.choice(routes)
        body = json.dumps(rng.choice(bodies)) if method == "POST" else None
        response = env.client.request(method, path, content=body, headers={"Content-Type": "application/json"})
        assert response.status_code < 500, (method, path, body, response.text)
        if response.status_code >= 400:
            ErrorResponse.model_validate(response.json())
        if method == "POST" and response.status_code == 201:
            settle_deployment(env)
