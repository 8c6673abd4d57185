"""``make bench``: how fast and how frugal ``pulumi up`` is against the emulator, next to the peers' ways.

Everything ours runs under the real engine against emulators on loopback, in one provider process per
run. The last line printed is one JSON object (also written to ``.bench/results.json``):

* ``parallel_wall_ratio``: wall time of one ``pulumi up`` creating N=16 deployments that each take D=30 s
  on the emulator, divided by D;
* ``detect_latency_s``: median time from the emulator reaching ``Deployed`` to the engine reporting the
  resource created, over those 16;
* ``n256_wall_ratio``, ``n256_provider_rss_mb``: the same ``up`` with N=256 deployments, and the peak
  resident memory of its provider processes, summed;
* ``n256_emulator_requests_per_s``, ``n256_emulator_latency_ms``, ``n256_emulator_server_ms_p95``: the
  Connect API requests the emulator served per second during that ``up``, the time a GET of another
  client took meanwhile (median, 95th percentile, max: queueing included), and the emulator's own time
  per request (95th percentile): whether the emulator kept up;
* ``gets_per_deployment``: GET requests about one deployment that takes 300 s (it runs alongside, on an
  emulator of its own);
* ``token_requests``, ``provider_processes``: OAuth token requests over the whole run, and the provider
  processes that ran;
* ``preview_ratio``: ``pulumi preview`` of 50 unchanged resources of this project divided by that of 50
  no-op dynamic resources (medians of three);
* ``preview_mutating_calls``: mutating API calls made during every preview of the run (must be 0);
* ``provider_rss_mb``: peak resident memory of a provider process;
* ``scaling``: per N = 1, 16, 64, 256 deployments, ``pulumi up`` with the ``--parallel`` it needs (N) and
  ``pulumi preview``, with the provider processes, their memory and the emulator's load;
* ``peers``: the same figures for the official CLI's schedule (one deployment at a time, a GET every
  60 s) and a CI script's (all at once, a GET every 180 s), simulated on the emulator in virtual time,
  and ours simulated the same way for comparison.

The figures above are those of the Python face (dynamic providers, ``connect_as_code``). The same
programs run through the native face too: the native provider's generated Python SDK
(``pulumi_commercetools_connect``, installed from ``sdk/python`` by ``make bench``) in the same process,
the engine starting the plugin ``pulumi-resource-commercetools-connect`` from this virtualenv's bin:

* ``native``: that face's ``parallel_wall_ratio``, ``detect_latency_s``, ``n256_wall_ratio``,
  ``n256_provider_rss_mb`` (its plugin processes), the other ``n256_*`` figures, ``preview_ratio`` (50
  unchanged resources against the same 50 no-op dynamic resources, previews of both faces and the no-op
  ones interleaved), ``token_requests`` and ``preview_mutating_calls`` of its runs (each face has
  emulators of its own), and its ``scaling`` rows (N = 16 and 256);
* ``native_vs_dynamic``: each of ``parallel_wall_ratio``, ``detect_latency_s``, ``n256_wall_ratio``,
  ``n256_provider_rss_mb`` and ``preview_ratio`` of the native face divided by the dynamic face's.

``python -m tools.bench --only 256`` runs the ``up`` and previews of one N alone and prints its row
(``--face native`` through the native face); ``--faces`` runs only the N = 16 and N = 256 rows and the
preview ratio of both faces and prints ``dynamic``, ``native`` and ``native_vs_dynamic``.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
from pulumi import automation as auto

from connect_as_code.connect import ClientConfig, ConnectClient, ConnectorStagedDraft, DeploymentDraft
from connect_as_code.emulator import PROFILES, ManualClock, run_in_thread
from connect_as_code.emulator import Settings as EmulatorSettings
from connect_as_code.emulator.settings import DEFAULT_GITHUB_TOKEN
from connect_as_code.waiting import Backoff, PollSchedule
from tools.processes import MARKER, NATIVE_MARKER, ProviderProcesses
from tools.stack import ROOT, engine_env, open_stack

PROGRAMS = ROOT / "bench" / "programs"
RESULTS = ROOT / ".bench" / "results.json"
D = 30.0
SLOW_D = 300.0
SCALING = (1, 16, 64, 256)
HEADLINE_N = 16
LARGE_N = 256
PREVIEW_RESOURCES = 50
QUEUED = 2.0
CONNECTOR = "bench-connector"
SECRET = "connect-emulator-secret"
FACES = ("dynamic", "native")
NAMESPACES = {"dynamic": "connect", "native": "commercetools-connect"}
"""Each face's namespace of the provider settings (stack configuration)."""
MARKERS = {"dynamic": MARKER, "native": NATIVE_MARKER}
"""What is in the command line of each face's provider processes."""
FACE_NS = (HEADLINE_N, LARGE_N)
"""The rows of N the native face runs too (the dynamic face runs every N of :data:`SCALING`)."""
COMPARED = ("parallel_wall_ratio", "detect_latency_s", "n256_wall_ratio", "n256_provider_rss_mb", "preview_ratio")
"""The figures of ``native_vs_dynamic``: native divided by dynamic."""


def log(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# -- the emulator side -----------------------------------------------------------------------------------


class Emulator:
    """An emulator on loopback, and what the bench reads from it."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.own_tokens = 0
        """Tokens the bench itself took (its clients, its probe): left out of the providers' figures."""

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
        self.own_tokens += 1  # every client the bench makes calls, so takes one token
        config = ClientConfig(
            region="europe-west1.gcp",
            project_key="demo-project",
            client_id="connect-emulator",
            client_secret=SECRET,
            connect_url=self.url,
            auth_url=self.url,
        )
        return ConnectClient(config)

    @functools.cached_property
    def token(self) -> str:
        """An access token of the default client, for the bench's own calls (taken once)."""
        response = httpx.post(
            f"{self.url}/oauth/token", data={"grant_type": "client_credentials"}, auth=("connect-emulator", SECRET)
        )
        response.raise_for_status()
        self.own_tokens += 1
        return str(response.json()["access_token"])

    def last_request(self) -> int:
        """The sequence number of the last request logged."""
        requests = self.admin("GET", "/requests?limit=1")["requests"]
        return int(requests[-1]["seq"]) if requests else 0

    def requests_after(self, seq: int) -> list[dict[str, Any]]:
        """The Connect API and OAuth requests logged after ``seq`` (the log keeps the last 10,000)."""
        return [r for r in self.admin("GET", "/requests?limit=10000")["requests"] if r["seq"] > seq]

    def clock_offset(self) -> float:
        """The emulator's time minus this machine's (0 unless its clock was advanced)."""
        return float(self.admin("GET", "/clock")["now"]) - time.time()

    def status_times(self, prefix: str) -> tuple[list[float], list[float]]:
        """When the deployments whose key starts with ``prefix`` were created and became Deployed (epoch)."""
        events = self.admin("GET", "/events?resource=Deployment&limit=10000")["events"]
        mine = [e for e in events if e["field"] == "status" and str(e["key"]).startswith(prefix)]
        offset = self.clock_offset()
        created = sorted(e["at"] - offset for e in mine if e["from"] is None)
        deployed = sorted(e["at"] - offset for e in mine if e["to"] == "Deployed")
        return created, deployed

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


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``values``, nearest rank; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class LatencyProbe:
    """Times a Connect API GET every ``interval`` s while in a ``with`` block: how long a poller waits."""

    def __init__(self, emulator: Emulator, path: str, interval: float = 0.25) -> None:
        self.emulator = emulator
        self.path = path
        self.interval = interval
        self.samples_ms: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="latency-probe", daemon=True)

    def __enter__(self) -> LatencyProbe:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(30)

    def _run(self) -> None:
        headers = {"Authorization": f"Bearer {self.emulator.token}"}
        with httpx.Client(base_url=self.emulator.url, headers=headers, timeout=60) as http:
            while not self._stop.wait(self.interval):
                started = time.perf_counter()
                http.get(self.path).raise_for_status()
                self.samples_ms.append((time.perf_counter() - started) * 1000)

    def summary(self) -> dict[str, float]:
        """Median, 95th percentile and maximum, in ms."""
        samples = self.samples_ms
        return {
            "p50": round(percentile(samples, 0.5), 1),
            "p95": round(percentile(samples, 0.95), 1),
            "max": round(max(samples, default=0.0), 1),
        }


# -- our runs ----------------------------------------------------------------------------------------------


class Stack:
    """One bench program on its own stack and file backend, with timed output lines.

    ``face`` is the face its program declares the resources through: ``dynamic`` (``connect_as_code``,
    settings ``connect:*``) or ``native`` (the generated Python SDK over the plugin
    ``pulumi-resource-commercetools-connect``, settings ``commercetools-connect:*``). Either way the
    program runs in this process; the engine finds the plugin on PATH, in this virtualenv's bin.
    """

    def __init__(
        self, program: str, name: str, emulator: Emulator, workdir: Path, config: dict[str, str], face: str = "dynamic"
    ) -> None:
        self.emulator = emulator
        self.directory = workdir / name / "program"
        self.directory.mkdir(parents=True)
        for path in (PROGRAMS / program).iterdir():
            target = self.directory / path.name
            text = path.read_text().replace("virtualenv: ../../../.venv", f"virtualenv: {ROOT / '.venv'}")
            target.write_text(text)
        state = workdir / name / "state"
        extra = {
            "PULUMI_CONFIG_PASSPHRASE": "bench",
            "PULUMI_BACKEND_URL": state.as_uri(),
            # connect.yaml of the bench connector is read from the emulator, which serves it like GitHub
            "GITHUB_API_URL": f"{emulator.url}/github",
            "GITHUB_TOKEN": DEFAULT_GITHUB_TOKEN,
        }
        if face == "native":  # the plugin is a console script of this virtualenv, as pip installs it
            extra["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
        self.env = engine_env(state_dir=state, passphrase="bench", extra=extra)
        self.stack = open_stack(self.directory, name, self.env)
        namespace = NAMESPACES[face]
        settings = {
            f"{namespace}:region": auto.ConfigValue("europe-west1.gcp"),
            f"{namespace}:projectKey": auto.ConfigValue("demo-project"),
            f"{namespace}:clientId": auto.ConfigValue("connect-emulator"),
            f"{namespace}:clientSecret": auto.ConfigValue(SECRET, secret=True),
            f"{namespace}:connectUrl": auto.ConfigValue(emulator.url),
            f"{namespace}:authUrl": auto.ConfigValue(emulator.url),
        }
        settings.update({name: auto.ConfigValue(value) for name, value in config.items()})
        if face != "dynamic":
            settings["face"] = auto.ConfigValue(face)
        self.stack.set_all_config(settings)
        self.lines: list[tuple[float, str]] = []
        self.started_at = self.ended_at = 0.0

    def _on_output(self, line: str) -> None:
        self.lines.append((time.time(), line))

    def up(self, parallel: int) -> float:
        self.started_at = time.time()
        self.stack.up(on_output=self._on_output, color="never", parallel=parallel)
        self.ended_at = time.time()
        return self.ended_at - self.started_at

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
def slow_deployment(workdir: Path) -> Iterator[tuple[int, Callable[[], dict[str, Any]]]]:
    """One 300-s deployment, run by ``pulumi up`` in another process alongside the other scenarios.

    It has an emulator of its own, so that its GETs are counted apart from the others' (and the others'
    load does not reach it); yields the process id and a function that waits and returns the figures.
    """
    durations = PROFILES["fast"].merged({"previewable": 1, "queued": QUEUED, "deploying": SLOW_D - QUEUED})
    with run_in_thread(EmulatorSettings(durations=durations)) as handle:
        emulator = Emulator(handle.url)
        with emulator.client() as client:
            previewable_connector(client, CONNECTOR, lambda: time.sleep(0.2))
        config = {"count": "1", "prefix": "slow", "connectorKey": CONNECTOR}
        stack = Stack("deployments", "slow", emulator, workdir, config)
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
            by_route = emulator.stats()["requests"]["byRoute"]
            gets = sum(count for route, count in by_route.items() if route.startswith("GET /{projectKey}/deployments"))
            tokens = emulator.stats()["tokensIssued"] - emulator.own_tokens
            return {"gets": gets, "tokens": tokens, "wall_s": round(time.monotonic() - started, 1)}

        try:
            yield process.pid, result
        finally:
            if process.poll() is None:
                process.kill()


def parallel_for(n: int) -> int:
    """The ``--parallel`` an ``up`` of ``n`` deployments needs to wait on all of them at once."""
    return n


def row_name(n: int, face: str) -> str:
    """The stack, and the prefix of the resource names and deployment keys, of the row of ``n`` of ``face``."""
    return f"n{n}" if face == "dynamic" else f"{face}-n{n}"


def scaling_row(
    emulator: Emulator, workdir: Path, n: int, outside: tuple[int, ...] = (), face: str = "dynamic"
) -> tuple[dict[str, Any], Stack]:
    """``pulumi up`` of ``n`` deployments of D seconds, then two previews; the figures and the stack."""
    name = row_name(n, face)
    stack = Stack(
        "deployments", name, emulator, workdir, {"count": str(n), "prefix": name, "connectorKey": CONNECTOR}, face
    )
    before, last = emulator.stats(), emulator.last_request()
    probe_path = f"/connectors/drafts/key={CONNECTOR}"
    with (
        ProviderProcesses(ancestor=os.getpid(), outside=outside, marker=MARKERS[face]) as processes,
        LatencyProbe(emulator, probe_path) as probe,
    ):
        up = stack.up(parallel_for(n))
    after = emulator.stats()
    served = after["requests"]["total"] - before["requests"]["total"] - len(probe.samples_ms)
    server_ms = [float(r["durationMs"]) for r in emulator.requests_after(last) if r["path"] != probe_path]
    created, deployed = emulator.status_times(f"{name}-")
    previews = [stack.preview() for _ in range(2)]
    row = {
        "n": n,
        "parallel": parallel_for(n),
        "up_s": round(up, 1),
        "preview_s": round(min(t for t, _ in previews), 1),
        "preview_mutating_calls": sum(calls for _, calls in previews),
        "up_tokens": after["tokensIssued"] - before["tokensIssued"],
        "provider_processes": processes.count,
        "provider_rss_mb": round(processes.total_peak_mb, 1),
        "provider_threads": max(processes.peak_threads.values(), default=0),
        "emulator_requests_per_s": round(served / up, 1),
        "emulator_latency_ms": probe.summary(),
        "emulator_server_ms_p95": round(percentile(server_ms, 0.95), 1),
        "phases_s": {  # where the time of the up went: start, creates, waits (D), then the rest
            "to_first_create": round(created[0] - stack.started_at, 1),
            "creates": round(created[-1] - created[0], 1),
            "last_create_to_last_deployed": round(deployed[-1] - created[-1], 1),
            "last_deployed_to_end": round(stack.ended_at - deployed[-1], 1),
        },
    }
    log(f"{face} N={n}: {json.dumps(row)}")
    return row, stack


def scaling(
    emulator: Emulator,
    workdir: Path,
    outside: tuple[int, ...],
    face: str = "dynamic",
    ns: tuple[int, ...] = SCALING,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The row of each N of ``ns`` through ``face``, and the headline figures of N = 16 and N = 256."""
    rows: list[dict[str, Any]] = []
    headline: dict[str, Any] = {}
    for n in ns:
        row, stack = scaling_row(emulator, workdir, n, outside, face)
        rows.append(row)
        if n == HEADLINE_N:
            names = [f"{row_name(n, face)}-{i}" for i in range(n)]
            latencies = [stack.created_at(name) - emulator.deployed_at(name) for name in names]
            headline |= {
                "parallel_wall_ratio": round(row["up_s"] / D, 2),
                "detect_latency_s": round(statistics.median(latencies), 2),
                "detect_latency_max_s": round(max(latencies), 2),
                "token_requests_n16_up": row["up_tokens"],
            }
        if n == LARGE_N:
            headline |= {
                "n256_wall_ratio": round(row["up_s"] / D, 2),
                "n256_provider_rss_mb": row["provider_rss_mb"],
                "n256_emulator_requests_per_s": row["emulator_requests_per_s"],
                "n256_emulator_latency_ms": row["emulator_latency_ms"],
                "n256_emulator_server_ms_p95": row["emulator_server_ms_p95"],
            }
    return rows, headline


def face_rows(workdir: Path, face: str, outside: tuple[int, ...] = ()) -> dict[str, Any]:
    """The headline figures of ``face`` for the N of :data:`FACE_NS`, on an emulator of its own, and its rows."""
    with deployments_emulator() as emulator:
        rows, headline = scaling(emulator, workdir, outside, face, FACE_NS)
        tokens = emulator.stats()["tokensIssued"] - emulator.own_tokens
    return {
        **headline,
        "token_requests": tokens,
        "preview_mutating_calls": sum(row["preview_mutating_calls"] for row in rows),
        "scaling": rows,
    }


Previews = tuple[dict[str, dict[str, Any]], dict[str, int], dict[str, int]]
"""What :func:`preview_ratio` returns: by face, the figures, the mutating calls and the tokens."""


def preview_ratio(workdir: Path, faces: tuple[str, ...] = ("dynamic",)) -> Previews:
    """Median preview of 50 unchanged resources of each face, against 50 no-op dynamic resources.

    Each face's stack has an emulator of its own (each declares the connector ``bench-declared``), the
    no-op stack shares the first one's; the previews are interleaved, so that machine noise hits all
    alike. By face: the figures, the mutating calls during the previews, and the tokens its emulator issued.
    """
    config = {"count": str(PREVIEW_RESOURCES)}
    with ExitStack() as running:
        emulators = {
            face: Emulator(running.enter_context(run_in_thread(EmulatorSettings(durations=PROFILES["fast"]))).url)
            for face in faces
        }
        stacks = {face: Stack("declared", f"preview-{face}", emulators[face], workdir, config, face) for face in faces}
        stacks["noop"] = Stack("noop", "preview-noop", emulators[faces[0]], workdir, config)
        for stack in stacks.values():
            stack.up(PREVIEW_RESOURCES)
        timings: dict[str, list[float]] = {name: [] for name in stacks}
        mutating = dict.fromkeys(faces, 0)
        for _ in range(3):  # interleaved, so that machine noise hits all alike
            for name, stack in stacks.items():
                elapsed, calls = stack.preview()
                timings[name].append(elapsed)
                if name in mutating:
                    mutating[name] += calls
        tokens = {face: int(emulators[face].stats()["tokensIssued"]) for face in faces}
    medians = {name: statistics.median(values) for name, values in timings.items()}
    figures: dict[str, dict[str, Any]] = {}
    for face in faces:
        log(f"preview of {PREVIEW_RESOURCES}: {face} {medians[face]:.2f} s, no-op {medians['noop']:.2f} s")
        figures[face] = {
            "preview_ratio": round(medians[face] / medians["noop"], 2),
            "preview_s": round(medians[face], 2),
            "preview_noop_s": round(medians["noop"], 2),
        }
    return figures, mutating, tokens


def with_previews(figures: dict[str, Any], face: str, previews: Previews) -> dict[str, Any]:
    """The figures of :func:`face_rows` of ``face`` with its preview ratio, mutating calls and tokens added."""
    ratios, mutating, tokens = previews
    return (
        figures
        | ratios[face]
        | {
            "token_requests": figures["token_requests"] + tokens[face],
            "preview_mutating_calls": figures["preview_mutating_calls"] + mutating[face],
        }
    )


def native_vs_dynamic(dynamic: dict[str, Any], native: dict[str, Any]) -> dict[str, float]:
    """Each figure of :data:`COMPARED` of the native face divided by the dynamic face's."""
    return {name: round(native[name] / dynamic[name], 2) for name in COMPARED if native.get(name) and dynamic.get(name)}


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


@contextmanager
def deployments_emulator() -> Iterator[Emulator]:
    """An emulator whose deployments take D seconds, with the bench's previewable connector."""
    durations = PROFILES["fast"].merged({"previewable": 1, "queued": QUEUED, "deploying": D - QUEUED})
    with run_in_thread(EmulatorSettings(durations=durations)) as handle:
        emulator = Emulator(handle.url)
        with emulator.client() as client:
            previewable_connector(client, CONNECTOR, lambda: time.sleep(0.2))
        emulator.token  # noqa: B018 - taken now, so that no row counts the probe's token
        yield emulator


def require_native_sdk() -> None:
    """Stop with what to do when the generated Python SDK the native face's programs import is not installed."""
    if importlib.util.find_spec("pulumi_commercetools_connect") is None:
        raise SystemExit(
            "bench: the native face needs the generated Python SDK in this virtualenv: "
            "`make bench` installs it (pip install -e sdk/python)"
        )


def only(n: int, face: str) -> int:
    """``--only N``: the row of N deployments alone; print it as JSON."""
    with tempfile.TemporaryDirectory(prefix="connect-bench-") as tmp, deployments_emulator() as emulator:
        row, _ = scaling_row(emulator, Path(tmp), n, face=face)
    print(json.dumps(row), flush=True)
    return 0


def faces() -> int:
    """``--faces``: N = 16, N = 256 and the preview ratio of both faces alone; print them as JSON."""
    with tempfile.TemporaryDirectory(prefix="connect-bench-") as tmp:
        workdir = Path(tmp)
        results: dict[str, Any] = {face: face_rows(workdir, face) for face in FACES}
        previews = preview_ratio(workdir, FACES)
    results = {face: with_previews(results[face], face, previews) for face in FACES}
    results["native_vs_dynamic"] = native_vs_dynamic(results["dynamic"], results["native"])
    print(json.dumps(results), flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run every scenario; print the JSON summary as the last line."""
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__.split("\n")[0])
    parser.add_argument("--only", type=int, metavar="N", help="run the up and previews of N deployments only")
    parser.add_argument("--face", choices=FACES, default="dynamic", help="with --only: the face (default dynamic)")
    parser.add_argument("--faces", action="store_true", help="run N = 16, N = 256 and the previews of both faces only")
    args = parser.parse_args(argv)
    if args.only is None or args.face == "native":
        require_native_sdk()
    if args.only is not None:
        return only(args.only, args.face)
    if args.faces:
        return faces()
    started = time.monotonic()
    with (
        tempfile.TemporaryDirectory(prefix="connect-bench-") as tmp,
        ProviderProcesses(ancestor=os.getpid(), interval=0.5) as sampler,
        deployments_emulator() as emulator,
    ):
        workdir = Path(tmp)
        with slow_deployment(workdir) as (slow_pid, slow):
            log("a 300-s deployment runs alongside")
            rows, headline = scaling(emulator, workdir, outside=(slow_pid,))
            native = face_rows(workdir, "native", outside=(slow_pid,))
            previews, preview_mutating, preview_tokens = preview_ratio(workdir, FACES)
            peers = {name: simulate(name) for name in ("official_cli", "ci_script", "ours")}
            log("waiting for the 300-s deployment")
            slow_result = slow()
        tokens = (
            emulator.stats()["tokensIssued"] - emulator.own_tokens + preview_tokens["dynamic"] + slow_result["tokens"]
        )
    processes = sampler.count
    results = {
        **headline,
        "gets_per_deployment": slow_result["gets"],
        "token_requests": tokens,
        "provider_processes": processes,
        "token_requests_per_provider_process": round(tokens / processes, 2) if processes else None,
        **previews["dynamic"],
        "preview_mutating_calls": sum(row["preview_mutating_calls"] for row in rows) + preview_mutating["dynamic"],
        "provider_rss_mb": round(max(sampler.peak_kb.values()) / 1024, 1) if sampler.peak_kb else None,
        "scaling": rows,
        "peers": peers,
        "native": with_previews(native, "native", (previews, preview_mutating, preview_tokens)),
        "bench_wall_s": round(time.monotonic() - started, 1),
    }
    results["native_vs_dynamic"] = native_vs_dynamic(results, results["native"])
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2))
    print(json.dumps(results), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
