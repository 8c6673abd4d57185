"""The library reads connect.yaml from the emulator's GitHub-like routes, and agrees with what the emulated
Connect derives from the same file: two independent readings of the specification test each other."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from connect_as_code.connect_yaml.document import ConnectYamlInvalid, parse_connect_yaml
from connect_as_code.connect_yaml.sources import Origin, Unreadable, read_connect_yaml
from connect_as_code.emulator.domain.repositories import FIXTURES_DIR
from connect_as_code.emulator.local import LocalConnect, start_local_connect

SEED_URL = "https://github.com/abc/first-connect-application.git"


@pytest.fixture(scope="module")
def connect() -> Iterator[LocalConnect]:
    with start_local_connect(durations="fast") as local:
        yield local


@pytest.fixture
def environ(connect: LocalConnect) -> dict[str, str]:
    connect.reset()
    return connect.environment()


def read(url: str, tag: str, environ: dict[str, str], tmp_path: Path) -> Any:
    return read_connect_yaml(url, tag, search_from=tmp_path, environ=environ, sleep=lambda _seconds: None)


def test_environment_points_at_the_github_routes(connect: LocalConnect) -> None:
    environment = connect.environment()
    assert environment["GITHUB_API_URL"] == connect.github_api_url == f"{connect.url}/github"
    assert environment["GITHUB_TOKEN"] == connect.github_token


def test_a_fixture_at_its_tag(environ: dict[str, str], tmp_path: Path) -> None:
    source = read(SEED_URL, "0.0.1", environ, tmp_path)
    assert (source.origin, source.tag_exists, source.unreadable) == (Origin.GIT_HOST, True, None)
    fixture = FIXTURES_DIR / "abc" / "first-connect-application" / "0.0.1" / "connect.yaml"
    assert source.text == fixture.read_text()
    assert source.location == "connect.yaml at tag '0.0.1' of github.com/abc/first-connect-application"


@pytest.mark.parametrize(
    ("url", "tag", "reason", "named"),
    [
        (SEED_URL, "9.9.9", Unreadable.TAG_NOT_FOUND, "github.com/abc/first-connect-application"),
        ("git@github.com:abc/invalid-connector.git", "0.0.0", Unreadable.FILE_NOT_FOUND, "github.com/abc/invalid-"),
        ("https://github.com/abc/nope", "1.0.0", Unreadable.REPOSITORY_NOT_FOUND, "github.com/abc/nope was not found"),
    ],
)
def test_what_cannot_be_read(
    url: str, tag: str, reason: Unreadable, named: str, environ: dict[str, str], tmp_path: Path
) -> None:
    source = read(url, tag, environ, tmp_path)
    assert (source.found, source.unreadable) == (False, reason)
    assert named in source.message


def test_a_private_repository(connect: LocalConnect, environ: dict[str, str], tmp_path: Path) -> None:
    url = "https://github.com/acme/secret-connector.git"
    connect.add_repository(
        url, "1.0.0", "deployAs:\n  - {name: api, applicationType: service, endpoint: /a}\n", private=True
    )
    assert read(url, "1.0.0", environ, tmp_path).found
    anonymous = {k: v for k, v in environ.items() if k != "GITHUB_TOKEN"}
    source = read(url, "1.0.0", anonymous, tmp_path)
    assert source.unreadable is Unreadable.REPOSITORY_NOT_FOUND
    assert "set GITHUB_TOKEN (or GH_TOKEN)" in source.message
    wrong = {**anonymous, "GH_TOKEN": "not-the-emulator-token"}
    source = read(url, "1.0.0", wrong, tmp_path)
    assert (source.unreadable, "not-the-emulator-token" in source.message) == (Unreadable.TOKEN_REJECTED, False)
    assert "refused the token in GH_TOKEN (HTTP 401 Bad credentials)" in source.message


def test_an_emulator_that_is_gone_is_unreachable(tmp_path: Path) -> None:
    with start_local_connect(durations="fast") as gone:
        environment = gone.environment()
    source = read(SEED_URL, "0.0.0", environment, tmp_path)
    assert source.unreadable is Unreadable.UNREACHABLE
    assert "cannot connect" in source.message


def test_the_invalid_fixture_is_invalid_for_both(
    connect: LocalConnect, environ: dict[str, str], tmp_path: Path
) -> None:
    source = read("https://github.com/abc/invalid-connector", "1.0.0", environ, tmp_path)
    with pytest.raises(ConnectYamlInvalid) as caught:
        parse_connect_yaml(source.text or "", file=source.location)
    assert {p.path for p in caught.value.problems} == {
        "deployAs[0].name",
        "deployAs[0].replicas",
        "deployAs[0].configuration.standardConfiguration[0].key",
    }
    body = staged_draft("https://github.com/abc/invalid-connector", "1.0.0")
    response = httpx.post(f"{connect.url}/connectors/drafts", json=body, headers=bearer(connect), timeout=30)
    assert response.json()["errors"][0]["code"] == "ConnectorSpecificationFileNotValid"


def staged_draft(url: str, tag: str) -> dict[str, Any]:
    return {
        "key": "agreement-" + hashlib.sha1(f"{url}@{tag}".encode(), usedforsecurity=False).hexdigest()[:12],
        "name": "Agreement",
        "creator": {"email": "john.doe@example.com"},
        "repository": {"url": url, "tag": tag},
    }


def bearer(connect: LocalConnect) -> dict[str, str]:
    return {"Authorization": f"Bearer {connect.token()}"}


FIXTURES = sorted(
    (f"https://github.com/{p.parts[-4]}/{p.parts[-3]}", p.parts[-2])
    for p in FIXTURES_DIR.glob("*/*/*/connect.yaml")
    if p.parts[-3] != "invalid-connector"
)


@pytest.mark.parametrize(("url", "tag"), FIXTURES)
def test_the_declaration_is_what_connect_derives(
    url: str, tag: str, connect: LocalConnect, environ: dict[str, str], tmp_path: Path
) -> None:
    source = read(url, tag, environ, tmp_path)
    declaration = parse_connect_yaml(source.text or "", file=source.location)
    staged = connect.api("/connectors/drafts", method="POST", body=staged_draft(url, tag))
    derived = {
        name: staged[name]
        for name in ("configurations", "globalConfiguration", "apiClient")
        if staged.get(name) is not None
    }
    assert declaration.connector_json() == derived
