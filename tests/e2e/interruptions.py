"""Interrupt a running ``pulumi up``/``destroy`` the way a user or a CI runner does, then recover.

``interrupt`` runs ``python -m tools.stack <command>`` in a child process, waits until the emulator shows
the operation under way (``when``), and either sends SIGINT to the Pulumi CLI (Ctrl-C) or SIGKILLs the
CLI and every process under it (a killed CI job). :func:`assert_landed_mid_operation` then proves from
the emulator's own records that the kill came after a write and before that write's operation ended.
``recover`` is the recipe of docs/troubleshooting.md: ``pulumi cancel`` (drops the lock a killed run
leaves), the keys of the pending creates from ``pulumi stack export``, ``pulumi refresh
--clear-pending-creates``, then the command again with ``CONNECT_AS_CODE_ADOPT`` naming those keys.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pulumi import automation as auto

from tests.e2e.conftest import Emulator, Program
from tools.stack import ROOT

Objects = dict[str, dict[str, int]]
"""The emulator's objects by kind and status (``stats()["objects"]``)."""


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


@dataclass(frozen=True)
class Interruption:
    """What happened to an interrupted run: when the signal went out, the objects then, how the run ended."""

    command: str
    how: str
    killed_at: float
    objects_at_kill: Objects
    exit_code: int
    output: str


def deployments_in(*statuses: str) -> Callable[[Objects], bool]:
    """A moment: at least one deployment is in one of ``statuses``."""
    return lambda objects: any(objects.get("Deployment", {}).get(status, 0) for status in statuses)


def interrupt(
    program: Program,
    emulator: Emulator,
    command: str,
    how: str,
    *,
    when: Callable[[Objects], bool],
    delay: float,
) -> Interruption:
    """Run ``command`` (up/destroy) on ``program``; once ``when`` holds for the emulator's objects, wait
    ``delay`` seconds and interrupt the engine (``how``: ``"sigint"`` or ``"sigkill"``)."""
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
        _wait_for(emulator, when, runner)
        time.sleep(delay)
        objects = emulator.stats()["objects"]
        killed_at = time.time()
        if how == "sigint":
            with contextlib.suppress(ProcessLookupError):
                os.kill(cli, signal.SIGINT)
        else:
            for pid in [cli, *_descendants(cli)]:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        exit_code = runner.wait(timeout=300)
    return Interruption(command, how, killed_at, objects, exit_code, log.read_text())


def _wait_for(emulator: Emulator, when: Callable[[Objects], bool], runner: subprocess.Popen[Any]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if when(emulator.stats()["objects"]):
            return
        if runner.poll() is not None:
            raise AssertionError("the run ended before the moment to interrupt it came")
        time.sleep(0.05)
    raise AssertionError("the moment to interrupt the run never came")


def assert_landed_mid_operation(
    emulator: Emulator, interruption: Interruption, *, write: str, under_way: tuple[str, ...], ends_in: str
) -> None:
    """The emulator's records show more deployment operations started than ended at the moment of the signal.

    Started: successful ``write`` requests (``POST`` create or redeploy, ``DELETE``) on deployments before
    the signal. Ended: deployments whose status reached ``ends_in`` (``Deployed``, or ``Removed`` for an
    undeploy) at or before it, as the emulator's events log dates them (the scheduled time of the
    transition, whether or not anybody has read it since). The interrupted run must also have failed.
    """
    assert interruption.exit_code != 0, f"the interrupted {interruption.command} ended well:\n{interruption.output}"
    emulator.stats()  # brings every lifecycle up to date, so the events log holds every transition due by now
    requests = emulator.admin("GET", "/requests", limit=10000)["requests"]
    started = [
        r for r in requests
        if r["method"] == write and "/deployments" in r["route"] and r["status"] < 300
        and r["at"] < interruption.killed_at
    ]  # fmt: skip
    assert started, f"no {write} on a deployment before the signal: no operation had started"
    first = min(r["at"] for r in started)
    events = emulator.admin("GET", "/events", resource="Deployment", limit=10000)["events"]
    ended = [e for e in events if e["to"] == ends_in and first <= e["at"] <= interruption.killed_at]
    assert len(ended) < len(started), (
        f"all {len(started)} deployment operations had ended ({ends_in}) before the signal: it landed after them"
    )
    assert deployments_in(*under_way)(interruption.objects_at_kill), (
        f"no deployment was {' or '.join(under_way)} when the signal went out: {interruption.objects_at_kill}"
    )


def pending_creates(program: Program) -> list[str]:
    """The keys of the resources the killed run was creating (``pulumi stack export``'s pending operations)."""
    deployment = program.stack.export_stack().deployment or {}
    return [
        operation["resource"]["inputs"]["key"]
        for operation in deployment.get("pending_operations") or []
        if operation.get("type") == "creating" and "key" in (operation["resource"].get("inputs") or {})
    ]


def recover(program: Program, command: str) -> Any:
    """The recipe of docs/troubleshooting.md after an interrupted run: drop the lock, note the keys of the
    creates the run did not record, forget those creates, and run ``command`` again taking those keys over."""
    with contextlib.suppress(auto.errors.CommandError):
        program.stack.cancel()
    keys = pending_creates(program)
    program.stack.refresh(clear_pending_creates=True, on_output=program.lines.append, color="never")
    env: dict[str, str] = program.stack.workspace.env_vars  # type: ignore[assignment]
    env["CONNECT_AS_CODE_ADOPT"] = ",".join(keys)
    try:
        return program.run(command)
    finally:
        del env["CONNECT_AS_CODE_ADOPT"]


def state_ids(program: Program) -> dict[str, str]:
    """``{resource type:name -> id}`` of the custom resources in the stack's state."""
    deployment = program.stack.export_stack().deployment or {}
    return {
        f"{r['type'].rsplit(':', 1)[-1]}:{r['urn'].rsplit('::', 1)[-1]}": r["id"]
        for r in deployment.get("resources", [])
        if r.get("custom") and r["type"].startswith("pulumi-python:dynamic")
    }
