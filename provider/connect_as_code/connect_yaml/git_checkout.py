"""A local checkout of a connector's repository, read with git: which work tree, and what it holds.

The git half of :mod:`connect_yaml.sources`'s I/O: :func:`detect_checkout` finds the work tree that is a
checkout of the repository, :func:`inspect_checkout` gathers its facts (the work tree's connect.yaml, the
tag, the file at the tag) as a :class:`LocalCheckout`. ``git`` runs with a timeout; without git, or
outside a work tree, there is no checkout.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from connect_as_code.connect_yaml.source_decisions import (
    SPEC_FILE,
    GitHubRepository,
    LocalCheckout,
    is_valid_tag_name,
    parse_github_url,
    parse_remote_urls,
)

GIT_TIMEOUT_SECONDS = 5.0
MAX_PARENT_WORK_TREES = 8
"""How many nested work trees detection walks up through."""


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
