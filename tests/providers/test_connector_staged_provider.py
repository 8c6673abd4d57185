"""The ConnectorStaged provider's create, adopt, converge, refresh and delete, with realistic durations."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from connect_as_code import ConnectorStagedProvider
from connect_as_code._runtime.provider import ConnectResourceError
from connect_as_code.connector_staged_model import normalize_inputs

from .conftest import Harness

REPOSITORY = "https://github.com/abc/first-connect-application.git"


def declaration(**overrides: Any) -> dict[str, Any]:
    props: dict[str, Any] = {
        "key": "abc-first-connector",
        "name": "Abc First Connector",
        "creator": {"email": "john.doe@example.com", "company": "abc", "noOfDevelopers": 10.0},
        "repository": {"url": REPOSITORY, "tag": "0.0.0"},
        "supported_regions": ["europe-west1.gcp"],
        "private_projects": ["europe-west1.gcp:demo-project"],
        "previewable": True,
    }
    props.update(overrides)
    return normalize_inputs(props)


def test_create_waits_for_the_previewable_verdict_and_the_publication(harness: Harness) -> None:
    provider = harness.configure(ConnectorStagedProvider())
    created = provider.create(declaration(publish="private"))

    staged = harness.api("/connectors/drafts/key=abc-first-connector")
    assert (staged["isPreviewable"], staged["status"]) == ("true", "Published")
    assert created.id == staged["id"]
    assert created.outs["is_previewable"] == "true" and created.outs["status"] == "Published"
    assert created.outs["optional_outputs"]["connector_version"] == 1
    assert created.outs["optional_outputs"]["connector_id"] == staged["id"]
    assert created.outs["creator"]["no_of_contributors"] == 10
    label = "ConnectorStaged abc-first-connector"
    verdicts = [line for line in harness.lines if "pending" not in line and "Processing" not in line]
    assert [line.rsplit(" (", 1)[0] for line in verdicts] == [
        f"{label}: isPreviewable true",
        f"{label}: status Published",
    ]
    waited = [int(line.rsplit("(", 1)[1].split()[0]) for line in verdicts]
    # The realistic verdict (300 s) and publication (240 s), noticed within one poll (at most 30 s apart).
    assert 300 <= waited[0] <= 330 and 240 <= waited[1] <= 270  # "(N s)" is rounded
    assert harness.lines[0] == f"{label}: isPreviewable pending (0 s)"
    assert f"{label}: status Processing (0 s)" in harness.lines
    heartbeats = [line for line in harness.lines if line.startswith(f"{label}: isPreviewable pending")]
    seconds = [int(line.rsplit("(", 1)[1].split()[0]) for line in heartbeats]
    assert all(later - earlier >= 30 for earlier, later in itertools.pairwise(seconds))
    polls = [route for method, route, _ in harness.requests if method == "GET" and route == "/connectors/drafts/{id}"]
    assert len(heartbeats) < len(polls) / 2  # a line per 30 s while nothing changes, not one per poll


def test_create_refuses_an_existing_key_and_adopts_it_only_when_asked(harness: Harness) -> None:
    provider = harness.configure(ConnectorStagedProvider())
    first = provider.create(declaration(name="Someone else's name", previewable=False))
    failures = provider.check({}, declaration()).failures
    assert [f.property for f in failures] == ["key"] and "set adopt=True on this ConnectorStaged" in failures[0].reason
    with pytest.raises(ConnectResourceError) as refused:
        provider.create(declaration())
    assert "ConnectorStaged key 'abc-first-connector' already exists" in str(refused.value)
    assert harness.api("/connectors/drafts/key=abc-first-connector")["name"] == "Someone else's name"  # untouched
    assert provider.check({}, declaration(adopt=True)).failures == []
    adopted = provider.create(declaration(adopt=True))

    assert adopted.id == first.id and "adopt" not in adopted.outs
    staged = harness.api("/connectors/drafts/key=abc-first-connector")
    assert (staged["name"], staged["isPreviewable"]) == ("Abc First Connector", "true")
    assert [m for m, route, _ in harness.requests if route == "/connectors/drafts"].count("POST") == 1


def test_a_first_create_whose_verdict_fails_leaves_no_connector(harness: Harness) -> None:
    harness.script("previewable", "abc-first-connector", ["false"])
    with pytest.raises(ConnectResourceError) as failed:
        harness.configure(ConnectorStagedProvider()).create(declaration())
    assert "was deleted, since the stack's state cannot hold a failed create" in str(failed.value)
    assert harness.api("/connectors/drafts/key=abc-first-connector") is None


def test_a_new_tag_is_one_set_repository_a_new_verdict_and_a_new_publication(harness: Harness) -> None:
    provider = harness.configure(ConnectorStagedProvider())
    created = provider.create(declaration(publish="private"))
    updated = provider.update(
        created.id, created.outs, declaration(publish="private", repository={"url": REPOSITORY, "tag": "0.0.1"})
    )

    staged = harness.api("/connectors/drafts/key=abc-first-connector")
    assert staged["repository"]["tag"] == "0.0.1"
    assert updated.outs["optional_outputs"]["connector_version"] == 2 and updated.outs["is_previewable"] == "true"


def test_a_rejected_verdict_fails_with_the_servers_report(harness: Harness) -> None:
    harness.script("previewable", "abc-first-connector", ["false"])
    provider = harness.configure(ConnectorStagedProvider())
    with pytest.raises(ConnectResourceError) as failed:
        provider.create(declaration())
    assert str(failed.value).startswith(
        "ConnectorStaged abc-first-connector: previewable verdict ended in status false\n"
        "  Error: Image security analysis check failed: Critical security issues were found in the repository\n"
    )


def test_a_verdict_that_takes_too_long_names_the_timeout_to_raise(harness: Harness) -> None:
    provider = harness.configure(ConnectorStagedProvider())
    with pytest.raises(ConnectResourceError) as failed:
        provider.create(declaration(timeouts={"previewable": 2.5}))
    staged = harness.api("/connectors/drafts/key=abc-first-connector")
    assert str(failed.value) == (
        "ConnectorStaged abc-first-connector: previewable verdict still pending after 2.5 s "
        f"(ConnectorStaged id {staged['id']}). It is still running on the server: "
        "`CONNECT_AS_CODE_ADOPT=abc-first-connector pulumi up` resumes waiting (the stack's state holds no "
        "unfinished create), or raise timeouts.previewable."
    )


def test_refresh_drops_a_deleted_connector_and_delete_is_idempotent(harness: Harness) -> None:
    provider = harness.configure(ConnectorStagedProvider())
    created = provider.create(declaration(previewable=False))
    provider.delete(created.id, created.outs)
    assert harness.api("/connectors/drafts/key=abc-first-connector") is None
    provider.delete(created.id, created.outs)  # already gone: nothing to do
    assert provider.read(created.id, created.outs).id == ""


def test_refresh_reports_drift_as_inputs(harness: Harness) -> None:
    provider = harness.configure(ConnectorStagedProvider())
    created = provider.create(declaration(previewable=False))
    staged = harness.api("/connectors/drafts/key=abc-first-connector")
    token_owner = harness.make_client(provider.settings())
    token_owner.update_connector_staged(id=staged["id"], version=staged["version"], actions=[
        {"action": "setName", "name": "Renamed by hand"}
    ])  # fmt: skip
    refreshed = provider.read(created.id, created.outs)
    assert refreshed.inputs is not None and refreshed.inputs["name"] == "Renamed by hand"
    assert provider.diff(created.id, refreshed.outs, declaration(previewable=False)).changes is True


def publish_actions(harness: Harness) -> int:
    """Publishes Connect accepted: each starts with the status ``Processing``."""
    events = harness.admin("GET", "/events?resource=ConnectorStaged")["events"]
    return sum(1 for event in events if event["to"] == "Processing")


def test_each_change_of_publish_alone_publishes_once_and_waits_only_for_the_submission(harness: Harness) -> None:
    provider = harness.configure(ConnectorStagedProvider())
    outs = provider.create(declaration()).outs
    assert publish_actions(harness) == 0
    for mode, settled in (
        ("private", {"Published"}),
        ("certification", {"ReadyForCertification", "InCertification"}),
        ("private", {"Published"}),
    ):
        before = publish_actions(harness)
        outs = provider.update(outs["connector_staged_id"], outs, declaration(publish=mode)).outs
        assert publish_actions(harness) == before + 1, mode
        assert outs["status"] in settled
        again = provider.update(outs["connector_staged_id"], outs, declaration(publish=mode)).outs
        assert publish_actions(harness) == before + 1, f"a second up with publish={mode} published again"
        assert again["version"] == outs["version"]


def test_comments_are_sent_once_and_the_connect_teams_questions_are_warned_of(harness: Harness) -> None:
    provider = harness.configure(ConnectorStagedProvider())
    outs = provider.create(declaration(publish="certification")).outs
    harness.admin("POST", "/connectors/key=abc-first-connector/certification-comments", {"comment": "Which scopes?"})
    harness.lines.clear()
    provider.diff(outs["connector_staged_id"], outs, declaration(publish="certification"))
    (line,) = harness.lines
    assert line.startswith(
        "warning: ConnectorStaged abc-first-connector: the Connect team commented on the certification "
        "(connect-team@commercetools.com, 2026-"
    )
    assert line.endswith("): 'Which scopes?'; answer by adding a comment to certification_comments")
    read = provider.read(outs["connector_staged_id"], outs)
    assert read.outs["optional_outputs"]["certification_info"]["comments"][0]["comment"] == "Which scopes?"
    answered = declaration(publish="certification", certification_comments=["manage_orders only"])
    submissions = publish_actions(harness)
    outs = provider.update(outs["connector_staged_id"], read.outs, answered).outs
    outs = provider.update(outs["connector_staged_id"], outs, answered).outs
    comments = harness.api("/connectors/drafts/key=abc-first-connector")["certificationInfo"]["comments"]
    assert [c["comment"] for c in comments] == ["Which scopes?", "manage_orders only"]
    assert publish_actions(harness) == submissions, "a comment resubmitted the connector"
    harness.lines.clear()
    provider.diff(outs["connector_staged_id"], outs, answered)
    assert harness.lines == []
