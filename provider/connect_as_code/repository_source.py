"""The connect.yaml Connect will read for a (repository URL, tag), found before Connect reads it.

Connect builds a ConnectorStaged from ``connect.yaml`` at the root of its GitHub repository, at its tag
(https://docs.commercetools.com/connect/development). :func:`read_connect_yaml` finds that file so that
``pulumi preview`` can validate it (:mod:`connect_as_code.connect_yaml`) and check Deployments against
it, before anything is created::

    from connect_as_code.repository_source import read_connect_yaml

    source = read_connect_yaml("https://github.com/abc/first-connect-application.git", "0.0.1")
    if source.found:
        source.text, source.location   # the file, and where it was read ("connect.yaml at tag '0.0.1' of ...")
        source.notes                   # facts to show: tag not created yet, work tree differs from the tag
    else:
        source.unreadable, source.message  # why not, and what to do

Where the file comes from, first match wins:

1. **A local checkout** of the repository: the folder given as ``checkout`` (the repository's root,
   holding connect.yaml), or else, found by itself, the git work tree that holds the current folder (the
   Pulumi program's) or one of its parents, when one of its remotes is the connector's repository
   (``https``, ``ssh`` and ``.git`` forms compare equal, owner and name case-insensitively) and it has a
   connect.yaml at its root. When the tag exists in the checkout, the file *at the tag* is used (``git
   show``: that is what Connect reads), and :attr:`ConnectYamlSource.work_tree_matches_tag` says whether
   the work tree's file is the same (a local tag is trusted to be the pushed one). ``git`` runs with a
   timeout; without git, or outside a work tree, there is no checkout to detect.
2. **GitHub**, over HTTPS, at the tag: ``GET {api}/repos/{owner}/{repo}/git/ref/tags/{tag}`` (does the
   tag exist?), ``GET {api}/repos/{owner}/{repo}`` (only after a 404, to tell a missing tag from a missing
   repository) and ``GET {api}/repos/{owner}/{repo}/contents/connect.yaml?ref={tag}`` (the raw file).
   ``{api}`` is ``GITHUB_API_URL`` (GitHub Actions and GitHub Enterprise set it; default
   ``https://api.github.com``; the emulator serves the same routes under ``<emulator url>/github``).
   A token in ``GITHUB_TOKEN``, else ``GH_TOKEN``, is sent as ``Authorization: Bearer`` (needed for
   private repositories; never logged, never part of a message). Timeouts are short; connection errors
   and 5xx answers are retried twice, with the Connect client's backoff policy; a rate limit is reported
   at once. httpx is imported only when GitHub is asked.

A checkout whose tag does not exist (yet) asks GitHub too (a CI checkout often has no tags): when
GitHub has the tag, its file is used; when GitHub says the tag does not exist, the work tree's file is
used, with :attr:`ConnectYamlSource.tag_exists` False and a note (the workflow that tags on merge);
when GitHub cannot answer, the work tree's file is used with ``tag_exists`` None and a note saying why.

What could not be read is an :class:`Unreadable` reason with a message naming the repository, the tag
and the fix: the URL is not a GitHub repository, the given checkout has no connect.yaml, the tag does
not exist, the tag has no connect.yaml, the repository does not exist or is private (set
``GITHUB_TOKEN``), the token was refused, the rate limit is used up, GitHub is unreachable. The first
four are facts Connect will meet too (:attr:`ConnectYamlSource.definitely_unreadable`: a preview should
fail); the others are about this machine's access to GitHub (a preview should warn: Connect reads
private repositories with its own access).

The decisions (URL normalisation, which source wins, the texts) are pure functions; the I/O around them
is :func:`inspect_checkout`, :func:`detect_checkout` and :func:`fetch_from_github`.
"""

from __future__ import annotations

import dataclasses
import os
import random
import re
import subprocess
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    import httpx

SPEC_FILE = "connect.yaml"
DEFAULT_GITHUB_API_URL = "https://api.github.com"
TOKEN_VARIABLES = ("GITHUB_TOKEN", "GH_TOKEN")
"""Where the GitHub token is read from, first non-empty one wins."""
GIT_TIMEOUT_SECONDS = 5.0
HTTP_TIMEOUT_SECONDS = 10.0
HTTP_CONNECT_TIMEOUT_SECONDS = 5.0
HTTP_ATTEMPTS = 3
"""Attempts per GitHub request (the first one included): two retries of 5xx and connection errors."""
HTTP_BACKOFF_BASE = 0.5
HTTP_BACKOFF_CAP = 2.0
HTTP_RETRY_BUDGET = 10.0
MAX_PARENT_WORK_TREES = 8
"""How many nested work trees detection walks up through."""
GITHUB_API_VERSION = "2022-11-28"
RAW_MEDIA_TYPE = "application/vnd.github.raw+json"
JSON_MEDIA_TYPE = "application/vnd.github+json"


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


# --- the whole lookup ---------------------------------------------------------------------------------


def read_connect_yaml(
    repository_url: str,
    tag: str,
    *,
    checkout: str | os.PathLike[str] | None = None,
    search_from: str | os.PathLike[str] | None = None,
    detect: bool = True,
    environ: Mapping[str, str] | None = None,
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> ConnectYamlSource:
    """The connect.yaml Connect will read for ``repository_url`` at ``tag`` (see the module docstring).

    ``checkout`` is a local checkout's root folder; without it, and with ``detect``, one is looked for
    from ``search_from`` (default: the current folder) upwards. ``environ`` (default ``os.environ``)
    gives ``GITHUB_API_URL``, ``GITHUB_TOKEN`` and ``GH_TOKEN``. ``client`` is the httpx client for
    GitHub (default: a new one with short timeouts); ``sleep`` waits between its retries. Never raises
    for an unreadable file: the result says why.
    """
    repository = parse_github_url(repository_url)
    if repository is None:
        message = unreadable_message(Unreadable.NOT_A_GITHUB_URL, repository_url, tag)
        return ConnectYamlSource(repository_url, tag, unreadable=Unreadable.NOT_A_GITHUB_URL, message=message)
    environment = os.environ if environ is None else environ
    folder: Path | None = Path(checkout) if checkout is not None else None
    if folder is None and detect:
        folder = detect_checkout(repository, Path(search_from) if search_from is not None else Path.cwd())
    local = inspect_checkout(folder, tag) if folder is not None else None
    host = None
    if local is None or (local.work_tree_text is not None and not local.tag_exists):
        host = fetch_from_github(
            repository,
            tag,
            api_url=github_api_url(environment),
            token=github_token(environment),
            client=client,
            sleep=sleep,
        )
    return choose_source(repository_url, tag, repository, local, host)


# --- local checkouts (I/O) ----------------------------------------------------------------------------


def _git(arguments: list[str], folder: Path) -> subprocess.CompletedProcess[bytes] | None:
    """Run git in ``folder``; None when git is missing, times out, or cannot run."""
    environment = {k: v for k, v in os.environ.items() if k not in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")}
    environment |= {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        return subprocess.run(
            ["git", *arguments],
            cwd=folder,
            capture_output=True,
            timeout=GIT_TIMEOUT_SECONDS,
            env=environment,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None


def work_tree_root(folder: Path) -> Path | None:
    """The root of the git work tree holding ``folder``, or None."""
    done = _git(["rev-parse", "--show-toplevel"], folder) if folder.is_dir() else None
    if done is None or done.returncode != 0:
        return None
    root = done.stdout.decode("utf-8", errors="replace").strip()
    return Path(root) if root else None


def remote_urls(root: Path) -> list[tuple[str, str]]:
    """The remotes of a work tree as ``(name, url)``, origin first."""
    done = _git(["config", "--get-regexp", r"^remote\..*\.url$"], root)
    if done is None or done.returncode != 0:
        return []
    return parse_remote_urls(done.stdout.decode("utf-8", errors="replace"))


def detect_checkout(repository: GitHubRepository, search_from: Path) -> Path | None:
    """The work tree holding ``search_from`` (or, for nested ones, an outer one) that is a checkout of
    ``repository`` with a connect.yaml at its root; None when there is none."""
    folder = search_from.resolve()
    for _ in range(MAX_PARENT_WORK_TREES):
        root = work_tree_root(folder)
        if root is None:
            return None
        is_checkout = any(repository.same_as(parse_github_url(url)) for _, url in remote_urls(root))
        if is_checkout and (root / SPEC_FILE).is_file():
            return root
        if root.parent == root:
            return None
        folder = root.parent
    return None


def inspect_checkout(folder: Path, tag: str) -> LocalCheckout:
    """What ``folder`` (a checkout's root) holds: its connect.yaml, whether it has ``tag``, the file at the tag."""
    spec = folder / SPEC_FILE
    try:
        work_tree_text = spec.read_bytes().decode("utf-8", errors="replace") if spec.is_file() else None
    except OSError:
        work_tree_text = None
    if work_tree_root(folder) is None:
        return LocalCheckout(folder, work_tree_text, tag_exists=None)
    if not is_valid_tag_name(tag):
        return LocalCheckout(folder, work_tree_text, tag_exists=False)
    verified = _git(["rev-parse", "--quiet", "--verify", f"refs/tags/{tag}"], folder)
    if verified is None or verified.returncode not in (0, 1):
        return LocalCheckout(folder, work_tree_text, tag_exists=None)
    if verified.returncode == 1:
        return LocalCheckout(folder, work_tree_text, tag_exists=False)
    shown = _git(["show", f"refs/tags/{tag}:./{SPEC_FILE}"], folder)
    tag_text = shown.stdout.decode("utf-8", errors="replace") if shown is not None and shown.returncode == 0 else None
    return LocalCheckout(folder, work_tree_text, tag_exists=True, tag_text=tag_text)


# --- GitHub (I/O) -------------------------------------------------------------------------------------


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


def fetch_from_github(
    repository: GitHubRepository,
    tag: str,
    *,
    api_url: str = DEFAULT_GITHUB_API_URL,
    token: tuple[str, str] | None = None,
    client: httpx.Client | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> HostAnswer:
    """Ask GitHub's REST API for ``connect.yaml`` at ``tag``; ``token`` is ``(variable name, token)``."""
    answer = HostAnswer(api_url, token[0] if token else None)
    if not is_valid_tag_name(tag):
        return _with_answer(answer, Unreadable.TAG_NOT_FOUND, "not a valid Git tag name")
    import httpx

    own_client = client is None
    http = client or httpx.Client(
        timeout=httpx.Timeout(HTTP_TIMEOUT_SECONDS, connect=HTTP_CONNECT_TIMEOUT_SECONDS), follow_redirects=True
    )
    try:
        return _ask_github(http, repository, tag, answer, token[1] if token else None, sleep)
    finally:
        if own_client:
            http.close()


def _ask_github(
    http: httpx.Client,
    repository: GitHubRepository,
    tag: str,
    answer: HostAnswer,
    token: str | None,
    sleep: Callable[[float], None],
) -> HostAnswer:
    from connect_as_code import __version__

    base = f"{answer.api_url}/repos/{quote(repository.owner, safe='')}/{quote(repository.name, safe='')}"
    headers = {"User-Agent": f"connect-as-code/{__version__}", "X-GitHub-Api-Version": GITHUB_API_VERSION}
    if token:
        headers["Authorization"] = f"Bearer {token}"

    def get(url: str, accept: str, **params: str) -> httpx.Response | str:
        return _get_with_retries(http, url, {**headers, "Accept": accept}, params, sleep)

    reference = get(f"{base}/git/ref/tags/{quote(tag, safe='/')}", JSON_MEDIA_TYPE)
    if isinstance(reference, str):
        return _with_answer(answer, Unreadable.UNREACHABLE, reference)
    if reference.status_code == 404:
        metadata = get(base, JSON_MEDIA_TYPE)
        if isinstance(metadata, str):
            return _with_answer(answer, Unreadable.UNREACHABLE, metadata)
        if metadata.status_code == 404:
            return _with_answer(answer, Unreadable.REPOSITORY_NOT_FOUND)
        if metadata.is_success:
            return _with_answer(answer, Unreadable.TAG_NOT_FOUND)
        return _with_answer(answer, *classify_refusal(metadata.status_code, metadata.headers))
    if not reference.is_success:
        return _with_answer(answer, *classify_refusal(reference.status_code, reference.headers))
    content = get(f"{base}/contents/{SPEC_FILE}", RAW_MEDIA_TYPE, ref=tag)
    if isinstance(content, str):
        return _with_answer(answer, Unreadable.UNREACHABLE, content)
    if content.status_code == 404:
        return _with_answer(answer, Unreadable.FILE_NOT_FOUND)
    if not content.is_success:
        return _with_answer(answer, *classify_refusal(content.status_code, content.headers))
    return HostAnswer(answer.api_url, answer.token_variable, text=content.content.decode("utf-8", errors="replace"))


def _with_answer(answer: HostAnswer, reason: Unreadable, detail: str = "") -> HostAnswer:
    return HostAnswer(answer.api_url, answer.token_variable, unreadable=reason, detail=detail)


def _get_with_retries(
    http: httpx.Client,
    url: str,
    headers: dict[str, str],
    params: dict[str, str],
    sleep: Callable[[float], None],
) -> httpx.Response | str:
    """GET with the Connect client's policy for reads, bounded to a few quick attempts.

    Returns the last response (5xx included), or a description of the last connection failure.
    """
    import httpx

    from connect_as_code.connect import _policy

    policy = _policy.RetryPolicy(
        max_attempts=HTTP_ATTEMPTS,
        backoff_base=HTTP_BACKOFF_BASE,
        backoff_cap=HTTP_BACKOFF_CAP,
        retry_after_cap=HTTP_BACKOFF_CAP,
        budget=HTTP_RETRY_BUDGET,
    )
    started = time.monotonic()
    attempts = 0
    while True:
        attempts += 1
        outcome: httpx.Response | str
        try:
            outcome = http.get(url, headers=headers, params=params)
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            outcome = _describe(error)
            failure = _policy.Failure.transport(error)
        else:
            if outcome.status_code < 500:
                return outcome
            failure = _policy.Failure.http(
                outcome.status_code, _policy.parse_retry_after(outcome.headers.get("retry-after"))
            )
        if _policy.decide(_policy.RequestKind.READ, failure) is not _policy.Decision.RETRY:
            return outcome
        delay = _policy.retry_delay(attempts, failure, policy, random.random)
        if _policy.should_give_up(attempts, time.monotonic() - started, delay, policy):
            return outcome
        sleep(delay)


def _describe(error: Exception) -> str:
    import httpx

    if isinstance(error, httpx.TimeoutException):
        return "timed out"
    if isinstance(error, httpx.ConnectError):
        return f"cannot connect: {error}" if str(error) else "cannot connect"
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
