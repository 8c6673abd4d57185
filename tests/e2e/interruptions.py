"""Interrupt a running ``pulumi up``/``destroy`` the way a user or a CI runner does, then recover.

``interrupt`` runs ``python -m tools.stack <command>`` in a child process, waits, and either sends
SIGINT to the Pulumi CLI (Ctrl-C) or SIGKILLs the CLI and every process under it (a killed CI job).
``recover`` is the README's recipe: ``pulumi cancel`` (drops the lock a killed run leaves),
``pulumi refresh --clear-pending-creates``, then the command again.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from pulumi import automation as auto

from tests.e2e.conftest import Program
from tools.stack import ROOT


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def _descendants(pid: int) -> list[int]:
    return [p for child in _children(pid) for p in (child, *_descendants(child))]


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _find_cli(runner: subprocess.Popen[Any], command: str, timeout: float = 30) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for child in _children(runner.pid):
            words = _command_line(child).split()
            if words and words[0].endswith("pulumi") and command in words:
                return child
        time.sleep(0.05)
    raise AssertionError(f"no `pulumi {command}` process appeared under the runner")


def interrupt(program: Program, command: str, how: str, after: float) -> str:
    """Run ``command`` (up/destroy) on ``program`` and interrupt its engine ``after`` seconds in.

    ``how`` is ``"sigint"`` or ``"sigkill"``. Returns the run's output.
    """
    env = {**os.environ, **program.stack.workspace.env_vars}
    log = program.directory.parent / f"{command}-{how}.log"
    with log.open("w") as output:
        runner = subprocess.Popen(
            [sys.executable, "-m", "tools.stack", command, program.stack.name, "--program-dir", str(program.directory)],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
        cli = _find_cli(runner, command)
        time.sleep(after)
        if how == "sigint":
            with contextlib.suppress(ProcessLookupError):
                os.kill(cli, signal.SIGINT)
        else:
            victims = [cli, *_descendants(cli)]
            for pid in victims:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        runner.wait(timeout=300)
    return log.read_text()


def recover(program: Program, command: str) -> Any:
    """The README's recipe after an interrupted run, then ``command`` again."""
    with contextlib.suppress(auto.errors.CommandError):
        program.stack.cancel()
    program.stack.refresh(clear_pending_creates=True, on_output=program.lines.append, color="never")
    return program.run(command)


def state_ids(program: Program) -> dict[str, str]:
    """``{resource type:name -> id}`` of the custom resources in the stack's state."""
    deployment = program.stack.export_stack().deployment or {}
    return {
        f"{r['type'].rsplit(':', 1)[-1]}:{r['urn'].rsplit('::', 1)[-1]}": r["id"]
        for r in deployment.get("resources", [])
        if r.get("custom") and r["type"].startswith("pulumi-python:dynamic")
    }
