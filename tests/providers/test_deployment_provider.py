"""The Deployment provider's create, adopt, redeploy, refresh and delete, with realistic durations."""

from __future__ import annotations

from typing import Any

import pytest

from connect_as_code import ConnectorStagedProvider, DeploymentProvider
from connect_as_code._runtime import provider as runtime
from connect_as_code._runtime.provider import ConnectResourceError
from connect_as_code._sdk_workarounds import host_pool
from connect_as_code.connector_staged_model import normalize_inputs as connector_inputs
from connect_as_code.deployment_model import normalize_inputs

from .conftest import Harness

REPOSITORY = "https://github.com/abc/first-connect-application.git"
KEY = "abc-first-connector-preview"


def staged_connector(
    harness: Harness, tag: str = "0.0.0", private_projects: tuple[str, ...] = ("europe-west1.gcp:demo-project",)
) -> dict[str, Any]:
    """A previewable ConnectorStaged of the seed, made through its provider; its outputs."""
    provider = harness.configure(ConnectorStagedProvider())
    props = {
        "key": "abc-first-connector",
        "name": "Abc First Connector",
        "creator": {"email": "john.doe@example.com"},
        "repository": {"url": REPOSITORY, "tag": tag},
        "supported_regions": ["europe-west1.gcp"],
        "private_projects": list(private_projects),
        "previewable": True,
        "adopt": True,  # a later call brings the same connector to a new tag
    }
    outs: dict[str, Any] = provider.create(connector_inputs(props)).outs
    harness.lines.clear()
    harness.requests.clear()
    return outs


def declaration(connector: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    props: dict[str, Any] = {
        "key": KEY,
        "connector_key": connector["key"],
        "connector_version": connector["version"],
        "staged": True,
        "region": "europe-west1.gcp",
        "configurations": {
            "cartExtension": {
                "standard": {"CTP_PROJECT_KEY": "demo-project", "CTP_REGION": "europe-west1.gcp"},
                "secured": {"CTP_CLIENT_ID": "client-id", "CTP_CLIENT_SECRET": "client-secret-value"},
            }
        },
    }
    props.update(overrides)
    return normalize_inputs(props)


def test_create_waits_through_queued_and_deploying_until_deployed(harness: Harness) -> None:
    connector = staged_connector(harness)
    created = harness.configure(DeploymentProvider()).create(declaration(connector))

    deployment = harness.api(f"/demo-project/deployments/key={KEY}")
    assert deployment["status"] == "Deployed" and created.id == deployment["id"]
    assert created.outs["status"] == "Deployed"
    assert created.outs["applications"]["cartExtension"]["url"] == deployment["applications"][0]["url"]
    assert created.outs["configurations"]["cartExtension"]["secured"] == {
        "CTP_CLIENT_ID": "[secret]",
        "CTP_CLIENT_SECRET": "[secret]",
    }
    assert "client-secret-value" not in repr(created.outs)
    statuses = [line.rsplit(" (", 1)[0] for line in harness.lines]
    assert statuses[0] == f"Deployment {KEY}: Queued" and statuses[-1] == f"Deployment {KEY}: Deployed"
    assert f"Deployment {KEY}: Deploying" in statuses
    waited = int(harness.lines[-1].rsplit("(", 1)[1].split()[0])
    assert 660 <= waited <= 690  # realistic: 60 s queued and 600 s deploying, noticed within one poll (30 s)
    gets = [route for method, route, _ in harness.requests if method == "GET" and "deployments/{id}" in route]
    # Polls at most 5 s apart early in each status, backing off to 30 s: about 60 for these 660 s, not 660.
    assert len(gets) <= 75


def test_a_failed_build_fails_with_the_report_and_the_builds_log_lines(harness: Harness) -> None:
    connector = staged_connector(harness)
    harness.script(
        "deploy",
        KEY,
        [
            {
                "outcome": "Failed",
                "report": [{"type": "Error", "title": "npm run build failed", "application": "cartExtension"}],
            }
        ],
    )
    with pytest.raises(ConnectResourceError) as failed:
        harness.configure(DeploymentProvider()).create(declaration(connector))
    lines = str(failed.value).splitlines()
    assert lines[:3] == [
        f"Deployment {KEY}: deployment ended in status Failed",
        "  Error [cartExtension]: npm run build failed",
        "  last log lines:",
    ]
    assert all(line.startswith("    ") and "cartExtension" in line for line in lines[3:-1])
    assert lines[-1].startswith(f"Deployment {KEY}: the failed deployment ") and "was deleted" in lines[-1]
    assert harness.api(f"/demo-project/deployments/key={KEY}") is None  # a failed first create leaves nothing


def test_a_failed_first_create_leaves_no_deployment_and_the_next_create_builds_again(harness: Harness) -> None:
    connector = staged_connector(harness)
    harness.script("deploy", KEY, ["Failed"])
    provider = harness.configure(DeploymentProvider())
    with pytest.raises(ConnectResourceError) as failed:
        provider.create(declaration(connector))
    assert "was deleted, since the stack's state cannot hold a failed create" in str(failed.value)
    assert harness.api(f"/demo-project/deployments/key={KEY}") is None
    created = provider.create(declaration(connector))
    assert harness.api(f"/demo-project/deployments/key={KEY}")["id"] == created.id


def test_an_existing_key_is_refused_at_check_and_create_and_adopted_only_when_asked(harness: Harness) -> None:
    connector = staged_connector(harness)
    provider = harness.configure(DeploymentProvider())
    first = provider.create(declaration(connector))
    failures = provider.check({}, declaration(connector)).failures
    assert [f.property for f in failures] == ["key"]
    assert f"Deployment key '{KEY}' already exists in project demo-project (id {first.id}, Deployed" in (
        failures[0].reason
    )
    assert "aliases=[pulumi.Alias(name=" in failures[0].reason
    assert provider.check(first.outs, declaration(connector)).failures == []  # the resource that holds it
    with pytest.raises(ConnectResourceError):
        provider.create(declaration(connector))
    assert harness.api(f"/demo-project/deployments/key={KEY}")["version"] == 1  # untouched
    adopted = provider.create(declaration(connector, adopt=True))
    deployment = harness.api(f"/demo-project/deployments/key={KEY}")
    assert adopted.id == first.id and deployment["version"] == 1  # it runs the declaration: no second build
    assert any("taken over as it is (Deployed" in line for line in harness.lines)
    provider.delete(first.id, first.outs)  # the old name's delete, in the run of a rename with adopt=True
    assert harness.api(f"/demo-project/deployments/key={KEY}")["status"] == "Deployed"


def test_an_adopted_deployment_that_differs_is_redeployed_once(harness: Harness) -> None:
    connector = staged_connector(harness)
    provider = harness.configure(DeploymentProvider())
    other = declaration(connector)
    other["configurations"]["cartExtension"]["standard"]["CTP_REGION"] = "us-central1.gcp"
    provider.create(other)
    adopted = provider.create(declaration(connector, adopt=True))
    deployment = harness.api(f"/demo-project/deployments/key={KEY}")
    assert (deployment["status"], deployment["version"]) == ("Deployed", 2)  # one redeploy, no second deployment
    assert adopted.id == deployment["id"]


def test_a_changed_secret_is_one_redeploy_and_a_new_connector_version_updates_the_connector(harness: Harness) -> None:
    connector = staged_connector(harness)
    provider = harness.configure(DeploymentProvider())
    created = provider.create(declaration(connector))
    changed = declaration(connector)
    changed["configurations"]["cartExtension"]["secured"]["CTP_CLIENT_SECRET"] = "rotated"
    assert provider.diff(created.id, created.outs, changed).changes is True
    updated = provider.update(created.id, created.outs, changed)
    assert harness.api(f"/demo-project/deployments/key={KEY}")["version"] == 2
    assert provider.diff(created.id, updated.outs, changed).changes is False

    newer = staged_connector(harness, tag="0.0.1")
    assert newer["version"] > connector["version"]
    released = provider.update(created.id, updated.outs, declaration(newer, configurations=changed["configurations"]))
    assert released.outs["deployed_connector_version"] == newer["version"]
    assert harness.api(f"/demo-project/deployments/key={KEY}")["connector"]["version"] == newer["version"]


def test_a_deployment_deleted_out_of_band_is_dropped_by_refresh_and_update_says_what_to_do(harness: Harness) -> None:
    connector = staged_connector(harness)
    provider = harness.configure(DeploymentProvider())
    created = provider.create(declaration(connector))
    provider.delete(created.id, created.outs)
    assert harness.api(f"/demo-project/deployments/key={KEY}") is None
    assert provider.read(created.id, created.outs).id == ""
    with pytest.raises(ConnectResourceError) as failed:
        provider.update(created.id, created.outs, declaration(connector))
    assert str(failed.value).startswith(f"Deployment {KEY} (id {created.id}) no longer exists")


def test_an_undeploy_that_fails_is_reported(harness: Harness) -> None:
    connector = staged_connector(harness)
    provider = harness.configure(DeploymentProvider())
    created = provider.create(declaration(connector))
    harness.script("undeploy", KEY, ["UndeployFailed"])
    with pytest.raises(ConnectResourceError) as failed:
        provider.delete(created.id, created.outs)
    assert str(failed.value).startswith(f"Deployment {KEY}: undeploy ended in status UndeployFailed")


def test_a_wait_that_runs_out_names_the_deployment_and_the_timeout(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    connector = staged_connector(harness)
    provider = harness.configure(DeploymentProvider())
    with pytest.raises(ConnectResourceError) as failed:
        provider.create(declaration(connector, timeouts={"deploy": 90.5}))
    deployment = harness.api(f"/demo-project/deployments/key={KEY}")
    assert str(failed.value) == (
        f"Deployment {KEY}: deployment still Deploying after 90.5 s (deployment id {deployment['id']}, project "
        f"demo-project). It is still running on the server: `CONNECT_AS_CODE_ADOPT={KEY} pulumi up` resumes "
        "waiting (the stack's state holds no unfinished create), or raise timeouts.deploy."
    )
    monkeypatch.setenv("CONNECT_AS_CODE_ADOPT", f"another-key, {KEY}")  # the next `pulumi up`, as the message says
    resumed = provider.create(declaration(connector))
    assert resumed.id == deployment["id"] and resumed.outs["status"] == "Deployed"
    assert harness.api(f"/demo-project/deployments/key={KEY}")["version"] == 1  # the same build, waited on


def test_retries_are_shown_as_progress_lines(harness: Harness) -> None:
    connector = staged_connector(harness)
    harness.admin(
        "PUT", "/faults", {"queue": [{"kind": "503", "method": "GET", "pathPrefix": "/demo-project/deployments"}]}
    )
    harness.configure(DeploymentProvider()).create(declaration(connector))
    retries = [line for line in harness.lines if line.startswith("Connect API: ")]
    assert len(retries) == 1
    assert retries[0].startswith(f"Connect API: GET /demo-project/deployments/key={KEY} returned 503")
    assert "; retry 1 of 7 in " in retries[0]


def test_rollback_of_a_configuration_change_restores_the_last_good_revision(harness: Harness) -> None:
    connector = staged_connector(harness)
    provider = harness.configure(DeploymentProvider())
    created = provider.create(declaration(connector, on_failure="rollback"))
    assert created.outs["last_good"]["configurations"]["cartExtension"]["secured"]["CTP_CLIENT_SECRET"] == (
        "client-secret-value"
    )  # kept for the rollback, as a secret output (the resource declares it so)
    live_revision = created.outs["optional_outputs"]["revision"]
    assert live_revision == 1
    changed = declaration(connector, on_failure="rollback")
    changed["configurations"]["cartExtension"]["standard"]["CTP_REGION"] = "us-central1.gcp"
    harness.script("deploy", KEY, ["Failed"])
    with pytest.raises(ConnectResourceError) as failed:
        provider.update(created.id, created.outs, changed)
    text = str(failed.value)
    assert text.startswith(f"Deployment {KEY}: deployment ended in status Failed")
    assert (
        f"Deployment {KEY}: rolled back: connector version {connector['version']} with the configuration of the last "
        "successful `pulumi up` is live again, as read back from Connect (deployment version 3, Deployed)."
    ) in text
    deployment = harness.api(f"/demo-project/deployments/key={KEY}")
    standard = {item["key"]: item["value"] for item in deployment["applications"][0]["standardConfiguration"]}
    assert (deployment["status"], standard["CTP_REGION"]) == ("Deployed", "europe-west1.gcp")
    assert f"Deployment {KEY}: the redeploy failed; rolling back to the last good deployment" in harness.lines


def secured_keys(harness: Harness) -> set[str]:
    deployment = harness.api(f"/demo-project/deployments/key={KEY}")
    return {item["key"] for item in deployment["applications"][0]["securedConfiguration"]}


def test_a_rollback_leaves_no_key_added_since(harness: Harness) -> None:
    connector = staged_connector(harness)
    provider = harness.configure(DeploymentProvider())
    created = provider.create(declaration(connector, on_failure="rollback"))
    changed = declaration(connector, on_failure="rollback")
    changed["configurations"]["cartExtension"]["secured"]["CTP_SCOPE"] = "manage_project:demo-project"
    harness.script("deploy", KEY, ["Failed"])
    with pytest.raises(ConnectResourceError) as failed:
        provider.update(created.id, created.outs, changed)
    assert "is live again, as read back from Connect" in str(failed.value)
    assert secured_keys(harness) == {"CTP_CLIENT_ID", "CTP_CLIENT_SECRET"}
    assert harness.api(f"/demo-project/deployments/key={KEY}")["rollbackRevision"] == 1


def test_a_rollback_without_a_recorded_revision_says_which_value_a_redeploy_left_set(harness: Harness) -> None:
    connector = staged_connector(harness)
    provider = harness.configure(DeploymentProvider())
    created = provider.create(declaration(connector, on_failure="rollback"))
    olds = {**created.outs, "optional_outputs": {**created.outs["optional_outputs"], "revision": None}}
    changed = declaration(connector, on_failure="rollback")
    changed["configurations"]["cartExtension"]["secured"]["CTP_SCOPE"] = "manage_project:demo-project"
    harness.script("deploy", KEY, ["Failed"])
    with pytest.raises(ConnectResourceError) as failed:
        provider.update(created.id, olds, changed)
    text = str(failed.value)
    assert "is live again" not in text
    assert (
        f"Deployment {KEY}: rolled back, but what Connect has now is not the last successful `pulumi up`: "
        "configurations.cartExtension.secured.CTP_SCOPE is set (connector version"
    ) in text
    assert "CTP_SCOPE" in secured_keys(harness)  # what the message says is what is live


def test_rollback_of_a_connector_version_restores_the_revision_of_the_last_good_version(harness: Harness) -> None:
    connector = staged_connector(harness)
    provider = harness.configure(DeploymentProvider())
    created = provider.create(declaration(connector, on_failure="rollback"))
    newer = staged_connector(harness, tag="0.0.1")
    harness.script("deploy", KEY, ["Failed"])
    with pytest.raises(ConnectResourceError) as failed:
        provider.update(created.id, created.outs, declaration(newer, on_failure="rollback"))
    assert f"rolled back: connector version {connector['version']} with the configuration" in str(failed.value)
    deployment = harness.api(f"/demo-project/deployments/key={KEY}")
    assert (deployment["status"], deployment["connector"]["version"]) == ("Deployed", connector["version"])
    assert deployment["rollbackRevision"] == 1


def test_a_rollback_that_fails_too_says_so(harness: Harness) -> None:
    connector = staged_connector(harness)
    provider = harness.configure(DeploymentProvider())
    created = provider.create(declaration(connector, on_failure="rollback"))
    changed = declaration(connector, on_failure="rollback")
    changed["configurations"]["cartExtension"]["standard"]["CTP_REGION"] = "us-central1.gcp"
    harness.script("deploy", KEY, ["Failed", "Failed"])
    with pytest.raises(ConnectResourceError) as failed:
        provider.update(created.id, created.outs, changed)
    assert f"Deployment {KEY}: the rollback failed too: Deployment {KEY}: deployment ended in status Failed" in str(
        failed.value
    )
    assert harness.api(f"/demo-project/deployments/key={KEY}")["status"] == "Failed"


def test_without_rollback_a_failed_redeploy_is_left_as_it_is(harness: Harness) -> None:
    connector = staged_connector(harness)
    provider = harness.configure(DeploymentProvider())
    created = provider.create(declaration(connector))
    assert created.outs["last_good"] is None and created.outs["optional_outputs"]["revision"] is None
    changed = declaration(connector)
    changed["configurations"]["cartExtension"]["standard"]["CTP_REGION"] = "us-central1.gcp"
    harness.script("deploy", KEY, ["Failed"])
    with pytest.raises(ConnectResourceError) as failed:
        provider.update(created.id, created.outs, changed)
    assert "rolled back" not in str(failed.value)
    assert harness.api(f"/demo-project/deployments/key={KEY}")["status"] == "Failed"


def test_when_the_logs_endpoints_are_gone_the_report_says_where_logs_are(harness: Harness) -> None:
    connector = staged_connector(harness)
    harness.admin("PUT", "/features", {"logsEndpoints": False})
    harness.script("deploy", KEY, ["Failed"])
    with pytest.raises(ConnectResourceError) as failed:
        harness.configure(DeploymentProvider()).create(declaration(connector))
    assert str(failed.value).splitlines()[:3] == [
        f"Deployment {KEY}: deployment ended in status Failed",
        "  Error [cartExtension]: Failed to build the application",
        "  logs: the Connect API no longer serves deployment logs (its logs endpoints are removed after 2027-01-31); "
        "read them in Platform Insights, in your APM tool",
    ]


def test_waits_say_once_when_the_host_could_not_be_widened(harness: Harness, monkeypatch: pytest.MonkeyPatch) -> None:
    connector = staged_connector(harness)
    unwidened = host_pool.HostPool(4, "no ThreadPoolExecutor serves the host's calls")
    monkeypatch.setattr(host_pool, "_host_pool", unwidened)
    monkeypatch.setattr(runtime, "_notes", set())
    provider = harness.configure(DeploymentProvider())
    provider.create(declaration(connector))
    provider.create(declaration(connector, key="another-preview"))
    notes = [line for line in harness.lines if line.startswith("Connect providers: ")]
    assert notes == [
        "Connect providers: at most 4 resources are waited on at a time in this provider process, the others wait "
        "their turn (the Pulumi dynamic-provider host's thread pool could not be widened: no ThreadPoolExecutor "
        "serves the host's calls)"
    ]
    assert harness.lines[0] == notes[0]  # before the first wait's progress


@pytest.mark.parametrize("pool", [None, host_pool.HostPool(256)])
def test_waits_say_nothing_about_the_host_when_all_is_well(
    harness: Harness, monkeypatch: pytest.MonkeyPatch, pool: host_pool.HostPool | None
) -> None:
    monkeypatch.setattr(host_pool, "_host_pool", pool)
    monkeypatch.setattr(runtime, "_notes", set())
    harness.configure(DeploymentProvider()).create(declaration(staged_connector(harness)))
    assert not [line for line in harness.lines if line.startswith("Connect providers: ")]


def test_a_redeploy_trigger_redeploys_as_is_and_removing_it_calls_nothing(harness: Harness) -> None:
    connector = staged_connector(harness)
    provider = harness.configure(DeploymentProvider())
    created = provider.create(declaration(connector))
    before = harness.api(f"/demo-project/deployments/key={KEY}")
    harness.requests.clear()

    pulled = declaration(connector, redeploy_trigger="2026-10-23")
    assert provider.diff(created.id, created.outs, pulled).changes is True
    updated = provider.update(created.id, created.outs, pulled)
    after = harness.api(f"/demo-project/deployments/key={KEY}")
    assert (after["version"], after["status"]) == (before["version"] + 1, "Deployed")
    assert (after["applications"], after["connector"]) == (before["applications"], before["connector"])
    writes = [(method, route) for method, route, _ in harness.requests if method == "POST"]
    assert writes == [("POST", "/{projectKey}/deployments/{id}")]  # one redeploy action, nothing else
    assert updated.outs["redeploy_trigger"] == "2026-10-23"
    assert provider.diff(created.id, updated.outs, pulled).changes is False

    harness.requests.clear()
    removed = provider.update(created.id, updated.outs, declaration(connector))
    assert [method for method, _, _ in harness.requests if method != "GET"] == []
    assert "redeploy_trigger" not in removed.outs
    assert harness.api(f"/demo-project/deployments/key={KEY}")["version"] == after["version"]


def test_the_connector_is_read_once_for_the_checks_of_all_its_deployments(harness: Harness) -> None:
    connector = staged_connector(harness)
    provider = harness.configure(DeploymentProvider())
    checked = [provider.check({}, declaration(connector, key=f"preview-{i}")) for i in range(3)]
    assert [result.failures for result in checked] == [[], [], []]
    wrong = declaration(connector, key="preview-3")
    wrong["configurations"]["cartExtension"]["standard"]["CTP_REGON"] = "typo"
    assert [(failure.property, failure.reason.split(":")[0]) for failure in provider.check({}, wrong).failures] == [
        ("configurations", "configurations.cartExtension.standard.CTP_REGON")
    ]
    reads = [route for method, route, _ in harness.requests if method == "GET" and route.startswith("/connectors")]
    assert reads == ["/connectors/drafts/key={key}"]  # once, for four checks
