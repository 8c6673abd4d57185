"""The pure functions of the Deployment resource."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from pulumi.output import Unknown

from connect_as_code import deployment_model as d
from connect_as_code import deployment_spec as spec
from connect_as_code.connect import ConnectorReference, ConnectorStaged, Deployment, DeploymentRedeployAction, to_wire
from connect_as_code.connect_yaml.configuration_check import check_configuration, declaration_of
from connect_as_code.connect_yaml.document import Declaration
from connect_as_code.validation import Problem

from .connect._support import deployment_body

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


def staged_connector(**fields: Any) -> ConnectorStaged:
    """A ConnectorStaged as the API answers, with ``fields`` (API JSON) over the seed's."""
    body = {
        "id": "c-1",
        "key": "abc-first-connector",
        "version": 1,
        "name": "First connector",
        "creator": {"email": "dev@example.com"},
        "repository": {"url": "https://github.com/abc/first-connect-application.git", "tag": "0.0.1"},
        "configurations": SEED_APPLICATIONS,
        **fields,
    }
    return ConnectorStaged.model_validate(body)


def declared(applications: list[dict[str, Any]]) -> Declaration:
    """What a connector read from the API with these ``configurations`` (API JSON) declares."""
    return declaration_of(staged_connector(configurations=applications))


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
    problems = check_configuration(d.normalize_configurations(configurations), declared(SEED_APPLICATIONS))
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
    assert check_configuration(seed_inputs()["configurations"], declared(SEED_APPLICATIONS)) == []


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
    problems = check_configuration(configurations, declared(SEED_APPLICATIONS))
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


def api(status: str = "Deployed", connector_version: int = 1) -> Deployment:
    body = deployment_body(status=status)
    body["connector"]["version"] = connector_version
    return Deployment.model_validate(body)


def test_draft_matches_the_api_shape() -> None:
    draft = spec.draft(spec.spec_of(seed_inputs(connector_version=3)))
    assert draft.connector == ConnectorReference(key="abc-first-connector", staged=True, version=3)
    assert to_wire(draft) == {
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
    outputs = d.outputs_of(api(), d.declared(inputs))
    assert "s3cr3t" not in repr(outputs)
    assert outputs["configurations"]["cartExtension"]["secured"] == {
        "CTP_CLIENT_ID": "[secret]",
        "CTP_CLIENT_SECRET": "[secret]",
    }
    assert outputs["secured_hashes"]["cartExtension"]["CTP_CLIENT_SECRET"].startswith("sha256:")


def test_changed_secret_is_a_redeploy_not_a_replace() -> None:
    olds = d.outputs_of(api(), d.declared(seed_inputs()))
    news = seed_inputs()
    assert d.changes(olds, news) == ([], [])
    news["configurations"]["cartExtension"]["secured"]["CTP_CLIENT_SECRET"] = "rotated"
    assert d.changes(olds, news) == (["configurations"], [])


def test_region_change_replaces() -> None:
    olds = d.outputs_of(api(), d.declared(seed_inputs()))
    assert d.changes(olds, seed_inputs(region="us-central1.gcp")) == (["region"], ["region"])


def test_failed_or_draft_deployment_found_by_refresh_is_redeployed() -> None:
    for status in ("Failed", "UndeployFailed", "Draft"):
        olds = d.outputs_of(api(status), d.declared(seed_inputs()))
        assert d.changes(olds, seed_inputs()) == (["status"], [])
        assert d.needs_redeploy(api(status), olds, d.declared(seed_inputs())) == (True, False)


def test_new_connector_version_redeploys_with_update_connector() -> None:
    inputs = seed_inputs(connector_version=4)
    olds = d.outputs_of(api(connector_version=3), d.declared(seed_inputs(connector_version=3)))
    assert d.needs_redeploy(api(connector_version=3), olds, d.declared(seed_inputs(connector_version=3))) == (
        False,
        False,
    )
    assert d.needs_redeploy(api(connector_version=3), olds, d.declared(inputs)) == (True, True)
    action = spec.redeploy_action(spec.configuration_spec_of(inputs), update_connector=True)
    assert isinstance(action, DeploymentRedeployAction)
    assert to_wire(action)["action"] == "redeploy" and action.update_connector is True


def test_a_new_redeploy_trigger_is_a_redeploy_as_is_not_a_replace() -> None:
    olds = d.outputs_of(api(), d.declared(seed_inputs(redeploy_trigger="2026-10-23")))
    news = seed_inputs(redeploy_trigger="2026-11-02")
    assert d.changes(olds, news) == (["redeploy_trigger"], [])
    assert d.needs_redeploy(api(), olds, d.declared(news)) == (
        True,
        False,
    )  # same connector version: no updateConnector
    action = to_wire(spec.redeploy_action(spec.configuration_spec_of(news), update_connector=False))
    assert (
        action["action"] == "redeploy"
        and action["configurationValues"]
        == to_wire(spec.redeploy_action(spec.configuration_spec_of(seed_inputs()), update_connector=False))[
            "configurationValues"
        ]
    )  # the configuration as it is


def test_an_unchanged_redeploy_trigger_is_no_change() -> None:
    olds = d.outputs_of(api(), d.declared(seed_inputs(redeploy_trigger="2026-10-23")))
    assert d.changes(olds, seed_inputs(redeploy_trigger="2026-10-23")) == ([], [])
    assert d.needs_redeploy(api(), olds, d.declared(seed_inputs(redeploy_trigger="2026-10-23"))) == (False, False)
    without = d.outputs_of(api(), d.declared(seed_inputs()))
    assert "redeploy_trigger" not in without  # stacks made before the input existed see no change either
    assert d.changes(without, seed_inputs()) == ([], [])


def test_a_first_redeploy_trigger_redeploys_and_removing_it_only_records_it() -> None:
    without = d.outputs_of(api(), d.declared(seed_inputs()))
    first = seed_inputs(redeploy_trigger="2026-10-23")
    assert d.changes(without, first) == (["redeploy_trigger"], [])
    assert d.needs_redeploy(api(), without, d.declared(first)) == (True, False)

    olds = d.outputs_of(api(), d.declared(first))
    assert d.changes(olds, seed_inputs()) == (["redeploy_trigger"], [])  # shown, and recorded by the update
    assert d.needs_redeploy(api(), olds, d.declared(seed_inputs())) == (False, False)


def test_a_redeploy_trigger_must_be_a_string() -> None:
    assert d.validate(seed_inputs(redeploy_trigger="2026-10-23")) == []
    assert d.validate(seed_inputs(redeploy_trigger=20261023)) == [
        Problem("redeploy_trigger", "20261023 must be a string, such as '2026-10-23'")
    ]


def test_validate_names_each_bad_field() -> None:
    problems = d.validate(
        d.normalize_inputs(
            {
                "key": "x",
                "region": "europe-west2.gcp",
                "staged": True,
                "deployment_type": "sandbox",
                "connector_key": "c!",
                "connector_version": 2.5,
                "timeouts": {"deploy": -1, "delete": 0, "undeploy": 5},
            }
        )
    )
    assert [p.property for p in problems] == [
        "key",
        "connector_key",
        "connector_version",
        "region",
        "deployment_type",
        "timeouts.deploy",
        "timeouts.delete",
        "timeouts.undeploy",
    ]
    reasons = {p.property: p.reason for p in problems}
    assert reasons["timeouts.delete"] == "0 must be a number of seconds greater than 0"
    assert reasons["timeouts.undeploy"] == "unknown timeout; use deploy, delete; did you mean 'deploy'?"


def test_fractional_timeouts_are_kept() -> None:
    assert seed_inputs(timeouts={"deploy": 2.5})["timeouts"] == {"deploy": 2.5, "delete": 1800.0}
    assert d.validate(seed_inputs(timeouts={"deploy": 2.5})) == []


# --- retry_policy (event applications, 2026-10-23) ------------------------------------------------------

BACKOFF = {"strategy": "exponential-backoff", "min_backoff_seconds": 5, "max_backoff_seconds": 60}


def retry_problems(policy: Any) -> list[tuple[str, str]]:
    inputs = d.normalize_inputs(
        {
            "key": "events",
            "connector_key": "event-connector",
            "region": "europe-west1.gcp",
            "configurations": {"orderEvents": {"retry_policy": policy}},
        }
    )
    return [(p.property, p.reason) for p in d.validate(inputs)]


def test_valid_retry_policies_have_no_problem() -> None:
    assert retry_problems({"strategy": "immediate"}) == []
    assert retry_problems(None) == []  # not given
    assert retry_problems({**BACKOFF, "max_attempts": None}) == []
    assert retry_problems(BACKOFF) == []
    assert retry_problems({**BACKOFF, "max_attempts": 100.0, "min_backoff_seconds": 60.0}) == []  # engine floats


def test_a_retry_policy_names_the_field_and_the_fix() -> None:
    path = "configurations.orderEvents.retry_policy"
    assert retry_problems("immediate") == [
        (path, "must be a map such as " + d.RETRY_POLICY_EXAMPLE + ", or {'strategy': 'immediate'}")
    ]
    assert retry_problems({"strategy": "immediat"}) == [
        (
            f"{path}.strategy",
            "'immediat' is not a strategy: use 'immediate' or 'exponential-backoff'; did you mean 'immediate'?",
        )
    ]
    assert retry_problems({}) == [(f"{path}.strategy", "is required: use 'immediate' or 'exponential-backoff'")]
    assert retry_problems({"strategy": "immediate", "max_attempts": 5}) == [
        (f"{path}.max_attempts", "immediate takes no max_attempts: remove it (allowed: strategy)")
    ]
    assert retry_problems({"strategy": "exponential-backoff"}) == [
        (f"{path}.min_backoff_seconds", "is required for exponential-backoff: 1 to 600"),
        (f"{path}.max_backoff_seconds", "is required for exponential-backoff: 1 to 600"),
    ]
    assert retry_problems({**BACKOFF, "max_backoff_seconds": 601, "max_attempts": 4.5}) == [
        (f"{path}.max_backoff_seconds", "601 must be a whole number from 1 to 600"),
        (f"{path}.max_attempts", "4.5 must be a whole number from 5 to 100"),
    ]
    assert retry_problems({**BACKOFF, "min_backoff_seconds": 61}) == [
        (f"{path}.min_backoff_seconds", "61 is above max_backoff_seconds 60: swap them")
    ]
    assert retry_problems({**BACKOFF, "maxAttempts": 10}) == [
        (
            f"{path}.maxAttempts",
            "exponential-backoff takes no maxAttempts: remove it (allowed: strategy, min_backoff_seconds, "
            "max_backoff_seconds, max_attempts); did you mean 'max_attempts'?",
        )
    ]


def test_only_event_applications_take_a_retry_policy() -> None:
    applications = [
        {"applicationName": "api", "applicationType": "service"},
        {"applicationName": "orderEvents", "applicationType": "event"},
    ]
    configurations = {
        "api": {"standard": {}, "secured": {}, "retry_policy": {"strategy": "immediate"}},
        "orderEvents": {"standard": {}, "secured": {}, "retry_policy": {"strategy": "immediate"}},
    }
    assert check_configuration(configurations, declared(applications)) == [
        Problem(
            "configurations.api.retry_policy",
            "application 'api' is a service application and only event applications have a retry policy: "
            "remove retry_policy",
        )
    ]


def test_the_retry_policy_is_sent_with_its_wire_names() -> None:
    inputs = d.normalize_inputs(
        {
            "key": "events",
            "connector_key": "event-connector",
            "region": "europe-west1.gcp",
            "configurations": {"orderEvents": {"retry_policy": {**BACKOFF, "max_attempts": 10.0}}, "api": {}},
        }
    )
    sent = [to_wire(app) for app in spec.application_bodies(spec.configuration_spec_of(inputs))]
    assert "retryPolicy" not in sent[0]
    assert sent[1]["retryPolicy"] == {
        "strategy": "exponential-backoff",
        "minBackoffSeconds": 5,
        "maxBackoffSeconds": 60,
        "maxAttempts": 10,
    }
    redeploy = to_wire(spec.redeploy_action(spec.configuration_spec_of(inputs), update_connector=False))
    assert redeploy["configurationValues"][1]["retryPolicy"] == sent[1]["retryPolicy"]


def test_an_override_follows_the_rules_of_connect_yamls_retry_policy() -> None:
    """Every retryPolicy of the connect.yaml corpus: accepted as an override exactly when connect.yaml accepts it."""
    from connect_as_code.connect_yaml.document import ConnectYamlInvalid, parse_connect_yaml
    from tests.connect_yaml_corpus import BASE_DOCUMENTS, as_yaml, mutations

    snake = {"minBackoffSeconds": "min_backoff_seconds", "maxBackoffSeconds": "max_backoff_seconds"}
    snake["maxAttempts"] = "max_attempts"
    event = BASE_DOCUMENTS["event"]["deployAs"][0]
    policies = [m["retryPolicy"] for m in mutations({"retryPolicy": event["retryPolicy"]}) if "retryPolicy" in m]
    assert len(policies) > 50
    for policy in policies:
        if policy is None or (isinstance(policy, dict) and None in policy.values()):
            continue  # a Pulumi input of None is one not given, where connect.yaml refuses null
        try:
            parse_connect_yaml(as_yaml({"deployAs": [{**event, "retryPolicy": policy}]}, 0))
            in_connect_yaml = True
        except ConnectYamlInvalid:
            in_connect_yaml = False
        override = {snake.get(k, k): val for k, val in policy.items()} if isinstance(policy, dict) else policy
        assert (retry_problems(override) == []) is in_connect_yaml, policy


# --------------------------------------------------------------------- where the connector may go

DECLARED = {
    "supported_regions": ["europe-west1.gcp"],
    "private_projects": ["europe-west1.gcp:demo-project"],
    "publish": "private",
    "project_key": None,
}


def test_a_staged_deployment_into_a_project_the_connector_does_not_list_is_refused_naming_the_fix() -> None:
    availability = d.availability_of_declaration(DECLARED, "abc-first-connector", True, "creator-project")
    problems = d.availability_problems(availability, {"region": "europe-west1.gcp", "staged": True}, "shop")
    assert problems == [
        Problem(
            "project_key",
            "project 'shop' may not deploy connector 'abc-first-connector': a staged connector goes only to its "
            "private_projects ('demo-project') and its creator's project 'creator-project'. Add "
            "'europe-west1.gcp:shop' to the connector's private_projects, or set this deployment's project_key "
            "to one of them",
        )
    ]
    for allowed in ("demo-project", "creator-project"):
        assert d.availability_problems(availability, {"region": "europe-west1.gcp", "staged": True}, allowed) == []


def test_a_region_outside_the_supported_regions_is_refused_naming_both_fixes() -> None:
    availability = d.availability_of_declaration(DECLARED, "abc-first-connector", False, "demo-project")
    problems = d.availability_problems(availability, {"region": "us-central1.gcp", "staged": False}, "demo-project")
    assert problems == [
        Problem(
            "region",
            "connector 'abc-first-connector' does not support region 'us-central1.gcp' (its supported_regions: "
            "'europe-west1.gcp'). Set region to one of them, or add 'us-central1.gcp' to the connector's "
            "supported_regions",
        )
    ]


def test_without_regions_any_region_and_a_certified_connector_any_project() -> None:
    certified = {**DECLARED, "supported_regions": None, "publish": "certification"}
    published = d.availability_of_declaration(certified, "c", False, "demo-project")
    assert d.availability_problems(published, {"region": "us-central1.gcp", "staged": False}, "shop") == []
    staged = d.availability_of_declaration(certified, "c", True, "demo-project")
    assert [p.property for p in d.availability_problems(staged, {"region": "x", "staged": True}, "shop")] == [
        "project_key"
    ]


def test_with_the_creator_unknown_the_project_is_not_judged() -> None:
    availability = d.availability_of_declaration(DECLARED, "c", True, None)
    assert d.availability_problems(availability, {"region": "europe-west1.gcp", "staged": True}, "shop") == []


def test_on_the_server_only_a_staged_connector_says_its_private_projects() -> None:
    found = staged_connector(key="c", supportedRegions=["europe-west1.gcp"], privateProjects=["europe-west1.gcp:a"])
    staged = d.availability_on_server(found, True, "reader")
    assert staged == d.Availability("c", ("europe-west1.gcp",), ("a",), "reader")
    assert d.availability_on_server(found, False, "reader") == d.Availability("c", ("europe-west1.gcp",))


def test_connector_reference_not_found_gets_the_project_hint_when_it_applies() -> None:
    availability = d.availability_of_declaration(DECLARED, "c", True, "demo-project")
    inputs = {"region": "europe-west1.gcp", "staged": True}
    assert d.reference_not_found_hint(availability, inputs, "shop").startswith("project 'shop' may not deploy")
    assert d.reference_not_found_hint(None, inputs, "shop") == (
        "check that the connector version exists and that project 'shop' is among the connector's "
        "private_projects (a staged or private connector deploys only there and in its creator's project)"
    )


def test_the_availability_input_changes_nothing_a_diff_sees() -> None:
    olds = d.outputs_of(Deployment.model_validate(deployment_body()), d.declared(seed_inputs()))
    news = seed_inputs(connector_availability=DECLARED)
    assert d.changes(olds, news) == ([], [])
    assert d.detailed_changes(olds, news) == {}


KIT = "git@github.com:commercetools/connect-application-kit.git"


def test_a_deployment_of_a_program_connector_follows_its_code_not_its_version() -> None:
    inputs = seed_inputs(connector_repository={"url": KIT, "tag": "0.0.0"})
    assert d.follows_code(inputs) and not d.follows_code(seed_inputs(connector_version=3))
    olds = d.outputs_of(api(connector_version=3), d.declared(inputs))
    assert d.changes(olds, inputs) == ([], [])  # a metadata edit bumped the connector's version: nothing to do
    assert d.needs_redeploy(api(connector_version=3), olds, d.declared(inputs)) == (False, False)
    release = seed_inputs(connector_repository={"url": KIT, "tag": "0.0.1"})
    assert d.changes(olds, release) == (["connector_repository"], [])
    assert d.detailed_changes(olds, release) == {"connector_repository.tag": "update"}
    assert d.needs_redeploy(api(connector_version=3), olds, d.declared(release)) == (True, True)  # updateConnector
    checkout = seed_inputs(connector_repository={"url": KIT, "tag": "0.0.0", "checkout": "../app"})
    assert d.changes(olds, checkout) == ([], [])  # where this machine reads connect.yaml is not code


def test_a_stack_whose_state_holds_the_version_connector_used_to_pin_sees_no_change() -> None:
    repository = {"url": KIT, "tag": "0.0.0"}
    olds = d.outputs_of(
        api(connector_version=3), d.declared(seed_inputs(connector_repository=repository, connector_version=3))
    )
    news = seed_inputs(connector_repository=repository)
    assert "connector_version" in olds and "connector_version" not in news
    assert d.changes(olds, news) == ([], [])
    assert d.detailed_changes(olds, news) == {}
    old_inputs = seed_inputs(connector_repository=repository, connector_version=3)  # what check sees as olds
    assert d.configuration_checked_before(old_inputs, news)
    assert d.needs_redeploy(api(connector_version=3), olds, d.declared(news)) == (False, False)


def test_a_pinned_version_with_a_program_connector_still_redeploys_on_the_version() -> None:
    repository = {"url": KIT, "tag": "0.0.0"}
    olds = d.outputs_of(
        api(connector_version=3), d.declared(seed_inputs(connector_repository=repository, connector_version=3))
    )
    news = seed_inputs(connector_repository=repository, connector_version=4)
    assert d.changes(olds, news) == (["connector_version"], [])
    assert d.needs_redeploy(api(connector_version=3), olds, d.declared(news)) == (True, True)


def test_a_new_tag_the_published_connector_does_not_run_yet_stays_pending() -> None:
    release = seed_inputs(staged=False, connector_repository={"url": KIT, "tag": "0.0.1"})
    running = api(connector_version=3)  # still at 0.0.0: the new tag waits for its certification
    assert d.code_pending(running, release)
    assert d.needs_redeploy(running, {}, d.declared(release), code_available=False) == (
        True,
        False,
    )  # adopted: once, as is
    olds = d.outputs_of(running, d.declared(release))
    assert olds["connector_repository"]["tag"] == "0.0.0"  # recorded as it runs
    assert d.changes(olds, release) == (["connector_repository"], [])  # so the next preview shows it again
    assert d.needs_redeploy(running, olds, d.declared(release), code_available=False) == (False, False)
    assert d.needs_redeploy(running, olds, d.declared(release)) == (True, True)


def test_the_same_code_whatever_the_form_of_its_url() -> None:
    https = ("https://github.com/commercetools/connect-application-kit.git", "0.0.0")
    assert d.same_code(https, (KIT, "0.0.0"))
    assert not d.same_code(https, (KIT, "0.0.1"))
    assert not d.same_code(https, ("https://github.com/abc/other.git", "0.0.0"))


def live_api(standard: dict[str, str], secured: list[str], global_secured: tuple[str, ...] = ()) -> Deployment:
    body = deployment_body(status="Deployed")
    body["applications"] = [
        {
            "id": "app-1",
            "applicationName": "cartExtension",
            "standardConfiguration": [{"key": k, "value": val} for k, val in standard.items()],
            "securedConfiguration": [{"key": k, "value": "********"} for k in secured],
        }
    ]
    if global_secured:
        secured_values = [{"key": k, "value": "********"} for k in global_secured]
        body["globalConfiguration"] = {"securedConfiguration": secured_values}
    return Deployment.model_validate(body)


def with_scope(**overrides: Any) -> dict[str, Any]:
    inputs = seed_inputs(**overrides)
    inputs["configurations"]["cartExtension"]["secured"]["CTP_SCOPE"] = "manage_project:p1"
    return inputs


def test_a_removed_secured_key_replaces_the_deployment_and_shows_as_deleted_by_it() -> None:
    olds = d.outputs_of(api(), d.declared(with_scope()))
    news = seed_inputs()
    assert d.removed_values(olds, news) == [("configurations", "cartExtension", "secured", "CTP_SCOPE")]
    changed, replaces = d.changes(olds, news)
    assert replaces == ["configurations"] and "configurations" in changed
    assert d.detailed_changes(olds, news) == {"configurations.cartExtension.secured.CTP_SCOPE": "delete-replace"}


def test_a_removed_standard_key_or_global_value_replaces_and_an_added_one_redeploys() -> None:
    olds = d.outputs_of(api(), d.declared(seed_inputs()))
    news = seed_inputs()
    del news["configurations"]["cartExtension"]["standard"]["CTP_PROJECT_KEY"]
    assert d.changes(olds, news)[1] == ["configurations"]
    assert d.changes(news_as_olds := d.outputs_of(api(), d.declared(news)), seed_inputs()) == (["configurations"], [])
    assert d.detailed_changes(news_as_olds, seed_inputs()) == {
        "configurations.cartExtension.standard.CTP_PROJECT_KEY": "add"
    }
    with_global = seed_inputs(global_configuration={"secured": {"SHARED_SECRET": "x"}})
    assert d.changes(d.outputs_of(api(), d.declared(with_global)), seed_inputs())[1] == ["global_configuration"]


def test_an_unchanged_declaration_replaces_nothing_even_with_unknown_configurations() -> None:
    olds = d.outputs_of(api(), d.declared(with_scope()))
    assert d.changes(olds, with_scope()) == ([], [])
    unknown = seed_inputs()
    unknown["configurations"] = Unknown()  # type: ignore[no-untyped-call]
    assert d.removed_values(olds, unknown) == []


def test_outputs_record_values_set_on_the_server_that_the_declaration_does_not_set() -> None:
    live = live_api({"CTP_PROJECT_KEY": "p1", "CTP_REGION": "europe-west1.gcp", "LOG_LEVEL": "debug"},
                    ["CTP_CLIENT_ID", "CTP_CLIENT_SECRET", "CTP_SCOPE"], global_secured=("SHARED_SECRET",))  # fmt: skip
    inputs = seed_inputs()
    assert d.undeclared_live_values(live, inputs) == [
        "configurations.cartExtension.secured.CTP_SCOPE",
        "configurations.cartExtension.standard.LOG_LEVEL",
        "global_configuration.secured.SHARED_SECRET",
    ]
    outputs = d.outputs_of(live, d.declared(inputs))
    assert outputs["configurations"]["cartExtension"]["standard"]["LOG_LEVEL"] == "debug"
    assert outputs["configurations"]["cartExtension"]["secured"]["CTP_SCOPE"] == "[secret]"
    assert outputs["global_configuration"] == {"standard": {}, "secured": {"SHARED_SECRET": "[secret]"}}
    assert d.changes(outputs, inputs)[1] == ["configurations", "global_configuration"]  # what removes them
    assert d.outputs_of(live_api(dict(inputs["configurations"]["cartExtension"]["standard"]),
                                 ["CTP_CLIENT_ID", "CTP_CLIENT_SECRET"]), d.declared(inputs))["configurations"] == (
        d.public_inputs(inputs)["configurations"]
    )  # fmt: skip


def test_a_refresh_records_the_secured_keys_the_server_has() -> None:
    live = live_api({"CTP_REGION": "europe-west1.gcp"}, ["CTP_CLIENT_ID", "CTP_SCOPE"])
    refreshed = d.inputs_from_api(live, seed_inputs())
    assert refreshed["configurations"]["cartExtension"]["secured"] == {"CTP_CLIENT_ID": "id", "CTP_SCOPE": "[secret]"}


def test_the_spec_is_parsed_once_and_frozen_and_carries_the_global_values() -> None:
    inputs = seed_inputs(global_configuration={"standard": {"B": "2", "A": "1"}, "secured": {"S": "s"}})
    parsed = spec.spec_of(inputs)
    assert parsed.configuration.global_values == spec.Values(standard=(("A", "1"), ("B", "2")), secured=(("S", "s"),))
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.key = "other"  # type: ignore[misc]
    assert to_wire(spec.draft(parsed))["globalConfiguration"] == {
        "standardConfiguration": [{"key": "A", "value": "1"}, {"key": "B", "value": "2"}],
        "securedConfiguration": [{"key": "S", "value": "s"}],
    }
    assert spec.draft(spec.spec_of(seed_inputs())).global_configuration is None


@pytest.mark.parametrize(
    "news",
    [
        seed_inputs(),
        seed_inputs(region="us-central1.gcp"),
        seed_inputs(configurations={"cartExtension": {"standard": {"CTP_PROJECT_KEY": "p2"}, "secured": {}}}),
        seed_inputs(
            configurations={"cartExtension": {"standard": {"CTP_PROJECT_KEY": "p1"}, "secured": {"CTP_CLIENT_ID": "x"}}}
        ),
    ],
    ids=["same", "replace", "removed-keys", "secret-changed"],
)
def test_one_comparison_serves_both_views_of_a_diff(news: dict[str, Any]) -> None:
    """The provider's diff computes :func:`compare` once and hands it to both; the answers are the same."""
    olds = d.outputs_of(api(), d.declared(seed_inputs()))
    seen = d.compare(olds, news)
    assert d.changes(olds, news, seen) == d.changes(olds, news)
    assert d.detailed_changes(olds, news, seen) == d.detailed_changes(olds, news)
    expected_replaces = {"us-central1.gcp": ["region"]}.get(news["region"], ["configurations"] if seen.removed else [])
    assert d.changes(olds, news, seen)[1] == expected_replaces
    assert bool(d.detailed_changes(olds, news, seen)) is (news != seed_inputs())


def test_a_delete_waits_as_long_as_the_recorded_timeout_says() -> None:
    assert d.delete_timeout({"timeouts": {"deploy": 60, "delete": 90}}) == 90.0
    assert d.delete_timeout({"timeouts": {"deploy": 60}}) == d.DEFAULT_TIMEOUTS["delete"]
    assert d.delete_timeout({}) == d.DEFAULT_TIMEOUTS["delete"]
