"""connect.yaml at a tag, read from GitHub's REST API over HTTPS.

The HTTP half of :mod:`connect_yaml.sources`'s I/O: :func:`fetch_from_github` asks for the tag, the
repository (after a 404) and the raw file, with short timeouts and a few retries, and answers with a
:class:`HostAnswer`.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from urllib.parse import quote

import httpx

from connect_as_code import __version__
from connect_as_code.connect import _policy
from connect_as_code.connect_yaml.source_decisions import (
    DEFAULT_GITHUB_API_URL,
    SPEC_FILE,
    GitHubRepository,
    HostAnswer,
    Unreadable,
    classify_refusal,
    is_valid_tag_name,
)

HTTP_TIMEOUT_SECONDS = 10.0
HTTP_CONNECT_TIMEOUT_SECONDS = 5.0
HTTP_ATTEMPTS = 3
"""Attempts per GitHub request (the first one included): two retries of 5xx and connection errors."""
HTTP_BACKOFF_BASE = 0.5
HTTP_BACKOFF_CAP = 2.0
HTTP_RETRY_BUDGET = 10.0
GITHUB_API_VERSION = "2022-11-28"
RAW_MEDIA_TYPE = "application/vnd.github.raw+json"
JSON_MEDIA_TYPE = "application/vnd.github+json"


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

    if isinstance(error, httpx.TimeoutException):
        return "timed out"
    if isinstance(error, httpx.ConnectError):
        return f"cannot connect: {error}" if str(error) else "cannot connect"
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
