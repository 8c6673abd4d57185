"""ConnectorStaged: create, validation, addressing, paging/sort/filters, update actions, delete."""

from __future__ import annotations

from typing import Any

import pytest

from connect_as_code.emulator.models import ConnectorStaged, ConnectorStagedPagedQueryResponse
from tests.emulator.support import (
    SEED_URL,
    Env,
    assert_error,
    create_staged,
    example,
    publish,
    staged_draft,
    update,
)
from tests.emulator.test_emulator_connect_yaml import APPLICATION_TYPES, HEALTH_CHECK, application

PATH = "/connectors/drafts/key=abc-first-connector"


def test_create_returns_201_shaped_like_created_draft(env: Env) -> None:
    response = env.client.post("/connectors/drafts", json=staged_draft())
    assert response.status_code == 201
    body = response.json()
    ConnectorStaged.model_validate(body)
    assert set(body) == set(example("connector/created-draft.json"))
    assert body["version"] == 1
    assert body["status"] == "Draft"
    assert body["isPreviewable"] == "none"
    assert (body["private"], body["privateProjects"], body["hasChanges"], body["alreadyListed"]) == (
        True,
        [],
        False,
        False,
    )
    assert body["integrationTypes"] == []


def test_unknown_creator_fields_are_ignored(env: Env) -> None:
    creator = create_staged(env)["creator"]
    assert creator == {"title": "Mr", "name": "John Doe", "email": "john.doe@example.com", "company": "abc"}


def test_minimal_draft_defaults(env: Env) -> None:
    body = create_staged(env, key=None, description=None, supportedRegions=None)
    assert "key" not in body
    assert body["description"] == ""
    assert body["supportedRegions"] == []


def _without(field: str) -> dict[str, Any]:
    draft = staged_draft()
    draft.pop(field)
    return draft


INVALID_DRAFTS: list[tuple[str, dict[str, Any], str]] = [
    ("missing name", _without("name"), "name: Field required"),
    ("missing creator", _without("creator"), "creator: Field required"),
    ("missing repository", _without("repository"), "repository: Field required"),
    ("missing email", staged_draft(creator={"name": "x"}), "creator.email: Field required"),
    ("bad email", staged_draft(creator={"email": "not-an-email"}), "creator.email: String should match pattern"),
    ("key pattern", staged_draft(key="no spaces"), "key: String should match pattern"),
    ("key too short", staged_draft(key="a"), "key: String should have at least 2 characters"),
    ("key too long", staged_draft(key="a" * 257), "key: String should have at most 256 characters"),
    ("unknown region", staged_draft(supportedRegions=["mars-1.gcp"]), "supportedRegions.0: Input should be"),
    ("bad project identifier", staged_draft(privateProjects=["my-project"]), "privateProjects.0: String should match"),
    ("bad integration type", staged_draft(integrationTypes=["magic"]), "integrationTypes.0: Input should be"),
    ("name of the wrong type", staged_draft(name=42), "name: Input should be a valid string"),
    ("repository of the wrong type", staged_draft(repository="github.com/abc"), "repository: Input should be"),
]


@pytest.mark.parametrize(("case", "draft", "detail"), INVALID_DRAFTS, ids=[c[0] for c in INVALID_DRAFTS])
def test_invalid_drafts(env: Env, case: str, draft: dict[str, Any], detail: str) -> None:
    body = assert_error(
        env.client.post("/connectors/drafts", json=draft),
        400,
        "InvalidJsonInput",
        "Request body does not contain valid JSON.",
    )
    assert any(detail in e["detailedErrorMessage"] for e in body["errors"]), body


def test_several_problems_come_back_together(env: Env) -> None:
    response = env.client.post("/connectors/drafts", json={"key": "x"})
    details = [e["detailedErrorMessage"] for e in response.json()["errors"]]
    assert len(details) >= 4


def test_duplicate_key(env: Env) -> None:
    create_staged(env)
    body = assert_error(
        env.client.post("/connectors/drafts", json=staged_draft()),
        400,
        "DuplicateField",
        "A duplicate value abc-first-connector exists for field key.",
    )
    assert body["errors"][0]["field"] == "key"
    assert body["errors"][0]["duplicateValue"] == "abc-first-connector"


def test_get_by_id_and_key(env: Env) -> None:
    staged = create_staged(env)
    assert env.client.get(f"/connectors/drafts/{staged['id']}").json() == staged
    assert env.client.get(PATH).json() == staged


def test_not_found_messages(env: Env) -> None:
    assert_error(
        env.client.get("/connectors/drafts/key=nope"),
        404,
        "ResourceNotFound",
        "The Resource with key 'nope' was not found.",
    )
    assert_error(
        env.client.get("/connectors/drafts/abc"), 404, "ResourceNotFound", "The Resource with ID 'abc' was not found."
    )
    assert example("error/not-found.json")["message"] == "The Resource with key 'resource-key' was not found."


def test_empty_key_is_an_invalid_path_param(env: Env) -> None:
    assert_error(env.client.get("/connectors/drafts/key="), 400, "InvalidPathParam", "Request path param is not valid")


# --- listing ------------------------------------------------------------------------------------------


def _seed_many(env: Env, count: int) -> list[dict[str, Any]]:
    created = []
    for index in range(count):
        created.append(create_staged(env, key=f"connector-{index:02d}", name=f"Connector {count - index:02d}"))
        env.advance(1)
    return created


def test_paging(env: Env) -> None:
    created = _seed_many(env, 5)
    body = env.client.get("/connectors/drafts", params={"limit": 2, "offset": 1}).json()
    ConnectorStagedPagedQueryResponse.model_validate(body)
    assert (body["limit"], body["offset"], body["count"], body["total"]) == (2, 1, 2, 5)
    assert [r["key"] for r in body["results"]] == [c["key"] for c in created[1:3]]
    default = env.client.get("/connectors/drafts").json()
    assert (default["limit"], default["offset"], default["count"]) == (20, 0, 5)
    assert env.client.get("/connectors/drafts", params={"limit": 0}).json()["results"] == []


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({"limit": 501}, "limit"),
        ({"limit": -1}, "limit"),
        ({"offset": 10001}, "offset"),
        ({"limit": "many"}, "limit"),
        ({"sort": "color asc"}, "sort"),
        ({"sort": "createdAt sideways"}, "sort"),
        ({"isPrivate": "perhaps"}, "isPrivate"),
        ({"integrationTypes": "magic"}, "integrationTypes"),
    ],
)
def test_bad_query_params(env: Env, params: dict[str, Any], detail: str) -> None:
    body = assert_error(
        env.client.get("/connectors/drafts", params=params),
        400,
        "InvalidQueryParam",
        "Request query param is not valid",
    )
    assert detail in body["errors"][0]["detailedErrorMessage"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (["createdAt asc"], [0, 1, 2]),
        (["createdAt desc"], [2, 1, 0]),
        (["lastModifiedAt desc"], [1, 2, 0]),
        (["name asc"], [2, 1, 0]),
        (["name"], [2, 1, 0]),
        (["version desc", "createdAt asc"], [1, 0, 2]),
    ],
)
def test_sorting(env: Env, sort: list[str], expected: list[int]) -> None:
    created = _seed_many(env, 3)
    update(env.client, f"/connectors/drafts/key={created[1]['key']}", {"action": "setDescription", "description": "x"})
    keys = [r["key"] for r in env.client.get("/connectors/drafts", params={"sort": sort}).json()["results"]]
    assert keys == [created[i]["key"] for i in expected]


def test_filters(env: Env) -> None:
    create_staged(env, key="tax-one", integrationTypes=["tax"])
    create_staged(env, key="psp-one", integrationTypes=["psp", "other"])
    by_type = env.client.get("/connectors/drafts", params={"integrationTypes": ["psp", "erp"]}).json()
    assert [r["key"] for r in by_type["results"]] == ["psp-one"]
    assert env.client.get("/connectors/drafts", params={"isPrivate": "true"}).json()["total"] == 2
    assert env.client.get("/connectors/drafts", params={"isPrivate": "false"}).json()["total"] == 0


# --- update actions -----------------------------------------------------------------------------------

ACTIONS: list[tuple[dict[str, Any], str, Any]] = [
    ({"action": "setName", "name": "New"}, "name", "New"),
    ({"action": "setDescription", "description": "Better"}, "description", "Better"),
    ({"action": "setCreatorName", "creatorName": "Jane Doe"}, "creator.name", "Jane Doe"),
    ({"action": "setCreatorTitle", "creatorTitle": "Ms"}, "creator.title", "Ms"),
    ({"action": "setCreatorEmail", "creatorEmail": "jane@example.com"}, "creator.email", "jane@example.com"),
    ({"action": "setCreatorCompany", "creatorCompany": "Acme"}, "creator.company", "Acme"),
    ({"action": "setCreatorLogo", "logoUrl": "https://x.test/logo.png"}, "creator.logoUrl", "https://x.test/logo.png"),
    (
        {"action": "setCreatorSupportUrl", "creatorSupportUrl": "https://x.test/s"},
        "creator.supportUrl",
        "https://x.test/s",
    ),
    ({"action": "setCreatorNoOfContributors", "creatorNoOfContributors": 3}, "creator.noOfContributors", 3),
    ({"action": "setSupportedRegions", "regions": ["us-east-2.aws"]}, "supportedRegions", ["us-east-2.aws"]),
    ({"action": "setIntegrationTypes", "integrationTypes": ["oms"]}, "integrationTypes", ["oms"]),
    (
        {"action": "setDocumentationUrl", "documentationUrl": "https://docs.test"},
        "documentationUrl",
        "https://docs.test",
    ),
    (
        {"action": "addPrivateProject", "privateProject": "europe-west1.gcp:another"},
        "privateProjects",
        ["europe-west1.gcp:another"],
    ),
    ({"action": "removePrivateProject", "privateProject": "europe-west1.gcp:none"}, "privateProjects", []),
    ({"action": "addCertificationComment", "comment": "Hello"}, "certificationInfo.comments.0.comment", "Hello"),
    ({"action": "updatePreviewable"}, "isPreviewable", "pending"),
    ({"action": "publish", "certification": False}, "status", "Processing"),
    ({"action": "unlist"}, "alreadyListed", False),
    ({"action": "setRepository", "url": SEED_URL, "tag": "0.0.1"}, "repository.tag", "0.0.1"),
]


def _field(body: dict[str, Any], path: str) -> Any:
    value: Any = body
    for part in path.split("."):
        value = value[int(part)] if part.isdigit() else value[part]
    return value


@pytest.mark.parametrize(("action", "field", "expected"), ACTIONS, ids=[a[0]["action"] for a in ACTIONS])
def test_update_actions(env: Env, action: dict[str, Any], field: str, expected: Any) -> None:
    create_staged(env)
    response = env.client.post(PATH, json={"version": 1, "actions": [action]})
    assert response.status_code == 201, response.text
    body = response.json()
    ConnectorStaged.model_validate(body)
    assert _field(body, field) == expected
    assert body["version"] == 2


def test_every_update_example_is_accepted(env: Env) -> None:
    """The RAML examples of every action (examples/connector/updates/*.json) applied in turn."""
    env.client.post(
        "/connectors/drafts",
        json=staged_draft(
            repository={"url": "git@github.com:commercetools/connect-application-kit.git", "tag": "0.0.0"}
        ),
    )
    names = [
        "SetName", "SetDescription", "SetCreatorName", "SetCreatorTitle", "SetCreatorEmail", "SetCreatorCompany",
        "SetCreatorLogo", "SetCreatorSupportUrl", "SetCreatorNoOfContributors", "SetRepository",
        "SetSupportedRegions", "SetIntegrationTypes", "SetDocumentationUrl", "AddPrivateProject",
        "RemovePrivateProject", "AddCertificationComment", "SetConfigurations", "UpdatePreviewable", "Unlist",
        "Publish",
    ]  # fmt: skip
    for name in names:
        action = example(f"connector/updates/Connector{name}Action.json")
        response = update(env.client, PATH, action)
        assert response.status_code == 201, (name, response.text)
        env.advance(10)


def test_update_like_the_examples(env: Env) -> None:
    env.client.post(
        "/connectors/drafts",
        json={
            **{k: v for k, v in example("connector/created-draft.json").items() if k in {"key", "name", "description"}},
            "integrationTypes": ["other"],
            "creator": example("connector/created-draft.json")["creator"],
            "repository": example("connector/Repository.json"),
            "supportedRegions": ["us-central1.gcp", "europe-west1.gcp"],
        },
    )
    response = env.client.post("/connectors/drafts/key=connector-key", json=example("connector/update.json"))
    assert response.status_code == 201
    expected = example("connector/updated-draft.json")
    assert {**response.json(), "id": expected["id"]} == expected


def test_version_conflict(env: Env) -> None:
    staged = create_staged(env)
    body = assert_error(
        env.client.post(PATH, json={"version": 7, "actions": [{"action": "setName", "name": "x"}]}),
        409,
        "ConcurrentModification",
        f"Object id={staged['id']} or key=abc-first-connector has a different version than expected. "
        "Expected: 7 - Actual: 1)",
    )
    assert (body["errors"][0]["expectedVersion"], body["errors"][0]["currentVersion"]) == (7, 1)


def test_version_conflict_without_key_renders_null(env: Env) -> None:
    staged = create_staged(env, key=None)
    response = env.client.post(f"/connectors/drafts/{staged['id']}", json={"version": 2, "actions": []})
    assert f"id={staged['id']} or key=null" in response.json()["message"]


def test_several_actions_bump_the_version_once(env: Env) -> None:
    create_staged(env)
    response = update(
        env.client, PATH, {"action": "setName", "name": "a"}, {"action": "setDescription", "description": "b"}
    )
    assert response.json()["version"] == 2


def test_no_actions_changes_nothing(env: Env) -> None:
    create_staged(env)
    response = env.client.post(PATH, json={"version": 1, "actions": []})
    assert response.status_code == 201
    assert response.json()["version"] == 1


def test_updates_are_atomic(env: Env) -> None:
    create_staged(env)
    response = update(
        env.client, PATH, {"action": "setName", "name": "changed"}, {"action": "setRepository", "tag": "does-not-exist"}
    )
    assert_error(response, 400, "GitRepositoryNotReachable")
    body = env.client.get(PATH).json()
    assert (body["name"], body["version"]) == ("Abc First Connector", 1)


@pytest.mark.parametrize(
    "action",
    [
        {"action": "fly"},
        {"action": "setName"},
        {"action": "setSupportedRegions", "regions": []},
        {"action": "setCreatorNoOfContributors", "creatorNoOfContributors": 0},
        {"action": "setCreatorEmail", "creatorEmail": "nope"},
        {"action": "addPrivateProject", "privateProject": "nope"},
        {"action": "publish"},
        {"name": "no action field"},
    ],
)
def test_invalid_actions(env: Env, action: dict[str, Any]) -> None:
    create_staged(env)
    assert_error(env.client.post(PATH, json={"version": 1, "actions": [action]}), 400, "InvalidJsonInput")


def test_missing_version(env: Env) -> None:
    create_staged(env)
    body = assert_error(env.client.post(PATH, json={"actions": []}), 400, "InvalidJsonInput")
    assert "version: Field required" in body["errors"][0]["detailedErrorMessage"]


def test_set_repository_without_url_keeps_the_url_and_rederives(env: Env) -> None:
    create_staged(env)
    body = update(env.client, PATH, {"action": "setRepository", "tag": "0.0.1"}).json()
    assert body["repository"] == {"url": SEED_URL, "tag": "0.0.1"}
    keys = [k["key"] for k in body["configurations"][0]["standardConfiguration"]]
    assert keys == ["CTP_PROJECT_KEY", "CTP_REGION", "LOG_LEVEL"]


def test_set_repository_resets_a_previewable_verdict(env: Env) -> None:
    create_staged(env)
    update(env.client, PATH, {"action": "updatePreviewable"})
    env.advance(5)
    assert env.client.get(PATH).json()["isPreviewable"] == "true"
    body = update(env.client, PATH, {"action": "setRepository", "tag": "0.0.1"}).json()
    assert body["isPreviewable"] == "none"
    assert "previewableReport" not in body


def test_private_projects_need_a_private_connector(env: Env) -> None:
    staged = create_staged(env)
    publish(env, certification=True)
    env.anon.post("/_emulator/connectors/key=abc-first-connector/certify")
    response = update(env.client, PATH, {"action": "addPrivateProject", "privateProject": "europe-west1.gcp:x1"})
    assert_error(
        response,
        400,
        "ConnectorStagedNotPrivate",
        f"The operation is not valid because ConnectorStaged with id={staged['id']} or key=abc-first-connector "
        "is not private",
    )


def test_adding_a_private_project_twice_keeps_one(env: Env) -> None:
    create_staged(env)
    action = {"action": "addPrivateProject", "privateProject": "europe-west1.gcp:p1"}
    update(env.client, PATH, action)
    assert update(env.client, PATH, action).json()["privateProjects"] == ["europe-west1.gcp:p1"]


def test_set_configurations(env: Env) -> None:
    create_staged(env)
    action = {
        "action": "setConfigurations",
        "configurations": [
            {
                "applicationName": "cartExtension",
                "standardConfiguration": [{"key": "ONLY_KEY", "description": "the only key", "required": True}],
                "securedConfiguration": [],
            }
        ],
    }
    body = update(env.client, PATH, action).json()
    assert body["configurations"] == [
        {
            "applicationName": "cartExtension",
            "applicationType": "service",
            "standardConfiguration": [{"key": "ONLY_KEY", "description": "the only key", "required": True}],
            "securedConfiguration": [],
        }
    ]


def test_set_configurations_errors(env: Env) -> None:
    create_staged(env)
    unknown = {"action": "setConfigurations", "configurations": [{"applicationName": "ghost"}]}
    assert_error(
        update(env.client, PATH, unknown),
        400,
        "FieldValueNotFound",
        "The value ghost for the applicationName field was not found",
    )
    reserved = {
        "action": "setConfigurations",
        "configurations": [
            {"applicationName": "cartExtension", "standardConfiguration": [{"key": "PORT", "description": "p"}]}
        ],
    }
    body = assert_error(update(env.client, PATH, reserved), 400, "InvalidJsonInput")
    assert "reserved" in body["errors"][0]["detailedErrorMessage"]


def test_delete_returns_the_object_and_removes_the_connector(env: Env) -> None:
    staged = create_staged(env)
    publish(env)
    assert env.client.get(f"/connectors/{staged['id']}").status_code == 200
    response = env.client.delete(PATH)
    assert response.status_code == 200
    assert response.json()["id"] == staged["id"]
    assert response.json()["status"] == "Published"
    assert_error(env.client.get(PATH), 404, "ResourceNotFound")
    assert_error(env.client.get(f"/connectors/{staged['id']}"), 404, "ResourceNotFound")
    assert_error(env.client.delete(PATH), 404, "ResourceNotFound")
    assert create_staged(env)["version"] == 1


# --- healthCheck in connect.yaml -------------------------------------------------------------------------------


@pytest.mark.parametrize("application_type", sorted(APPLICATION_TYPES))
def test_health_check_through_the_api(env: Env, application_type: str) -> None:
    url = "https://github.com/acme/health"
    registered = env.anon.post(
        "/_emulator/repositories",
        json={"url": url, "tag": "1.0.0", "connectYaml": application(application_type, HEALTH_CHECK)},
    )
    assert registered.status_code == 201, registered.text
    response = env.client.post(
        "/connectors/drafts", json=staged_draft(key="health", repository={"url": url, "tag": "1.0.0"})
    )
    if application_type in {"service", "event"}:
        assert response.status_code == 201, response.text
        assert [c["applicationType"] for c in response.json()["configurations"]] == [application_type]
        return
    body = assert_error(
        response,
        400,
        "ConnectorSpecificationFileNotValid",
        f"The file connect.yaml at {url} with the tag 1.0.0 is not valid",
    )
    assert body["errors"][0]["detailedErrorMessage"] == (
        f"deployAs.0.{application_type}.healthCheck: only service and event applications may declare a healthCheck"
    )


def test_the_seed_release_with_a_health_check(env: Env) -> None:
    staged = create_staged(env, repository={"url": SEED_URL, "tag": "0.0.2"})
    assert [c["applicationName"] for c in staged["configurations"]] == ["cartExtension"]
    ConnectorStaged.model_validate(staged)
