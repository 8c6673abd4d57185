"""The real server: run_in_thread, ``python -m emulator`` and persistence with --state-file."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from connect_as_code.emulator import PROFILES, Settings, run_in_thread
from connect_as_code.emulator.__main__ import settings_from_args
from tests.emulator.support import PROJECT, access_token, authorize, deployment_draft, staged_draft

ROOT = Path(__file__).resolve().parents[2]
AUTH = ("connect-emulator", "connect-emulator-secret")


def test_run_in_thread() -> None:
    with run_in_thread(Settings(durations=PROFILES["fast"])) as handle:
        assert handle.url.startswith("http://127.0.0.1:")
        assert handle.port > 0
        with httpx.Client(base_url=handle.url) as http:
            assert http.get("/_emulator/health").json() == {"status": "ok"}
            authorize(http)
            assert http.post("/connectors/drafts", json=staged_draft()).status_code == 201
            http.post(
                "/connectors/drafts/key=abc-first-connector",
                json={"version": 1, "actions": [{"action": "publish", "certification": False}]},
            )
            deadline = time.monotonic() + 2
            while http.get("/connectors/drafts/key=abc-first-connector").json()["status"] != "Published":
                assert time.monotonic() < deadline
                time.sleep(0.02)
    assert not handle.thread.is_alive()


def test_two_servers_side_by_side() -> None:
    with run_in_thread() as first, run_in_thread() as second:
        assert first.port != second.port
        assert httpx.get(f"{second.url}/_emulator/health").status_code == 200


def test_command_line_parsing() -> None:
    settings = settings_from_args(
        [
            "--port", "0", "--durations", '{"profile": "fast", "deploying": 1}', "--fault-rate", "0.2",
            "--fault-mix", "500:1,drop:2", "--seed", "7", "--client-id", "me", "--client-secret", "pw",
            "--project", "shop", "--token-ttl", "3600",
        ]
    )  # fmt: skip
    assert settings.port == 0
    assert settings.durations.deploying == 1 and settings.durations.queued == 0.05
    assert settings.faults.rate == 0.2 and settings.faults.seed == 7
    assert dict(settings.faults.mix) == {"500": 1.0, "drop": 2.0}
    assert (settings.client_id, settings.client_secret, settings.token_ttl) == ("me", "pw", 3600)
    assert settings.default_client_scopes() == ["manage_project:shop"]
    assert settings_from_args([]).port == 8089


@pytest.mark.parametrize(
    "command",
    [
        [str(Path(sys.executable).parent / "connect-as-code-emulator")],
        [sys.executable, "-m", "connect_as_code.emulator"],
    ],
    ids=["console-script", "python-m"],
)
def test_the_command_prints_its_ready_line_from_any_folder(tmp_path: Path, command: list[str]) -> None:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    process = subprocess.Popen(
        [*command, "--port", "0", "--durations", "fast", "--project", "cli-project"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        ready, _, _ = select.select([process.stdout], [], [], 20)
        assert ready, "no ready line within 20 s"
        line = process.stdout.readline().strip()
        assert line.startswith("emulator listening on http://127.0.0.1:")
        url = line.rsplit(" ", 1)[1]
        with httpx.Client(base_url=url) as http:
            assert http.get("/_emulator/health").status_code == 200
            assert _token_scope(http) == "manage_project:cli-project"
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=10)
    assert process.returncode == 0
    assert "Traceback" not in errors


def _token_scope(http: httpx.Client) -> str:
    scope: str = http.post("/oauth/token", data={"grant_type": "client_credentials"}, auth=AUTH).json()["scope"]
    return scope


def test_state_survives_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "emulator.sqlite"
    settings = Settings(state_file=state, durations=PROFILES["fast"])
    with run_in_thread(settings) as handle, httpx.Client(base_url=handle.url) as http:
        token = authorize(http)
        http.post(
            "/_emulator/repositories",
            json={
                "url": "https://github.com/acme/kept",
                "tag": "1",
                "connectYaml": "deployAs:\n  - {name: kept, applicationType: service, endpoint: /k}\n",
            },
        )
        http.post("/_emulator/outcomes", json={"kind": "deploy", "key": "later", "outcomes": ["Failed"]})
        http.post("/connectors/drafts", json=staged_draft())
        http.post(
            "/connectors/drafts/key=abc-first-connector",
            json={"version": 1, "actions": [{"action": "publish", "certification": False}]},
        )
        time.sleep(0.1)
        assert http.post(f"/{PROJECT}/deployments", json=deployment_draft()).status_code == 201
    time.sleep(0.2)
    with run_in_thread(settings) as handle, httpx.Client(base_url=handle.url) as http:
        http.headers["Authorization"] = f"Bearer {token}"
        assert http.get("/connectors/drafts/key=abc-first-connector").json()["status"] == "Published"
        assert http.get(f"/{PROJECT}/deployments/key=my-first-deployment").json()["status"] == "Deployed"
        assert (
            http.post(
                "/connectors/drafts",
                json=staged_draft(key="kept", repository={"url": "git@github.com:acme/kept.git", "tag": "1"}),
            ).status_code
            == 201
        )
        assert http.get("/_emulator/outcomes").json()["outcomes"][0]["key"] == "later"
        events = [e["to"] for e in http.get("/_emulator/events", params={"resource": "Deployment"}).json()["events"]]
        assert events == ["Queued", "Deploying", "Deployed"]


def test_concurrent_requests_keep_keys_unique() -> None:
    from concurrent.futures import ThreadPoolExecutor

    with run_in_thread(Settings(durations=PROFILES["fast"])) as handle, httpx.Client(base_url=handle.url) as http:
        headers = {"Authorization": f"Bearer {access_token(http)}"}

        def create(index: int) -> int:
            key = "contested" if index % 5 == 0 else f"connector-{index}"
            with httpx.Client(base_url=handle.url, headers=headers, timeout=10) as client:
                return client.post("/connectors/drafts", json=staged_draft(key=key)).status_code

        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(create, range(40)))
        assert sorted(set(statuses)) == [201, 400]
        assert statuses.count(201) == 33 and statuses.count(400) == 7
        assert http.get("/connectors/drafts", headers=headers, params={"limit": 100}).json()["total"] == 33
        assert http.get("/_emulator/stats").json()["requests"]["byRoute"]["POST /connectors/drafts"] == 40
