"""The Connect client against the emulator over real loopback HTTP: one speaks what the other serves."""

from __future__ import annotations

from functools import partial

import pytest

from connect_as_code._runtime.provider import create_or_adopt
from connect_as_code.connect import (
    AuthorizationError,
    BadRequestError,
    ConcurrentModificationError,
    DeploymentDraft,
    InvalidClientCredentialsError,
    NotFoundError,
)
from tests.integration.support import Emulator, seed_draft


def test_connector_staged_round_trip(emulator: Emulator) -> None:
    with emulator.client() as client:
        created = client.create_connector_staged(seed_draft())
        assert (created.version, created.status, created.is_previewable) == (1, "Draft", "none")
        assert [app.application_name for app in created.configurations] == ["cartExtension"]

        renamed = client.update_connector_staged(
            key="abc-first-connector", version=1, actions=[{"action": "setName", "name": "Renamed"}]
        )
        assert (renamed.version, renamed.name) == (2, "Renamed")

        with pytest.raises(ConcurrentModificationError) as conflict:
            client.update_connector_staged(id=created.id, version=1, actions=[{"action": "setName", "name": "x"}])
        assert (conflict.value.expected_version, conflict.value.current_version) == (1, 2)

        pending = client.update_connector_staged(id=created.id, version=2, actions=[{"action": "updatePreviewable"}])
        assert pending.is_previewable == "pending"
        emulator.clock.advance(61)
        verdict = client.get_connector_staged(key="abc-first-connector")
        assert verdict.is_previewable == "true"
        assert [entry.type for entry in verdict.previewable_report.entries] == ["Information"] * 3  # type: ignore[union-attr]

        client.delete_connector_staged(id=created.id)
        assert client.find_connector_staged(id=created.id) is None
        with pytest.raises(NotFoundError):
            client.get_connector_staged(key="abc-first-connector")


def test_deployment_round_trip(emulator: Emulator) -> None:
    with emulator.client() as client:
        staged = client.create_connector_staged(seed_draft())
        client.update_connector_staged(id=staged.id, version=1, actions=[{"action": "updatePreviewable"}])
        emulator.clock.advance(61)
        draft = DeploymentDraft.model_validate(
            {
                "key": "preview-1",
                "type": "preview",
                "connector": {"key": staged.key, "staged": True},
                "region": "europe-west1.gcp",
                "configurations": [
                    {
                        "applicationName": "cartExtension",
                        "standardConfiguration": [{"key": "CTP_REGION", "value": "europe-west1.gcp"}],
                        "securedConfiguration": [
                            {"key": "CTP_CLIENT_ID", "value": "id"},
                            {"key": "CTP_CLIENT_SECRET", "value": "interop-secret-value"},
                        ],
                    }
                ],
            }
        )
        deployment = client.create_deployment(draft)
        assert deployment.status == "Queued"
        emulator.clock.advance(71)
        deployed = client.get_deployment(key="preview-1")
        assert deployed.status == "Deployed"
        assert "interop-secret-value" not in deployed.model_dump_json()
        assert list(client.iter_deployment_logs(key="preview-1"))

        redeployed = client.update_deployment(
            id=deployed.id, version=deployed.version, actions=[{"action": "redeploy", "skipScripts": True}]
        )
        assert redeployed.status == "Queued"
        assert redeployed.version == deployed.version + 1

        gone = client.delete_deployment(id=deployed.id)
        assert gone.status == "Undeploying"
        emulator.clock.advance(31)
        assert client.find_deployment(id=deployed.id) is None


def test_api_errors_map_to_the_exception_tree(emulator: Emulator) -> None:
    with emulator.client() as client:
        client.create_connector_staged(seed_draft())
        with pytest.raises(BadRequestError) as duplicate:
            client.create_connector_staged(seed_draft())
        assert duplicate.value.has_code("DuplicateField")
        unknown = seed_draft("other")
        unknown.repository.tag = "9.9.9"
        with pytest.raises(BadRequestError) as unreachable:
            client.create_connector_staged(unknown)
        assert unreachable.value.code == "GitRepositoryNotReachable"

    with emulator.client(client_secret="wrong") as client, pytest.raises(InvalidClientCredentialsError) as denied:
        client.find_connector_staged(key="abc-first-connector")
    assert "wrong" not in str(denied.value)

    emulator.admin(
        "POST",
        "/clients",
        {"clientId": "viewer", "clientSecret": "viewer-secret", "scopes": ["view_connectors:demo-project"]},
    )
    with emulator.client(client_id="viewer", client_secret="viewer-secret") as client:
        assert client.find_connector_staged(key="abc-first-connector") is not None
        with pytest.raises(AuthorizationError):
            client.create_connector_staged(seed_draft("third"))


def test_faults_are_absorbed_and_creates_are_never_duplicated(emulator: Emulator) -> None:
    mix = {"500": 1, "502": 1, "503": 1, "429": 1, "drop": 1, "expired_token": 1}
    emulator.admin("PUT", "/faults", {"rate": 0.3, "mix": mix, "seed": 11, "retryAfterSeconds": 1})
    with emulator.client() as client:
        keys = [f"faulty-{i}" for i in range(12)]
        for key in keys:
            staged = create_or_adopt(
                partial(client.find_connector_staged, key=key), partial(client.create_connector_staged, seed_draft(key))
            )
            assert staged.key == key
            for _ in range(3):
                assert client.get_connector_staged(id=staged.id).key == key
    stats = emulator.admin("GET", "/stats")
    assert stats["faults"]["total"] > 10
    assert stats["faults"]["byKind"].get("500_after_apply", 0) + stats["faults"]["byKind"].get("drop_after_apply", 0)
    emulator.admin("PUT", "/faults", {"rate": 0})
    with emulator.client() as client:
        listed = client.list_connectors_staged(limit=500)
    assert sorted(item.key or "" for item in listed.results) == sorted(keys)
