"""Deployment revisions and rollback: the client against the emulator over real loopback HTTP."""

from __future__ import annotations

from typing import Any

import pytest

from connect_as_code.connect import (
    BadRequestError,
    ConcurrentModificationError,
    ConnectClient,
    Deployment,
    DeploymentDraft,
    DeploymentRevision,
    NotFoundError,
)
from tests.integration.support import Emulator, seed_draft

KEY = "preview-1"
SECRET = "revisions-secret-value"
BUILD_SECONDS = 71  # queued 10 s + deploying 60 s, and one more


def region_values(region: str, secret: str | None = None) -> list[dict[str, Any]]:
    secured = [{"key": "CTP_CLIENT_ID", "value": "id"}, {"key": "CTP_CLIENT_SECRET", "value": secret}] if secret else []
    return [
        {
            "applicationName": "cartExtension",
            "standardConfiguration": [{"key": "CTP_REGION", "value": region}],
            "securedConfiguration": secured,
        }
    ]


def region_of(item: Deployment | DeploymentRevision) -> str:
    [application] = item.applications
    return {value.key: value.value for value in application.standard_configuration}["CTP_REGION"]


def deployed_preview(emulator: Emulator, client: ConnectClient) -> Deployment:
    """A preview Deployment of the seed, version 1 deployed with CTP_REGION europe-west1.gcp."""
    staged = client.create_connector_staged(seed_draft())
    client.update_connector_staged(id=staged.id, version=1, actions=[{"action": "updatePreviewable"}])
    emulator.clock.advance(61)
    draft = DeploymentDraft.model_validate(
        {
            "key": KEY,
            "type": "preview",
            "connector": {"key": staged.key, "staged": True},
            "region": "europe-west1.gcp",
            "configurations": region_values("europe-west1.gcp", SECRET),
        }
    )
    client.create_deployment(draft)
    emulator.clock.advance(BUILD_SECONDS)
    deployment = client.get_deployment(key=KEY)
    assert (deployment.status, deployment.version) == ("Deployed", 1)
    return deployment


def redeploy(emulator: Emulator, client: ConnectClient, region: str, *, settle: bool = True) -> Deployment:
    current = client.get_deployment(key=KEY)
    action = {"action": "redeploy", "configurationValues": region_values(region)}
    client.update_deployment(key=KEY, version=current.version, actions=[action])
    if settle:
        emulator.clock.advance(BUILD_SECONDS)
    return client.get_deployment(key=KEY)


def script_deploy(emulator: Emulator, *outcomes: str) -> None:
    emulator.admin("POST", "/outcomes", {"kind": "deploy", "key": KEY, "outcomes": list(outcomes)})


def numbers(client: ConnectClient) -> list[tuple[int, bool]]:
    return [(r.revision_number, r.current_revision) for r in client.query_deployment_revisions(key=KEY)]


def test_rollback_after_a_scripted_failed_redeploy(emulator: Emulator) -> None:
    with emulator.client() as client:
        deployed_preview(emulator, client)
        assert redeploy(emulator, client, "us-central1.gcp").status == "Deployed"
        script_deploy(emulator, "Failed")
        failed = redeploy(emulator, client, "australia-southeast1.gcp")
        assert (failed.status, failed.version) == ("Failed", 3)
        assert numbers(client) == [(2, False), (1, False)]
        target = client.get_deployment_revision(id=failed.id, revision=2)
        assert region_of(target) == "us-central1.gcp"

        rolled_back = client.rollback_deployment(key=KEY, revision=2, version=3)
        assert (rolled_back.status, rolled_back.version, rolled_back.rollback_revision) == ("Queued", 4, 2)
        assert region_of(rolled_back) == "us-central1.gcp"
        emulator.clock.advance(BUILD_SECONDS)
        deployment = client.get_deployment(key=KEY)
        assert (deployment.status, deployment.rollback_revision) == ("Deployed", 2)
        assert numbers(client) == [(4, True), (2, False), (1, False)]
        newest = client.get_deployment_revision(key=KEY, revision=4)
        assert newest.applications == target.applications
        assert newest.connector == target.connector
        dumps = [r.model_dump_json() for r in client.query_deployment_revisions(key=KEY)]
        assert all(SECRET not in dump for dump in dumps)
        assert newest.applications[0].secured_configuration[0].value == "********"


def test_query_is_most_recent_first_and_get_works_by_id_and_key(emulator: Emulator) -> None:
    with emulator.client() as client:
        first = deployed_preview(emulator, client)
        script_deploy(emulator, "Deployed", "Failed", "Deployed")
        for region in ["us-central1.gcp", "australia-southeast1.gcp", "us-east-2.aws"]:
            redeploy(emulator, client, region)
        revisions = client.query_deployment_revisions(id=first.id)
        assert [(r.revision_number, r.current_revision) for r in revisions] == [(4, True), (2, False), (1, False)]
        assert [region_of(r) for r in revisions] == ["us-east-2.aws", "us-central1.gcp", "europe-west1.gcp"]
        assert client.query_deployment_revisions(key=KEY) == revisions
        assert client.get_deployment_revision(key=KEY, revision=2) == revisions[1]
        assert client.get_deployment_revision(id=first.id, revision=1) == revisions[2]
        assert all(r.created_at is not None for r in revisions)
        with pytest.raises(NotFoundError):
            client.get_deployment_revision(key=KEY, revision=3)


def test_refusals(emulator: Emulator) -> None:
    with emulator.client() as client:
        deployed_preview(emulator, client)
        redeploy(emulator, client, "us-central1.gcp")
        with pytest.raises(BadRequestError) as current:
            client.rollback_deployment(key=KEY, revision=2, version=2)
        assert current.value.code == "DeploymentRollbackNotAllowed"
        assert "revision 2 is the current revision" in str(current.value)
        with pytest.raises(NotFoundError):
            client.rollback_deployment(key=KEY, revision=9, version=2)
        with pytest.raises(ConcurrentModificationError) as stale:
            client.rollback_deployment(key=KEY, revision=1, version=1)
        assert (stale.value.expected_version, stale.value.current_version) == (1, 2)
        with pytest.raises(NotFoundError):
            client.rollback_deployment(key="nothing", revision=1, version=1)

        redeploy(emulator, client, "australia-southeast1.gcp", settle=False)
        for status, seconds in [("Queued", 0), ("Deploying", 11)]:
            emulator.clock.advance(seconds)
            assert client.get_deployment(key=KEY).status == status
            with pytest.raises(BadRequestError) as building:
                client.rollback_deployment(key=KEY, revision=1, version=3)
            assert building.value.code == "DeploymentRollbackNotAllowed"
            assert f"the Deployment is {status}" in str(building.value)

        emulator.clock.advance(BUILD_SECONDS)
        client.delete_deployment(key=KEY)
        with pytest.raises(BadRequestError) as undeploying:
            client.rollback_deployment(key=KEY, revision=1, version=3)
        assert undeploying.value.code == "DeploymentRollbackNotAllowed"
        assert client.get_deployment(key=KEY).version == 3


def test_a_rollback_applied_despite_a_500_is_reread_not_resent(emulator: Emulator) -> None:
    with emulator.client() as client:
        deployed_preview(emulator, client)
        redeploy(emulator, client, "us-central1.gcp")
        fault = {"kind": "500", "method": "POST", "pathPrefix": f"/demo-project/deployments/key={KEY}/revisions/"}
        emulator.admin("PUT", "/faults", {"queue": [{**fault, "afterApply": True}]})
        rolled_back = client.rollback_deployment(key=KEY, revision=1, version=2)
        assert (rolled_back.version, rolled_back.rollback_revision) == (3, 1)
    posts = [r for r in emulator.admin("GET", "/requests?limit=100")["requests"] if r["route"].endswith("/rollback")]
    assert [(r["status"], r["fault"]) for r in posts] == [(500, "500_after_apply")]


def test_a_rollback_refused_by_a_503_is_sent_again(emulator: Emulator) -> None:
    with emulator.client() as client:
        deployed_preview(emulator, client)
        redeploy(emulator, client, "us-central1.gcp")
        fault = {"kind": "503", "method": "POST", "pathPrefix": f"/demo-project/deployments/key={KEY}/revisions/"}
        emulator.admin("PUT", "/faults", {"queue": [fault]})
        assert client.rollback_deployment(key=KEY, revision=1, version=2).version == 3
    log = emulator.admin("GET", "/requests?limit=100")["requests"]
    tail = [(r["method"], r["route"].endswith("/rollback"), r["status"]) for r in log][-3:]
    assert tail == [("POST", True, 503), ("GET", False, 200), ("POST", True, 201)]


def test_logs_endpoints_after_their_sunset(emulator: Emulator) -> None:
    with emulator.client() as client:
        deployed_preview(emulator, client)
        assert list(client.iter_deployment_logs(key=KEY))
        emulator.admin("PUT", "/features", {"logsEndpoints": False})
        with pytest.raises(NotFoundError) as removed:
            client.get_deployment_logs(key=KEY)
        assert "was not found" in str(removed.value)
        assert numbers(client) == [(1, True)]
