"""Fault injection: the seeded generator, each fault kind over HTTP, and stats."""

from __future__ import annotations

import time
from collections import Counter

import httpx
import pytest

from connect_as_code.emulator import FAULT_KINDS, PROFILES, FaultSettings, Settings, run_in_thread
from connect_as_code.emulator.faults import FaultInjector, QueuedFault, parse_fault_mix
from tests.emulator.support import PROJECT, Env, assert_error, authorize, create_staged, staged_draft


def test_mix_parsing() -> None:
    assert parse_fault_mix("500:1,502:2,latency") == (("500", 1.0), ("502", 2.0), ("latency", 1.0))
    with pytest.raises(ValueError):
        parse_fault_mix("teapot:1")
    with pytest.raises(ValueError):
        parse_fault_mix("500:0")


def _sequence(seed: int, count: int = 200) -> list[str | None]:
    injector = FaultInjector(FaultSettings(rate=0.3, seed=seed))
    decisions = [injector.decide("GET", "/connectors/drafts", token_endpoint=False) for _ in range(count)]
    return [d.label if d else None for d in decisions]


def test_seeded_generator_is_reproducible() -> None:
    assert _sequence(7) == _sequence(7)
    assert _sequence(7) != _sequence(8)
    share = sum(1 for d in _sequence(7, 2000) if d) / 2000
    assert 0.25 < share < 0.35


def test_mix_limits_kinds_and_rate_zero_is_silent() -> None:
    injector = FaultInjector(FaultSettings(rate=1.0, mix=(("503", 1.0), ("429", 3.0)), seed=1))
    kinds = Counter(d.kind for d in (injector.decide("GET", "/x", False) for _ in range(400)) if d)
    assert set(kinds) == {"503", "429"} and kinds["429"] > kinds["503"]
    silent = FaultInjector(FaultSettings(rate=0.0))
    assert all(silent.decide("POST", "/x", False) is None for _ in range(100))


def test_writes_sometimes_fail_after_applying() -> None:
    injector = FaultInjector(FaultSettings(rate=1.0, mix=(("500", 1.0),), seed=5))
    labels = Counter(d.label for d in (injector.decide("POST", "/x", False) for _ in range(200)) if d)
    assert labels["500"] > 0 and labels["500_after_apply"] > 0
    reads = Counter(d.label for d in (injector.decide("GET", "/x", False) for _ in range(50)) if d)
    assert set(reads) == {"500"}


def test_queue_matching_and_token_endpoint() -> None:
    injector = FaultInjector()
    injector.configure(
        FaultSettings(),
        [QueuedFault("drop", method="POST", path_prefix="/demo", after_apply=True), QueuedFault("expired_token")],
    )
    assert injector.decide("POST", "/oauth/token", token_endpoint=True) is None, (
        "expired_token cannot hit the token endpoint"
    )
    assert injector.decide("GET", "/demo/deployments", False) is None
    decision = injector.decide("POST", "/demo/deployments", False)
    assert decision is not None and decision.label == "drop_after_apply"


def force(env: Env, *items: object) -> None:
    response = env.anon.put("/_emulator/faults", json={"queue": list(items)})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("kind", "status", "code"),
    [("500", 500, "General"), ("502", 502, "BadGateway"), ("503", 503, "General"), ("429", 429, "General")],
)
def test_error_faults(env: Env, kind: str, status: int, code: str) -> None:
    force(env, kind)
    response = env.client.get("/connectors/drafts", headers={"X-Correlation-ID": "c-1"})
    assert_error(response, status, code)
    assert response.headers["x-correlation-id"] == "c-1"
    if kind == "429":
        assert response.headers["retry-after"] == "1"
    assert env.client.get("/connectors/drafts").status_code == 200
    stats = env.anon.get("/_emulator/stats").json()["faults"]
    assert stats == {"total": 1, "byKind": {kind: 1}}
    assert env.anon.get("/_emulator/requests").json()["requests"][-2]["fault"] == kind


def test_500_after_applying_a_write(env: Env) -> None:
    force(env, {"kind": "500", "method": "POST", "afterApply": True})
    response = env.client.post("/connectors/drafts", json=staged_draft())
    assert_error(response, 500, "General", "Write operations are temporarily unavailable")
    assert env.client.get("/connectors/drafts/key=abc-first-connector").status_code == 200
    assert env.anon.get("/_emulator/stats").json()["faults"]["byKind"] == {"500_after_apply": 1}


def test_the_500_of_a_read_speaks_of_reads(env: Env) -> None:
    force(env, {"kind": "500", "method": "GET"})
    assert_error(env.client.get("/connectors/drafts"), 500, "General", "Read operations are temporarily unavailable")


def test_500_before_applying_a_write(env: Env) -> None:
    force(env, {"kind": "500", "method": "POST", "afterApply": False})
    assert env.client.post("/connectors/drafts", json=staged_draft()).status_code == 500
    assert env.client.get("/connectors/drafts/key=abc-first-connector").status_code == 404


def test_latency(env: Env) -> None:
    env.anon.put("/_emulator/faults", json={"latencySeconds": 0.2, "queue": ["latency"]})
    started = time.perf_counter()
    assert env.client.get("/connectors/drafts").status_code == 200
    assert time.perf_counter() - started >= 0.2


def test_expired_token(env: Env) -> None:
    env.advance(5)  # only a token in use for a while expires
    force(env, "expired_token")
    response = env.client.get("/connectors/drafts")
    assert response.status_code == 401 and response.json()["error"] == "invalid_token"
    assert env.client.get("/connectors/drafts").status_code == 401, "the token stays expired"
    assert env.anon.get("/_emulator/stats").json()["faults"]["byKind"] == {"expired_token": 1}


def test_a_token_just_issued_does_not_expire_at_once(env: Env) -> None:
    force(env, "expired_token")
    assert env.client.get("/connectors/drafts").status_code == 200
    assert env.anon.get("/_emulator/stats").json()["faults"]["total"] == 0
    env.anon.put("/_emulator/faults", json={"tokenMinAgeSeconds": 0, "queue": ["expired_token"]})
    assert env.client.get("/connectors/drafts").status_code == 401


def test_expired_token_without_a_token_is_no_fault(env: Env) -> None:
    force(env, "expired_token")
    assert env.anon.get("/connectors/drafts").status_code == 401
    assert env.anon.get("/_emulator/stats").json()["faults"]["total"] == 0


def test_token_endpoint_faults(env: Env) -> None:
    force(env, "503")
    response = env.anon.post(
        "/oauth/token", data={"grant_type": "client_credentials"}, auth=("connect-emulator", "connect-emulator-secret")
    )
    assert response.status_code == 503


def test_admin_is_never_faulted(env: Env) -> None:
    env.anon.put("/_emulator/faults", json={"rate": 1, "mix": {"500": 1}})
    for _ in range(20):
        assert env.anon.get("/_emulator/health").status_code == 200
    assert env.client.get("/connectors/drafts").status_code == 500
    env.anon.put("/_emulator/faults", json={"rate": 0})


def test_faults_over_a_real_server() -> None:
    """Dropped connections need real sockets; also covers the seeded rate end to end."""
    settings = Settings(durations=PROFILES["fast"], faults=FaultSettings(rate=0.0, seed=7))
    with run_in_thread(settings) as handle, httpx.Client(base_url=handle.url, timeout=5) as http:
        authorize(http)
        http.put("/_emulator/faults", json={"queue": [{"kind": "drop", "method": "POST", "afterApply": True}]})
        with pytest.raises(httpx.TransportError):
            http.post("/connectors/drafts", json=staged_draft())
        assert http.get("/connectors/drafts/key=abc-first-connector").status_code == 200, "applied, then dropped"
        http.put("/_emulator/faults", json={"queue": [{"kind": "drop", "method": "POST", "afterApply": False}]})
        with pytest.raises(httpx.TransportError):
            http.post("/connectors/drafts", json=staged_draft(key="second"))
        assert http.get("/connectors/drafts/key=second").status_code == 404
        http.put("/_emulator/faults", json={"queue": ["drop"]})
        with pytest.raises(httpx.TransportError):
            http.get("/connectors/drafts")
        stats = http.get("/_emulator/stats").json()["faults"]["byKind"]
        assert stats == {"drop_after_apply": 1, "drop": 2}
        http.put(
            "/_emulator/faults",
            json={
                "rate": 0.5,
                "seed": 11,
                "mix": ",".join(f"{k}:1" for k in FAULT_KINDS if k not in {"drop", "latency", "expired_token"}),
            },
        )
        statuses = [http.get(f"/{PROJECT}/deployments").status_code for _ in range(40)]
        assert {500, 502, 503, 429} & set(statuses) and 200 in statuses


def test_create_staged_helper_still_works_after_faults(env: Env) -> None:
    force(env, "502")
    assert env.client.get("/connectors/drafts").status_code == 502
    assert create_staged(env)["version"] == 1
