"""Repository registry: URL normalisation, fixtures, admin registrations and their errors."""

from __future__ import annotations

import pytest

from connect_as_code.emulator.domain.repositories import (
    LookupStatus,
    fixture_lookup,
    list_fixtures,
    normalize_repository_url,
)
from tests.emulator.support import SEED_URL, Env, assert_error, create_staged, staged_draft, update


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/abc/first-connect-application.git",
        "https://github.com/abc/first-connect-application",
        "https://github.com/abc/first-connect-application/",
        "git@github.com:abc/first-connect-application.git",
        "ssh://git@github.com/abc/first-connect-application.git",
        "https://GitHub.com/ABC/First-Connect-Application",
    ],
)
def test_urls_normalise_to_one_repository(url: str) -> None:
    assert normalize_repository_url(url) == "github.com/abc/first-connect-application"


@pytest.mark.parametrize(
    "url", ["", "not a url", "https://github.com/abc", "https://github.com/a/b/c", "https://github.com/../x"]
)
def test_non_repository_urls(url: str) -> None:
    assert normalize_repository_url(url) is None


def test_fixture_lookup() -> None:
    canonical = "github.com/abc/first-connect-application"
    assert fixture_lookup(canonical, "0.0.0").status is LookupStatus.FOUND
    assert fixture_lookup(canonical, "0.0.1").status is LookupStatus.FOUND
    assert fixture_lookup(canonical, "9.9.9").status is LookupStatus.UNREACHABLE
    assert fixture_lookup("github.com/abc/nope", "0.0.0").status is LookupStatus.UNREACHABLE
    assert fixture_lookup("gitlab.com/abc/first-connect-application", "0.0.0").status is LookupStatus.UNREACHABLE
    assert fixture_lookup("github.com/abc/invalid-connector", "0.0.0").status is LookupStatus.NO_SPEC_FILE
    assert fixture_lookup(canonical, "..").status is LookupStatus.UNREACHABLE
    assert ("github.com/abc/first-connect-application", "0.0.1", True) in list_fixtures()


def test_release_0_0_1_adds_one_optional_key() -> None:
    canonical = "github.com/abc/first-connect-application"
    old = fixture_lookup(canonical, "0.0.0").connect_yaml or ""
    new = fixture_lookup(canonical, "0.0.1").connect_yaml or ""
    assert "LOG_LEVEL" in new and "LOG_LEVEL" not in old


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/abc/first-connect-application",
        "git@github.com:abc/first-connect-application.git",
    ],
)
def test_every_url_form_reaches_the_fixture(env: Env, url: str) -> None:
    staged = create_staged(env, repository={"url": url, "tag": "0.0.0"})
    assert staged["repository"]["url"] == url
    assert staged["configurations"][0]["applicationName"] == "cartExtension"


def test_unknown_repository(env: Env) -> None:
    response = env.client.post(
        "/connectors/drafts", json=staged_draft(repository={"url": "https://github.com/abc/nope", "tag": "1.0.0"})
    )
    body = assert_error(response, 400, "GitRepositoryNotReachable", "Repository with the tag is not reachable")
    assert body["errors"][0]["url"] == "https://github.com/abc/nope"


def test_unknown_tag(env: Env) -> None:
    response = env.client.post("/connectors/drafts", json=staged_draft(repository={"url": SEED_URL, "tag": "9.9.9"}))
    assert_error(response, 400, "GitRepositoryNotReachable")


def test_tag_without_connect_yaml(env: Env) -> None:
    url = "https://github.com/abc/invalid-connector"
    response = env.client.post("/connectors/drafts", json=staged_draft(repository={"url": url, "tag": "0.0.0"}))
    assert_error(
        response,
        400,
        "ConnectorSpecificationFileNotFound",
        f"The file connect.yaml at {url} with the tag 0.0.0 was not found",
    )


def test_invalid_connect_yaml(env: Env) -> None:
    url = "https://github.com/abc/invalid-connector"
    response = env.client.post("/connectors/drafts", json=staged_draft(repository={"url": url, "tag": "1.0.0"}))
    body = assert_error(
        response,
        400,
        "ConnectorSpecificationFileNotValid",
        f"The file connect.yaml at {url} with the tag 1.0.0 is not valid",
    )
    assert "'PORT' is a reserved key" in body["errors"][0]["detailedErrorMessage"]


def test_registered_repositories(env: Env) -> None:
    url = "git@github.com:acme/new-connector.git"
    text = "deployAs:\n  - {name: worker, applicationType: service, endpoint: /w}\n"
    assert (
        env.anon.post("/_emulator/repositories", json={"url": url, "tag": "1.0.0", "connectYaml": text}).status_code
        == 201
    )
    assert (
        env.anon.post("/_emulator/repositories", json={"url": url, "tag": "2.0.0", "connectYaml": None}).status_code
        == 201
    )
    staged = create_staged(env, key="acme", repository={"url": "https://github.com/acme/new-connector", "tag": "1.0.0"})
    assert staged["configurations"][0]["applicationName"] == "worker"
    response = update(
        env.client, "/connectors/drafts/key=acme", {"action": "setRepository", "url": url, "tag": "2.0.0"}
    )
    assert_error(response, 400, "ConnectorSpecificationFileNotFound")
    listed = env.anon.get("/_emulator/repositories").json()["repositories"]
    assert {"repository": "github.com/acme/new-connector", "tag": "2.0.0", "source": "admin"}.items() <= listed[
        1
    ].items()
    assert env.anon.request("DELETE", "/_emulator/repositories", params={"url": url, "tag": "1.0.0"}).json() == {
        "deleted": 1
    }


def test_registration_overrides_a_fixture_and_invalid_yaml_is_reported(env: Env) -> None:
    env.anon.post("/_emulator/repositories", json={"url": SEED_URL, "tag": "0.0.0", "connectYaml": "deployAs: nope"})
    response = env.client.post("/connectors/drafts", json=staged_draft())
    assert_error(response, 400, "ConnectorSpecificationFileNotValid")


def test_register_rejects_non_urls(env: Env) -> None:
    response = env.anon.post("/_emulator/repositories", json={"url": "nope", "tag": "1", "connectYaml": None})
    assert_error(response, 400, "InvalidJsonInput")


def test_set_repository_validates_synchronously(env: Env) -> None:
    create_staged(env)
    path = "/connectors/drafts/key=abc-first-connector"
    response = update(env.client, path, {"action": "setRepository", "url": SEED_URL, "tag": "7.7.7"})
    assert_error(response, 400, "GitRepositoryNotReachable")
    assert env.client.get(path).json()["version"] == 1
