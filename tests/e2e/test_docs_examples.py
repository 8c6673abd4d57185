"""The complete pytest file of docs/offline-testing.md, run as a user runs it: pytest on that file alone.

The file is taken from the page as it is written, so the page cannot drift from what works: its two
tests (a preview deployment reaching Deployed, a scripted failed build failing the update) must pass
under the real engine against the ``connect_emulator`` fixture the installed distribution provides.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tools.stack import ROOT

PAGE = ROOT / "docs" / "offline-testing.md"


def complete_test_file(page: str) -> str:
    """The first Python block after the sentence that announces the complete test file."""
    after = page[page.index("A complete test file") :]
    match = re.search(r"```python\n(.*?)```", after, flags=re.DOTALL)
    assert match, f"{PAGE} has no Python block after 'A complete test file'"
    return match.group(1)


def test_the_offline_testing_page_example_passes(tmp_path: Path) -> None:
    example = tmp_path / "test_my_program.py"
    example.write_text(complete_test_file(PAGE.read_text()))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", example.name],
        cwd=tmp_path,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.search(r"\b2 passed\b", output), output
