"""The RAML example JSON as fixtures: our response models accept them, our responses match them."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from connect_as_code.emulator.models import (
    AuthErrorResponse,
    Connector,
    ConnectorSearchPagedQueryResponse,
    ConnectorStaged,
    Deployment,
    DeploymentLogCursorPagedQueryResponse,
    DeploymentPagedQueryResponse,
    ErrorResponse,
)
from tests.emulator.support import PROJECT, Env, example, publish, settle_deployment


@pytest.mark.parametrize(
    ("name", "model"),
    [
        ("connector/created-draft.json", ConnectorStaged),
        ("connector/updated-draft.json", ConnectorStaged),
        ("connector/staged.json", ConnectorStaged),
        ("connector/minimal.json", Connector),
        ("connector/paged.json", ConnectorSearchPagedQueryResponse),
        ("deployment/minimal.json", Deployment),
        ("deployment/paged.json", DeploymentPagedQueryResponse),
        ("deployment-log/cursor-paged.json", DeploymentLogCursorPagedQueryResponse),
        ("error/error-response.json", ErrorResponse),
        ("error/not-found.json", ErrorResponse),
        ("error.example.json", ErrorResponse),
        ("error/auth-error-response.json", AuthErrorResponse),
    ],
)
def test_documented_models_accept_the_examples(name: str, model: type[BaseModel]) -> None:
    model.model_validate(example(name))


def _example_draft() -> dict[str, Any]:
    created = example("connector/created-draft.json")
    return {
        "key": created["key"],
        "name": created["name"],
        "description": created["description"],
        "integrationTypes": created["integrationTypes"],
        "creator": created["creator"],
        "repository": created["repository"],
        "supportedRegions": created["supportedRegions"],
    }


def test_create_answers_exactly_created_draft_json(env: Env) -> None:
    response = env.client.post("/connectors/drafts", json=_example_draft())
    expected = example("connector/created-draft.json")
    assert response.status_code == 201
    assert {**response.json(), "id": expected["id"]} == expected


def test_published_connector_matches_minimal_json_but_for_identity(env: Env) -> None:
    env.client.post("/connectors/drafts", json=_example_draft())
    publish(env, "connector-key", certification=True)
    env.advance(5)
    env.anon.post("/_emulator/connectors/key=connector-key/certify")
    connector = env.client.get("/connectors/key=connector-key").json()
    expected = example("connector/minimal.json")
    assert set(connector) == set(expected)
    for field in [
        "key",
        "version",
        "name",
        "description",
        "integrationTypes",
        "creator",
        "repository",
        "private",
        "supportedRegions",
        "certified",
    ]:
        assert connector[field] == expected[field], field


def test_deployment_matches_minimal_json_but_for_generated_values(env: Env) -> None:
    env.client.post("/connectors/drafts", json=_example_draft())
    publish(env, "connector-key")
    created = env.client.post(f"/{PROJECT}/deployments", json=example("deployment/DeploymentDraft.json"))
    assert created.status_code == 201, created.text
    settle_deployment(env)
    deployment = env.client.get(f"/{PROJECT}/deployments/key=key-for-my-deployment").json()
    expected = example("deployment/minimal.json")
    assert set(deployment) == set(expected)
    assert deployment["status"] == expected["status"] == "Deployed"
    assert deployment["deployedRegion"] == expected["deployedRegion"]
    assert set(deployment["applications"][0]) == set(expected["applications"][0])
    assert (
        deployment["applications"][0]["standardConfiguration"] == expected["applications"][0]["standardConfiguration"]
    )
    assert deployment["applications"][0]["securedConfiguration"] == [{"key": "CONFIG_SECRET_KEY", "value": "********"}]
    assert set(deployment["details"]["build"]) == set(expected["details"]["build"])
    logs = env.client.get(f"/{PROJECT}/deployments/key=key-for-my-deployment/logs").json()
    assert set(logs) == set(example("deployment-log/cursor-paged.json"))
    assert set(logs["data"][0]) == set(example("deployment-log/cursor-paged.json")["data"][0])


def test_error_examples_shape(env: Env) -> None:
    response = env.client.post("/connectors/drafts", content=b"{", headers={"Content-Type": "application/json"})
    expected = example("error/error-response.json")
    assert set(response.json()) == set(expected)
    assert set(response.json()["errors"][0]) == set(expected["errors"][0])
    missing = env.client.get("/connectors/drafts/key=resource-key").json()
    assert missing == example("error/not-found.json")
