"""The repository registry: which connect.yaml a (repository URL, tag) pair holds.

Fixtures live in ``emulator/repositories/<owner>/<name>/<tag>/connect.yaml`` (GitHub repositories);
a tag folder without a ``connect.yaml`` stands for a tag whose repository has no such file. The
admin API adds entries at run time; those win over fixtures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

FIXTURES_DIR = Path(__file__).parent.parent / "repositories"
SPEC_FILE_NAME = "connect.yaml"

_SCP_LIKE = re.compile(r"^(?:[\w.-]+@)?(?P<host>[\w.-]+):(?P<path>(?!/).+)$")
_URL_LIKE = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:[^@/]+@)?(?P<host>[^/:]+)(?::\d+)?/(?P<path>.+)$", re.I)
_SAFE_SEGMENT = re.compile(r"^[A-Za-z0-9_.-]+$")


def normalize_repository_url(url: str) -> str | None:
    """Canonical ``host/owner/name`` of a Git URL, or None if the text is not a repository URL.

    ``https://github.com/abc/x.git``, ``https://github.com/abc/x`` and ``git@github.com:abc/x.git``
    all give ``github.com/abc/x``. Host and path are lowercased because GitHub names are
    case-insensitive.
    """
    text = url.strip()
    match = _URL_LIKE.match(text) if "://" in text else (_SCP_LIKE.match(text) or _URL_LIKE.match(text))
    if match is None:
        return None
    path = match.group("path").strip("/")
    if path.endswith(".git"):
        path = path[: -len(".git")]
    segments = path.split("/")
    if len(segments) != 2 or not all(_SAFE_SEGMENT.match(s) and s not in {".", ".."} for s in segments):
        return None
    return f"{match.group('host').lower()}/{path.lower()}"


class LookupStatus(Enum):
    """Outcome of looking a repository tag up."""

    FOUND = "found"
    NO_SPEC_FILE = "no-spec-file"
    UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class RepositoryLookup:
    """What the registry holds for one (url, tag): a connect.yaml text, no file, or nothing."""

    status: LookupStatus
    connect_yaml: str | None = None


def fixture_lookup(canonical_url: str, tag: str, fixtures_dir: Path = FIXTURES_DIR) -> RepositoryLookup:
    """Look a tag up in the fixture folders (GitHub only)."""
    host, _, path = canonical_url.partition("/")
    if host != "github.com" or not _SAFE_SEGMENT.match(tag) or tag in {".", ".."}:
        return RepositoryLookup(LookupStatus.UNREACHABLE)
    owner, _, name = path.partition("/")
    tag_dir = _find_dir(fixtures_dir, [owner, name, tag])
    if tag_dir is None:
        return RepositoryLookup(LookupStatus.UNREACHABLE)
    spec = tag_dir / SPEC_FILE_NAME
    if not spec.is_file():
        return RepositoryLookup(LookupStatus.NO_SPEC_FILE)
    return RepositoryLookup(LookupStatus.FOUND, spec.read_text(encoding="utf-8"))


def _find_dir(root: Path, segments: list[str]) -> Path | None:
    # Owner and name match case-insensitively (GitHub), the tag exactly (Git tags are case-sensitive).
    current = root
    for index, segment in enumerate(segments):
        if not current.is_dir():
            return None
        is_tag = index == len(segments) - 1
        matches = [
            child
            for child in current.iterdir()
            if child.is_dir() and (child.name == segment if is_tag else child.name.lower() == segment.lower())
        ]
        if not matches:
            return None
        current = matches[0]
    return current


def list_fixtures(fixtures_dir: Path = FIXTURES_DIR) -> list[tuple[str, str, bool]]:
    """Every fixture as ``(canonical url, tag, has connect.yaml)``, sorted."""
    found: list[tuple[str, str, bool]] = []
    for tag_dir in sorted(fixtures_dir.glob("*/*/*")):
        if tag_dir.is_dir():
            owner, name = tag_dir.parent.parent.name, tag_dir.parent.name
            canonical = f"github.com/{owner.lower()}/{name.lower()}"
            found.append((canonical, tag_dir.name, (tag_dir / SPEC_FILE_NAME).is_file()))
    return found
