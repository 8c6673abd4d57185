"""Secrets stay secret through a whole lifecycle; the least privileged scopes are enough, and named when missing."""

from __future__ import annotations

import json

import pytest
from pulumi import automation as auto

from tests.e2e.conftest import APP_SECRETS, PROGRAMS, Emulator, ProgramFactory, emulator_config

CLIENT_SECRET = "client-secret-d0e7c1f4"
APP_SECRET = "app-secret-9a8b7c6d"
ROTATED_APP_SECRET = "app-secret-rotated-5e4f"


def test_no_secret_appears_in_state_output_logs_errors_or_the_emulator(
    programs: ProgramFactory, emulator: Emulator
) -> None:
    client_id, _ = emulator.add_client("secretive", ["manage_project:demo-project"])
    emulator.admin("DELETE", f"/clients/{client_id}", None)
    emulator.admin(
        "POST",
        "/clients",
        {"clientId": client_id, "clientSecret": CLIENT_SECRET, "scopes": ["manage_project:demo-project"]},
    )
    config = {
        "connect:region": auto.ConfigValue("europe-west1.gcp"),
        "connect:projectKey": auto.ConfigValue("demo-project"),
        **emulator_config(emulator, client_id=client_id, client_secret=CLIENT_SECRET),
        "cartExtensionClientId": auto.ConfigValue("cart-client-id", secret=True),
        "cartExtensionClientSecret": auto.ConfigValue(APP_SECRET, secret=True),
    }
    program = programs(config=config)
    logs: list[str] = []
    verbose = {"log_verbosity": 9, "log_to_std_err": True, "on_error": logs.append, "show_secrets": False}

    program.run("up", **verbose)
    program.stack.set_config("cartExtensionClientSecret", auto.ConfigValue(ROTATED_APP_SECRET, secret=True))
    program.run("up", **verbose)  # an update: redeploy with the rotated secret
    program.stack.set_config("connectorTag", auto.ConfigValue("0.0.1"))
    program.run("up", **verbose)  # a release
    program.run("refresh", **verbose)
    emulator.script("deploy", "abc-first-connector-preview", ["Failed"])
    program.stack.set_config("cartExtensionScope", auto.ConfigValue("manage_orders:demo-project"))
    with pytest.raises(auto.errors.CommandError) as failed:
        program.run("up", **verbose)  # a failure: its message must not carry a secret either
    exported = program.cli("stack", "export")
    history = json.dumps([entry.__dict__ for entry in program.stack.history()], default=str)
    program.run("destroy", **verbose)

    places = {
        "stack export": exported,
        "stack history": history,
        "engine output": "\n".join(program.lines),
        "engine logs and provider stderr": "\n".join(logs),
        "error message": str(failed.value),
        "stack config file": next(program.directory.glob("Pulumi.*.yaml")).read_text(),
        "emulator request log": json.dumps(emulator.admin("GET", "/requests", limit=10000)),
        "emulator events": json.dumps(emulator.admin("GET", "/events", limit=10000)),
    }
    assert len(places["engine logs and provider stderr"]) > 10_000, "the verbose engine log was not captured"
    for secret in (CLIENT_SECRET, APP_SECRET, ROTATED_APP_SECRET):
        leaks = [place for place, text in places.items() if secret in text]
        assert leaks == [], f"{secret} found in {leaks}"


def test_least_privileged_scopes_are_enough(programs: ProgramFactory, emulator: Emulator) -> None:
    client_id, secret = emulator.add_client(
        "least", ["manage_connectors:demo-project", "manage_connectors_deployments:demo-project"]
    )
    config = {
        "connect:region": auto.ConfigValue("europe-west1.gcp"),
        "connect:projectKey": auto.ConfigValue("demo-project"),
        **emulator_config(emulator, client_id=client_id, client_secret=secret),
        **APP_SECRETS,
    }
    program = programs(config=config)
    assert program.run("up").summary.resource_changes == {"create": 3}

    viewer_id, viewer_secret = emulator.add_client(
        "viewer", ["view_connectors:demo-project", "view_connectors_deployments:demo-project"]
    )
    program.stack.set_all_config(emulator_config(emulator, client_id=viewer_id, client_secret=viewer_secret))
    assert program.run("preview").change_summary == {"same": 3}, "view scopes are enough for pull-request previews"
    program.stack.set_config("connectorTag", auto.ConfigValue("0.0.1"))
    with pytest.raises(auto.errors.CommandError) as failed:
        program.run("up")
    assert (
        "The token lacks the scope for this call: it needs manage_connectors:demo-project "
        "(or manage_project:demo-project)"
    ) in str(failed.value)

    # destroy uses the credentials of the last run unless it runs the program (see "Rotated credentials")
    program.stack.set_all_config(emulator_config(emulator, client_id=client_id, client_secret=secret))
    program.run("destroy", run_program=True)
    assert all(not by_status for by_status in emulator.stats()["objects"].values())


def test_a_connector_with_an_api_client_needs_manage_api_clients(programs: ProgramFactory, emulator: Emulator) -> None:
    scopes = ["manage_connectors:demo-project", "manage_connectors_deployments:demo-project"]
    client_id, secret = emulator.add_client("no-api-clients", scopes)
    config = {
        "connect:region": auto.ConfigValue("europe-west1.gcp"),
        "connect:projectKey": auto.ConfigValue("demo-project"),
        **emulator_config(emulator, client_id=client_id, client_secret=secret),
    }
    program = programs(source=PROGRAMS / "inherit", config=config)
    with pytest.raises(auto.errors.CommandError) as failed:
        program.run("up")
    assert "plus manage_api_clients:demo-project when the connector has an apiClient" in str(failed.value)
    assert emulator.stats()["objects"].get("Deployment", {}) == {}

    full_id, full_secret = emulator.add_client("with-api-clients", [*scopes, "manage_api_clients:demo-project"])
    program.stack.set_all_config(emulator_config(emulator, client_id=full_id, client_secret=full_secret))
    result = program.run("up")
    api_client = result.outputs["apiClient"].value
    assert api_client["name"] and api_client["scopes"] == ["manage_orders:demo-project", "view_products:demo-project"]
    keys = {entry["key"] for entry in result.outputs["globalConfiguration"].value["securedConfiguration"]}
    assert keys == {"SHARED_SECRET"}
