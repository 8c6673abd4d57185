"""``make bench``: how fast and how frugal ``pulumi up`` is against the emulator, next to the peers' ways.

Everything ours runs under the real engine against emulators on loopback. The last line printed is one
JSON object (also written to ``.bench/results.json``):

* ``parallel_wall_ratio``: wall time of one ``pulumi up`` creating N=16 deployments that each take D=30 s
  on the emulator, divided by D;
* ``detect_latency_s``: median time from the emulator reaching ``Deployed`` to the engine reporting the
  resource created, over those 16;
* ``gets_per_deployment``: GET requests about one deployment that takes 300 s (it runs alongside);
* ``token_requests``, ``provider_processes``: OAuth token requests over the whole run, and the provider
  processes that ran;
* ``preview_ratio``: ``pulumi preview`` of 50 unchanged resources of this project divided by that of 50
  no-op dynamic resources (medians of three);
* ``preview_mutating_calls``: mutating API calls made during every preview of the run (must be 0);
* ``provider_rss_mb``: peak resident memory of a provider process;
* ``scaling``: ``pulumi up`` wall time and ``pulumi preview`` time for N = 1, 4, 16, 64 deployments;
* ``peers``: the same figures for the official CLI's schedule (one deployment at a time, a GET every
  60 s) and a CI script's (all at once, a GET every 180 s), simulated on the emulator in virtual time,
  and ours simulated the same way for comparison.
"""

from __future__ import annotations

import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pulumi import automation as auto

from connect_as_code.connect import ClientConfig, ConnectClient, ConnectorStagedDraft, DeploymentDraft
from connect_as_code.emulator import ManualClock, run_in_thread
from connect_as_code.emulator import Settings as EmulatorSettings
from connect_as_code.emulator.lifecycle import PROFILES
from connect_as_code.waiting import Backoff, PollSchedule
from tools.processes import ProviderProcesses
from tools.stack import ROOT, engine_env, open_stack

PROGRAMS = ROOT / "bench" / "programs"
RESULTS = ROOT / ".bench" / "results.json"
D = 30.0
SLOW_D = 300.0
SCALING = (1, 4, 16, 64)
PREVIEW_RESOURCES = 50
QUEUED = 2.0
CONNECTOR = "bench-connector"
PARALLEL = 64  # the engine's own default is 4 x the cores (8 here): see the README, "Performance"
SECRET = "connect-emulator-secret"


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# -- the emulator side -----------------------------------------------------------------------------------


class Emulator:
    """An emulator on loopback, and what the bench reads from it."""

    def __init__(self, url: str) -> None:
        self.url = url

    def admin(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}/_emulator{path}", data=data, method=method, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)

    def stats(self) -> Any:
        return self.admin("GET", "/stats")

    def client(self) -> ConnectClient:
        config = ClientConfig(
            region="europe-west1.gcp",
            project_key="demo-project",
            client_id="connect-emulator",
            client_secret=SECRET,
            connect_url=self.url,
            auth_url=self.url,
        )
        return ConnectClient(config)

    def deployed_at(self, key: str) -> float:
        events = self.admin("GET", f"/events?resource=Deployment&key={key}&limit=10000")["events"]
        return float(min(e["at"] for e in events if e["field"] == "status" and e["to"] == "Deployed"))


def previewable_connector(client: ConnectClient, key: str, settle: Callable[[], object]) -> None:
    """A previewable ConnectorStaged made out of band (the bench measures deployments)."""
    draft = ConnectorStagedDraft.model_validate(
        {
            "key": key,
            "name": key,
            "creator": {"email": "bench@example.com"},
            "repository": {"url": "https://github.com/abc/first-connect-application.git", "tag": "0.0.0"},
            "supportedRegions": ["europe-west1.gcp"],
            "privateProjects": ["europe-west1.gcp:demo-project"],
        }
    )
    staged = client.create_connector_staged(draft)
    client.update_connector_staged(id=staged.id, version=staged.version, actions=[{"action": "updatePreviewable"}])
    while client.get_connector_staged(id=staged.id).is_previewable != "true":
        settle()


# -- our runs ----------------------------------------------------------------------------------------------


class Stack:
    """One bench program on its own stack and file backend, with timed output lines."""

    def __init__(self, program: str, name: str, emulator: Emulator, workdir: Path, config: dict[str, str]) -> None:
        self.emulator = emulator
        self.directory = workdir / name / "program"
        self.directory.mkdir(parents=True)
        for path in (PROGRAMS / program).iterdir():
            target = self.directory / path.name
            text = path.read_text().replace("virtualenv: ../../../.venv", f"virtualenv: {ROOT / '.venv'}")
            target.write_text(text)
        state = workdir / name / "state"
        self.env = engine_env(
            state_dir=state,
            passphrase="bench",
            extra={"PULUMI_CONFIG_PASSPHRASE": "bench", "PULUMI_BACKEND_URL": state.as_uri()},
        )
        self.stack = open_stack(self.directory, name, self.env)
        settings = {
            "connect:region": auto.ConfigValue("europe-west1.gcp"),
            "connect:projectKey": auto.ConfigValue("demo-project"),
            "connect:clientId": auto.ConfigValue("connect-emulator"),
            "connect:clientSecret": auto.ConfigValue(SECRET, secret=True),
            "connect:connectUrl": auto.ConfigValue(emulator.url),
            "connect:authUrl": auto.ConfigValue(emulator.url),
        }
        settings.update({name: auto.ConfigValue(value) for name, value in config.items()})
        self.stack.set_all_config(settings)
        self.lines: list[tuple[float, str]] = []

    def _on_output(self, line: str) -> None:
        self.lines.append((time.time(), line))

    def up(self) -> float:
        started = time.monotonic()
        self.stack.up(on_output=self._on_output, color="never", parallel=PARALLEL)
        return time.monotonic() - started

    def preview(self) -> tuple[float, int]:
        """Seconds of one ``pulumi preview``, and the mutating calls the emulator saw meanwhile."""
        before = self.emulator.stats()["mutatingRequests"]
        started = time.monotonic()
        result = self.stack.preview(on_output=lambda _line: None, color="never")
        elapsed = time.monotonic() - started
        if set(result.change_summary) != {"same"}:
            raise RuntimeError(f"preview of an unchanged stack shows changes: {result.change_summary}")
        return elapsed, self.emulator.stats()["mutatingRequests"] - before

    def created_at(self, resource: str) -> float:
        """When the engine printed that ``resource`` was created (the provider had returned)."""
        for at, line in self.lines:
            if f" {resource} created" in line:
                return at
        raise RuntimeError(f"no 'created' line for {resource}")


@contextmanager
def slow_deployment(emulator: Emulator, workdir: Path) -> Iterator[Callable[[], dict[str, Any]]]:
    """One 300-s deployment, run by ``pulumi up`` in another process alongside the other scenarios."""
    stack = Stack("deployments", "slow", emulator, workdir, {"count": "1", "prefix": "slow", "connectorKey": CONNECTOR})
    emulator.admin(
        "POST",
        "/outcomes",
        {
            "kind": "deploy",
            "key": "slow-0",
            "outcomes": [{"outcome": "Deployed", "durations": {"queued": QUEUED, "deploying": SLOW_D - QUEUED}}],
        },
    )
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "tools.stack", "up", "slow", "--program-dir", str(stack.directory)],
        cwd=ROOT,
        env={**os.environ, **stack.env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )

    def result() -> dict[str, Any]:
        process.wait(timeout=2 * SLOW_D)
        if process.returncode != 0:
            raise RuntimeError("the slow deployment's pulumi up failed")
        with emulator.client() as client:
            deployment = client.get_deployment(key="slow-0")
        requests = emulator.admin("GET", "/requests?limit=10000")["requests"]
        gets = sum(
            1 for r in requests if r["method"] == "GET" and (deployment.id in r["path"] or "slow-0" in r["path"])
        )
        return {"gets": gets, "wall_s": round(time.monotonic() - started, 1)}

    try:
        yield result
    finally:
        if process.poll() is None:
            process.kill()


def scaling_and_parallelism(emulator: Emulator, workdir: Path) -> tuple[list[dict[str, Any]], dict[str, Any], int]:
    """``pulumi up`` and ``pulumi preview`` of N deployments of D seconds, for each N of :data:`SCALING`."""
    rows, headline, mutating = [], {}, 0
    for n in SCALING:
        config = {"count": str(n), "prefix": f"n{n}", "connectorKey": CONNECTOR}
        stack = Stack("deployments", f"n{n}", emulator, workdir, config)
        tokens_before = emulator.stats()["tokensIssued"]
        up = stack.up()
        tokens = emulator.stats()["tokensIssued"] - tokens_before
        previews = [stack.preview() for _ in range(2)]
        mutating += sum(calls for _, calls in previews)
        preview = round(min(t for t, _ in previews), 1)
        rows.append({"n": n, "up_s": round(up, 1), "preview_s": preview, "up_tokens": tokens})
        log(f"N={n}: up {up:.1f} s, preview {rows[-1]['preview_s']} s")
        if n == 16:
            latencies = [stack.created_at(f"n16-{i}") - emulator.deployed_at(f"n16-{i}") for i in range(n)]
            headline = {
                "token_requests_n16_up": tokens,
                "parallel_wall_ratio": round(up / D, 2),
                "detect_latency_s": round(statistics.median(latencies), 2),
                "detect_latency_max_s": round(max(latencies), 2),
            }
    return rows, headline, mutating


def preview_ratio(workdir: Path) -> tuple[dict[str, Any], int, int]:
    """Median preview of 50 unchanged resources of ours, against 50 no-op dynamic resources."""
    with run_in_thread(EmulatorSettings(durations=PROFILES["fast"])) as handle:
        emulator = Emulator(handle.url)
        config = {"count": str(PREVIEW_RESOURCES)}
        ours = Stack("declared", "preview-ours", emulator, workdir, config)
        noop = Stack("noop", "preview-noop", emulator, workdir, config)
        ours.up()
        noop.up()
        timings: dict[str, list[float]] = {"ours": [], "noop": []}
        mutating = 0
        for _ in range(3):  # interleaved, so that machine noise hits both alike
            for name, stack in (("ours", ours), ("noop", noop)):
                elapsed, calls = stack.preview()
                timings[name].append(elapsed)
                mutating += calls
        tokens = emulator.stats()["tokensIssued"]
    medians = {name: statistics.median(values) for name, values in timings.items()}
    log(f"preview of {PREVIEW_RESOURCES}: ours {medians['ours']:.2f} s, no-op {medians['noop']:.2f} s")
    return (
        {
            "preview_ratio": round(medians["ours"] / medians["noop"], 2),
            "preview_s": round(medians["ours"], 2),
            "preview_noop_s": round(medians["noop"], 2),
        },
        mutating,
        tokens,
    )


# -- the peers' schedules, in virtual time -----------------------------------------------------------------


def simulate(schedule: str) -> dict[str, Any]:
    """Run a polling schedule against an emulator whose clock only moves when the schedule sleeps."""
    clock = ManualClock(start=time.time())
    durations = PROFILES["fast"].merged({"previewable": 1, "queued": QUEUED, "deploying": D - QUEUED})
    with run_in_thread(EmulatorSettings(clock=clock, durations=durations)) as handle:
        emulator = Emulator(handle.url)
        with emulator.client() as client:
            previewable_connector(client, CONNECTOR, lambda: clock.advance(1))
            started = clock.now()
            detected = run_schedule(schedule, client, clock, [f"d-{i}" for i in range(16)])
            wall = clock.now() - started
            latencies = [detected[key] - emulator.deployed_at(key) for key in detected]
            emulator.admin(
                "POST",
                "/outcomes",
                {
                    "kind": "deploy",
                    "key": "slow",
                    "outcomes": [
                        {"outcome": "Deployed", "durations": {"queued": QUEUED, "deploying": SLOW_D - QUEUED}}
                    ],
                },
            )
            gets_before = emulator.stats()["requests"]["byRoute"]
            run_schedule(schedule, client, clock, ["slow"])
            gets_after = emulator.stats()["requests"]["byRoute"]
        route = "GET /{projectKey}/deployments/{ID}"
        tokens = emulator.stats()["tokensIssued"]
    return {
        "parallel_wall_ratio": round(wall / D, 2),
        "detect_latency_s": round(statistics.median(latencies), 2),
        "gets_per_deployment": gets_after.get(route, 0) - gets_before.get(route, 0),
        "token_requests": tokens,
    }


def run_schedule(schedule: str, client: ConnectClient, clock: ManualClock, keys: list[str]) -> dict[str, float]:
    """Create the deployments and poll them as ``schedule`` does; when each was seen Deployed."""

    def create(key: str) -> str:
        draft = DeploymentDraft.model_validate(
            {
                "key": key,
                "type": "preview",
                "connector": {"key": CONNECTOR, "staged": True},
                "region": "europe-west1.gcp",
                "configurations": [
                    {
                        "applicationName": "cartExtension",
                        "standardConfiguration": [{"key": "CTP_REGION", "value": "europe-west1.gcp"}],
                        "securedConfiguration": [
                            {"key": "CTP_CLIENT_ID", "value": "c"},
                            {"key": "CTP_CLIENT_SECRET", "value": "s"},
                        ],
                    }
                ],
            }
        )
        return client.create_deployment(draft).id

    seen: dict[str, float] = {}
    if schedule == "official_cli":  # one deployment at a time, a GET every 60 s
        for key in keys:
            id_ = create(key)
            while True:
                clock.advance(60)
                if client.get_deployment(id=id_).status == "Deployed":
                    seen[key] = clock.now()
                    break
    elif schedule == "ci_script":  # all at once, then every 180 s a GET of each one still running
        ids = {key: create(key) for key in keys}
        while len(seen) < len(keys):
            clock.advance(180)
            for key, id_ in ids.items():
                if key not in seen and client.get_deployment(id=id_).status == "Deployed":
                    seen[key] = clock.now()
    else:  # ours: every deployment waited on at once with the providers' waiter, on the virtual clock
        ids = {key: create(key) for key in keys}
        pending = {key: _Virtual(clock) for key in keys}
        for key, id_ in ids.items():
            pending[key].start(functools.partial(client.get_deployment, id=id_))
        while len(seen) < len(keys):
            due = min((w.due, key) for key, w in pending.items() if key not in seen)
            clock.advance(max(0.0, due[0] - clock.now()))
            for key, waiter in pending.items():
                if key not in seen and waiter.due <= clock.now() and waiter.poll():
                    seen[key] = clock.now()
    return seen


class _Virtual:
    """The providers' poll schedule (:class:`PollSchedule`) for one deployment, in virtual time."""

    def __init__(self, clock: ManualClock) -> None:
        self.clock = clock
        self.schedule = PollSchedule(Backoff(), phase_started=clock.now())
        self.due = 0.0
        self.get: Callable[[], Any] = lambda: None

    def start(self, get: Callable[[], Any]) -> None:
        self.get = get
        self.schedule = PollSchedule(Backoff(), phase_started=self.clock.now())
        self._observe("Queued")

    def poll(self) -> bool:
        status = self.get().status
        self._observe(status)
        return bool(status == "Deployed")

    def _observe(self, status: str) -> None:
        now = self.clock.now()
        self.schedule.observe(status, now)
        self.due = now + self.schedule.next_delay(now)


# -- the run -----------------------------------------------------------------------------------------------


def main() -> int:
    """Run every scenario; print the JSON summary as the last line."""
    started = time.monotonic()
    durations = PROFILES["fast"].merged({"previewable": 1, "queued": QUEUED, "deploying": D - QUEUED})
    with (
        tempfile.TemporaryDirectory(prefix="connect-bench-") as tmp,
        ProviderProcesses(ancestor=os.getpid()) as sampler,
        run_in_thread(EmulatorSettings(durations=durations)) as handle,
    ):
        workdir = Path(tmp)
        emulator = Emulator(handle.url)
        with emulator.client() as client:
            previewable_connector(client, CONNECTOR, lambda: time.sleep(0.2))
        with slow_deployment(emulator, workdir) as slow:
            log("a 300-s deployment runs alongside")
            scaling, headline, mutating = scaling_and_parallelism(emulator, workdir)
            ratio, preview_mutating, preview_tokens = preview_ratio(workdir)
            peers = {name: simulate(name) for name in ("official_cli", "ci_script", "ours")}
            log("waiting for the 300-s deployment")
            slow_result = slow()
        tokens = emulator.stats()["tokensIssued"] + preview_tokens
    processes = sampler.count
    results = {
        **headline,
        "gets_per_deployment": slow_result["gets"],
        "token_requests": tokens,
        "provider_processes": processes,
        "token_requests_per_provider_process": round(tokens / processes, 2) if processes else None,
        **ratio,
        "preview_mutating_calls": mutating + preview_mutating,
        "provider_rss_mb": round(max(sampler.peak_kb.values()) / 1024, 1) if sampler.peak_kb else None,
        "scaling": scaling,
        "peers": peers,
        "bench_wall_s": round(time.monotonic() - started, 1),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))
    print(json.dumps(results), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
