"""The repository registry served like GitHub's REST API, under ``/github``.

So that clients that read connect.yaml from GitHub before Connect does (``GITHUB_API_URL=<url>/github``)
work offline against the same repositories as the emulated Connect API:

* ``GET /github/repos/{owner}/{repo}``: the repository (``private``, ``default_branch``...), or 404;
* ``GET /github/repos/{owner}/{repo}/git/ref/tags/{tag}``: the tag with a made-up commit sha, or 404;
* ``GET /github/repos/{owner}/{repo}/contents/{path}?ref={tag}``: ``connect.yaml`` at the tag, raw
  with ``Accept: application/vnd.github.raw+json`` (or ``.raw``), else GitHub's JSON with base64
  ``content``; 404 for another path, an unknown tag (``No commit found for the ref ...``) or a tag
  without the file.

Errors are GitHub's bodies (``{"message": "Not Found", ...}``). A token that is sent must be the
emulator's (``Settings.github_token``) or the answer is 401 ``Bad credentials``, as on GitHub; a
repository marked private answers 404 unless that token is sent. These routes are not part of the
Connect API: never faulted, not counted in stats, not in ``/openapi.json``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from connect_as_code.emulator.domain.repositories import (
    SPEC_FILE_NAME,
    LookupStatus,
    list_fixtures,
    normalize_repository_url,
)
from connect_as_code.emulator.engine import Engine

PREFIX = "/github"
DOCUMENTATION_URL = "https://docs.github.com/rest"
RAW_MEDIA_TYPES = ("application/vnd.github.raw", "application/vnd.github.v3.raw")
BASE64_LINE = 60


def github_error(status: int, message: str) -> JSONResponse:
    """GitHub's error body."""
    body = {"message": message, "documentation_url": DOCUMENTATION_URL, "status": str(status)}
    return JSONResponse(body, status_code=status)


def presented_token(header: str | None) -> str | None:
    """The token of ``Authorization: Bearer <token>`` or ``token <token>``; None without one."""
    scheme, _, token = (header or "").partition(" ")
    token = token.strip()
    return token if scheme.lower() in ("bearer", "token") and token else None


def fake_sha(*parts: str) -> str:
    """A stable 40-hex-digit sha for made-up git objects."""
    return hashlib.sha1("\0".join(parts).encode(), usedforsecurity=False).hexdigest()


def blob_sha(content: bytes) -> str:
    """Git's blob sha of ``content``, as GitHub reports it for a file."""
    return hashlib.sha1(b"blob %d\0" % len(content) + content, usedforsecurity=False).hexdigest()


def wants_raw(accept: str | None) -> bool:
    """Whether the ``Accept`` header asks for the raw file."""
    return any(media_type in (accept or "") for media_type in RAW_MEDIA_TYPES)


def contents_json(content: bytes, path: str, api_url: str, ref: str) -> dict[str, Any]:
    """GitHub's JSON form of a file: base64 ``content`` in lines of 60 characters."""
    encoded = base64.b64encode(content).decode()
    lines = [encoded[i : i + BASE64_LINE] for i in range(0, len(encoded), BASE64_LINE)]
    return {
        "type": "file",
        "encoding": "base64",
        "size": len(content),
        "name": path.rsplit("/", 1)[-1],
        "path": path,
        "content": "\n".join(lines) + "\n",
        "sha": blob_sha(content),
        "url": f"{api_url}/contents/{path}?ref={ref}",
        "download_url": None,
    }


def known_repositories(engine: Engine) -> set[str]:
    """Canonical URLs of every registered or fixture repository."""
    registered = {canonical for canonical, *_ in engine.store.list_repositories()}
    fixtures = {canonical for canonical, _, _ in list_fixtures(engine.settings.repositories_dir)}
    return registered | fixtures


def build_github_router(engine: Engine) -> APIRouter:
    """The ``/github`` routes bound to one engine."""
    router = APIRouter(prefix=PREFIX, include_in_schema=False)

    def repository(request: Request, owner: str, repo: str) -> tuple[str | None, JSONResponse | None]:
        """The canonical URL of a repository the caller may see, or the error to answer."""
        token = presented_token(request.headers.get("authorization"))
        if token is not None and not hmac.compare_digest(token, engine.settings.github_token):
            return None, github_error(401, "Bad credentials")
        canonical = normalize_repository_url(f"https://github.com/{owner}/{repo}")
        if canonical is None or canonical not in known_repositories(engine):
            return None, github_error(404, "Not Found")
        if engine.store.is_repository_private(canonical) and token is None:
            return None, github_error(404, "Not Found")
        return canonical, None

    def api_url(request: Request, owner: str, repo: str) -> str:
        return f"{str(request.base_url).rstrip('/')}{PREFIX}/repos/{owner}/{repo}"

    @router.get("/repos/{owner}/{repo}")
    def get_repository(request: Request, owner: str, repo: str) -> Response:
        """The repository."""
        canonical, error = repository(request, owner, repo)
        if canonical is None:
            return error or github_error(404, "Not Found")
        _, owner_name, name = canonical.split("/")
        private = engine.store.is_repository_private(canonical)
        return JSONResponse(
            {
                "id": int(fake_sha(canonical)[:8], 16),
                "name": name,
                "full_name": f"{owner_name}/{name}",
                "private": private,
                "visibility": "private" if private else "public",
                "html_url": f"https://{canonical}",
                "default_branch": "main",
                "url": api_url(request, owner, repo),
            }
        )

    @router.get("/repos/{owner}/{repo}/git/ref/tags/{tag:path}")
    def get_tag(request: Request, owner: str, repo: str, tag: str) -> Response:
        """A tag (exact name) and its commit."""
        canonical, error = repository(request, owner, repo)
        if canonical is None:
            return error or github_error(404, "Not Found")
        if engine.lookup_repository(f"https://{canonical}", tag).status is LookupStatus.UNREACHABLE:
            return github_error(404, "Not Found")
        url = api_url(request, owner, repo)
        sha = fake_sha(canonical, tag)
        return JSONResponse(
            {
                "ref": f"refs/tags/{tag}",
                "node_id": f"REF_{sha[:16]}",
                "url": f"{url}/git/refs/tags/{tag}",
                "object": {"type": "commit", "sha": sha, "url": f"{url}/git/commits/{sha}"},
            }
        )

    @router.get("/repos/{owner}/{repo}/contents/{path:path}")
    def get_contents(request: Request, owner: str, repo: str, path: str, ref: str | None = None) -> Response:
        """A file at a tag (the emulator knows tags only, so ``ref`` is needed)."""
        canonical, error = repository(request, owner, repo)
        if canonical is None:
            return error or github_error(404, "Not Found")
        tag = (ref or "").removeprefix("refs/tags/")
        found = engine.lookup_repository(f"https://{canonical}", tag) if tag else None
        if found is None or found.status is LookupStatus.UNREACHABLE:
            return github_error(404, f"No commit found for the ref {ref or ''}")
        if path.strip("/") != SPEC_FILE_NAME or found.connect_yaml is None:
            return github_error(404, "Not Found")
        content = found.connect_yaml.encode("utf-8")
        if wants_raw(request.headers.get("accept")):
            return Response(content, media_type="text/plain; charset=utf-8")
        return JSONResponse(contents_json(content, SPEC_FILE_NAME, api_url(request, owner, repo), tag))

    return router
