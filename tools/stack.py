"""Run a Pulumi program of this project through the real engine: ``python -m tools.stack up dev``.

It drives the Pulumi CLI through the Automation API with a local program directory. Where the CLI
has no Python language host next to it (an engine built from the Go module proxy, see
``scripts/ensure-engine.sh``), the same ``__main__.py`` runs in this process through the Automation
API's own language server; the engine, the state, the dynamic-provider process and everything they
do are the same either way. With a standard Pulumi installation, plain ``pulumi up`` works too.

Offline settings (no update check, no plugin downloads) are always set. A ``file://`` backend and a
passphrase are only chosen when the caller has none: an exported ``PULUMI_BACKEND_URL`` or a
``pulumi login`` is never overridden.
"""

from __future__ import annotations

import argparse
import json
import os
import runpy
import shutil
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pulumi import automation as auto

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_STATE_DIR = ROOT / ".demo" / "state"
DEMO_PASSPHRASE = "connect-as-code-demo"  # the demo's local state only; real stacks bring their own
PARALLEL = 64
"""Resource operations the engine runs at once (``pulumi up --parallel``); its default is 4 per core, which
on a small machine is fewer than the deployments the provider process can wait on together."""


def has_language_host() -> bool:
    """Whether a ``pulumi-language-python`` plugin sits on PATH for local programs."""
    return shutil.which("pulumi-language-python") is not None


def user_has_backend(environ: Mapping[str, str]) -> bool:
    """Whether the user already chose a backend (``PULUMI_BACKEND_URL`` or ``pulumi login``)."""
    if environ.get("PULUMI_BACKEND_URL"):
        return True
    credentials = Path(environ.get("PULUMI_HOME", Path.home() / ".pulumi")) / "credentials.json"
    try:
        return bool(json.loads(credentials.read_text()).get("current"))
    except (OSError, ValueError):
        return False


def engine_env(
    *,
    state_dir: Path | None = None,
    passphrase: str | None = None,
    extra: Mapping[str, str] | None = None,
    environ: Mapping[str, str] = os.environ,
) -> dict[str, str]:
    """Environment for the engine: offline settings and a backend.

    Nothing is put on ``PYTHONPATH``: programs import ``connect_as_code`` from their own virtualenv, as a
    user's program does.

    ``state_dir`` forces a ``file://`` backend there (tests); without it the default demo folder is
    used only when the user has no backend of their own.
    """
    env = {
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
        "PULUMI_PYTHON_CMD": sys.executable,
    }
    if state_dir is not None or not user_has_backend(environ):
        folder = state_dir or DEFAULT_STATE_DIR
        folder.mkdir(parents=True, exist_ok=True)
        env["PULUMI_BACKEND_URL"] = folder.resolve().as_uri()
    if not (environ.get("PULUMI_CONFIG_PASSPHRASE") or environ.get("PULUMI_CONFIG_PASSPHRASE_FILE")):
        env["PULUMI_CONFIG_PASSPHRASE"] = passphrase or DEMO_PASSPHRASE
    env.update(extra or {})
    return env


def project_name(program_dir: Path) -> str:
    """The ``name:`` of the program's Pulumi.yaml."""
    for line in (program_dir / "Pulumi.yaml").read_text().splitlines():
        if line.startswith("name:"):
            return line.split(":", 1)[1].strip().strip("'\"")
    raise ValueError(f"{program_dir / 'Pulumi.yaml'} has no name")


def in_process_program(program_dir: Path) -> Callable[[], None]:
    """A Pulumi program function that runs ``program_dir/__main__.py`` in this process."""

    def program() -> None:
        if str(program_dir) not in sys.path:
            sys.path.insert(0, str(program_dir))
        runpy.run_path(str(program_dir / "__main__.py"), run_name="__main__")

    return program


def open_stack(program_dir: Path, stack: str, env: Mapping[str, str]) -> auto.Stack:
    """Create or select ``stack`` of the program in ``program_dir`` with the engine environment ``env``."""
    program_dir = program_dir.resolve()
    options = auto.LocalWorkspaceOptions(work_dir=str(program_dir), env_vars=dict(env))
    if has_language_host():
        return auto.create_or_select_stack(stack, work_dir=str(program_dir), opts=options)
    return auto.create_or_select_stack(
        stack,
        project_name=project_name(program_dir),
        program=in_process_program(program_dir),
        opts=options,
    )


def _print(line: str) -> None:
    print(line, flush=True)


def run(command: str, stack: auto.Stack, *, on_output: Callable[[str], None] = _print) -> Any:
    """Run one of ``up``, ``preview``, ``refresh``, ``destroy``, ``outputs`` and return its result."""
    if command == "up":
        return stack.up(on_output=on_output, color="never", parallel=PARALLEL)
    if command == "preview":
        return stack.preview(on_output=on_output, color="never", diff=True)
    if command == "refresh":
        return stack.refresh(on_output=on_output, color="never")
    if command == "destroy":
        return stack.destroy(on_output=on_output, color="never", parallel=PARALLEL)
    if command == "outputs":
        return stack.outputs()
    raise ValueError(f"unknown command {command!r}")


def format_outputs(outputs: Mapping[str, auto.OutputValue]) -> str:
    """Stack outputs as indented JSON, secrets shown as ``[secret]``."""
    plain = {name: "[secret]" if value.secret else value.value for name, value in outputs.items()}
    return json.dumps(plain, indent=2, sort_keys=True, default=str)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m tools.stack COMMAND STACK [--program-dir DIR]``."""
    parser = argparse.ArgumentParser(prog="python -m tools.stack", description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["up", "preview", "refresh", "destroy", "outputs"])
    parser.add_argument("stack", help="stack name, e.g. dev")
    parser.add_argument("--program-dir", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    env = engine_env()
    stack = open_stack(args.program_dir, args.stack, env)
    try:
        result = run(args.command, stack)
    except auto.errors.CommandError as error:
        print(
            f"pulumi {args.command} failed (exit code {error.exit_code if hasattr(error, 'exit_code') else '?'})",
            file=sys.stderr,
        )
        return 1
    outputs = result if args.command == "outputs" else stack.outputs()
    print(f"\nOutputs of stack {args.stack}:\n{format_outputs(outputs)}")
    print(f"State backend: {env.get('PULUMI_BACKEND_URL') or 'your own (PULUMI_BACKEND_URL / pulumi login)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
