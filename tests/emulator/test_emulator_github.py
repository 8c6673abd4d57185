"""The repository registry served like GitHub's REST API under /github: tags, contents, private repositories."""

from __future__ import annotations

import base64
import hashlib

from connect_as_code.emulator.__main__ import settings_from_args
from connect_as_code.emulator.domain.repositories import FIXTURES_DIR
from connect_as_code.emulator.settings import DEFAULT_GITHUB_TOKEN
from tests.emulator.support import Env

SEED = "/github/repos/abc/first-connect-application"
SEED_FILE = FIXTURES_DIR / "abc" / "first-connect-application" / "0.0.0" / "connect.yaml"
RAW = {"Accept": "application/vnd.github.raw+json"}
TOKEN = {"Authorization": f"Bearer {DEFAULT_GITHUB_TOKEN}"}
PRIVATE_URL = "https://github.com/acme/secret-connector"
PRIVATE = "/github/repos/acme/secret-connector"


def register(env: Env, url: str, tag: str, text: str | None, private: bool | None = None) -> dict[str, object]:
    body: dict[str, object] = {"url": url, "tag": tag, "connectYaml": text}
    if private is not None:
        body["private"] = private
    response = env.anon.post("/_emulator/repositories", json=body)
    assert response.status_code == 201, response.text
    registered: dict[str, object] = response.json()
    return registered


def test_a_tag_exists(env: Env) -> None:
    response = env.anon.get(f"{SEED}/git/ref/tags/0.0.0")
    assert response.status_code == 200
    body = response.json()
    assert body["ref"] == "refs/tags/0.0.0"
    assert body["object"]["type"] == "commit"
    assert len(body["object"]["sha"]) == 40
    assert env.anon.get(f"{SEED}/git/ref/tags/0.0.0").json() == body  # a stable sha


def test_unknown_tags_and_repositories_are_github_404s(env: Env) -> None:
    for path in (f"{SEED}/git/ref/tags/9.9.9", "/github/repos/abc/nope/git/ref/tags/0.0.0", "/github/repos/abc/nope"):
        response = env.anon.get(path)
        assert response.status_code == 404, path
        assert response.json()["message"] == "Not Found"


def test_the_repository(env: Env) -> None:
    body = env.anon.get("/github/repos/ABC/First-Connect-Application").json()
    assert (body["full_name"], body["private"], body["default_branch"]) == (
        "abc/first-connect-application",
        False,
        "main",
    )


def test_raw_contents_at_a_tag(env: Env) -> None:
    response = env.anon.get(f"{SEED}/contents/connect.yaml", params={"ref": "0.0.0"}, headers=RAW)
    assert response.status_code == 200
    assert response.text == SEED_FILE.read_text()
    tagged = env.anon.get(f"{SEED}/contents/connect.yaml", params={"ref": "refs/tags/0.0.0"}, headers=RAW)
    assert tagged.text == response.text


def test_json_contents_at_a_tag(env: Env) -> None:
    body = env.anon.get(f"{SEED}/contents/connect.yaml", params={"ref": "0.0.1"}).json()
    content = (FIXTURES_DIR / "abc" / "first-connect-application" / "0.0.1" / "connect.yaml").read_bytes()
    assert (body["type"], body["encoding"], body["name"], body["size"]) == (
        "file",
        "base64",
        "connect.yaml",
        len(content),
    )
    assert base64.b64decode(body["content"]) == content
    assert all(len(line) <= 60 for line in body["content"].splitlines())
    assert body["sha"] == hashlib.sha1(b"blob %d\0" % len(content) + content, usedforsecurity=False).hexdigest()


def test_contents_that_are_not_there(env: Env) -> None:
    missing_ref = env.anon.get(f"{SEED}/contents/connect.yaml", params={"ref": "9.9.9"}, headers=RAW)
    assert (missing_ref.status_code, missing_ref.json()["message"]) == (404, "No commit found for the ref 9.9.9")
    assert env.anon.get(f"{SEED}/contents/connect.yaml", headers=RAW).status_code == 404
    other = env.anon.get(f"{SEED}/contents/package.json", params={"ref": "0.0.0"}, headers=RAW)
    assert (other.status_code, other.json()["message"]) == (404, "Not Found")


def test_a_tag_without_connect_yaml(env: Env) -> None:
    repository = "/github/repos/abc/invalid-connector"
    assert env.anon.get(f"{repository}/git/ref/tags/0.0.0").status_code == 200
    response = env.anon.get(f"{repository}/contents/connect.yaml", params={"ref": "0.0.0"}, headers=RAW)
    assert (response.status_code, response.json()["message"]) == (404, "Not Found")


def test_registered_tags_win_over_fixtures(env: Env) -> None:
    register(env, "https://github.com/abc/first-connect-application.git", "0.0.0", "deployAs: []\n")
    register(env, "git@github.com:abc/first-connect-application.git", "0.0.9", None)
    raw = env.anon.get(f"{SEED}/contents/connect.yaml", params={"ref": "0.0.0"}, headers=RAW)
    assert raw.text == "deployAs: []\n"
    assert env.anon.get(f"{SEED}/git/ref/tags/0.0.9").status_code == 200
    no_file = env.anon.get(f"{SEED}/contents/connect.yaml", params={"ref": "0.0.9"}, headers=RAW)
    assert no_file.status_code == 404


def test_a_private_repository_needs_the_token(env: Env) -> None:
    registered = register(env, PRIVATE_URL, "1.0.0", "deployAs: []\n", private=True)
    assert registered["private"] is True
    assert env.anon.get(PRIVATE).status_code == 404
    assert env.anon.get(f"{PRIVATE}/git/ref/tags/1.0.0").status_code == 404
    assert env.anon.get(f"{PRIVATE}/git/ref/tags/1.0.0", headers=TOKEN).status_code == 200
    assert env.anon.get(PRIVATE, headers=TOKEN).json()["private"] is True
    classic = {"Authorization": f"token {DEFAULT_GITHUB_TOKEN}"}
    raw = env.anon.get(f"{PRIVATE}/contents/connect.yaml", params={"ref": "1.0.0"}, headers={**RAW, **classic})
    assert raw.text == "deployAs: []\n"


def test_a_wrong_token_is_bad_credentials_even_for_public_repositories(env: Env) -> None:
    for path in (SEED, f"{SEED}/git/ref/tags/0.0.0"):
        response = env.anon.get(path, headers={"Authorization": "Bearer not-the-token"})
        assert (response.status_code, response.json()["message"]) == (401, "Bad credentials")


def test_privacy_is_per_repository_and_kept_unless_changed(env: Env) -> None:
    register(env, PRIVATE_URL, "1.0.0", "deployAs: []\n", private=True)
    register(env, PRIVATE_URL, "1.0.1", "deployAs: []\n")
    assert env.anon.get(f"{PRIVATE}/git/ref/tags/1.0.1").status_code == 404
    listed = {(r["tag"], r["private"]) for r in env.anon.get("/_emulator/repositories").json()["repositories"]}
    assert {("1.0.0", True), ("1.0.1", True)} <= listed
    register(env, PRIVATE_URL, "1.0.1", "deployAs: []\n", private=False)
    assert env.anon.get(f"{PRIVATE}/git/ref/tags/1.0.0").status_code == 200


def test_forgetting_a_repository_forgets_its_privacy(env: Env) -> None:
    register(env, PRIVATE_URL, "1.0.0", "deployAs: []\n", private=True)
    assert env.anon.delete("/_emulator/repositories", params={"url": PRIVATE_URL}).status_code == 200
    register(env, PRIVATE_URL, "1.0.0", "deployAs: []\n")
    assert env.anon.get(f"{PRIVATE}/git/ref/tags/1.0.0").status_code == 200


def test_reset_forgets_privacy(env: Env) -> None:
    register(env, "https://github.com/abc/first-connect-application", "0.0.9", None, private=True)
    assert env.anon.get(SEED).status_code == 404
    env.reset()
    assert env.anon.get(SEED).status_code == 200


def test_not_part_of_the_connect_api(env: Env) -> None:
    env.anon.put("/_emulator/faults", json={"rate": 1.0, "mix": "500:1"})
    try:
        assert env.anon.get(f"{SEED}/git/ref/tags/0.0.0").status_code == 200  # never faulted
    finally:
        env.anon.put("/_emulator/faults", json={"rate": 0.0})
    stats = env.anon.get("/_emulator/stats").json()
    assert not any("github" in route for route in stats["requests"]["byRoute"])
    assert stats["githubRequests"] == {
        "total": 1,
        "byRoute": {"GET /github/repos/{owner}/{repo}/git/ref/tags/{tag:path}": 1},
    }
    assert not any("github" in r["path"] for r in env.anon.get("/_emulator/requests").json()["requests"])
    paths = env.anon.get("/openapi.json").json()["paths"]
    assert not any(path.startswith("/github") for path in paths)


def test_a_project_named_github_is_still_a_connect_project(env: Env) -> None:
    response = env.client.get("/github/deployments")
    assert response.status_code == 403  # the Connect API's answer: the token is for demo-project
    assert "GET /{projectKey}/deployments" in env.anon.get("/_emulator/stats").json()["requests"]["byRoute"]


def test_the_accepted_token_is_a_setting() -> None:
    assert settings_from_args([]).github_token == DEFAULT_GITHUB_TOKEN
    assert settings_from_args(["--github-token", "t0k3n"]).github_token == "t0k3n"


def test_the_routes_accept_the_configured_token() -> None:
    token = "t0k3n"
    env = Env(settings_from_args(["--github-token", token]))
    try:
        register(env, PRIVATE_URL, "1.0.0", "deployAs: []\n", private=True)
        path = f"{PRIVATE}/git/ref/tags/1.0.0"
        assert env.anon.get(path, headers={"Authorization": f"Bearer {token}"}).status_code == 200
        assert env.anon.get(path, headers=TOKEN).status_code == 401
    finally:
        env.close()
