"""Switchable parts of the API: the Query Deployment Logs endpoints, deprecated and removed after 2027-01-31."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from connect_as_code.emulator import Settings
from connect_as_code.emulator.__main__ import settings_from_args
from connect_as_code.emulator.local import start_local_connect
from tests.emulator.support import PROJECT, Env, assert_error, deploy, published_connector, settle_deployment

LOGS = f"/{PROJECT}/deployments/key=my-first-deployment/logs"
LOGS_TEMPLATE = "/{projectKey}/deployments/{ID}/logs"


@pytest.fixture
def without_logs() -> Iterator[Env]:
    environment = Env(Settings(logs_endpoints=False))
    yield environment
    environment.close()


def assert_removed(env: Env, path: str = LOGS) -> None:
    for client in (env.client, env.anon):
        assert_error(client.get(path), 404, "ResourceNotFound", f"The Resource with path '{path}' was not found.")


def test_logs_endpoints_are_there_by_default(env: Env) -> None:
    published_connector(env)
    deploy(env)
    settle_deployment(env)
    assert env.client.get(LOGS).status_code == 200
    assert env.anon.get("/_emulator/features").json() == {"logsEndpoints": True}
    operation = env.anon.get("/openapi.json").json()["paths"][LOGS_TEMPLATE]["get"]
    assert operation["deprecated"] is True


def test_started_without_logs_endpoints(without_logs: Env) -> None:
    env = without_logs
    published_connector(env)
    deploy(env)
    settle_deployment(env)
    deployment_id = env.client.get(f"/{PROJECT}/deployments/key=my-first-deployment").json()["id"]
    assert_removed(env)
    assert_removed(env, f"/{PROJECT}/deployments/{deployment_id}/logs")
    assert env.client.get(f"/{PROJECT}/deployments/{deployment_id}").status_code == 200
    assert LOGS_TEMPLATE not in env.anon.get("/openapi.json").json()["paths"]
    by_route = env.anon.get("/_emulator/stats").json()["requests"]["byRoute"]
    assert by_route["GET (unmatched)"] == 4
    assert not any(route.endswith("/logs") for route in by_route)


def test_the_admin_api_switches_them(env: Env) -> None:
    published_connector(env)
    deploy(env)
    assert env.anon.put("/_emulator/features", json={"logsEndpoints": False}).json() == {"logsEndpoints": False}
    assert_removed(env)
    assert LOGS_TEMPLATE not in env.anon.get("/openapi.json").json()["paths"]
    assert env.anon.put("/_emulator/features", json={}).json() == {"logsEndpoints": False}
    assert env.anon.put("/_emulator/features", json={"logsEndpoints": True}).json() == {"logsEndpoints": True}
    assert env.client.get(LOGS).status_code == 200
    assert LOGS_TEMPLATE in env.anon.get("/openapi.json").json()["paths"]


def test_reset_returns_to_the_start_settings(env: Env, without_logs: Env) -> None:
    env.anon.put("/_emulator/features", json={"logsEndpoints": False})
    env.anon.post("/_emulator/reset")
    assert env.anon.get("/_emulator/features").json() == {"logsEndpoints": True}
    without_logs.anon.put("/_emulator/features", json={"logsEndpoints": True})
    without_logs.anon.post("/_emulator/reset")
    assert without_logs.anon.get("/_emulator/features").json() == {"logsEndpoints": False}


@pytest.mark.parametrize("body", [{"logsEndpoints": "no"}, {"logs": False}, ["logsEndpoints"]])
def test_bad_feature_bodies(env: Env, body: object) -> None:
    assert_error(env.anon.put("/_emulator/features", json=body), 400, "InvalidJsonInput")


def test_command_line_flag() -> None:
    assert settings_from_args([]).logs_endpoints is True
    assert settings_from_args(["--without-logs-endpoints"]).logs_endpoints is False


def test_local_connect_switches_them() -> None:
    with start_local_connect(logs_endpoints=False) as connect:
        path = f"/{connect.project_key}/deployments/key=nothing/logs"
        assert connect.features() == {"logsEndpoints": False}
        with pytest.raises(httpx.HTTPStatusError) as removed:
            connect.api(path)
        assert removed.value.response.json()["message"] == f"The Resource with path '{path}' was not found."
        assert connect.set_features(logs_endpoints=True) == {"logsEndpoints": True}
        with pytest.raises(httpx.HTTPStatusError) as unknown:
            connect.api(path)
        assert unknown.value.response.json()["message"] == "The Resource with key 'nothing' was not found."
        assert connect.set_features() == {"logsEndpoints": True}
