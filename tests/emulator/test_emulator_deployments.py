"""Deployments: create checks, lifecycle, redeploy from each status, delete, list and logs."""

from __future__ import annotations

from typing import Any

import pytest

from connect_as_code.emulator.models import (
    Deployment,
    DeploymentLogCursorPagedQueryResponse,
    DeploymentPagedQueryResponse,
)
from tests.emulator.support import (
    DEPLOYMENT,
    PROJECT,
    SEED_URL,
    Env,
    assert_error,
    create_staged,
    deploy,
    deployment_draft,
    error_codes,
    example,
    get_deployment,
    make_previewable,
    publish,
    published_connector,
    seed_configurations,
    settle_deployment,
    update,
)


def script(env: Env, kind: str, key: str, *outcomes: Any) -> None:
    response = env.anon.post("/_emulator/outcomes", json={"kind": kind, "key": key, "outcomes": list(outcomes)})
    assert response.status_code == 200, response.text


@pytest.fixture
def published(env: Env) -> dict[str, Any]:
    return published_connector(env)


# --- create --------------------------------------------------------------------------------------------------


def test_create_is_queued_and_shaped_like_the_example(env: Env, published: dict[str, Any]) -> None:
    response = deploy(env)
    assert response.status_code == 201, response.text
    body = response.json()
    Deployment.model_validate(body)
    assert set(body) == set(example("deployment/minimal.json"))
    assert set(example("deployment/DeploymentConnector.json")) <= set(body["connector"])
    assert (body["status"], body["version"], body["type"], body["preview"]) == ("Queued", 1, "sandbox", False)
    assert body["deployedRegion"] == "europe-west1.gcp"
    assert body["connector"]["id"] == published["id"]
    assert body["connector"]["version"] == 1
    [application] = body["applications"]
    assert application["applicationName"] == "cartExtension"
    assert application["standardConfiguration"] == [{"key": "CTP_REGION", "value": "europe-west1.gcp"}]
    assert application["securedConfiguration"] == [
        {"key": "CTP_CLIENT_ID", "value": "********"},
        {"key": "CTP_CLIENT_SECRET", "value": "********"},
    ]
    assert "url" not in application
    assert body["details"]["build"]["report"] == {"entries": []}


def test_lifecycle_to_deployed(env: Env, published: dict[str, Any]) -> None:
    deploy(env)
    env.advance(1)
    assert get_deployment(env)["status"] == "Deploying"
    env.advance(2)
    body = get_deployment(env)
    assert body["status"] == "Deployed"
    application = body["applications"][0]
    assert application["url"] == f"https://service-{application['id']}.europe-west1.gcp.commercetools.app"
    assert body["version"] == 1


def test_deploy_by_id_and_version(env: Env, published: dict[str, Any]) -> None:
    response = deploy(env, connector={"id": published["id"], "version": 1, "staged": False})
    assert response.status_code == 201, response.text


def test_example_draft_against_the_example_repository(env: Env) -> None:
    env.client.post(
        "/connectors/drafts",
        json={
            "key": "connector-key",
            "name": "Connector's name",
            "creator": example("connector/Creator.json"),
            "repository": example("connector/Repository.json"),
        },
    )
    publish(env, "connector-key")
    response = env.client.post(f"/{PROJECT}/deployments", json=example("deployment/DeploymentDraft.json"))
    assert response.status_code == 201, response.text
    assert response.json()["key"] == "key-for-my-deployment"


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ({"key": "ghost"}, "Connector 'ghost' with version latest not found"),
        ({"key": "abc-first-connector", "version": 9}, "Connector 'abc-first-connector' with version 9 not found"),
        ({"id": "0000", "version": 1}, "Connector '0000' with version 1 not found"),
    ],
)
def test_unknown_connector_references(
    env: Env, published: dict[str, Any], reference: dict[str, Any], message: str
) -> None:
    assert_error(deploy(env, connector=reference), 400, "ConnectorReferenceNotFound", message)


def test_id_and_key_must_agree(env: Env, published: dict[str, Any]) -> None:
    assert_error(deploy(env, connector={"id": published["id"], "key": "other"}), 400, "ConnectorReferenceNotFound")


def test_reference_needs_id_or_key(env: Env, published: dict[str, Any]) -> None:
    body = assert_error(deploy(env, connector={"version": 1}), 400, "InvalidJsonInput")
    assert "either 'id' or 'key' is required" in body["errors"][0]["detailedErrorMessage"]


def test_unpublished_connector_is_not_found(env: Env) -> None:
    create_staged(env)
    assert_error(deploy(env), 400, "ConnectorReferenceNotFound")


def test_unknown_application(env: Env, published: dict[str, Any]) -> None:
    configurations = [
        *seed_configurations(),
        {"applicationName": "ghost", "standardConfiguration": [], "securedConfiguration": []},
    ]
    assert_error(
        deploy(env, configurations=configurations),
        400,
        "DeploymentUnknownApplicationConfiguration",
        "Deployment does not require configuration for application named 'ghost'.",
    )


def test_the_guides_ct_keys_are_rejected(env: Env, published: dict[str, Any]) -> None:
    """The getting-started guide passes CT_* keys where connect.yaml declares CTP_* keys."""
    configurations = [
        {
            "applicationName": "cartExtension",
            "standardConfiguration": [
                {"key": "CT_PROJECT_KEY", "value": PROJECT},
                {"key": "CT_REGION", "value": "europe-west1.gcp"},
            ],
            "securedConfiguration": [
                {"key": "CT_CLIENT_ID", "value": "client-id-value"},
                {"key": "CT_CLIENT_SECRET", "value": "client-secret-value"},
                {"key": "CT_SCOPE", "value": f"manage_project:{PROJECT}"},
            ],
        }
    ]
    body = assert_error(
        deploy(env, configurations=configurations),
        400,
        "DeploymentUnknownApplicationConfigurationKey",
        "Deployment does not require standard configuration with key CT_PROJECT_KEY for application named "
        "cartExtension.",
    )
    messages = [e["message"] for e in body["errors"]]
    assert len(messages) == 5
    assert messages[2] == (
        "Deployment does not require secret configuration with key CT_CLIENT_ID for application named cartExtension."
    )
    assert "client-secret-value" not in str(body)


def test_standard_key_sent_as_secured_is_unknown(env: Env, published: dict[str, Any]) -> None:
    configurations = seed_configurations()
    configurations[0]["securedConfiguration"].append({"key": "CTP_REGION", "value": "x"})
    assert_error(deploy(env, configurations=configurations), 400, "DeploymentUnknownApplicationConfigurationKey")


@pytest.mark.parametrize(
    ("change", "field", "value"),
    [
        ("drop-standard", "configurations.cartExtension.standardConfiguration", "CTP_REGION"),
        ("empty-standard", "configurations.cartExtension.standardConfiguration", "CTP_REGION"),
        ("drop-secured", "configurations.cartExtension.securedConfiguration", "CTP_CLIENT_SECRET"),
        ("empty-secured", "configurations.cartExtension.securedConfiguration", "CTP_CLIENT_SECRET"),
    ],
)
def test_required_keys(env: Env, published: dict[str, Any], change: str, field: str, value: str) -> None:
    configurations = seed_configurations()
    application = configurations[0]
    if change == "drop-standard":
        application["standardConfiguration"] = []
    elif change == "empty-standard":
        application["standardConfiguration"] = [{"key": "CTP_REGION", "value": ""}]
    elif change == "drop-secured":
        application["securedConfiguration"] = application["securedConfiguration"][:1]
    else:
        application["securedConfiguration"][1]["value"] = ""
    body = assert_error(
        deploy(env, configurations=configurations),
        400,
        "FieldValueNotFound",
        f"The value {value} for the {field} field was not found",
    )
    assert (body["errors"][0]["field"], body["errors"][0]["value"]) == (field, value)


def test_no_configuration_at_all_lists_every_missing_key(env: Env, published: dict[str, Any]) -> None:
    response = deploy(env, configurations=[])
    assert [e["value"] for e in response.json()["errors"]] == ["CTP_REGION", "CTP_CLIENT_ID", "CTP_CLIENT_SECRET"]


def test_missing_configurations_field(env: Env, published: dict[str, Any]) -> None:
    draft = deployment_draft()
    draft.pop("configurations")
    assert_error(env.client.post(f"/{PROJECT}/deployments", json=draft), 400, "InvalidJsonInput")


def test_unsupported_region(env: Env, published: dict[str, Any]) -> None:
    assert_error(
        deploy(env, region="us-central1.gcp"),
        400,
        "DeploymentUnsupportedRegion",
        "Deployment unsupported region us-central1.gcp",
    )


def test_any_region_when_none_is_listed(env: Env) -> None:
    published_connector(env, supportedRegions=[])
    assert deploy(env, region="australia-southeast1.gcp").status_code == 201


def test_invalid_types(env: Env, published: dict[str, Any]) -> None:
    assert_error(
        deploy(env, type="preview"),
        400,
        "DeploymentInvalidType",
        f"The Connector id={published['id']} or key=abc-first-connector cannot be deployed as a 'preview' type. "
        "Only 'sandbox, production' types are allowed.",
    )
    make_previewable(env)
    staged = {"key": "abc-first-connector", "staged": True}
    assert_error(
        deploy(env, connector=staged, type="sandbox"),
        400,
        "DeploymentInvalidType",
        f"The Connector id={published['id']} or key=abc-first-connector cannot be deployed as a 'sandbox' type. "
        "Only 'preview' types are allowed.",
    )


def test_production_needs_a_production_project(env: Env, published: dict[str, Any]) -> None:
    assert_error(
        deploy(env, type="production"),
        400,
        "DeploymentProductionDeactivated",
        "Deployments to production are disabled for this Project. Please contact support to enable production "
        "deployments.",
    )
    env.anon.put(f"/_emulator/projects/{PROJECT}", json={"production": True})
    assert deploy(env, type="production").json()["type"] == "production"


def test_staged_must_be_previewable(env: Env) -> None:
    staged = create_staged(env)
    reference = {"key": "abc-first-connector", "staged": True}
    assert_error(
        deploy(env, connector=reference),
        400,
        "ConnectorStagedNotPreviewable",
        f"Connector id={staged['id']} or key=abc-first-connector with version 1 is not previewable",
    )
    script(env, "previewable", "abc-first-connector", "false")
    make_previewable(env)
    assert_error(deploy(env, connector=reference), 400, "ConnectorStagedNotPreviewable")
    make_previewable(env)
    response = deploy(env, connector=reference)
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["type"], body["preview"], body["connector"]["certified"]) == ("preview", True, False)


def test_staged_version_must_match(env: Env) -> None:
    create_staged(env)
    make_previewable(env)
    assert deploy(env, connector={"key": "abc-first-connector", "staged": True, "version": 2}).status_code == 201
    response = deploy(env, key="other", connector={"key": "abc-first-connector", "staged": True, "version": 1})
    assert_error(response, 400, "ConnectorReferenceNotFound")


def test_private_connectors_only_for_their_projects(env: Env, published: dict[str, Any]) -> None:
    partner = env.client_with_scopes("manage_project:partner", client_id="partner")
    response = partner.post("/partner/deployments", json=deployment_draft())
    assert_error(
        response, 400, "ConnectorReferenceNotFound", "Connector 'abc-first-connector' with version latest not found"
    )
    update(
        env.client,
        "/connectors/drafts/key=abc-first-connector",
        {"action": "addPrivateProject", "privateProject": "europe-west1.gcp:partner"},
    )
    assert partner.post("/partner/deployments", json=deployment_draft()).status_code == 201


def test_duplicate_keys_per_project(env: Env, published: dict[str, Any]) -> None:
    deploy(env)
    assert_error(deploy(env), 400, "DuplicateField", "A duplicate value my-first-deployment exists for field key.")
    update(
        env.client,
        "/connectors/drafts/key=abc-first-connector",
        {"action": "addPrivateProject", "privateProject": "europe-west1.gcp:second"},
    )
    second = env.client_with_scopes("manage_project:second", client_id="second")
    assert second.post("/second/deployments", json=deployment_draft()).status_code == 201


def _inherit(env: Env) -> None:
    published_connector(
        env,
        key="inherit",
        repository={"url": "https://github.com/abc/inherit-connector", "tag": "1.0.0"},
        supportedRegions=[],
    )


def _inherit_draft(global_configuration: dict[str, Any] | None) -> dict[str, Any]:
    draft: dict[str, Any] = {
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
    }
    if global_configuration is not None:
        draft["globalConfiguration"] = global_configuration
    return draft


@pytest.mark.parametrize(
    ("global_configuration", "code", "message"),
    [
        (
            None,
            "DeploymentMissingGlobalConfigurationKey",
            "Deployment global configuration requires secret with key SHARED_SECRET.",
        ),
        (
            {"securedConfiguration": [{"key": "SHARED_SECRET", "value": ""}]},
            "DeploymentEmptyRequiredGlobalConfigurationKey",
            "Deployment requires a non empty value for secret global configuration with key SHARED_SECRET.",
        ),
        (
            {
                "standardConfiguration": [{"key": "NOPE", "value": "1"}],
                "securedConfiguration": [{"key": "SHARED_SECRET", "value": "s"}],
            },
            "DeploymentUnknownGlobalConfigurationKey",
            "Deployment global configuration does not require standard with key NOPE.",
        ),
        (
            {"securedConfiguration": [{"key": "SHARED_SECRET", "value": "s"}, {"key": "PSP_API_KEY", "value": "x"}]},
            "DeploymentUnknownGlobalConfigurationKey",
            "Deployment global configuration does not require secret with key PSP_API_KEY.",
        ),
    ],
)
def test_global_configuration_checks(
    env: Env, global_configuration: dict[str, Any] | None, code: str, message: str
) -> None:
    _inherit(env)
    response = env.client.post(f"/{PROJECT}/deployments", json=_inherit_draft(global_configuration))
    assert_error(response, 400, code, message)


def test_global_configuration_is_stored_masked(env: Env) -> None:
    _inherit(env)
    draft = _inherit_draft(
        {
            "standardConfiguration": [{"key": "FEATURE_FLAGS", "value": "a,b"}],
            "securedConfiguration": [{"key": "SHARED_SECRET", "value": "s"}],
        }
    )
    body = env.client.post(f"/{PROJECT}/deployments", json=draft).json()
    assert body["globalConfiguration"] == {
        "standardConfiguration": [{"key": "FEATURE_FLAGS", "value": "a,b"}],
        "securedConfiguration": [{"key": "SHARED_SECRET", "value": "********"}],
    }
    assert body["connector"]["globalConfiguration"]["securedConfiguration"][0]["key"] == "SHARED_SECRET"


def test_global_configuration_for_a_connector_without_one(env: Env, published: dict[str, Any]) -> None:
    response = deploy(env, globalConfiguration={"standardConfiguration": [{"key": "X", "value": "1"}]})
    assert_error(response, 400, "DeploymentUnknownGlobalConfigurationKey")


def _multi(env: Env) -> None:
    published_connector(
        env,
        key="multi",
        repository={"url": "https://github.com/abc/multi-app-connector", "tag": "1.0.0"},
        supportedRegions=[],
    )


def _multi_draft(**overrides: Any) -> dict[str, Any]:
    draft: dict[str, Any] = {
        "key": "multi",
        "connector": {"key": "multi"},
        "region": "europe-west1.gcp",
        "configurations": [
            {
                "applicationName": "backoffice",
                "standardConfiguration": [
                    {"key": "CUSTOM_APPLICATION_ID", "value": "app-id"},
                    {"key": "ENTRY_POINT_URI_PATH", "value": "backoffice"},
                ],
                "securedConfiguration": [],
            },
            {
                "applicationName": "productView",
                "standardConfiguration": [
                    {"key": "CUSTOM_VIEW_ID", "value": "v"},
                    {"key": "CLOUD_IDENTIFIER", "value": "gcp-eu"},
                ],
                "securedConfiguration": [],
            },
        ],
    }
    draft.update(overrides)
    return draft


def test_every_application_type(env: Env) -> None:
    _multi(env)
    response = env.client.post(f"/{PROJECT}/deployments", json=_multi_draft())
    assert response.status_code == 201, response.text
    settle_deployment(env)
    deployment = get_deployment(env, f"/{PROJECT}/deployments/key=multi")
    applications = {a["applicationName"]: a for a in deployment["applications"]}
    assert set(applications) == {"api", "listener", "cleanup", "backoffice", "productView", "static"}
    assert applications["api"]["url"].startswith("https://service-")
    assert applications["listener"]["topic"].endswith("-listener")
    assert applications["cleanup"]["schedule"] == "@daily"
    assert "url" not in applications["static"] and "schedule" not in applications["api"]


def test_job_schedule_override(env: Env) -> None:
    _multi(env)
    configurations = [
        *_multi_draft()["configurations"],
        {
            "applicationName": "cleanup",
            "standardConfiguration": [],
            "securedConfiguration": [],
            "schedule": "0 3 * * *",
        },
    ]
    body = env.client.post(f"/{PROJECT}/deployments", json=_multi_draft(configurations=configurations)).json()
    assert {a["applicationName"]: a.get("schedule") for a in body["applications"]}["cleanup"] == "0 3 * * *"
    bad = [*configurations[:2], {**configurations[2], "schedule": "whenever"}]
    body = assert_error(
        env.client.post(f"/{PROJECT}/deployments", json=_multi_draft(key="bad", configurations=bad)),
        400,
        "InvalidJsonInput",
    )
    assert "cleanup.schedule" in body["errors"][0]["detailedErrorMessage"]
    out_of_range = [*configurations[:2], {**configurations[2], "schedule": "61 25 * * *"}]
    body = assert_error(
        env.client.post(f"/{PROJECT}/deployments", json=_multi_draft(key="bad", configurations=out_of_range)),
        400,
        "InvalidJsonInput",
    )
    assert body["errors"][0]["detailedErrorMessage"] == (
        "configurations.cleanup.schedule: '61 25 * * *' is not a valid cron expression: minute 61 is outside 0-59"
    )


# --- lifecycle outcomes ----------------------------------------------------------------------------------------


def test_scripted_failure_then_success(env: Env, published: dict[str, Any]) -> None:
    script(env, "deploy", "my-first-deployment", "Failed", "Deployed")
    deploy(env)
    settle_deployment(env)
    body = get_deployment(env)
    assert body["status"] == "Failed"
    assert body["details"]["build"]["report"]["entries"][0]["type"] == "Error"
    response = env.client.post(DEPLOYMENT, json={"version": 1, "actions": [{"action": "redeploy"}]})
    assert response.json()["status"] == "Queued"
    settle_deployment(env)
    body = get_deployment(env)
    assert (body["status"], body["version"]) == ("Deployed", 2)
    assert body["details"]["build"]["report"]["entries"] == []


def test_scripted_warning_report_like_the_example(env: Env, published: dict[str, Any]) -> None:
    warning = example("deployment/minimal.json")["details"]["build"]["report"]["entries"][0]
    entry = {k: warning[k] for k in ("type", "title")} | {"application": "cartExtension"}
    script(env, "deploy", "my-first-deployment", {"outcome": "Deployed", "report": [entry]})
    deploy(env)
    settle_deployment(env)
    [reported] = get_deployment(env)["details"]["build"]["report"]["entries"]
    assert reported["title"] == "Failed during the execution of 'postDeploy' script"
    assert reported["type"] == "Warning"
    assert reported["createdAt"].endswith("Z")
    env.advance(5)
    messages = [e["details"].get("message") for e in env.client.get(f"{DEPLOYMENT}/logs").json()["data"]]
    assert "postDeploy script failed" in messages


def test_scripted_durations(env: Env, published: dict[str, Any]) -> None:
    script(
        env, "deploy", "my-first-deployment", {"outcome": "Deployed", "durations": {"queued": 100, "deploying": 100}}
    )
    deploy(env)
    env.advance(150)
    assert get_deployment(env)["status"] == "Deploying"
    env.advance(50)
    assert get_deployment(env)["status"] == "Deployed"


# --- redeploy --------------------------------------------------------------------------------------------------


def redeploy(env: Env, version: int | None = None, **action: Any) -> Any:
    current = version if version is not None else get_deployment(env)["version"]
    return env.client.post(DEPLOYMENT, json={"version": current, "actions": [{"action": "redeploy", **action}]})


@pytest.mark.parametrize(
    ("advance", "scripted", "status", "refusal"),
    [
        (0, None, "Queued", "Already queued"),
        (1.5, None, "Deploying", "Already deploying"),
        (5, None, "Deployed", None),
        (5, "Failed", "Failed", None),
    ],
)
def test_redeploy_from_each_status(
    env: Env, published: dict[str, Any], advance: float, scripted: str | None, status: str, refusal: str | None
) -> None:
    if scripted:
        script(env, "deploy", "my-first-deployment", scripted)
    deploy(env)
    env.advance(advance)
    assert get_deployment(env)["status"] == status
    response = redeploy(env)
    if refusal is None:
        assert response.status_code == 201, response.text
        assert response.json()["status"] == "Queued"
    else:
        assert_error(response, 400, "DeploymentInvalidStatusTransition", f"Invalid status change: {refusal}")


def test_redeploy_while_undeploying_and_from_undeploy_failed(env: Env, published: dict[str, Any]) -> None:
    script(env, "undeploy", "my-first-deployment", "UndeployFailed")
    deploy(env)
    settle_deployment(env)
    assert env.client.delete(DEPLOYMENT).json()["status"] == "Undeploying"
    assert_error(redeploy(env), 400, "DeploymentInvalidStatusTransition", "Invalid status change: Already undeploying")
    env.advance(2)
    body = get_deployment(env)
    assert body["status"] == "UndeployFailed"
    assert body["details"]["build"]["report"]["entries"][0]["type"] == "Error"
    assert redeploy(env).json()["status"] == "Queued"


def test_redeploy_version_conflict(env: Env, published: dict[str, Any]) -> None:
    created = deploy(env).json()
    settle_deployment(env)
    body = assert_error(redeploy(env, version=5), 409, "ConcurrentModification")
    assert body["message"] == (
        f"Object id={created['id']} or key=my-first-deployment has a different version than expected. "
        "Expected: 5 - Actual: 1)"
    )


def test_redeploy_merges_values(env: Env, published: dict[str, Any]) -> None:
    deploy(env)
    settle_deployment(env)
    values = [
        {
            "applicationName": "cartExtension",
            "standardConfiguration": [{"key": "CTP_PROJECT_KEY", "value": "other"}],
            "securedConfiguration": [{"key": "CTP_SCOPE", "value": "manage_orders:x"}],
        }
    ]
    body = redeploy(env, configurationValues=values, skipScripts=True).json()
    [application] = body["applications"]
    assert application["standardConfiguration"] == [
        {"key": "CTP_REGION", "value": "europe-west1.gcp"},
        {"key": "CTP_PROJECT_KEY", "value": "other"},
    ]
    assert [v["key"] for v in application["securedConfiguration"]] == [
        "CTP_CLIENT_ID",
        "CTP_CLIENT_SECRET",
        "CTP_SCOPE",
    ]
    assert {v["value"] for v in application["securedConfiguration"]} == {"********"}


def test_redeploy_example_bodies(env: Env) -> None:
    env.client.post(
        "/connectors/drafts",
        json={
            "key": "connector-key",
            "name": "n",
            "creator": example("connector/Creator.json"),
            "repository": example("connector/Repository.json"),
        },
    )
    publish(env, "connector-key")
    env.client.post(f"/{PROJECT}/deployments", json=example("deployment/DeploymentDraft.json"))
    settle_deployment(env)
    path = f"/{PROJECT}/deployments/key=key-for-my-deployment"
    assert env.client.post(path, json=example("deployment/update.json")).status_code == 201
    settle_deployment(env)
    action = example("deployment/updates/DeploymentRedeployUpdateAction.json")
    assert env.client.post(path, json={"version": 2, "actions": [action]}).status_code == 201


def test_redeploy_errors(env: Env, published: dict[str, Any]) -> None:
    deploy(env)
    settle_deployment(env)
    assert_error(
        redeploy(env, configurationValues=[]),
        400,
        "DeploymentApplicationRequired",
        "A Deployment requires at least one application",
    )
    ghost = [{"applicationName": "ghost", "standardConfiguration": [], "securedConfiguration": []}]
    assert_error(redeploy(env, configurationValues=ghost), 400, "DeploymentUnknownApplicationConfiguration")
    unknown_key = [
        {
            "applicationName": "cartExtension",
            "standardConfiguration": [{"key": "NOPE", "value": "1"}],
            "securedConfiguration": [],
        }
    ]
    assert_error(redeploy(env, configurationValues=unknown_key), 400, "DeploymentUnknownApplicationConfigurationKey")
    emptied = [
        {
            "applicationName": "cartExtension",
            "standardConfiguration": [{"key": "CTP_REGION", "value": ""}],
            "securedConfiguration": [],
        }
    ]
    assert_error(redeploy(env, configurationValues=emptied), 400, "FieldValueNotFound")
    assert get_deployment(env)["version"] == 1
    assert_error(
        env.client.post(DEPLOYMENT, json={"version": 1, "actions": [{"action": "restart"}]}), 400, "InvalidJsonInput"
    )


def test_update_connector_takes_the_new_release(env: Env, published: dict[str, Any]) -> None:
    deploy(env)
    settle_deployment(env)
    path = "/connectors/drafts/key=abc-first-connector"
    update(env.client, path, {"action": "setRepository", "url": SEED_URL, "tag": "0.0.1"})
    publish(env)
    assert get_deployment(env)["connector"]["version"] == 1
    body = redeploy(env, updateConnector=False).json()
    assert body["connector"]["version"] == 1
    settle_deployment(env)
    body = redeploy(env, updateConnector=True).json()
    assert body["connector"]["version"] == 2
    assert body["connector"]["repository"]["tag"] == "0.0.1"
    keys = [k["key"] for k in body["connector"]["configurations"][0]["standardConfiguration"]]
    assert "LOG_LEVEL" in keys


def test_application_that_does_not_belong_yet(env: Env) -> None:
    url = "https://github.com/acme/growing"
    one = "deployAs:\n  - {name: first, applicationType: service, endpoint: /a}\n"
    two = one + "  - {name: second, applicationType: service, endpoint: /b}\n"
    env.anon.post("/_emulator/repositories", json={"url": url, "tag": "1", "connectYaml": one})
    env.anon.post("/_emulator/repositories", json={"url": url, "tag": "2", "connectYaml": two})
    published_connector(env, key="growing", repository={"url": url, "tag": "1"}, supportedRegions=[])
    env.client.post(
        f"/{PROJECT}/deployments",
        json={
            "key": "my-first-deployment",
            "connector": {"key": "growing"},
            "region": "europe-west1.gcp",
            "configurations": [],
        },
    )
    settle_deployment(env)
    update(env.client, "/connectors/drafts/key=growing", {"action": "setRepository", "tag": "2"})
    publish(env, "growing")
    second = [{"applicationName": "second", "standardConfiguration": [], "securedConfiguration": []}]
    body = assert_error(redeploy(env, configurationValues=second), 400, "DeploymentApplicationDoNotBelong")
    assert body["message"].endswith("does not include application: second")
    body = redeploy(env, configurationValues=second, updateConnector=True).json()
    assert [a["applicationName"] for a in body["applications"]] == ["first", "second"]


def test_update_connector_after_the_connector_was_deleted(env: Env, published: dict[str, Any]) -> None:
    created = deploy(env).json()
    settle_deployment(env)
    env.client.delete("/connectors/drafts/key=abc-first-connector")
    assert redeploy(env).status_code == 201, "the snapshot keeps the Deployment deployable"
    settle_deployment(env)
    assert_error(
        redeploy(env, updateConnector=True),
        400,
        "DeploymentConnectorUpdateFailure",
        f"Deployment with id={created['id']} or key=my-first-deployment failed while trying to update Connector "
        f"id={published['id']} or key=abc-first-connector (cause: Connector not found)",
    )


# --- delete ----------------------------------------------------------------------------------------------------


def test_delete_undeploys_then_disappears(env: Env, published: dict[str, Any]) -> None:
    deploy(env)
    settle_deployment(env)
    response = env.client.delete(DEPLOYMENT)
    assert response.status_code == 202
    Deployment.model_validate(response.json())
    assert response.json()["status"] == "Undeploying"
    assert get_deployment(env)["status"] == "Undeploying"
    assert_error(
        env.client.delete(DEPLOYMENT),
        400,
        "DeploymentInvalidStatusTransition",
        "Invalid status change: Already undeploying",
    )
    env.advance(2)
    assert_error(
        env.client.get(DEPLOYMENT),
        404,
        "ResourceNotFound",
        "The Resource with key 'my-first-deployment' was not found.",
    )
    assert deploy(env).status_code == 201, "the key is free again"


def test_delete_while_deploying_cancels_the_build(env: Env, published: dict[str, Any]) -> None:
    deploy(env)
    env.advance(1.5)
    assert env.client.delete(DEPLOYMENT).json()["status"] == "Undeploying"
    env.advance(10)
    assert env.client.get(DEPLOYMENT).status_code == 404
    statuses = [e["to"] for e in env.anon.get("/_emulator/events", params={"resource": "Deployment"}).json()["events"]]
    assert statuses == ["Queued", "Deploying", "Undeploying", "Removed"]


def test_other_projects_do_not_see_the_deployment(env: Env, published: dict[str, Any]) -> None:
    created = deploy(env).json()
    other = env.client_with_scopes("manage_project:other", client_id="other")
    assert_error(other.get(f"/other/deployments/{created['id']}"), 404, "ResourceNotFound")
    assert get_deployment(env, f"/{PROJECT}/deployments/{created['id']}")["id"] == created["id"]


# --- list --------------------------------------------------------------------------------------------------------


def test_list_with_filters_and_paging(env: Env, published: dict[str, Any]) -> None:
    env.anon.put(f"/_emulator/projects/{PROJECT}", json={"production": True})
    deploy(env, key="one")
    env.advance(1)
    deploy(env, key="two", type="production")
    env.advance(1)
    deploy(env, key="three")
    body = env.client.get(f"/{PROJECT}/deployments").json()
    DeploymentPagedQueryResponse.model_validate(body)
    assert [d["key"] for d in body["results"]] == ["one", "two", "three"]
    assert [
        d["key"]
        for d in env.client.get(f"/{PROJECT}/deployments", params={"deploymentType": "production"}).json()["results"]
    ] == ["two"]
    assert env.client.get(f"/{PROJECT}/deployments", params={"integrationTypes": "tax"}).json()["total"] == 0
    page = env.client.get(f"/{PROJECT}/deployments", params={"limit": 1, "offset": 1, "sort": "createdAt desc"}).json()
    assert [d["key"] for d in page["results"]] == ["two"]
    assert_error(
        env.client.get(f"/{PROJECT}/deployments", params={"deploymentType": "staging"}), 400, "InvalidQueryParam"
    )
    assert env.client.get("/another-project/deployments").status_code == 403


# --- logs ----------------------------------------------------------------------------------------------------------


def logs(env: Env, path: str = DEPLOYMENT, **params: Any) -> Any:
    return env.client.get(f"{path}/logs", params=params)


def test_logs_follow_the_lifecycle(env: Env, published: dict[str, Any]) -> None:
    deploy(env)
    assert logs(env).json() == {"data": [], "next": ""}
    settle_deployment(env)
    env.advance(5)
    body = logs(env).json()
    DeploymentLogCursorPagedQueryResponse.model_validate(body)
    assert set(body) == set(example("deployment-log/cursor-paged.json"))
    messages = [entry["details"].get("message") for entry in body["data"]]
    assert "Build started for application cartExtension" in messages
    assert "Running postDeploy script: npm install && npm run connector:post-deploy" in messages
    assert "Listening on port: 8080" in messages
    http = [entry for entry in body["data"] if entry["type"] == "HTTP_REQUEST"]
    assert len(http) == 3
    assert {"requestMethod", "requestUrl", "status", "userAgent"} <= set(http[0]["details"])
    timestamps = [entry["timestamp"] for entry in body["data"]]
    assert timestamps == sorted(timestamps)
    listening = next(e for e in body["data"] if e["details"].get("message") == "Listening on port: 8080")
    assert set(listening) == set(example("deployment/DeploymentLog.json"))


def test_skip_scripts_leaves_no_script_output(env: Env, published: dict[str, Any]) -> None:
    deploy(env)
    settle_deployment(env)
    redeploy(env, skipScripts=True)
    settle_deployment(env)
    env.advance(5)
    messages = [e["details"].get("message") for e in logs(env).json()["data"]]
    assert messages.count("Running postDeploy script: npm install && npm run connector:post-deploy") == 1


def test_log_paging(env: Env, published: dict[str, Any]) -> None:
    deploy(env)
    for _ in range(3):
        settle_deployment(env)
        env.advance(5)
        redeploy(env)
    settle_deployment(env)
    env.advance(5)
    pages: list[list[dict[str, Any]]] = []
    token = None
    for _ in range(10):
        body = logs(env, **({"pageToken": token} if token else {})).json()
        pages.append(body["data"])
        token = body["next"]
        if not token:
            break
    assert len(pages) >= 2 and len(pages[0]) == 20
    seen = [entry for page in pages for entry in page]
    assert len({(e["timestamp"], e["type"], str(e["details"])) for e in seen}) == len(seen)
    assert [e["timestamp"] for e in seen] == sorted(e["timestamp"] for e in seen)
    assert token == ""


def test_log_filters_and_errors(env: Env, published: dict[str, Any]) -> None:
    deploy(env)
    settle_deployment(env)
    env.advance(5)
    assert logs(env, applicationName="cartExtension").json()["data"]
    assert_error(
        logs(env, applicationName="ghost"),
        400,
        "DeploymentApplicationDoesNotExist",
        "Deployment does not have an application named ghost.",
    )
    assert_error(logs(env, startDate="2000-01-01T00:00:00Z"), 400, "DeploymentLogInvalidDate", "Invalid start/end date")
    assert_error(
        logs(env, startDate="2026-01-02T00:00:00Z", endDate="2026-01-01T00:00:00Z"), 400, "DeploymentLogInvalidDate"
    )
    assert_error(logs(env, startDate="yesterday"), 400, "InvalidQueryParam")
    assert_error(logs(env, pageToken="garbage!"), 400, "DeploymentLogInvalidPageToken", "Invalid page token: garbage!")
    assert_error(logs(env, pageToken=""), 400, "DeploymentLogInvalidPageToken", "Invalid page token: ")
    assert_error(logs(env, pageToken="Z2FyYmFnZQ"), 400, "DeploymentLogInvalidPageToken")  # base64 of "garbage"
    everything = logs(env).json()["data"]
    middle = everything[len(everything) // 2]["timestamp"]
    later = logs(env, startDate=middle).json()["data"]
    assert later and all(e["timestamp"] >= middle for e in later)
    earlier = logs(env, endDate=middle).json()["data"]
    assert earlier and all(e["timestamp"] <= middle for e in earlier)


def test_a_page_token_belongs_to_its_deployment(env: Env, published: dict[str, Any]) -> None:
    from connect_as_code.emulator.engine.deployments import encode_page_token

    deploy(env)
    token = encode_page_token("some-other-deployment", 20)
    assert_error(logs(env, pageToken=token), 400, "DeploymentLogInvalidPageToken")


def test_aws_logs_need_an_application_name(env: Env) -> None:
    published_connector(env, supportedRegions=[])
    deploy(env, region="us-east-2.aws")
    assert_error(
        logs(env), 400, "DeploymentLogMissingApplicationName", "Missing application name when fetching deployment logs"
    )
    assert logs(env, applicationName="cartExtension").status_code == 200


def test_logs_of_an_unknown_deployment(env: Env) -> None:
    assert_error(logs(env, f"/{PROJECT}/deployments/key=ghost"), 404, "ResourceNotFound")
    assert error_codes(logs(env, f"/{PROJECT}/deployments/nope")) == ["ResourceNotFound"]


# --- the retry policy of event applications (2026-10-23) -------------------------------------------------

EVENTS = "/demo-project/deployments/key=events"
EVENT_REPOSITORY = {"url": "https://github.com/abc/event-connector.git", "tag": "1.0.0"}
DECLARED_POLICY = {
    "strategy": "exponential-backoff",
    "minBackoffSeconds": 10,
    "maxBackoffSeconds": 300,
    "maxAttempts": 10,
}


def event_configuration(retry_policy: Any = None) -> dict[str, Any]:
    configuration: dict[str, Any] = {
        "applicationName": "orderEvents",
        "standardConfiguration": [{"key": "CTP_PROJECT_KEY", "value": "demo-project"}],
        "securedConfiguration": [{"key": "WEBHOOK_SECRET", "value": "s"}],
    }
    if retry_policy is not None:
        configuration["retryPolicy"] = retry_policy
    return configuration


def deploy_events(env: Env, retry_policy: Any = None) -> Any:
    published_connector(env, key="abc-event-connector", repository=EVENT_REPOSITORY)
    return deploy(
        env, connector_key="abc-event-connector", key="events", configurations=[event_configuration(retry_policy)]
    )


def test_an_event_application_carries_connect_yamls_retry_policy(env: Env) -> None:
    response = deploy_events(env)
    assert response.status_code == 201, response.text
    assert response.json()["applications"][0]["retryPolicy"] == DECLARED_POLICY


def test_a_retry_policy_override_is_stored_and_a_redeploy_without_it_restores_connect_yamls(env: Env) -> None:
    response = deploy_events(env, {"strategy": "immediate"})
    assert response.status_code == 201, response.text
    assert get_deployment(env, EVENTS)["applications"][0]["retryPolicy"] == {"strategy": "immediate"}
    settle_deployment(env)
    override = {"strategy": "exponential-backoff", "minBackoffSeconds": 1, "maxBackoffSeconds": 1}
    action = {"action": "redeploy", "configurationValues": [event_configuration(override)]}
    assert update(env.client, EVENTS, action).status_code == 201
    assert get_deployment(env, EVENTS)["applications"][0]["retryPolicy"] == override
    settle_deployment(env)
    assert (
        update(env.client, EVENTS, {"action": "redeploy", "configurationValues": [event_configuration()]}).status_code
        == 201
    )
    assert get_deployment(env, EVENTS)["applications"][0]["retryPolicy"] == DECLARED_POLICY


@pytest.mark.parametrize(
    ("policy", "detail"),
    [
        ({"strategy": "linear"}, "strategy"),
        ({"strategy": "exponential-backoff", "minBackoffSeconds": 0, "maxBackoffSeconds": 10}, "minBackoffSeconds"),
        ({"strategy": "exponential-backoff", "minBackoffSeconds": 20, "maxBackoffSeconds": 10}, "minBackoffSeconds"),
        (
            {"strategy": "exponential-backoff", "minBackoffSeconds": 1, "maxBackoffSeconds": 10, "maxAttempts": 4},
            "maxAttempts",
        ),
        ({"strategy": "immediate", "maxAttempts": 5}, "maxAttempts"),
    ],
)
def test_an_invalid_retry_policy_is_refused(env: Env, policy: dict[str, Any], detail: str) -> None:
    body = assert_error(deploy_events(env, policy), 400, "DeploymentInvalidRetryPolicy")
    assert detail in body["errors"][0]["detailedErrorMessage"]
    assert env.client.get(EVENTS).status_code == 404


def test_a_retry_policy_on_a_service_application_is_not_allowed(env: Env, published: dict[str, Any]) -> None:
    configurations = [{**seed_configurations()[0], "retryPolicy": {"strategy": "immediate"}}]
    assert_error(
        deploy(env, configurations=configurations),
        400,
        "DeploymentRetryPolicyOverrideNotAllowed",
        "Application 'cartExtension' is a service application: only event applications have a retry policy.",
    )


def test_a_retry_policy_that_is_not_a_mapping_is_invalid(env: Env) -> None:
    body = assert_error(deploy_events(env, ["immediate"]), 400, "DeploymentInvalidRetryPolicy")
    assert body["errors"][0]["detailedErrorMessage"]
