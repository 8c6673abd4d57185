"""The pure functions of the ConnectorStaged resource."""

from __future__ import annotations

from typing import Any

from connect_as_code import connector_staged_model as c
from connect_as_code._runtime.reports import report_lines
from connect_as_code.connect import ConnectorReport, ConnectorStaged, to_wire

REPOSITORY_URL = "https://github.com/abc/first-connect-application.git"
SEED: dict[str, Any] = {
    "key": "abc-first-connector",
    "name": "Abc First Connector",
    "description": "An example connector",
    "creator": {
        "title": "Mr",
        "name": "John Doe",
        "email": "john.doe@example.com",
        "company": "abc",
        "noOfDevelopers": 10.0,
    },
    "repository": {"url": "https://github.com/abc/first-connect-application.git", "tag": "0.0.0"},
    "supported_regions": ["europe-west1.gcp"],
}


def seed(**overrides: Any) -> dict[str, Any]:
    return c.normalize_inputs({**SEED, **overrides})


def test_the_guides_no_of_developers_becomes_no_of_contributors() -> None:
    inputs = seed()
    assert inputs["creator"]["no_of_contributors"] == 10
    assert isinstance(inputs["creator"]["no_of_contributors"], int)
    assert to_wire(c.draft(c.spec_of(inputs)))["creator"] == {
        "title": "Mr",
        "name": "John Doe",
        "email": "john.doe@example.com",
        "company": "abc",
        "noOfContributors": 10,
    }


def test_seed_is_valid() -> None:
    assert c.validate(seed()) == []


def test_invalid_fields_are_named() -> None:
    problems = c.validate(
        seed(
            key="a",
            creator={"email": "nope", "nmae": "x"},
            supported_regions=["europe-west1"],
            repository={"url": "ftp://x", "tag": ""},
            publish="public",
            private_projects=["p1"],
        )
    )
    assert [p.property for p in problems] == [
        "key",
        "creator.email",
        "creator.nmae",
        "repository.url",
        "repository.tag",
        "supported_regions[0]",
        "private_projects[0]",
        "publish",
    ]
    by_property = {p.property: p.reason for p in problems}
    assert by_property["creator.nmae"] == "unknown creator field; did you mean 'name'?"
    assert by_property["supported_regions[0]"].endswith("did you mean 'europe-west1.gcp'?")


def api_object(**overrides: Any) -> ConnectorStaged:
    obj = {
        "id": "cs-1",
        "version": 1,
        "key": "abc-first-connector",
        "name": "Abc First Connector",
        "description": "An example connector",
        "creator": {
            "title": "Mr",
            "name": "John Doe",
            "email": "john.doe@example.com",
            "company": "abc",
            "noOfContributors": 10,
        },
        "repository": {"url": "https://github.com/abc/first-connect-application.git", "tag": "0.0.0"},
        "supportedRegions": ["europe-west1.gcp"],
        "privateProjects": [],
        "status": "Draft",
        "isPreviewable": "none",
    }
    obj.update(overrides)
    return ConnectorStaged.model_validate(obj)


def test_no_actions_when_in_sync() -> None:
    assert c.update_actions(api_object(), c.spec_of(seed())) == []


def test_new_tag_is_one_set_repository() -> None:
    inputs = seed(repository={"url": REPOSITORY_URL, "tag": "0.0.1"})
    actions = c.update_actions(api_object(), c.spec_of(inputs))
    assert [to_wire(action) for action in actions] == [
        {"action": "setRepository", "url": REPOSITORY_URL, "tag": "0.0.1"}
    ]
    assert c.repository_changed(actions)


def test_private_projects_are_added_and_removed() -> None:
    inputs = seed(private_projects=["europe-west1.gcp:b", "europe-west1.gcp:c"])
    current = api_object(privateProjects=["europe-west1.gcp:a", "europe-west1.gcp:b"])
    assert [to_wire(action) for action in c.update_actions(current, c.spec_of(inputs))] == [
        {"action": "addPrivateProject", "privateProject": "europe-west1.gcp:c"},
        {"action": "removePrivateProject", "privateProject": "europe-west1.gcp:a"},
    ]


def test_previewable_requested_only_when_needed() -> None:
    inputs = seed(previewable=True)
    assert c.needs_previewable_request(api_object(), c.spec_of(inputs), repo_changed=False)
    assert not c.needs_previewable_request(api_object(isPreviewable="true"), c.spec_of(inputs), repo_changed=False)
    assert c.needs_previewable_request(api_object(isPreviewable="true"), c.spec_of(inputs), repo_changed=True)
    assert not c.needs_previewable_request(api_object(), c.spec_of(seed()), repo_changed=True)


def test_publish_after_changes_only() -> None:
    inputs = seed(publish="private")
    assert c.needs_publish(api_object(), c.spec_of(inputs), changed=False)
    assert not c.needs_publish(api_object(status="Published", hasChanges=False), c.spec_of(inputs), changed=False)
    assert c.needs_publish(api_object(status="Published", hasChanges=True), c.spec_of(inputs), changed=False)
    assert not c.needs_publish(api_object(), c.spec_of(seed()), changed=True)


def test_a_change_of_publish_alone_publishes_in_the_new_mode() -> None:
    published = api_object(status="Published", hasChanges=False)
    assert c.needs_publish(published, c.spec_of(seed(publish="certification")), changed=False, mode_changed=True)
    assert not c.needs_publish(published, c.spec_of(seed(publish="certification")), changed=False)  # a later up: done
    assert c.needs_publish(published, c.spec_of(seed(publish="private")), changed=False, mode_changed=True)
    in_review = api_object(status="InCertification")
    assert c.needs_publish(in_review, c.spec_of(seed(publish="private")), changed=False, mode_changed=True)
    assert not c.needs_publish(in_review, c.spec_of(seed(publish="certification")), changed=False)
    assert not c.needs_publish(published, c.spec_of(seed(publish="none")), changed=False, mode_changed=True)


def comments_on_server(*texts: str, by: str = "creator") -> list[dict[str, Any]]:
    return [{"userId": by, "datetime": f"2026-12-0{i + 1}T10:00:00.000Z", "comment": t} for i, t in enumerate(texts)]


def test_each_declared_comment_is_sent_once() -> None:
    first = seed(certification_comments=["Scopes: manage_orders only", "Thanks"])
    assert [to_wire(a) for a in c.update_actions(api_object(), c.spec_of(first))] == [
        {"action": "addCertificationComment", "comment": "Scopes: manage_orders only"},
        {"action": "addCertificationComment", "comment": "Thanks"},
    ]
    sent = api_object(certificationInfo={"comments": comments_on_server("Scopes: manage_orders only", "Thanks")})
    assert c.update_actions(sent, c.spec_of(first)) == []
    again = seed(certification_comments=["Scopes: manage_orders only", "Thanks", "Thanks"])
    assert [to_wire(a) for a in c.update_actions(sent, c.spec_of(again))] == [
        {"action": "addCertificationComment", "comment": "Thanks"}
    ]
    assert c.update_actions(sent, c.spec_of(seed(certification_comments=["Thanks"]))) == []  # a removal sends nothing
    assert not c.changes_content(c.update_actions(api_object(), c.spec_of(first)))  # a comment publishes nothing


def test_removed_comments_are_named() -> None:
    olds = {"certification_comments": ["a", "b", "c"]}
    assert c.removed_comments(olds, seed(certification_comments=["a", "c", "d"])) == ["b"]
    assert c.removed_comments(olds, seed()) == ["a", "b", "c"]
    assert c.removed_comments({}, seed(certification_comments=["a"])) == []


def test_the_connect_teams_comments_after_the_last_answer_are_unanswered() -> None:
    team = comments_on_server("Which scopes?", by="connect-team@commercetools.com")
    assert c.unanswered_comments(team, []) == team
    answered = [*team, *comments_on_server("manage_orders only")]
    assert c.unanswered_comments(answered, ["manage_orders only"]) == []
    follow_up = [*answered, *comments_on_server("And the logo?", by="connect-team@commercetools.com")]
    assert [x["comment"] for x in c.unanswered_comments(follow_up, ["manage_orders only"])] == ["And the logo?"]
    (line,) = c.comment_warnings("ConnectorStaged abc", follow_up, ["manage_orders only"])
    assert line == (
        "ConnectorStaged abc: the Connect team commented on the certification "
        "(connect-team@commercetools.com, 2026-12-01T10:00:00.000Z): 'And the logo?'; "
        "answer by adding a comment to certification_comments"
    )


def test_comments_must_be_texts() -> None:
    problems = c.validate(seed(certification_comments=["ok", "", 3]))
    assert [(p.property, p.reason) for p in problems] == [
        ("certification_comments[1]", "must be a non-empty text"),
        ("certification_comments[2]", "must be a non-empty text"),
    ]
    assert problems[0].for_engine() == (
        "certification_comments",
        "certification_comments[1]: must be a non-empty text",
    )


def test_report_lines() -> None:
    report = ConnectorReport.model_validate(
        {
            "entries": [
                {
                    "type": "Error",
                    "title": "Connector specification file not found",
                    "createdAt": "2026-12-01T10:00:00Z",
                },
                {
                    "type": "Warning",
                    "title": "Slow",
                    "message": "took long",
                    "application": "app",
                    "createdAt": "2026-12-01T10:00:00Z",
                },
            ]
        }
    )
    assert report_lines(report.entries) == [
        "Error: Connector specification file not found",
        "Warning [app]: Slow: took long",
    ]


def test_creator_changes_are_typed_creator_actions() -> None:
    inputs = seed(creator={"email": "new@example.com", "name": "John Doe", "support_url": "https://abc.example/help"})
    assert [to_wire(action) for action in c.update_actions(api_object(), c.spec_of(inputs))] == [
        {"action": "setCreatorEmail", "creatorEmail": "new@example.com"},
        {"action": "setCreatorSupportUrl", "creatorSupportUrl": "https://abc.example/help"},
    ]
