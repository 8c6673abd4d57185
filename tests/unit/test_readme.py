"""The README is the front page: small, its two commands real Makefile targets, its links all resolving.

The pages themselves are checked by ``make docs`` (``mkdocs build --strict``: every link and anchor).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
MAX_BYTES = 20_000


def test_the_readme_stays_a_front_page() -> None:
    size = len(README.read_bytes())
    assert size <= MAX_BYTES, f"README.md is {size} bytes (at most {MAX_BYTES}): move the detail into docs/"


def test_the_two_commands_are_makefile_targets() -> None:
    commands = re.findall(r"^make (\w+)\s+#", README.read_text(), flags=re.MULTILINE)
    assert commands == ["demo", "test"]
    targets = set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(), flags=re.MULTILINE))
    assert {"demo", "test", "docs"} <= targets


def test_every_relative_link_resolves() -> None:
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", README.read_text())
    relative = [link for link in links if not re.match(r"[a-z]+:", link)]
    assert relative, "the README links its pages in docs/"
    missing = [link for link in relative if not (ROOT / link).exists()]
    assert not missing, f"README.md links to files that do not exist: {missing}"
