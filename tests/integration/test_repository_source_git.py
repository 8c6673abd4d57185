"""connect.yaml from a real local git checkout made in a temporary folder (git init, commit, tag)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import httpx
import pytest

from connect_as_code.connect_yaml.sources import (
    Origin,
    Unreadable,
    detect_checkout,
    inspect_checkout,
    parse_github_url,
    read_connect_yaml,
)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

URL = "https://github.com/abc/first-connect-application.git"
REPO = parse_github_url(URL)
V1 = "deployAs:\n  - {name: api, applicationType: service, endpoint: /api}\n"
V2 = "deployAs:\n  - {name: api, applicationType: service, endpoint: /v2}\n"


def git(folder: Path, *arguments: str) -> None:
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "init.defaultBranch=main",
            *arguments,
        ],
        cwd=folder,
        check=True,
        capture_output=True,
        timeout=30,
    )


def make_repository(folder: Path, remote: str | None = "git@github.com:ABC/first-connect-application.git") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    git(folder, "init", "-q")
    if remote is not None:
        git(folder, "remote", "add", "origin", remote)
    (folder / "connect.yaml").write_text(V1)
    (folder / "infra").mkdir()
    (folder / "infra" / "Pulumi.yaml").write_text("name: infra\n")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "first")
    return folder


def no_network() -> httpx.Client:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"GitHub was asked: {request.url}")

    return httpx.Client(transport=httpx.MockTransport(refuse))


def github_says(tag_exists: bool, text: str | None = None) -> httpx.Client:
    def answer(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith("/git/ref/tags/0.0.1"):
            return httpx.Response(200, json={}) if tag_exists else httpx.Response(404, json={"message": "Not Found"})
        if path == "/repos/abc/first-connect-application":
            return httpx.Response(200, json={"private": False})
        if path.endswith("/contents/connect.yaml") and text is not None:
            return httpx.Response(200, text=text)
        return httpx.Response(404, json={"message": "Not Found"})

    return httpx.Client(transport=httpx.MockTransport(answer))


def unreachable() -> httpx.Client:
    def fail(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    return httpx.Client(transport=httpx.MockTransport(fail))


def test_the_program_s_checkout_at_the_tag_needs_no_network(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "repo")
    git(root, "tag", "0.0.1")
    source = read_connect_yaml(URL, "0.0.1", search_from=root / "infra", environ={}, client=no_network())
    assert (source.text, source.origin, source.tag_exists, source.work_tree_matches_tag) == (
        V1,
        Origin.LOCAL_TAG,
        True,
        True,
    )
    assert source.checkout == root.resolve()
    assert source.notes == ()


def test_an_annotated_tag(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "repo")
    git(root, "tag", "-a", "0.0.1", "-m", "release")
    assert inspect_checkout(root, "0.0.1").tag_text == V1


def test_a_work_tree_that_moved_on_from_the_tag(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "repo")
    git(root, "tag", "0.0.1")
    (root / "connect.yaml").write_text(V2)
    source = read_connect_yaml(URL, "0.0.1", search_from=root, environ={}, client=no_network())
    assert (source.text, source.work_tree_matches_tag) == (V1, False)
    assert "differs from connect.yaml at tag '0.0.1'" in source.notes[0]


def test_a_tag_made_on_merge_does_not_exist_yet(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "repo")
    (root / "connect.yaml").write_text(V2)
    source = read_connect_yaml(URL, "0.0.1", search_from=root, environ={}, client=github_says(tag_exists=False))
    assert (source.text, source.origin, source.tag_exists) == (V2, Origin.WORK_TREE, False)
    assert source.location == str(root.resolve() / "connect.yaml")
    assert "does not exist in github.com/abc/first-connect-application yet" in source.notes[0]


def test_a_shallow_checkout_without_tags_uses_github_s_tag(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "repo")
    (root / "connect.yaml").write_text(V2)
    source = read_connect_yaml(URL, "0.0.1", search_from=root, environ={}, client=github_says(True, V1))
    assert (source.text, source.origin, source.tag_exists, source.work_tree_matches_tag) == (
        V1,
        Origin.GIT_HOST,
        True,
        False,
    )


def test_github_unreachable_falls_back_to_the_work_tree_with_a_note(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "repo")
    source = read_connect_yaml(
        URL, "0.0.1", search_from=root, environ={}, client=unreachable(), sleep=lambda _seconds: None
    )
    assert (source.text, source.origin, source.tag_exists) == (V1, Origin.WORK_TREE, None)
    assert "cannot connect" in source.notes[0]


def test_a_tag_without_connect_yaml(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    git(root, "remote", "add", "origin", URL)
    (root / "README.md").write_text("x\n")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "first")
    git(root, "tag", "0.0.1")
    (root / "connect.yaml").write_text(V1)
    source = read_connect_yaml(URL, "0.0.1", search_from=root, environ={}, client=no_network())
    assert (source.unreadable, source.tag_exists) == (Unreadable.FILE_NOT_FOUND, True)


def test_another_repository_is_not_a_checkout(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "repo", remote="https://github.com/someone/else.git")
    git(root, "tag", "0.0.1")
    assert REPO is not None
    assert detect_checkout(REPO, root) is None
    source = read_connect_yaml(URL, "0.0.1", search_from=root, environ={}, client=github_says(True, V2))
    assert (source.text, source.origin, source.checkout) == (V2, Origin.GIT_HOST, None)


def test_any_remote_may_be_the_repository(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "repo", remote="https://github.com/me/fork.git")
    git(root, "remote", "add", "upstream", "https://github.com/abc/First-Connect-Application")
    assert REPO is not None
    assert detect_checkout(REPO, root / "infra") == root.resolve()


def test_a_checkout_without_connect_yaml_at_its_root_is_not_detected(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "repo")
    git(root, "rm", "-q", "connect.yaml")
    assert REPO is not None
    assert detect_checkout(REPO, root) is None


def test_a_nested_unrelated_work_tree_is_skipped(tmp_path: Path) -> None:
    outer = make_repository(tmp_path / "repo")
    inner = make_repository(outer / "vendor" / "tool", remote="https://github.com/other/tool.git")
    assert REPO is not None
    assert detect_checkout(REPO, inner / "infra") == outer.resolve()


def test_no_work_tree_no_checkout(tmp_path: Path) -> None:
    assert REPO is not None
    assert detect_checkout(REPO, tmp_path) is None
    assert detect_checkout(REPO, tmp_path / "missing") is None


def test_detection_can_be_switched_off(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "repo")
    git(root, "tag", "0.0.1")
    source = read_connect_yaml(URL, "0.0.1", search_from=root, detect=False, environ={}, client=github_says(True, V2))
    assert (source.origin, source.checkout) == (Origin.GIT_HOST, None)


def test_an_explicit_folder_that_is_not_a_work_tree(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "connect.yaml").write_text(V2)
    source = read_connect_yaml(URL, "0.0.1", checkout=folder, environ={}, client=github_says(tag_exists=False))
    assert (source.text, source.origin, source.tag_exists, source.checkout) == (V2, Origin.WORK_TREE, False, folder)


def test_an_explicit_folder_without_connect_yaml(tmp_path: Path) -> None:
    source = read_connect_yaml(URL, "0.0.1", checkout=tmp_path, environ={}, client=no_network())
    assert source.unreadable is Unreadable.CHECKOUT_WITHOUT_FILE
    assert str(tmp_path) in source.message


def test_without_git_there_is_no_checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_repository(tmp_path / "repo")
    git(root, "tag", "0.0.1")
    monkeypatch.setenv("PATH", str(tmp_path / "no-bin"))
    assert REPO is not None
    assert detect_checkout(REPO, root) is None
    checkout = inspect_checkout(root, "0.0.1")
    assert (checkout.work_tree_text, checkout.tag_exists) == (V1, None)
