"""Where connect.yaml comes from, decided without I/O: repositories, tags, results, texts, which source wins.

The pure half of :mod:`connect_yaml.sources` (the public module, which re-exports these names and whose
docstring gives the rules): GitHub URLs and tag names, the result types, the messages and notes,
:func:`choose_source` (a checkout's and GitHub's answers combined into one), and
:func:`classify_refusal` (a GitHub refusal as an :class:`Unreadable` reason). The facts come from
:mod:`connect_yaml.git_checkout` and :mod:`connect_yaml.github`.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

SPEC_FILE = "connect.yaml"
DEFAULT_GITHUB_API_URL = "https://api.github.com"
TOKEN_VARIABLES = ("GITHUB_TOKEN", "GH_TOKEN")
"""Where the GitHub token is read from, first non-empty one wins."""


# --- repositories and tags (pure) ---------------------------------------------------------------------


@dataclass(frozen=True)
class GitHubRepository:
    """A repository on github.com, as written in a URL (compare with :meth:`same_as`)."""

    owner: str
    name: str

    def __str__(self) -> str:
        return f"github.com/{self.owner}/{self.name}"

    def same_as(self, other: GitHubRepository | None) -> bool:
        """Whether ``other`` is this repository (GitHub owner and repository names ignore case)."""
        return other is not None and (self.owner.lower(), self.name.lower()) == (
            other.owner.lower(),
            other.name.lower(),
        )


_URL_FORM = re.compile(r"^(?:https?|ssh|git|git\+ssh)://(?:[^@/]+@)?(?P<host>[^/:@]+)(?::\d*)?/(?P<path>[^?#]*)$", re.I)
_SCP_FORM = re.compile(r"^(?:[^@/:]+@)?(?P<host>[^/:@]+):(?P<path>(?!/)[^?#]*)$")
_NAME_SEGMENT = re.compile(r"^[A-Za-z0-9_.-]+$")
GITHUB_HOSTS = ("github.com", "www.github.com")


def parse_github_url(url: str) -> GitHubRepository | None:
    """The repository of a github.com URL, or None.

    ``https://github.com/o/r``, ``https://github.com/o/r.git``, ``git@github.com:o/r.git`` and
    ``ssh://git@github.com/o/r.git`` are the same repository; credentials in the URL are ignored.
    """
    text = url.strip()
    match = _URL_FORM.match(text) if "://" in text else _SCP_FORM.match(text)
    if match is None or match.group("host").lower() not in GITHUB_HOSTS:
        return None
    path = match.group("path").strip("/")
    path = path.removesuffix(".git")
    segments = path.split("/")
    if len(segments) != 2 or not all(_NAME_SEGMENT.match(s) and s not in {".", ".."} for s in segments):
        return None
    return GitHubRepository(segments[0], segments[1])


_BAD_REF_CHARACTERS = re.compile(r"[\x00-\x20\x7f~^:?*\[\\]")


def is_valid_tag_name(tag: str) -> bool:
    """Whether ``tag`` can name a Git tag (the rules of ``git check-ref-format``)."""
    if not tag or tag == "@" or tag.startswith(("-", "/")) or tag.endswith(("/", ".")):
        return False
    if _BAD_REF_CHARACTERS.search(tag) or ".." in tag or "//" in tag or "@{" in tag:
        return False
    return all(not part.startswith(".") and not part.endswith(".lock") for part in tag.split("/"))


def same_text(left: str, right: str) -> bool:
    """Whether two versions of a file are the same, whatever their line endings."""
    return left.replace("\r\n", "\n") == right.replace("\r\n", "\n")


def github_api_url(environ: Mapping[str, str]) -> str:
    """``GITHUB_API_URL`` without a trailing slash, or ``https://api.github.com``."""
    return (environ.get("GITHUB_API_URL") or "").strip().rstrip("/") or DEFAULT_GITHUB_API_URL


def github_token(environ: Mapping[str, str]) -> tuple[str, str] | None:
    """``(variable name, token)`` of the first of ``GITHUB_TOKEN``, ``GH_TOKEN`` that is set, or None."""
    for variable in TOKEN_VARIABLES:
        token = (environ.get(variable) or "").strip()
        if token:
            return variable, token
    return None


def parse_remote_urls(config_output: str) -> list[tuple[str, str]]:
    """``(remote name, url)`` pairs from ``git config --get-regexp '^remote\\..*\\.url$'``, origin first."""
    remotes: list[tuple[str, str]] = []
    for line in config_output.splitlines():
        variable, _, url = line.strip().partition(" ")
        if variable.startswith("remote.") and variable.endswith(".url") and url:
            remotes.append((variable[len("remote.") : -len(".url")], url.strip()))
    return sorted(remotes, key=lambda remote: remote[0] != "origin")


# --- results ------------------------------------------------------------------------------------------


class Origin(StrEnum):
    """Where the text of a :class:`ConnectYamlSource` was read."""

    GIT_HOST = "git-host"
    """The file at the tag, from GitHub's API."""
    LOCAL_TAG = "local-tag"
    """The file at the tag, from a local checkout (``git show``)."""
    WORK_TREE = "work-tree"
    """A local checkout's work tree: the tag does not exist (yet), or GitHub could not say."""


class Unreadable(StrEnum):
    """Why the connect.yaml of a repository tag could not be read."""

    NOT_A_GITHUB_URL = "not-a-github-url"
    CHECKOUT_WITHOUT_FILE = "checkout-without-file"
    TAG_NOT_FOUND = "tag-not-found"
    FILE_NOT_FOUND = "file-not-found"
    REPOSITORY_NOT_FOUND = "repository-not-found"
    """Missing, or private and the request had no token that can see it (GitHub answers 404 to both)."""
    TOKEN_REJECTED = "token-rejected"
    RATE_LIMITED = "rate-limited"
    UNREACHABLE = "unreachable"
    """Network error, timeout, or a server error that outlasted the retries."""


DEFINITE = frozenset(
    {Unreadable.NOT_A_GITHUB_URL, Unreadable.CHECKOUT_WITHOUT_FILE, Unreadable.TAG_NOT_FOUND, Unreadable.FILE_NOT_FOUND}
)
"""Reasons that are facts about the repository or the inputs; the others are about this machine's access
to GitHub (Connect, with its own access, may well read a repository this machine cannot)."""


@dataclass(frozen=True)
class ConnectYamlSource:
    """The connect.yaml Connect will read for ``repository_url`` at ``tag``, or why it could not be read."""

    repository_url: str
    tag: str
    text: str | None = None
    """The file's text (None when it could not be read)."""
    origin: Origin | None = None
    location: str = ""
    """Where ``text`` was read, for messages: a path, or "connect.yaml at tag '1.0.0' of github.com/o/r"."""
    tag_exists: bool | None = None
    """Whether the tag exists (in the checkout or on GitHub); None when nobody could say."""
    checkout: Path | None = None
    """The local checkout used, if any."""
    work_tree_matches_tag: bool | None = None
    """Whether the checkout's work-tree connect.yaml equals the one at the tag; None without both."""
    unreadable: Unreadable | None = None
    message: str = ""
    """Why ``text`` is None, naming the repository, the tag and the fix."""
    notes: tuple[str, ...] = ()
    """Facts worth showing next to a good result (tag not created yet, work tree differs from the tag...)."""

    @property
    def found(self) -> bool:
        """Whether ``text`` holds the file."""
        return self.text is not None

    @property
    def definitely_unreadable(self) -> bool:
        """Whether Connect will not find the file either (tag or file missing, bad URL or checkout), as
        opposed to this machine not reaching GitHub, a private repository or a rate limit."""
        return self.unreadable in DEFINITE


@dataclass(frozen=True)
class LocalCheckout:
    """What a local checkout holds (facts gathered by :func:`inspect_checkout`)."""

    root: Path
    work_tree_text: str | None
    """The work tree's connect.yaml; None when the folder has none."""
    tag_exists: bool | None
    """Whether the tag exists in the checkout; None when it is not a git work tree (or git is missing)."""
    tag_text: str | None = None
    """connect.yaml at the tag; None when the tag is missing or has no such file."""

    @property
    def work_tree_file(self) -> Path:
        """The work tree's connect.yaml."""
        return self.root / SPEC_FILE


@dataclass(frozen=True)
class HostAnswer:
    """What GitHub said about a repository tag (gathered by :func:`fetch_from_github`)."""

    api_url: str
    token_variable: str | None
    """The environment variable the token came from; None when no token was sent."""
    text: str | None = None
    unreadable: Unreadable | None = None
    detail: str = ""
    """What was seen when ``unreadable``: "HTTP 503", "timed out", "resets at 14:05 UTC"..."""


# --- texts (pure) -------------------------------------------------------------------------------------


def unreadable_message(
    reason: Unreadable,
    repository: str,
    tag: str,
    *,
    api_url: str = DEFAULT_GITHUB_API_URL,
    token_variable: str | None = None,
    detail: str = "",
    checkout: Path | None = None,
) -> str:
    """The message of a :class:`Unreadable` reason: what happened, to which repository and tag, and the fix."""
    token_hint = "set GITHUB_TOKEN (or GH_TOKEN) to a token that can read it"
    detail_text = f" ({detail})" if detail else ""
    if reason is Unreadable.NOT_A_GITHUB_URL:
        return (
            f"{repository!r} is not a GitHub repository URL: use https://github.com/<owner>/<repo>.git or "
            "git@github.com:<owner>/<repo>.git (Connect reads connectors from GitHub)"
        )
    if reason is Unreadable.CHECKOUT_WITHOUT_FILE:
        return f"{checkout} has no {SPEC_FILE}: give the repository's root folder, which holds {SPEC_FILE}"
    if reason is Unreadable.TAG_NOT_FOUND:
        return (
            f"tag {tag!r} does not exist in {repository}{detail_text}: push it "
            f"(git tag {tag} && git push origin {tag}) or correct repository.tag"
        )
    if reason is Unreadable.FILE_NOT_FOUND:
        return (
            f"tag {tag!r} of {repository} has no {SPEC_FILE} at the repository root, where Connect reads it: "
            "add it, commit, and make a new tag"
        )
    if reason is Unreadable.REPOSITORY_NOT_FOUND:
        if token_variable is None:
            return (
                f"{repository} was not found on GitHub ({api_url}): correct repository.url, or, if the "
                f"repository is private, {token_hint}"
            )
        return (
            f"{repository} was not found on GitHub ({api_url}) with the token in {token_variable}: correct "
            "repository.url, or give that token read access to the repository"
        )
    if reason is Unreadable.TOKEN_REJECTED:
        if token_variable is None:
            return f"GitHub ({api_url}) refused to read {repository}{detail_text}: {token_hint}"
        return (
            f"GitHub ({api_url}) refused the token in {token_variable}{detail_text}: renew it or give it read "
            f"access to {repository} (or unset {token_variable} for a public repository)"
        )
    if reason is Unreadable.RATE_LIMITED:
        fix = "retry later" if token_variable else "set GITHUB_TOKEN (or GH_TOKEN) for a higher limit, or retry later"
        return f"GitHub's API rate limit ({api_url}) is used up{detail_text}: {fix}"
    return (
        f"could not read {SPEC_FILE} of {repository} at tag {tag!r} from GitHub ({api_url}){detail_text}: "
        "check the network and GITHUB_API_URL, or run the preview from a checkout of the repository"
    )


def tag_not_created_note(repository: str, tag: str, work_tree_file: Path) -> str:
    """Note of a work tree checked because the tag does not exist yet."""
    return (
        f"tag {tag!r} does not exist in {repository} yet: checked the work tree's {work_tree_file}, "
        "which is what the tag will hold if it is made from this commit"
    )


def tag_unconfirmed_note(repository: str, tag: str, work_tree_file: Path, why: str) -> str:
    """Note of a work tree checked because nobody could say whether the tag exists."""
    return f"could not check that tag {tag!r} exists in {repository} ({why}); checked the work tree's {work_tree_file}"


def work_tree_differs_note(tag: str, work_tree_file: Path, location: str) -> str:
    """Note of a work tree whose connect.yaml is not the one at the tag."""
    return (
        f"{work_tree_file} differs from {location}, which is the one Connect reads and the one checked: "
        "make a new tag to ship the work tree's version"
    )


def host_location(repository: GitHubRepository, tag: str) -> str:
    """How a file read from GitHub is named in messages."""
    return f"{SPEC_FILE} at tag {tag!r} of {repository}"


# --- which source wins (pure) -------------------------------------------------------------------------


def choose_source(
    repository_url: str,
    tag: str,
    repository: GitHubRepository,
    local: LocalCheckout | None,
    host: HostAnswer | None,
) -> ConnectYamlSource:
    """Combine what a checkout and GitHub said into one answer (the rules of the module docstring)."""
    base = ConnectYamlSource(repository_url, tag, checkout=local.root if local else None)

    def unreadable(reason: Unreadable, answer: HostAnswer | None = None, **facts: Any) -> ConnectYamlSource:
        context: dict[str, Any] = {}
        if answer is not None:
            context = {"api_url": answer.api_url, "token_variable": answer.token_variable, "detail": answer.detail}
        message = unreadable_message(reason, str(repository), tag, checkout=base.checkout, **context)
        return _with(base, unreadable=reason, message=message, **facts)

    if local is None:
        if host is None:
            return unreadable(Unreadable.UNREACHABLE)
        if host.text is None:
            return unreadable(host.unreadable or Unreadable.UNREACHABLE, host, tag_exists=_tag_exists(host))
        location = host_location(repository, tag)
        return _with(base, text=host.text, origin=Origin.GIT_HOST, location=location, tag_exists=True)

    if local.tag_exists:
        if local.tag_text is None:
            return unreadable(Unreadable.FILE_NOT_FOUND, tag_exists=True)
        return _at_tag(base, local.tag_text, Origin.LOCAL_TAG, f"{SPEC_FILE} at tag {tag!r} of {local.root}", local)
    work_tree = local.work_tree_text
    if work_tree is None:
        return unreadable(Unreadable.CHECKOUT_WITHOUT_FILE)
    if host is not None and host.text is not None:
        return _at_tag(base, host.text, Origin.GIT_HOST, host_location(repository, tag), local)
    if host is not None and host.unreadable is Unreadable.FILE_NOT_FOUND:
        return unreadable(Unreadable.FILE_NOT_FOUND, host, tag_exists=True)
    work_tree_file = local.work_tree_file
    if host is not None and host.unreadable is Unreadable.TAG_NOT_FOUND:
        note = tag_not_created_note(str(repository), tag, work_tree_file)
        return _from_work_tree(base, work_tree, work_tree_file, tag_exists=False, note=note)
    if host is None:
        why = "the checkout is not a git work tree" if local.tag_exists is None else "GitHub was not asked"
    else:
        why = unreadable_message(
            host.unreadable or Unreadable.UNREACHABLE,
            str(repository),
            tag,
            api_url=host.api_url,
            token_variable=host.token_variable,
            detail=host.detail,
        )
    note = tag_unconfirmed_note(str(repository), tag, work_tree_file, why)
    return _from_work_tree(base, work_tree, work_tree_file, tag_exists=None, note=note)


def _with(base: ConnectYamlSource, **changes: Any) -> ConnectYamlSource:
    return dataclasses.replace(base, **changes)


def _tag_exists(host: HostAnswer) -> bool | None:
    if host.unreadable is Unreadable.TAG_NOT_FOUND:
        return False
    if host.unreadable is Unreadable.FILE_NOT_FOUND:
        return True
    return None


def _at_tag(
    base: ConnectYamlSource, text: str, origin: Origin, location: str, local: LocalCheckout
) -> ConnectYamlSource:
    work_tree = local.work_tree_text
    matches = None if work_tree is None else same_text(work_tree, text)
    notes = (work_tree_differs_note(base.tag, local.work_tree_file, location),) if matches is False else ()
    return _with(
        base, text=text, origin=origin, location=location, tag_exists=True, work_tree_matches_tag=matches, notes=notes
    )


def _from_work_tree(
    base: ConnectYamlSource, text: str, work_tree_file: Path, *, tag_exists: bool | None, note: str
) -> ConnectYamlSource:
    return _with(
        base, text=text, origin=Origin.WORK_TREE, location=str(work_tree_file), tag_exists=tag_exists, notes=(note,)
    )


# --- GitHub's refusals (pure) -------------------------------------------------------------------------


def classify_refusal(status: int, headers: Mapping[str, str]) -> tuple[Unreadable, str]:
    """The reason and detail of a GitHub answer that is neither a success nor a 404."""
    remaining = headers.get("x-ratelimit-remaining")
    retry_after = headers.get("retry-after")
    if status == 429 or (status == 403 and (remaining == "0" or retry_after is not None)):
        return Unreadable.RATE_LIMITED, _rate_limit_detail(headers.get("x-ratelimit-reset"), retry_after)
    if status == 401:
        return Unreadable.TOKEN_REJECTED, "HTTP 401 Bad credentials"
    if status == 403:
        return Unreadable.TOKEN_REJECTED, "HTTP 403 Forbidden"
    return Unreadable.UNREACHABLE, f"HTTP {status}"


def _rate_limit_detail(reset: str | None, retry_after: str | None) -> str:
    if retry_after and retry_after.strip().isdigit():
        return f"retry after {int(retry_after)} s"
    if reset and reset.strip().isdigit():
        return f"resets at {datetime.fromtimestamp(int(reset), UTC):%H:%M} UTC"
    return "HTTP 429" if reset is None and retry_after is None else "rate limited"
