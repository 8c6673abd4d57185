"""The admin API under /_emulator."""

from __future__ import annotations

from tests.emulator.support import (
    DEFAULT_AUTH,
    PROJECT,
    Env,
    assert_error,
    create_staged,
    deploy,
    published_connector,
    settle_deployment,
)


def test_health(env: Env) -> None:
    assert env.anon.get("/_emulator/health").json() == {"status": "ok"}


def test_stats(env: Env) -> None:
    published_connector(env)
    deploy(env)
    env.client.get("/connectors/drafts/key=abc-first-connector")
    env.client.get("/connectors/drafts/key=nope")
    env.anon.get("/_emulator/events")
    stats = env.anon.get("/_emulator/stats").json()
    by_route = stats["requests"]["byRoute"]
    assert by_route["GET /connectors/drafts/key={key}"] == 4
    assert by_route["POST /connectors/drafts"] == 1
    assert by_route["POST /connectors/drafts/key={key}"] == 1
    assert by_route["GET /connectors/{ID}"] == 1
    assert by_route["POST /{projectKey}/deployments"] == 1
    assert by_route["POST /oauth/token"] == 1
    assert not any(route.startswith(("GET /_emulator", "POST /_emulator")) for route in by_route)
    assert stats["requests"]["total"] == sum(by_route.values())
    assert stats["mutatingRequests"] == 3
    assert stats["tokensIssued"] == 1
    assert stats["objects"] == {
        "ConnectorStaged": {"Published": 1},
        "Connector": {"private": 1},
        "Deployment": {"Queued": 1},
    }
    assert stats["faults"] == {"total": 0, "byKind": {}}


def test_stats_for_unmatched_and_wrong_methods(env: Env) -> None:
    env.client.get("/nowhere/at/all")
    env.client.request("PUT", "/connectors/drafts")
    by_route = env.anon.get("/_emulator/stats").json()["requests"]["byRoute"]
    assert by_route["GET (unmatched)"] == 1
    assert by_route["PUT /connectors/drafts"] == 1


def test_events_filters(env: Env) -> None:
    published_connector(env)
    deploy(env)
    settle_deployment(env)
    deployments = env.anon.get("/_emulator/events", params={"resource": "Deployment"}).json()["events"]
    assert [e["to"] for e in deployments] == ["Queued", "Deploying", "Deployed"]
    assert deployments[0]["project"] == PROJECT
    assert deployments[2]["atIso"].endswith("Z")
    assert deployments[2]["at"] - deployments[0]["at"] == 3
    revisions = env.anon.get("/_emulator/events", params={"resource": "DeploymentRevision"}).json()["events"]
    assert [(e["field"], e["from"], e["to"]) for e in revisions] == [("revisionNumber", None, "1")]
    assert revisions[0]["at"] == deployments[2]["at"]
    by_key = env.anon.get("/_emulator/events", params={"key": "my-first-deployment"}).json()["events"]
    assert by_key == deployments + revisions
    assert len(env.anon.get("/_emulator/events", params={"limit": 1}).json()["events"]) == 1
    last = revisions[-1]["seq"]
    assert env.anon.get("/_emulator/events", params={"after": last}).json()["events"] == []


def test_request_log(env: Env) -> None:
    create_staged(env)
    env.client.get("/connectors/drafts", headers={"X-Correlation-ID": "trace-1"})
    entries = env.anon.get("/_emulator/requests").json()["requests"]
    assert [(e["method"], e["route"], e["status"]) for e in entries] == [
        ("POST", "/oauth/token", 200),
        ("POST", "/connectors/drafts", 201),
        ("GET", "/connectors/drafts", 200),
    ]
    assert entries[-1]["correlationId"] == "trace-1"
    assert set(entries[-1]) == {
        "seq",
        "at",
        "atIso",
        "method",
        "route",
        "path",
        "status",
        "durationMs",
        "correlationId",
        "fault",
    }
    assert len(env.anon.get("/_emulator/requests", params={"limit": 1}).json()["requests"]) == 1


def test_durations(env: Env) -> None:
    assert env.anon.get("/_emulator/durations").json()["durations"]["deploying"] == 2
    assert env.anon.put("/_emulator/durations", json="fast").json()["durations"]["deploying"] == 0.05
    body = env.anon.put("/_emulator/durations", json={"profile": "realistic", "queued": 7}).json()
    assert (body["durations"]["queued"], body["durations"]["deploying"]) == (7, 600)
    assert_error(env.anon.put("/_emulator/durations", json={"warp": 1}), 400, "InvalidJsonInput")
    assert_error(env.anon.put("/_emulator/durations", json="glacial"), 400, "InvalidJsonInput")


def test_durations_apply_to_new_processes(env: Env) -> None:
    published_connector(env)
    env.anon.put("/_emulator/durations", json={"queued": 60, "deploying": 60})
    deploy(env)
    env.advance(100)
    assert env.client.get(f"/{PROJECT}/deployments/key=my-first-deployment").json()["status"] == "Deploying"


def test_outcomes(env: Env) -> None:
    body = env.anon.post(
        "/_emulator/outcomes", json={"kind": "deploy", "key": "d1", "outcomes": ["Failed", "success"]}
    ).json()
    assert [o["outcome"] for o in body["outcomes"]] == ["Failed", "Deployed"]
    env.anon.post("/_emulator/outcomes", json={"kind": "deploy", "key": "d1", "outcomes": ["Deployed"]})
    queues = env.anon.get("/_emulator/outcomes").json()["outcomes"]
    assert [o["outcome"] for o in queues[0]["outcomes"]] == ["Failed", "Deployed", "Deployed"]
    assert_error(
        env.anon.post("/_emulator/outcomes", json={"kind": "build", "key": "x", "outcomes": []}),
        400,
        "InvalidJsonInput",
    )
    assert_error(
        env.anon.post("/_emulator/outcomes", json={"kind": "deploy", "key": "x", "outcomes": ["Exploded"]}),
        400,
        "InvalidJsonInput",
    )
    env.anon.post("/_emulator/outcomes", json={"kind": "undeploy", "key": "d2", "outcomes": ["UndeployFailed"]})
    assert len(env.anon.delete("/_emulator/outcomes", params={"kind": "deploy", "key": "d1"}).json()["outcomes"]) == 1
    assert env.anon.delete("/_emulator/outcomes").json()["outcomes"] == []


def test_clients(env: Env) -> None:
    created = env.anon.post(
        "/_emulator/clients", json={"clientId": "ci", "clientSecret": "very-secret", "scopes": ["view_connectors:p1"]}
    )
    assert created.status_code == 201
    listed = env.anon.get("/_emulator/clients").json()["clients"]
    assert [c["clientId"] for c in listed] == ["ci", "connect-emulator"]
    assert "very-secret" not in str(listed) and "connect-emulator-secret" not in str(listed)
    token = env.token(("ci", "very-secret"))
    assert env.anon.delete("/_emulator/clients/ci").json() == {"deleted": "ci"}
    assert env.anon.get("/connectors/drafts", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert env.anon.delete("/_emulator/clients/ci").status_code == 404
    bad = env.anon.post(
        "/_emulator/clients", json={"clientId": "x", "clientSecret": "y", "scopes": [], "accessTokenValiditySeconds": 0}
    )
    assert_error(bad, 400, "InvalidJsonInput")


def test_projects(env: Env) -> None:
    assert env.anon.put("/_emulator/projects/prod-project", json={"production": True}).json() == {
        "key": "prod-project",
        "production": True,
    }
    assert env.anon.get("/_emulator/projects").json() == {"projects": [{"key": "prod-project", "production": True}]}
    assert env.anon.put("/_emulator/projects/x", json={"production": True}).status_code == 400


def test_faults_settings(env: Env) -> None:
    body = env.anon.put(
        "/_emulator/faults", json={"rate": 0.25, "mix": "500:2,latency:1", "seed": 3, "queue": ["502"]}
    ).json()
    assert (body["rate"], body["mix"], body["seed"]) == (0.25, {"500": 2.0, "latency": 1.0}, 3)
    assert body["queue"] == [{"kind": "502", "method": None, "pathPrefix": None, "afterApply": None}]
    for bad in [
        {"rate": 2},
        {"mix": {"boom": 1}},
        {"mix": {"500": 0}},
        {"seed": "x"},
        {"queue": ["nope"]},
        {"what": 1},
        [1],
    ]:
        assert_error(env.anon.put("/_emulator/faults", json=bad), 400, "InvalidJsonInput")
    env.anon.put("/_emulator/faults", json={"rate": 0, "queue": []})


def test_clock(env: Env) -> None:
    before = env.anon.get("/_emulator/clock").json()
    after = env.anon.post("/_emulator/clock/advance", json={"seconds": 30}).json()
    assert after["offsetSeconds"] == before["offsetSeconds"] + 30
    assert after["now"] >= before["now"] + 30


def test_clock_advance_completes_lifecycles(env: Env) -> None:
    published_connector(env)
    deploy(env)
    env.anon.post("/_emulator/clock/advance", json={"seconds": 10})
    assert env.client.get(f"/{PROJECT}/deployments/key=my-first-deployment").json()["status"] == "Deployed"


def test_reset(env: Env) -> None:
    published_connector(env)
    env.anon.post("/_emulator/clients", json={"clientId": "ci", "clientSecret": "s", "scopes": []})
    env.anon.put("/_emulator/faults", json={"rate": 1})
    env.anon.put("/_emulator/durations", json="realistic")
    assert env.anon.post("/_emulator/reset").json() == {"reset": True}
    assert env.anon.get("/_emulator/faults").json()["rate"] == 0
    assert env.anon.get("/_emulator/durations").json()["durations"]["deploying"] == 2
    assert [c["clientId"] for c in env.anon.get("/_emulator/clients").json()["clients"]] == ["connect-emulator"]
    assert env.anon.get("/_emulator/stats").json()["objects"] == {}
    token = env.anon.post("/oauth/token", data={"grant_type": "client_credentials"}, auth=DEFAULT_AUTH).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    assert env.anon.get("/connectors/drafts", headers=headers).json()["total"] == 0


def test_admin_errors_are_error_responses(env: Env) -> None:
    assert_error(env.anon.post("/_emulator/outcomes", content="{"), 400, "InvalidJsonInput")
    assert_error(env.anon.get("/_emulator/nothing"), 404, "ResourceNotFound")
    assert_error(env.anon.request("PATCH", "/_emulator/stats"), 405, "MethodNotAllowed")
