"""A resource's own connection: its project, region and API client, instead of the stack's settings."""

from __future__ import annotations

from typing import Any

from connect_as_code import ConnectorStagedProvider, DeploymentProvider
from connect_as_code._sdk_workarounds.host_diffs import _local as recorded
from connect_as_code.connection import connection_problems
from connect_as_code.connector_staged_model import normalize_inputs as connector_inputs
from connect_as_code.deployment_model import normalize_inputs

from .conftest import BASE_URL, Harness
from .test_deployment_provider import KEY, declaration, staged_connector


def connection(client_id: str, secret: str, project: str) -> dict[str, Any]:
    return {
        "project_key": project,
        "client_id": client_id,
        "client_secret": secret,
        "region": "europe-west1.gcp",
        "connect_url": BASE_URL,
        "auth_url": BASE_URL,
    }


def client_of(harness: Harness, name: str, project: str) -> tuple[str, str]:
    harness.admin(
        "POST",
        "/clients",
        {
            "clientId": name,
            "clientSecret": f"{name}-secret",
            "scopes": [f"manage_connectors_deployments:{project}", f"view_connectors:{project}"],
        },
    )
    return name, f"{name}-secret"


def test_a_deployment_goes_to_its_connections_project_with_its_api_client(harness: Harness) -> None:
    connector = staged_connector(harness, private_projects=("europe-west1.gcp:demo-project", "europe-west1.gcp:shop-b"))
    client_id, secret = client_of(harness, "shop-b-client", "shop-b")
    provider = harness.configure(DeploymentProvider())  # the stack's settings: demo-project, another client
    inputs = declaration(connector, connection=connection(client_id, secret, "shop-b"))
    assert inputs["project_key"] == "shop-b"
    assert provider.check({}, inputs).failures == []
    created = provider.create(inputs)
    assert harness.api(f"/demo-project/deployments/key={KEY}") is None
    deployed = harness.make_client(provider.settings(inputs)).get_deployment(key=KEY, project_key="shop-b")
    assert (deployed.id, deployed.status) == (created.id, "Deployed")
    provider.delete(created.id, created.outs)  # the recorded connection, as `pulumi destroy` uses it
    assert harness.make_client(provider.settings(inputs)).find_deployment(key=KEY, project_key="shop-b") is None


def test_a_rotated_secret_is_recorded_without_touching_connect(harness: Harness) -> None:
    connector = staged_connector(harness, private_projects=("europe-west1.gcp:demo-project", "europe-west1.gcp:shop-b"))
    client_id, secret = client_of(harness, "shop-b-client", "shop-b")
    provider = harness.configure(DeploymentProvider())
    created = provider.create(declaration(connector, connection=connection(client_id, secret, "shop-b")))
    harness.admin("DELETE", f"/clients/{client_id}")
    rotated_id, rotated_secret = client_of(harness, "shop-b-rotated", "shop-b")
    news = declaration(connector, connection=connection(rotated_id, rotated_secret, "shop-b"))
    diff = provider.diff(created.id, created.outs, news)
    assert (diff.changes, diff.replaces) == (True, [])
    assert recorded.detailed == {"connection.client_id": "update", "connection.client_secret": "update"}
    mutations = harness.admin("GET", "/stats")["mutatingRequests"]
    updated = provider.update(created.id, created.outs, news)
    assert harness.admin("GET", "/stats")["mutatingRequests"] == mutations
    assert updated.outs["connection"]["client_id"] == rotated_id


def test_a_connector_is_managed_with_its_connection(harness: Harness) -> None:
    client_id, secret = "creator", "creator-secret"
    harness.admin(
        "POST",
        "/clients",
        {"clientId": "creator", "clientSecret": "creator-secret", "scopes": ["manage_connectors:demo-project"]},
    )
    provider = harness.configure(ConnectorStagedProvider(), **{"connect:clientSecret": "not-the-secret"})
    inputs = connector_inputs(
        {
            "key": "with-connection",
            "name": "With a connection",
            "creator": {"email": "a@example.com"},
            "repository": {"url": "https://github.com/abc/first-connect-application.git", "tag": "0.0.0"},
            "connection": connection(client_id, secret, "demo-project"),
        }
    )
    assert provider.check({}, inputs).failures == []  # the stack's wrong secret is not used
    provider.create(inputs)
    assert harness.api("/connectors/drafts/key=with-connection") is not None


def test_a_bad_connection_is_refused_at_preview_field_by_field() -> None:
    problems = connection_problems({"project_key": "a b", "client_secret": "s", "clientId": "x"})
    assert [(p.property, p.reason) for p in problems] == [
        ("connection.client_id", "is required: the API client's id"),
        (
            "connection.clientId",
            "unknown field; use project_key, client_id, client_secret, region, scopes, auth_url, api_url, "
            "connect_url; did you mean 'client_id'?",
        ),
        ("connection.project_key", "'a b' is not a project key: use 2-36 letters, digits, '_' or '-'"),
    ]
    assert normalize_inputs({"connection": {"project_key": "shop"}})["project_key"] == "shop"
