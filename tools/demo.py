"""``make demo``: start the local Connect emulator, ``pulumi up`` the root program on stack ``dev``.

The emulator keeps running afterwards (state in ``.demo/emulator.sqlite``) so the result can be
inspected and a second ``make demo`` finds everything in place; ``make demo-stop`` stops it.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from pulumi import automation as auto

from connect_as_code.emulator.settings import DEFAULT_GITHUB_TOKEN
from tools.stack import ROOT, engine_env, format_outputs, open_stack

DEMO_DIR = ROOT / ".demo"
PID_FILE = DEMO_DIR / "emulator.pid"
URL_FILE = DEMO_DIR / "emulator.url"
STATE_FILE = DEMO_DIR / "emulator.sqlite"
LOG_FILE = DEMO_DIR / "emulator.log"
DEFAULT_PORT = int(os.environ.get("DEMO_EMULATOR_PORT", "8089"))
EMULATOR_CLIENT = ("connect-emulator", "connect-emulator-secret")


def is_up(url: str) -> bool:
    """Whether an emulator answers at ``url``."""
    try:
        with urllib.request.urlopen(f"{url}/_emulator/stats", timeout=2) as response:
            return bool(response.status == 200)
    except (OSError, urllib.error.URLError):
        return False


def start_emulator(port: int) -> str:
    """Start ``connect-as-code-emulator`` in the background (or find the one already running); return its URL."""
    if URL_FILE.exists() and is_up(URL_FILE.read_text().strip()):
        return URL_FILE.read_text().strip()
    DEMO_DIR.mkdir(exist_ok=True)
    for candidate in (port, 0):
        log = LOG_FILE.open("ab")
        process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "connect-as-code-emulator"),
                "--host",
                "127.0.0.1",
                "--port",
                str(candidate),
                "--state-file",
                str(STATE_FILE),
                "--durations",
                "default",
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=log,
            start_new_session=True,
            text=True,
        )
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        if line.startswith("emulator listening on "):
            url = line.removeprefix("emulator listening on ")
            PID_FILE.write_text(str(process.pid))
            URL_FILE.write_text(url)
            return url
        process.wait(timeout=10)
        print(f"demo: the emulator did not start on port {candidate}; see {LOG_FILE}", file=sys.stderr)
    raise SystemExit("demo: could not start the emulator")


def stop_emulator() -> None:
    """Stop the background emulator started by the demo, if any."""
    if not PID_FILE.exists():
        print("demo: no emulator running")
        return
    pid = int(PID_FILE.read_text())
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGTERM)
    PID_FILE.unlink()
    URL_FILE.unlink(missing_ok=True)
    print(f"demo: stopped the emulator (pid {pid}); its state stays in {STATE_FILE}")


def main(argv: list[str] | None = None) -> int:
    """Run the demo, or stop its emulator with ``--stop``."""
    parser = argparse.ArgumentParser(prog="python -m tools.demo")
    parser.add_argument("--stop", action="store_true", help="stop the emulator started by an earlier demo")
    parser.add_argument("--destroy", action="store_true", help="pulumi destroy the demo's dev stack")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    args = parser.parse_args(argv)
    if args.stop:
        stop_emulator()
        return 0
    url = start_emulator(args.port)
    print(f"demo: Connect emulator at {url}", flush=True)
    credentials = {
        "CTP_CONNECT_URL": url,
        "CTP_AUTH_URL": url,
        "CTP_CLIENT_ID": EMULATOR_CLIENT[0],
        "CTP_CLIENT_SECRET": EMULATOR_CLIENT[1],
        # The demo connector's repository lives in the emulator, which serves it like GitHub.
        "GITHUB_API_URL": f"{url}/github",
        "GITHUB_TOKEN": DEFAULT_GITHUB_TOKEN,
    }
    env = engine_env(extra=credentials)
    stack = open_stack(ROOT, "dev", env)
    started = time.monotonic()
    command = "destroy" if args.destroy else "up"
    try:
        getattr(stack, command)(on_output=lambda line: print(line, flush=True), color="never")
    except auto.errors.CommandError:
        print(f"demo: pulumi {command} failed (see above)", file=sys.stderr)
        return 1
    print(f"\ndemo: pulumi {command} finished in {time.monotonic() - started:.1f} s")
    if not args.destroy:
        print(f"\nOutputs of stack dev:\n{format_outputs(stack.outputs())}")
    with urllib.request.urlopen(f"{url}/_emulator/stats", timeout=5) as response:
        objects = json.load(response).get("objects")
    print(f"\nEmulator objects: {json.dumps(objects, sort_keys=True)}")
    print(f"Emulator:          {url}  (state {STATE_FILE}, log {LOG_FILE}; stop it with `make demo-stop`)")
    print(f"Pulumi state:      {env.get('PULUMI_BACKEND_URL', 'your own backend')}")
    if args.destroy:
        print("Again:             make demo            (or `make demo-stop` to stop the emulator)")
    else:
        print("Tear down:         make demo-destroy   (then `make demo-stop`)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
