"""Previewable validation, publishing, certification, the published Connector and search."""

from __future__ import annotations

from typing import Any

from connect_as_code.emulator.models import Connector, ConnectorSearchPagedQueryResponse, ConnectorStaged
from tests.emulator.support import Env, assert_error, create_staged, example, make_previewable, publish, update

PATH = "/connectors/drafts/key=abc-first-connector"


def events(env: Env, **params: Any) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = env.anon.get("/_emulator/events", params=params).json()["events"]
    return result


# --- previewable ----------------------------------------------------------------------------------------


def test_previewable_success(env: Env) -> None:
    create_staged(env)
    body = update(env.client, PATH, {"action": "updatePreviewable"}).json()
    assert body["isPreviewable"] == "pending"
    env.advance(1.9)
    assert env.client.get(PATH).json()["isPreviewable"] == "pending"
    env.advance(0.2)
    body = env.client.get(PATH).json()
    ConnectorStaged.model_validate(body)
    assert body["isPreviewable"] == "true"
    expected = [e["title"] for e in example("connector/draft.json")["previewableReport"]["entries"]]
    assert [e["title"] for e in body["previewableReport"]["entries"]] == expected
    assert {e["type"] for e in body["previewableReport"]["entries"]} == {"Information"}
    assert body["version"] == 2, "server-side transitions do not bump the version"


def test_previewable_request_while_pending(env: Env) -> None:
    create_staged(env)
    update(env.client, PATH, {"action": "updatePreviewable"})
    assert_error(
        update(env.client, PATH, {"action": "updatePreviewable"}),
        400,
        "ConnectorStagedPreviewRequestUnderProcess",
        "The ConnectorStaged preview request is already in progress",
    )


def test_previewable_again_after_a_verdict(env: Env) -> None:
    create_staged(env)
    make_previewable(env)
    assert update(env.client, PATH, {"action": "updatePreviewable"}).json()["isPreviewable"] == "pending"


def test_scripted_previewable_rejection(env: Env) -> None:
    env.anon.post(
        "/_emulator/outcomes", json={"kind": "previewable", "key": "abc-first-connector", "outcomes": ["false"]}
    )
    create_staged(env)
    body = make_previewable(env)
    assert body["isPreviewable"] == "false"
    assert [e["type"] for e in body["previewableReport"]["entries"]] == ["Error"]
    assert make_previewable(env)["isPreviewable"] == "true", "the queue is used up"


def test_scripted_report_and_duration(env: Env) -> None:
    outcome = {
        "outcome": "false",
        "report": [{"type": "Error", "title": "Image security analysis check failed", "message": "CVE-1"}],
        "durations": {"previewable": 30},
    }
    env.anon.post(
        "/_emulator/outcomes", json={"kind": "previewable", "key": "abc-first-connector", "outcomes": [outcome]}
    )
    create_staged(env)
    update(env.client, PATH, {"action": "updatePreviewable"})
    env.advance(29)
    assert env.client.get(PATH).json()["isPreviewable"] == "pending"
    env.advance(1)
    entries = env.client.get(PATH).json()["previewableReport"]["entries"]
    assert entries[0]["title"] == "Image security analysis check failed"
    assert entries[0]["message"] == "CVE-1"
    assert "createdAt" in entries[0]


# --- publish ---------------------------------------------------------------------------------------------


def test_publish_creates_the_connector(env: Env) -> None:
    staged = create_staged(env)
    body = update(env.client, PATH, {"action": "publish", "certification": False}).json()
    assert body["status"] == "Processing"
    assert_error(env.client.get(f"/connectors/{staged['id']}"), 404, "ResourceNotFound")
    env.advance(2)
    body = env.client.get(PATH).json()
    assert (body["status"], body["alreadyListed"], body["hasChanges"]) == ("Published", True, False)
    assert body["publishingReport"]["entries"]
    connector = env.client.get(f"/connectors/{staged['id']}").json()
    Connector.model_validate(connector)
    assert set(connector) == set(example("connector/minimal.json"))
    assert (connector["id"], connector["key"], connector["version"]) == (staged["id"], staged["key"], 1)
    assert (connector["private"], connector["certified"]) == (True, False)
    assert env.client.get("/connectors/key=abc-first-connector").json() == connector


def test_updates_are_refused_while_processing(env: Env) -> None:
    create_staged(env)
    update(env.client, PATH, {"action": "publish", "certification": False})
    body = assert_error(update(env.client, PATH, {"action": "setName", "name": "x"}), 409, "ConcurrentModification")
    assert "Processing" in body["message"]
    env.advance(2)
    assert update(env.client, PATH, {"action": "setName", "name": "x"}).status_code == 201


def test_changes_and_republishing(env: Env) -> None:
    staged = create_staged(env)
    publish(env)
    body = update(env.client, PATH, {"action": "setDescription", "description": "v2"}).json()
    assert body["hasChanges"] is True
    assert update(env.client, PATH, {"action": "addCertificationComment", "comment": "hi"}).json()["hasChanges"] is True
    body = publish(env)
    assert body["hasChanges"] is False
    connector = env.client.get(f"/connectors/{staged['id']}").json()
    assert (connector["version"], connector["description"]) == (2, "v2")


def test_only_comments_do_not_count_as_changes(env: Env) -> None:
    create_staged(env)
    publish(env)
    assert (
        update(env.client, PATH, {"action": "addCertificationComment", "comment": "hi"}).json()["hasChanges"] is False
    )


def test_scripted_publish_failure(env: Env) -> None:
    env.anon.post("/_emulator/outcomes", json={"kind": "publish", "key": "abc-first-connector", "outcomes": ["Failed"]})
    staged = create_staged(env)
    body = publish(env)
    assert body["status"] == "Failed"
    assert body["publishingReport"]["entries"][0]["type"] == "Error"
    assert body["alreadyListed"] is False
    assert_error(env.client.get(f"/connectors/{staged['id']}"), 404, "ResourceNotFound")
    assert publish(env)["status"] == "Published"


# --- certification ----------------------------------------------------------------------------------------


def test_certification_path(env: Env) -> None:
    staged = create_staged(env)
    assert update(env.client, PATH, {"action": "publish", "certification": True}).json()["status"] == "Processing"
    env.advance(2)
    assert env.client.get(PATH).json()["status"] == "ReadyForCertification"
    env.advance(2)
    assert env.client.get(PATH).json()["status"] == "InCertification"
    env.advance(3600)
    assert env.client.get(PATH).json()["status"] == "InCertification"
    assert_error(
        update(env.client, PATH, {"action": "publish", "certification": True}),
        400,
        "ConnectorStagedInCertification",
        "The ConnectorStaged is already in certification",
    )
    comment = update(env.client, PATH, {"action": "addCertificationComment", "comment": "Please review"}).json()
    assert comment["certificationInfo"]["comments"][0]["userId"] == "demo-project"
    certified = env.anon.post("/_emulator/connectors/key=abc-first-connector/certify").json()
    assert (certified["status"], certified["private"]) == ("Published", False)
    connector = env.client.get(f"/connectors/{staged['id']}").json()
    assert (connector["certified"], connector["private"]) == (True, False)
    assert_error(
        update(env.client, PATH, {"action": "publish", "certification": True}),
        400,
        "ConnectorAlreadyCertified",
        "The ConnectorStaged is already certified",
    )
    update(env.client, PATH, {"action": "setName", "name": "Changed"})
    assert update(env.client, PATH, {"action": "publish", "certification": True}).status_code == 201


def test_certify_needs_a_connector_in_certification(env: Env) -> None:
    create_staged(env)
    assert env.anon.post("/_emulator/connectors/key=abc-first-connector/certify").status_code == 400
    assert env.anon.post("/_emulator/connectors/key=ghost/certify").status_code == 404


def test_the_connect_team_comments_through_the_admin_api_without_a_new_version(env: Env) -> None:
    staged = create_staged(env)
    publish(env, certification=True)
    env.advance(5)
    before = env.client.get(PATH).json()
    path = "/_emulator/connectors/key=abc-first-connector/certification-comments"
    written = env.anon.post(path, json={"comment": "Which scopes does it need?"}).json()
    (comment,) = written["certificationInfo"]["comments"]
    assert (comment["userId"], comment["comment"]) == ("connect-team@commercetools.com", "Which scopes does it need?")
    after = env.client.get(PATH).json()
    assert (after["version"], after["status"]) == (before["version"], before["status"])
    assert after["certificationInfo"] == written["certificationInfo"]
    assert env.anon.post(path, json={"comment": ""}).status_code == 400
    assert (
        env.anon.post("/_emulator/connectors/key=ghost/certification-comments", json={"comment": "x"}).status_code
        == 404
    )
    assert staged["id"] == after["id"]


# --- Connector visibility and search ------------------------------------------------------------------------


def _publish_three(env: Env) -> None:
    create_staged(env, key="payments", name="Payments", description="Card payments", integrationTypes=["psp"])
    create_staged(
        env,
        key="taxes",
        name="Taxes",
        description="Tax rules",
        integrationTypes=["tax"],
        creator={"email": "a@b.co", "company": "TaxCo"},
    )
    create_staged(env, key="search", name="Search", description="Full text search", integrationTypes=["search"])
    for key in ["payments", "taxes", "search"]:
        update(env.client, f"/connectors/drafts/key={key}", {"action": "publish", "certification": False})
    env.advance(3)


def _search(env: Env, **params: Any) -> list[str]:
    body = env.client.get("/connectors/search", params=params).json()
    ConnectorSearchPagedQueryResponse.model_validate(body)
    return [r["key"] for r in body["results"]]


def test_search_filters(env: Env) -> None:
    _publish_three(env)
    assert _search(env) == ["payments", "taxes", "search"]
    assert _search(env, text="payments") == ["payments"]
    assert _search(env, text="TEXT search") == ["search"]
    assert _search(env, **{"creator.company": "taxco"}) == ["taxes"]
    assert _search(env, key=["taxes", "search"]) == ["taxes", "search"]
    ids = [r["id"] for r in env.client.get("/connectors/search").json()["results"]]
    assert _search(env, id=[ids[0]]) == ["payments"]
    assert _search(env, integrationTypes=["tax", "psp"]) == ["payments", "taxes"]
    assert _search(env, private="true") == ["payments", "taxes", "search"]
    assert _search(env, sort="name desc", limit=2) == ["taxes", "search"]


def test_unlisted_connectors_leave_search(env: Env) -> None:
    _publish_three(env)
    body = update(env.client, "/connectors/drafts/key=taxes", {"action": "unlist"}).json()
    assert body["alreadyListed"] is False
    assert _search(env) == ["payments", "search"]
    assert env.client.get("/connectors/key=taxes").status_code == 200


def test_private_connectors_are_hidden_from_other_projects(env: Env) -> None:
    _publish_three(env)
    update(
        env.client,
        "/connectors/drafts/key=taxes",
        {"action": "addPrivateProject", "privateProject": "us-central1.gcp:partner"},
    )
    partner = env.client_with_scopes("view_connectors:partner", client_id="partner")
    stranger = env.client_with_scopes("view_connectors:stranger", client_id="stranger")
    assert [r["key"] for r in partner.get("/connectors/search").json()["results"]] == ["taxes"]
    assert partner.get("/connectors/key=taxes").status_code == 200
    assert stranger.get("/connectors/search").json()["total"] == 0
    assert_error(stranger.get("/connectors/key=taxes"), 404, "ResourceNotFound")


def test_certified_connectors_are_public(env: Env) -> None:
    create_staged(env)
    publish(env, certification=True)
    env.advance(5)
    env.anon.post("/_emulator/connectors/key=abc-first-connector/certify")
    stranger = env.client_with_scopes("view_connectors:stranger", client_id="stranger")
    assert [r["key"] for r in stranger.get("/connectors/search").json()["results"]] == ["abc-first-connector"]
    assert stranger.get("/connectors/search", params={"private": "true"}).json()["total"] == 0


# --- events --------------------------------------------------------------------------------------------------


def test_events_carry_scheduled_times(env: Env) -> None:
    create_staged(env)
    started = env.clock.now()
    update(env.client, PATH, {"action": "publish", "certification": False})
    env.advance(500)
    env.client.get(PATH)
    published = [e for e in events(env, key="abc-first-connector") if e["to"] == "Published"]
    assert len(published) == 1
    assert abs(published[0]["at"] - (started + 2)) < 1e-6
    assert published[0]["cause"] == "lifecycle"
    assert published[0]["from"] == "Processing"


def test_events_are_recorded_even_if_nobody_reads_the_object(env: Env) -> None:
    create_staged(env)
    update(env.client, PATH, {"action": "updatePreviewable"})
    env.advance(10)
    transitions = [(e["field"], e["from"], e["to"]) for e in events(env)]
    assert transitions == [
        ("status", None, "Draft"),
        ("isPreviewable", "none", "pending"),
        ("isPreviewable", "pending", "true"),
    ]
