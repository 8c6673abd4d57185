"""OAuth token endpoint, bearer tokens (401) and scopes per endpoint (403)."""

from __future__ import annotations

import base64

import pytest

from connect_as_code.emulator.models import AuthErrorResponse, TokenResponse
from tests.emulator.support import (
    DEFAULT_AUTH,
    PROJECT,
    Env,
    SyncClient,
    assert_error,
    create_staged,
    deploy,
    example,
    make_previewable,
    publish,
    settle_deployment,
    staged_draft,
)

INVALID_TOKEN = example("error/auth-error-response.json")


def test_token_response(env: Env) -> None:
    response = env.anon.post("/oauth/token", data={"grant_type": "client_credentials"}, auth=DEFAULT_AUTH)
    assert response.status_code == 200
    body = TokenResponse.model_validate(response.json())
    assert body.token_type == "Bearer"
    assert body.expires_in == 172800
    assert body.scope == f"manage_project:{PROJECT}"


def test_token_parameters_as_query_parameters(env: Env) -> None:
    response = env.anon.post("/oauth/token", params={"grant_type": "client_credentials"}, auth=DEFAULT_AUTH)
    assert response.status_code == 200


def test_token_with_a_subset_of_scopes(env: Env) -> None:
    env.client_with_scopes(f"view_connectors:{PROJECT}", f"manage_connectors:{PROJECT}", client_id="two-scopes")
    response = env.anon.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "scope": f"view_connectors:{PROJECT}"},
        auth=("two-scopes", "s3cret"),
    )
    assert response.json()["scope"] == f"view_connectors:{PROJECT}"


def test_token_scope_outside_the_client(env: Env) -> None:
    response = env.anon.post(
        "/oauth/token",
        data={"grant_type": "client_credentials", "scope": "manage_project:other-project"},
        auth=DEFAULT_AUTH,
    )
    body = assert_error(response, 400, "invalid_scope")
    assert body["error"] == "invalid_scope"


@pytest.mark.parametrize(
    "auth", [("connect-emulator", "wrong"), ("nobody", "connect-emulator-secret"), None], ids=["secret", "id", "none"]
)
def test_wrong_client_credentials(env: Env, auth: tuple[str, str] | None) -> None:
    response = env.anon.post("/oauth/token", data={"grant_type": "client_credentials"}, auth=auth)
    body = assert_error(response, 401, "invalid_client")
    AuthErrorResponse.model_validate(body)
    assert body["error"] == "invalid_client"
    assert "connect-emulator-secret" not in response.text


def test_malformed_basic_header(env: Env) -> None:
    response = env.anon.post(
        "/oauth/token",
        data={"grant_type": "client_credentials"},
        headers={"Authorization": "Basic " + base64.b64encode(b"no-colon").decode()},
    )
    assert_error(response, 401, "invalid_client")


@pytest.mark.parametrize(("grant", "error"), [(None, "invalid_request"), ("password", "unsupported_grant_type")])
def test_grant_types(env: Env, grant: str | None, error: str) -> None:
    data = {"grant_type": grant} if grant else {}
    assert_error(env.anon.post("/oauth/token", data=data, auth=DEFAULT_AUTH), 400, error)


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer unknown-token"}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer"}],
    ids=["missing", "unknown", "wrong-scheme", "empty"],
)
def test_invalid_tokens_get_the_example_body(env: Env, headers: dict[str, str]) -> None:
    response = env.anon.get("/connectors/drafts", headers=headers)
    assert response.status_code == 401
    assert response.json() == INVALID_TOKEN
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'


def test_token_expires(env: Env) -> None:
    assert env.client.get("/connectors/drafts").status_code == 200
    env.advance(172_800)
    assert env.client.get("/connectors/drafts").json() == INVALID_TOKEN


def test_client_specific_token_validity(env: Env) -> None:
    env.anon.post(
        "/_emulator/clients",
        json={
            "clientId": "short",
            "clientSecret": "pw",
            "scopes": [f"manage_project:{PROJECT}"],
            "accessTokenValiditySeconds": 60,
        },
    )
    token = env.anon.post("/oauth/token", data={"grant_type": "client_credentials"}, auth=("short", "pw")).json()
    assert token["expires_in"] == 60
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    env.advance(59)
    assert env.anon.get("/connectors/drafts", headers=headers).status_code == 200
    env.advance(1)
    assert env.anon.get("/connectors/drafts", headers=headers).status_code == 401


def test_introspection(env: Env) -> None:
    token = env.token()
    body = env.anon.post("/oauth/introspect", data={"token": token}, auth=DEFAULT_AUTH).json()
    assert body["active"] is True and body["client_id"] == "connect-emulator"
    assert env.anon.post("/oauth/introspect", data={"token": "nope"}, auth=DEFAULT_AUTH).json() == {"active": False}
    assert env.anon.post("/oauth/introspect", data={"token": token}, auth=("x", "y")).status_code == 401


# --- scopes -------------------------------------------------------------------------------------------

P = PROJECT
READS_CONNECTORS = [("GET", "/connectors/drafts"), ("GET", "/connectors/search"), ("GET", "/connectors/drafts/key=x")]
WRITES_CONNECTORS = [("POST", "/connectors/drafts"), ("DELETE", "/connectors/drafts/key=x")]
READS_DEPLOYMENTS = [
    ("GET", f"/{P}/deployments"),
    ("GET", f"/{P}/deployments/key=x"),
    ("GET", f"/{P}/deployments/key=x/logs"),
]
WRITES_DEPLOYMENTS = [("POST", f"/{P}/deployments"), ("DELETE", f"/{P}/deployments/key=x")]


@pytest.mark.parametrize(
    ("scope", "allowed"),
    [
        (f"manage_project:{P}", READS_CONNECTORS + WRITES_CONNECTORS + READS_DEPLOYMENTS + WRITES_DEPLOYMENTS),
        (f"view_connectors:{P}", READS_CONNECTORS),
        (f"manage_connectors:{P}", READS_CONNECTORS + WRITES_CONNECTORS),
        (f"view_connectors_deployments:{P}", READS_DEPLOYMENTS),
        (f"manage_connectors_deployments:{P}", READS_DEPLOYMENTS + WRITES_DEPLOYMENTS),
        ("manage_project:other-project", READS_CONNECTORS + WRITES_CONNECTORS),
        (f"manage_api_clients:{P}", []),
        ("manage_project", []),
    ],
)
def test_scopes_per_endpoint(env: Env, scope: str, allowed: list[tuple[str, str]]) -> None:
    client = env.client_with_scopes(scope)
    for method, path in READS_CONNECTORS + WRITES_CONNECTORS + READS_DEPLOYMENTS + WRITES_DEPLOYMENTS:
        response = client.request(method, path, json={})
        if (method, path) in allowed:
            assert response.status_code not in {401, 403}, (scope, method, path, response.text)
        else:
            assert_error(response, 403, "AuthorizationError", "Access denied")
            assert scope.split(":", maxsplit=1)[0] not in response.text


def test_403_comes_after_401(env: Env) -> None:
    assert env.anon.post(f"/{P}/deployments", content="{not json").status_code == 401


def test_staged_connectors_belong_to_the_creator_project(env: Env) -> None:
    create_staged(env)
    other = env.client_with_scopes("manage_project:other-project")
    assert_error(other.get("/connectors/drafts/key=abc-first-connector"), 404, "ResourceNotFound")
    assert other.get("/connectors/drafts").json()["total"] == 0
    viewer = env.client_with_scopes(f"view_connectors:{P}", client_id="viewer")
    assert viewer.get("/connectors/drafts/key=abc-first-connector").status_code == 200
    response = viewer.post("/connectors/drafts/key=abc-first-connector", json={"version": 1, "actions": []})
    assert_error(response, 403, "AuthorizationError")


def test_creating_needs_a_manage_scope(env: Env) -> None:
    viewer = env.client_with_scopes(f"view_connectors:{P}", client_id="viewer")
    assert_error(viewer.post("/connectors/drafts", json=staged_draft()), 403, "AuthorizationError")


def _inherit_connector(env: Env) -> None:
    create_staged(
        env,
        key="inherit",
        repository={"url": "https://github.com/abc/inherit-connector", "tag": "1.0.0"},
        supportedRegions=[],
    )
    publish(env, "inherit")


def _inherit_draft() -> dict[str, object]:
    return {
        "key": "payments",
        "connector": {"key": "inherit"},
        "region": "europe-west1.gcp",
        "configurations": [
            {
                "applicationName": "paymentService",
                "standardConfiguration": [],
                "securedConfiguration": [{"key": "PSP_API_KEY", "value": "psp-key"}],
            }
        ],
        "globalConfiguration": {"securedConfiguration": [{"key": "SHARED_SECRET", "value": "shared"}]},
    }


def test_generated_api_client_needs_manage_api_clients(env: Env) -> None:
    _inherit_connector(env)
    deployer = env.client_with_scopes(f"manage_connectors_deployments:{P}", client_id="deployer")
    assert_error(deployer.post(f"/{P}/deployments", json=_inherit_draft()), 403, "AuthorizationError", "Access denied")
    allowed = env.client_with_scopes(
        f"manage_connectors_deployments:{P}", f"manage_api_clients:{P}", client_id="deployer2"
    )
    response = allowed.post(f"/{P}/deployments", json=_inherit_draft())
    assert response.status_code == 201, response.text
    api_client = response.json()["apiClient"]
    assert api_client["scopes"] == [f"manage_orders:{P}", f"view_products:{P}"]
    assert api_client["name"].startswith("connect-payments-")


def test_manage_project_also_grants_generated_api_clients(env: Env) -> None:
    _inherit_connector(env)
    assert env.client.post(f"/{P}/deployments", json=_inherit_draft()).status_code == 201


def test_deployments_need_a_scope_on_the_path_project(env: Env) -> None:
    create_staged(env, privateProjects=["europe-west1.gcp:other-project"])
    make_previewable(env)
    publish(env)
    other = env.client_with_scopes("manage_project:other-project")
    assert deploy(env).status_code == 201
    settle_deployment(env)
    assert_error(other.get(f"/{P}/deployments/key=my-first-deployment"), 403, "AuthorizationError")
    response = other.post("/other-project/deployments", json={**_seed_draft(), "key": "theirs"})
    assert response.status_code == 201, response.text
    assert_error(env.client.get("/other-project/deployments"), 403, "AuthorizationError")


def _seed_draft() -> dict[str, object]:
    from tests.emulator.support import deployment_draft

    return deployment_draft()


def test_unauthenticated_client_helper_is_closed(env: Env) -> None:
    client = SyncClient(env.app)
    assert client.get("/connectors/drafts").status_code == 401
    client.close()
