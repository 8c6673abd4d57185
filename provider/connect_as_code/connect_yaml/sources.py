"""The connect.yaml Connect will read for a (repository URL, tag), found before Connect reads it.

Connect builds a ConnectorStaged from ``connect.yaml`` at the root of its GitHub repository, at its tag
(https://docs.commercetools.com/connect/development). :func:`read_connect_yaml` finds that file so that
``pulumi preview`` can validate it (:mod:`connect_yaml.document`) and check Deployments against
it, before anything is created::

    from connect_as_code.connect_yaml.sources import read_connect_yaml

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
   at once.

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

The decisions (URL normalisation, which source wins, the texts) are pure functions, in
:mod:`connect_yaml.source_decisions`; the I/O around them is :func:`inspect_checkout` and :func:`detect_checkout`
(git, in :mod:`connect_yaml.git_checkout`) and :func:`fetch_from_github` (GitHub's API, in :mod:`connect_yaml.github`).
This module joins them in :func:`read_connect_yaml` and re-exports their names.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import httpx

from connect_as_code.connect_yaml.git_checkout import (
    GIT_TIMEOUT_SECONDS,
    MAX_PARENT_WORK_TREES,
    detect_checkout,
    inspect_checkout,
    remote_urls,
    work_tree_root,
)
from connect_as_code.connect_yaml.github import (
    GITHUB_API_VERSION,
    HTTP_ATTEMPTS,
    HTTP_BACKOFF_BASE,
    HTTP_BACKOFF_CAP,
    HTTP_CONNECT_TIMEOUT_SECONDS,
    HTTP_RETRY_BUDGET,
    HTTP_TIMEOUT_SECONDS,
    JSON_MEDIA_TYPE,
    RAW_MEDIA_TYPE,
    fetch_from_github,
)
from connect_as_code.connect_yaml.source_decisions import (
    DEFAULT_GITHUB_API_URL,
    DEFINITE,
    GITHUB_HOSTS,
    SPEC_FILE,
    TOKEN_VARIABLES,
    ConnectYamlSource,
    GitHubRepository,
    HostAnswer,
    LocalCheckout,
    Origin,
    Unreadable,
    choose_source,
    classify_refusal,
    github_api_url,
    github_token,
    host_location,
    is_valid_tag_name,
    parse_github_url,
    parse_remote_urls,
    same_text,
    tag_not_created_note,
    tag_unconfirmed_note,
    unreadable_message,
    work_tree_differs_note,
)

__all__ = [
    "DEFAULT_GITHUB_API_URL",
    "DEFINITE",
    "GITHUB_API_VERSION",
    "GITHUB_HOSTS",
    "GIT_TIMEOUT_SECONDS",
    "HTTP_ATTEMPTS",
    "HTTP_BACKOFF_BASE",
    "HTTP_BACKOFF_CAP",
    "HTTP_CONNECT_TIMEOUT_SECONDS",
    "HTTP_RETRY_BUDGET",
    "HTTP_TIMEOUT_SECONDS",
    "JSON_MEDIA_TYPE",
    "MAX_PARENT_WORK_TREES",
    "RAW_MEDIA_TYPE",
    "SPEC_FILE",
    "TOKEN_VARIABLES",
    "ConnectYamlSource",
    "GitHubRepository",
    "HostAnswer",
    "LocalCheckout",
    "Origin",
    "Unreadable",
    "choose_source",
    "classify_refusal",
    "detect_checkout",
    "fetch_from_github",
    "github_api_url",
    "github_token",
    "host_location",
    "inspect_checkout",
    "is_valid_tag_name",
    "parse_github_url",
    "parse_remote_urls",
    "read_connect_yaml",
    "remote_urls",
    "same_text",
    "tag_not_created_note",
    "tag_unconfirmed_note",
    "unreadable_message",
    "work_tree_differs_note",
    "work_tree_root",
]


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
