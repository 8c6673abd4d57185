"""Where connect.yaml comes from: the pure decisions and texts, and the GitHub client over a mock transport."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import httpx
import pytest

from connect_as_code.connect_yaml.sources import (
    DEFAULT_GITHUB_API_URL,
    ConnectYamlSource,
    GitHubRepository,
    HostAnswer,
    LocalCheckout,
    Origin,
    Unreadable,
    choose_source,
    classify_refusal,
    fetch_from_github,
    github_api_url,
    github_token,
    is_valid_tag_name,
    parse_github_url,
    parse_remote_urls,
    read_connect_yaml,
    same_text,
    unreadable_message,
)

URL = "https://github.com/abc/first-connect-application.git"
REPO = GitHubRepository("abc", "first-connect-application")
TAG = "0.0.1"
ROOT = Path("connector-checkout")  # a name only: these decisions read no file
TEXT = "deployAs: []\n"
OTHER_TEXT = "deployAs:\n  - {name: api}\n"
API = "https://api.github.example"


# --- URLs, tags, environment --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/abc/first-connect-application.git",
        "https://github.com/abc/first-connect-application",
        "https://github.com/abc/first-connect-application/",
        "http://github.com/abc/first-connect-application",
        "git@github.com:abc/first-connect-application.git",
        "git@github.com:abc/first-connect-application",
        "ssh://git@github.com/abc/first-connect-application.git",
        "ssh://git@github.com:22/abc/first-connect-application.git",
        "git://github.com/abc/first-connect-application.git",
        "https://x-access-token:secret@github.com/abc/first-connect-application.git",
        "https://GitHub.com/ABC/First-Connect-Application",
        "  https://github.com/abc/first-connect-application.git\n",
    ],
)
def test_url_forms_name_the_same_repository(url: str) -> None:
    assert REPO.same_as(parse_github_url(url))


@pytest.mark.parametrize(
    "url",
    [
        "",
        "abc/first-connect-application",
        "https://gitlab.com/abc/first-connect-application.git",
        "https://github.com/abc",
        "https://github.com/abc/x/tree/main",
        "https://github.com/../x",
        "git@github.com:/abc/x.git",
        "/home/me/first-connect-application",
        "file:///home/me/x.git",
    ],
)
def test_not_github_repositories(url: str) -> None:
    assert parse_github_url(url) is None


def test_repository_keeps_its_spelling_and_compares_without_case() -> None:
    parsed = parse_github_url("https://github.com/ABC/X.git")
    assert parsed == GitHubRepository("ABC", "X")
    assert str(parsed) == "github.com/ABC/X"
    assert GitHubRepository("abc", "x").same_as(parsed)
    assert not GitHubRepository("abc", "y").same_as(parsed)
    assert not REPO.same_as(None)


@pytest.mark.parametrize("tag", ["0.0.1", "v1.2.3", "release/1.0", "1.0.0-rc.1", "build_7"])
def test_valid_tag_names(tag: str) -> None:
    assert is_valid_tag_name(tag)


@pytest.mark.parametrize(
    "tag", ["", "-x", "a..b", "a b", "a:b", "a~1", "a^", "x.lock", "/x", "x/", "x.", ".x", "a//b", "a@{1}", "@", "a?"]
)
def test_invalid_tag_names(tag: str) -> None:
    assert not is_valid_tag_name(tag)


def test_environment() -> None:
    assert github_api_url({}) == DEFAULT_GITHUB_API_URL
    assert github_api_url({"GITHUB_API_URL": "https://ghe.example/api/v3/"}) == "https://ghe.example/api/v3"
    assert github_token({}) is None
    assert github_token({"GH_TOKEN": "b"}) == ("GH_TOKEN", "b")
    assert github_token({"GITHUB_TOKEN": "a", "GH_TOKEN": "b"}) == ("GITHUB_TOKEN", "a")
    assert github_token({"GITHUB_TOKEN": " ", "GH_TOKEN": "b"}) == ("GH_TOKEN", "b")


def test_remote_urls_origin_first() -> None:
    output = "remote.upstream.url git@github.com:abc/x.git\nremote.origin.url https://github.com/me/x.git\n"
    assert parse_remote_urls(output) == [
        ("origin", "https://github.com/me/x.git"),
        ("upstream", "git@github.com:abc/x.git"),
    ]
    assert parse_remote_urls("") == []


def test_line_endings_do_not_make_a_difference() -> None:
    assert same_text("a\r\nb\r\n", "a\nb\n")
    assert not same_text("a\n", "b\n")


# --- which source wins ----------------------------------------------------------------------------------


def host(text: str | None = None, reason: Unreadable | None = None, *, token: str | None = None) -> HostAnswer:
    return HostAnswer(API, token, text=text, unreadable=reason)


def local(work_tree: str | None = TEXT, tag_exists: bool | None = False, tag_text: str | None = None) -> LocalCheckout:
    return LocalCheckout(ROOT, work_tree, tag_exists, tag_text)


def choose(local_checkout: LocalCheckout | None, answer: HostAnswer | None) -> ConnectYamlSource:
    return choose_source(URL, TAG, REPO, local_checkout, answer)


def test_github_alone() -> None:
    source = choose(None, host(TEXT))
    assert (source.found, source.text, source.origin, source.tag_exists) == (True, TEXT, Origin.GIT_HOST, True)
    assert source.location == "connect.yaml at tag '0.0.1' of github.com/abc/first-connect-application"
    assert source.checkout is None and source.work_tree_matches_tag is None and source.notes == ()


@pytest.mark.parametrize(
    ("reason", "tag_exists"),
    [
        (Unreadable.TAG_NOT_FOUND, False),
        (Unreadable.FILE_NOT_FOUND, True),
        (Unreadable.REPOSITORY_NOT_FOUND, None),
        (Unreadable.RATE_LIMITED, None),
        (Unreadable.UNREACHABLE, None),
    ],
)
def test_github_alone_cannot_read(reason: Unreadable, tag_exists: bool | None) -> None:
    source = choose(None, host(reason=reason))
    assert not source.found
    assert (source.unreadable, source.tag_exists) == (reason, tag_exists)
    assert source.message == unreadable_message(reason, str(REPO), TAG, api_url=API)


@pytest.mark.parametrize(
    ("reason", "definite"),
    [
        (Unreadable.TAG_NOT_FOUND, True),
        (Unreadable.FILE_NOT_FOUND, True),
        (Unreadable.REPOSITORY_NOT_FOUND, False),
        (Unreadable.TOKEN_REJECTED, False),
        (Unreadable.RATE_LIMITED, False),
        (Unreadable.UNREACHABLE, False),
    ],
)
def test_what_is_a_fact_about_the_repository(reason: Unreadable, definite: bool) -> None:
    assert choose(None, host(reason=reason)).definitely_unreadable is definite
    assert not choose(None, host(TEXT)).definitely_unreadable


def test_local_tag_wins_and_matches() -> None:
    source = choose(local(TEXT, True, TEXT), None)
    assert (source.text, source.origin, source.tag_exists, source.work_tree_matches_tag) == (
        TEXT,
        Origin.LOCAL_TAG,
        True,
        True,
    )
    assert source.checkout == ROOT
    assert source.location == f"connect.yaml at tag '0.0.1' of {ROOT}"
    assert source.notes == ()


def test_local_tag_wins_over_a_different_work_tree() -> None:
    source = choose(local(OTHER_TEXT, True, TEXT), None)
    assert (source.text, source.work_tree_matches_tag) == (TEXT, False)
    assert source.notes == (
        f"{ROOT / 'connect.yaml'} differs from connect.yaml at tag '0.0.1' of {ROOT}, which is the one Connect "
        "reads and the one checked: make a new tag to ship the work tree's version",
    )


def test_local_tag_without_the_file() -> None:
    source = choose(local(TEXT, True, None), None)
    assert (source.unreadable, source.tag_exists) == (Unreadable.FILE_NOT_FOUND, True)
    assert "has no connect.yaml at the repository root" in source.message


def test_local_tag_with_the_file_deleted_from_the_work_tree() -> None:
    source = choose(local(None, True, TEXT), None)
    assert (source.text, source.origin, source.work_tree_matches_tag, source.notes) == (
        TEXT,
        Origin.LOCAL_TAG,
        None,
        (),
    )


def test_checkout_without_the_file() -> None:
    source = choose(local(None), None)
    assert source.unreadable is Unreadable.CHECKOUT_WITHOUT_FILE
    assert source.message == f"{ROOT} has no connect.yaml: give the repository's root folder, which holds connect.yaml"


def test_tag_missing_locally_but_on_github() -> None:
    source = choose(local(OTHER_TEXT, False), host(TEXT))
    assert (source.text, source.origin, source.tag_exists, source.work_tree_matches_tag) == (
        TEXT,
        Origin.GIT_HOST,
        True,
        False,
    )
    assert "differs from connect.yaml at tag '0.0.1' of github.com/abc/first-connect-application" in source.notes[0]


def test_tag_not_created_yet_checks_the_work_tree() -> None:
    source = choose(local(OTHER_TEXT, False), host(reason=Unreadable.TAG_NOT_FOUND))
    assert (source.text, source.origin, source.tag_exists, source.location) == (
        OTHER_TEXT,
        Origin.WORK_TREE,
        False,
        str(ROOT / "connect.yaml"),
    )
    assert source.notes == (
        f"tag '0.0.1' does not exist in github.com/abc/first-connect-application yet: checked the work tree's "
        f"{ROOT / 'connect.yaml'}, which is what the tag will hold if it is made from this commit",
    )


def test_tag_on_github_without_the_file_fails_despite_the_work_tree() -> None:
    source = choose(local(TEXT, False), host(reason=Unreadable.FILE_NOT_FOUND))
    assert (source.found, source.unreadable, source.tag_exists) == (False, Unreadable.FILE_NOT_FOUND, True)


def test_github_cannot_say_so_the_work_tree_is_checked_with_a_note() -> None:
    source = choose(local(TEXT, None), host(reason=Unreadable.UNREACHABLE))
    assert (source.text, source.origin, source.tag_exists) == (TEXT, Origin.WORK_TREE, None)
    assert source.notes[0].startswith("could not check that tag '0.0.1' exists in github.com/abc/first-connect-")
    assert "could not read connect.yaml of github.com/abc/first-connect-application" in source.notes[0]


def test_no_answer_at_all() -> None:
    assert choose(None, None).unreadable is Unreadable.UNREACHABLE


# --- texts ----------------------------------------------------------------------------------------------


def test_messages() -> None:
    repo, tag = str(REPO), TAG
    assert unreadable_message(Unreadable.NOT_A_GITHUB_URL, "https://gitlab.com/a/b", tag) == (
        "'https://gitlab.com/a/b' is not a GitHub repository URL: use https://github.com/<owner>/<repo>.git or "
        "git@github.com:<owner>/<repo>.git (Connect reads connectors from GitHub)"
    )
    assert unreadable_message(Unreadable.TAG_NOT_FOUND, repo, tag) == (
        "tag '0.0.1' does not exist in github.com/abc/first-connect-application: push it "
        "(git tag 0.0.1 && git push origin 0.0.1) or correct repository.tag"
    )
    assert unreadable_message(Unreadable.FILE_NOT_FOUND, repo, tag) == (
        "tag '0.0.1' of github.com/abc/first-connect-application has no connect.yaml at the repository root, "
        "where Connect reads it: add it, commit, and make a new tag"
    )
    assert unreadable_message(Unreadable.REPOSITORY_NOT_FOUND, repo, tag, api_url=API) == (
        "github.com/abc/first-connect-application was not found on GitHub (https://api.github.example): correct "
        "repository.url, or, if the repository is private, set GITHUB_TOKEN (or GH_TOKEN) to a token that can "
        "read it"
    )
    assert unreadable_message(Unreadable.REPOSITORY_NOT_FOUND, repo, tag, api_url=API, token_variable="GH_TOKEN") == (
        "github.com/abc/first-connect-application was not found on GitHub (https://api.github.example) with the "
        "token in GH_TOKEN: correct repository.url, or give that token read access to the repository"
    )
    assert unreadable_message(
        Unreadable.TOKEN_REJECTED,
        repo,
        tag,
        api_url=API,
        token_variable="GITHUB_TOKEN",
        detail="HTTP 401 Bad credentials",
    ) == (
        "GitHub (https://api.github.example) refused the token in GITHUB_TOKEN (HTTP 401 Bad credentials): renew "
        "it or give it read access to github.com/abc/first-connect-application (or unset GITHUB_TOKEN for a "
        "public repository)"
    )
    assert unreadable_message(Unreadable.RATE_LIMITED, repo, tag, api_url=API, detail="resets at 14:05 UTC") == (
        "GitHub's API rate limit (https://api.github.example) is used up (resets at 14:05 UTC): set GITHUB_TOKEN "
        "(or GH_TOKEN) for a higher limit, or retry later"
    )
    assert unreadable_message(Unreadable.UNREACHABLE, repo, tag, api_url=API, detail="timed out") == (
        "could not read connect.yaml of github.com/abc/first-connect-application at tag '0.0.1' from GitHub "
        "(https://api.github.example) (timed out): check the network and GITHUB_API_URL, or run the preview "
        "from a checkout of the repository"
    )


@pytest.mark.parametrize(
    ("status", "headers", "reason", "detail"),
    [
        (401, {}, Unreadable.TOKEN_REJECTED, "HTTP 401 Bad credentials"),
        (403, {}, Unreadable.TOKEN_REJECTED, "HTTP 403 Forbidden"),
        (403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1800000000"}, Unreadable.RATE_LIMITED, "resets at"),
        (403, {"retry-after": "60"}, Unreadable.RATE_LIMITED, "retry after 60 s"),
        (429, {}, Unreadable.RATE_LIMITED, "HTTP 429"),
        (500, {}, Unreadable.UNREACHABLE, "HTTP 500"),
        (422, {}, Unreadable.UNREACHABLE, "HTTP 422"),
    ],
)
def test_refusals(status: int, headers: dict[str, str], reason: Unreadable, detail: str) -> None:
    got_reason, got_detail = classify_refusal(status, headers)
    assert got_reason is reason
    assert detail in got_detail


# --- the GitHub client over a mock transport ----------------------------------------------------------


def github(routes: Mapping[str, Sequence[httpx.Response | Exception]], seen: list[httpx.Request]) -> httpx.Client:
    """A client whose answers are queued per path (the last one repeats)."""
    queues = {path: list(answers) for path, answers in routes.items()}

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        queue = queues.get(request.url.path)
        if not queue:
            return httpx.Response(404, json={"message": "Not Found"})
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    return httpx.Client(transport=httpx.MockTransport(handle))


TAG_PATH = "/repos/abc/first-connect-application/git/ref/tags/0.0.1"
REPO_PATH = "/repos/abc/first-connect-application"
CONTENTS_PATH = "/repos/abc/first-connect-application/contents/connect.yaml"
OK_REF = httpx.Response(200, json={"ref": "refs/tags/0.0.1", "object": {"sha": "0" * 40}})


def fetch(client: httpx.Client, token: tuple[str, str] | None = None, tag: str = TAG) -> HostAnswer:
    return fetch_from_github(REPO, tag, api_url="https://api.test", token=token, client=client, sleep=lambda _: None)


def test_fetch_reads_the_raw_file_with_the_token() -> None:
    seen: list[httpx.Request] = []
    client = github({TAG_PATH: [OK_REF], CONTENTS_PATH: [httpx.Response(200, text=TEXT)]}, seen)
    answer = fetch(client, ("GITHUB_TOKEN", "s3cret-token"))
    assert (answer.text, answer.unreadable, answer.token_variable) == (TEXT, None, "GITHUB_TOKEN")
    assert [r.url.path for r in seen] == [TAG_PATH, CONTENTS_PATH]
    assert seen[1].url.params["ref"] == "0.0.1"
    assert seen[1].headers["accept"] == "application/vnd.github.raw+json"
    assert all(r.headers["authorization"] == "Bearer s3cret-token" for r in seen)
    assert seen[0].headers["user-agent"].startswith("connect-as-code/")


def test_a_404_on_the_tag_asks_whether_the_repository_exists() -> None:
    seen: list[httpx.Request] = []
    answer = fetch(github({REPO_PATH: [httpx.Response(200, json={"private": False})]}, seen))
    assert answer.unreadable is Unreadable.TAG_NOT_FOUND
    answer = fetch(github({}, seen))
    assert answer.unreadable is Unreadable.REPOSITORY_NOT_FOUND


def test_a_tag_without_the_file() -> None:
    answer = fetch(github({TAG_PATH: [OK_REF]}, []))
    assert answer.unreadable is Unreadable.FILE_NOT_FOUND


def test_server_errors_are_retried_twice() -> None:
    seen: list[httpx.Request] = []
    flaky = [httpx.Response(503), httpx.Response(502), OK_REF]
    client = github({TAG_PATH: flaky, CONTENTS_PATH: [httpx.Response(200, text=TEXT)]}, seen)
    assert fetch(client).text == TEXT
    assert [r.url.path for r in seen].count(TAG_PATH) == 3


def test_a_lasting_server_error_is_unreachable_after_three_attempts() -> None:
    seen: list[httpx.Request] = []
    answer = fetch(github({TAG_PATH: [httpx.Response(500)]}, seen))
    assert (answer.unreadable, answer.detail, len(seen)) == (Unreadable.UNREACHABLE, "HTTP 500", 3)


@pytest.mark.parametrize(
    ("error", "detail"),
    [
        (httpx.ConnectError("[Errno 111] Connection refused"), "cannot connect: [Errno 111] Connection refused"),
        (httpx.ConnectTimeout("connect timed out"), "timed out"),
        (httpx.ReadTimeout("read timed out"), "timed out"),
    ],
)
def test_connection_failures_are_retried_then_unreachable(error: Exception, detail: str) -> None:
    seen: list[httpx.Request] = []
    answer = fetch(github({TAG_PATH: [error]}, seen), ("GITHUB_TOKEN", "s3cret-token"))
    assert (answer.unreadable, answer.detail, len(seen)) == (Unreadable.UNREACHABLE, detail, 3)


def test_rate_limits_are_not_retried() -> None:
    seen: list[httpx.Request] = []
    limited = httpx.Response(403, headers={"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1800000000"})
    answer = fetch(github({TAG_PATH: [limited]}, seen))
    assert (answer.unreadable, len(seen)) == (Unreadable.RATE_LIMITED, 1)
    assert answer.detail.startswith("resets at ")


def test_a_refused_token_is_named_never_shown() -> None:
    answer = fetch(
        github({TAG_PATH: [httpx.Response(401, json={"message": "Bad credentials"})]}, []), ("GH_TOKEN", "s3cret")
    )
    assert (answer.unreadable, answer.token_variable) == (Unreadable.TOKEN_REJECTED, "GH_TOKEN")
    source = choose(None, answer)
    assert "GH_TOKEN" in source.message and "s3cret" not in source.message


def test_an_invalid_tag_is_not_asked_for() -> None:
    seen: list[httpx.Request] = []
    answer = fetch(github({}, seen), tag="../../x")
    assert (answer.unreadable, answer.detail, seen) == (Unreadable.TAG_NOT_FOUND, "not a valid Git tag name", [])


def test_a_tag_with_slashes_keeps_them_in_the_path() -> None:
    seen: list[httpx.Request] = []
    fetch(github({}, seen), tag="release/1.0")
    assert seen[0].url.raw_path.endswith(b"/git/ref/tags/release/1.0")


def test_a_bad_api_url_is_unreachable() -> None:
    answer = fetch_from_github(REPO, TAG, api_url="not a url", sleep=lambda _: None)
    assert answer.unreadable is Unreadable.UNREACHABLE


def test_read_connect_yaml_refuses_other_hosts_without_io() -> None:
    source = read_connect_yaml("https://gitlab.com/abc/x.git", TAG, detect=False)
    assert (source.found, source.unreadable) == (False, Unreadable.NOT_A_GITHUB_URL)


def test_read_connect_yaml_from_github_only(tmp_path: Path) -> None:
    seen: list[httpx.Request] = []
    client = github({TAG_PATH: [OK_REF], CONTENTS_PATH: [httpx.Response(200, text=TEXT)]}, seen)
    environ = {"GITHUB_API_URL": "https://api.test/", "GH_TOKEN": "t0ken"}
    source = read_connect_yaml(URL, TAG, search_from=tmp_path, environ=environ, client=client)
    assert (source.text, source.origin, source.checkout) == (TEXT, Origin.GIT_HOST, None)
    assert str(seen[0].url).startswith("https://api.test/repos/")
    assert seen[0].headers["authorization"] == "Bearer t0ken"
