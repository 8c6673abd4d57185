"""The pure functions of the Deployment resource."""

from __future__ import annotations

from typing import Any

from connect_as_code import deployment as d
from connect_as_code.validation import Problem

SEED_APPLICATIONS: list[dict[str, Any]] = [
    {
        "applicationName": "cartExtension",
        "applicationType": "service",
        "standardConfiguration": [
            {
                "key": "CTP_PROJECT_KEY",
                "description": "Project key",
                "required": True,
                "default": "default-key",
            },
            {"key": "CTP_REGION", "description": "Region", "required": True},
        ],
        "securedConfiguration": [
            {"key": "CTP_CLIENT_ID", "description": "client_id", "required": True},
            {"key": "CTP_CLIENT_SECRET", "description": "secret", "required": True},
            {"key": "CTP_SCOPE", "description": "scope"},
        ],
    }
]


def seed_inputs(**overrides: Any) -> dict[str, Any]:
    inputs = {
        "key": "preview-1",
        "connector_key": "abc-first-connector",
        "staged": True,
        "region": "europe-west1.gcp",
        "configurations": {
            "cartExtension": {
                "standard": {"CTP_PROJECT_KEY": "p1", "CTP_REGION": "europe-west1.gcp"},
                "secured": {"CTP_CLIENT_ID": "id", "CTP_CLIENT_SECRET": "s3cr3t"},
            }
        },
    }
    inputs.update(overrides)
    return d.normalize_inputs(inputs)


def test_the_seeds_ct_project_key_is_caught_with_a_did_you_mean() -> None:
    configurations = {
        "cartExtension": {
            "standard": {"CT_PROJECT_KEY": "p1", "CT_REGION": "europe-west1.gcp"},
            "secured": {"CT_CLIENT_ID": "id", "CT_CLIENT_SECRET": "s", "CT_SCOPE": "x"},
        }
    }
    problems = d.check_configuration(d.normalize_configurations(configurations), SEED_APPLICATIONS)
    assert (
        Problem(
            "configurations.cartExtension.standard.CT_PROJECT_KEY",
            "application 'cartExtension' declares no standard configuration key CT_PROJECT_KEY; "
            "did you mean 'CTP_PROJECT_KEY'?",
        )
        in problems
    )
    assert (
        Problem(
            "configurations.cartExtension.standard.CTP_REGION",
            "application 'cartExtension' requires standard key CTP_REGION (Region)",
        )
        in problems
    )
    # CTP_PROJECT_KEY has a default, so leaving it out is not an error
    assert not any(p.property.endswith("standard.CTP_PROJECT_KEY") for p in problems)


def test_valid_seed_configuration_passes() -> None:
    assert d.check_configuration(seed_inputs()["configurations"], SEED_APPLICATIONS) == []


def test_unknown_application_and_wrong_section() -> None:
    configurations = d.normalize_configurations(
        {
            "cartExtention": {"standard": {}},
            "cartExtension": {
                "standard": {"CTP_REGION": "r", "CTP_CLIENT_ID": "id"},
                "secured": {"CTP_CLIENT_SECRET": "s"},
            },
        }
    )
    problems = d.check_configuration(configurations, SEED_APPLICATIONS)
    assert problems == [
        Problem(
            "configurations.cartExtention",
            "the connector has no application 'cartExtention' (it declares: cartExtension); "
            "did you mean 'cartExtension'?",
        ),
        Problem(
            "configurations.cartExtension.standard.CTP_CLIENT_ID",
            "CTP_CLIENT_ID is a secured key of application 'cartExtension': move it to secured",
        ),
        Problem(
            "configurations.cartExtension.secured.CTP_CLIENT_ID",
            "application 'cartExtension' requires secured key CTP_CLIENT_ID (client_id)",
        ),
    ]


def test_draft_body_matches_the_api_shape() -> None:
    body = d.draft_body(seed_inputs(connector_version=3))
    assert body == {
        "key": "preview-1",
        "type": "preview",
        "connector": {"staged": True, "key": "abc-first-connector", "version": 3},
        "region": "europe-west1.gcp",
        "configurations": [
            {
                "applicationName": "cartExtension",
                "standardConfiguration": [
                    {"key": "CTP_PROJECT_KEY", "value": "p1"},
                    {"key": "CTP_REGION", "value": "europe-west1.gcp"},
                ],
                "securedConfiguration": [
                    {"key": "CTP_CLIENT_ID", "value": "id"},
                    {"key": "CTP_CLIENT_SECRET", "value": "s3cr3t"},
                ],
            }
        ],
    }


def test_outputs_never_hold_secured_values() -> None:
    inputs = seed_inputs()
    outputs = d.outputs_of({"id": "i", "version": 1, "status": "Deployed", "applications": []}, inputs)
    assert "s3cr3t" not in repr(outputs)
    assert outputs["configurations"]["cartExtension"]["secured"] == {
        "CTP_CLIENT_ID": "[secret]",
        "CTP_CLIENT_SECRET": "[secret]",
    }
    assert outputs["secured_hashes"]["cartExtension"]["CTP_CLIENT_SECRET"].startswith("sha256:")


def test_changed_secret_is_a_redeploy_not_a_replace() -> None:
    olds = d.outputs_of({"id": "i", "version": 1, "status": "Deployed"}, seed_inputs())
    news = seed_inputs()
    assert d.changes(olds, news) == ([], [])
    news["configurations"]["cartExtension"]["secured"]["CTP_CLIENT_SECRET"] = "rotated"
    assert d.changes(olds, news) == (["configurations"], [])


def test_region_change_replaces() -> None:
    olds = d.outputs_of({"id": "i", "version": 1, "status": "Deployed"}, seed_inputs())
    assert d.changes(olds, seed_inputs(region="us-central1.gcp")) == (["region"], ["region"])


def test_failed_deployment_found_by_refresh_is_redeployed() -> None:
    olds = d.outputs_of({"id": "i", "version": 1, "status": "Failed"}, seed_inputs())
    assert d.changes(olds, seed_inputs()) == (["status"], [])


def test_new_connector_version_redeploys_with_update_connector() -> None:
    inputs = seed_inputs(connector_version=4)
    olds = d.outputs_of({"id": "i", "version": 1, "status": "Deployed"}, seed_inputs(connector_version=3))
    current = {"status": "Deployed", "connector": {"version": 3}}
    assert d.needs_redeploy(current, olds, inputs) == (True, True)
    action = d.redeploy_action(inputs, update_connector=True)
    assert action["action"] == "redeploy" and action["updateConnector"] is True


def test_validate_names_each_bad_field() -> None:
    problems = d.validate(
        d.normalize_inputs(
            {
                "key": "x",
                "region": "europe-west2.gcp",
                "staged": True,
                "deployment_type": "sandbox",
                "connector_key": "c!",
                "timeouts": {"deploy": -1},
            }
        )
    )
    assert [p.property for p in problems] == [
        "key",
        "connector_key",
        "region",
        "deployment_type",
        "timeouts.deploy",
    ]
