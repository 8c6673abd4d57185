"""``connect-as-code-emulator`` (``python -m connect_as_code.emulator``): run the Connect emulator in the foreground."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from connect_as_code.emulator.domain.lifecycle import parse_durations
from connect_as_code.emulator.faults import FAULT_KINDS, FaultSettings, parse_fault_mix
from connect_as_code.emulator.http.server import run_in_thread
from connect_as_code.emulator.settings import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_GITHUB_TOKEN,
    DEFAULT_PROJECT,
    DEFAULT_TOKEN_TTL,
    Settings,
)


def _rate(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError("the fault rate is between 0 and 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="connect-as-code-emulator", description="Local commercetools Connect API emulator."
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8089, help="port; 0 picks a free one (default 8089)")
    parser.add_argument(
        "--state-file", type=Path, help="SQLite file that keeps state across restarts (default: memory)"
    )
    parser.add_argument(
        "--durations",
        default="default",
        type=parse_durations,
        help='phase durations: fast, default, realistic, or JSON like \'{"profile": "fast", "deploying": 1}\'',
    )
    parser.add_argument("--fault-rate", type=_rate, default=0.0, help="share of requests that get a fault (0-1)")
    parser.add_argument(
        "--fault-mix",
        type=parse_fault_mix,
        default=",".join(f"{kind}:1" for kind in FAULT_KINDS),
        help="weighted fault kinds, e.g. '500:1,502:1,503:1,429:1,latency:1,drop:1,expired_token:1'",
    )
    parser.add_argument("--seed", type=int, help="seed of the fault generator")
    parser.add_argument("--fault-latency", type=float, default=0.5, help="seconds added by the latency fault")
    parser.add_argument("--retry-after", type=int, default=1, help="Retry-After seconds of the 429 fault")
    parser.add_argument("--client-id", default=DEFAULT_CLIENT_ID, help="client_id of the default API client")
    parser.add_argument(
        "--client-secret", default=DEFAULT_CLIENT_SECRET, help="client_secret of the default API client"
    )
    parser.add_argument("--project", default=DEFAULT_PROJECT, help="project key of the default API client's scopes")
    parser.add_argument(
        "--scopes", help="space-separated scopes of the default API client (default manage_project:<project>)"
    )
    parser.add_argument("--token-ttl", type=int, default=DEFAULT_TOKEN_TTL, help="access token validity in seconds")
    parser.add_argument(
        "--github-token",
        default=DEFAULT_GITHUB_TOKEN,
        help=f"token the GitHub API routes accept, needed for private repositories (default {DEFAULT_GITHUB_TOKEN})",
    )
    parser.add_argument("--log-level", default="warning", help="uvicorn log level (default warning)")
    parser.add_argument(
        "--without-logs-endpoints",
        action="store_true",
        help="remove the Query Deployment Logs endpoints (404, as after their sunset on 2027-01-31)",
    )
    return parser


def settings_from_args(argv: list[str] | None = None) -> Settings:
    """Parse the command line into :class:`Settings`."""
    args = build_parser().parse_args(argv)
    return Settings(
        host=args.host,
        port=args.port,
        state_file=args.state_file,
        durations=args.durations,
        faults=FaultSettings(
            rate=args.fault_rate,
            mix=args.fault_mix,
            seed=args.seed,
            latency_seconds=args.fault_latency,
            retry_after_seconds=args.retry_after,
        ),
        client_id=args.client_id,
        client_secret=args.client_secret,
        project=args.project,
        scopes=tuple(args.scopes.split()) if args.scopes else None,
        token_ttl=args.token_ttl,
        github_token=args.github_token,
        log_level=args.log_level,
        logs_endpoints=not args.without_logs_endpoints,
    )


def main(argv: list[str] | None = None) -> int:
    """Run until SIGINT or SIGTERM; print the ready line once the server accepts connections."""
    settings = settings_from_args(argv)
    stop = threading.Event()

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    handle = run_in_thread(settings)
    print(f"emulator listening on {handle.url}", flush=True)
    try:
        while not stop.is_set() and handle.thread.is_alive():
            stop.wait(0.5)
    finally:
        handle.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
