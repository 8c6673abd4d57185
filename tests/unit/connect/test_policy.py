"""The retry policy as pure functions: the decision table, full-jitter delays, Retry-After, the bounds."""

from __future__ import annotations

import random

import httpx
import pytest

from connect_as_code.connect import RetryPolicy
from connect_as_code.connect._policy import (
    Decision,
    Failure,
    Phase,
    RequestKind,
    backoff_ceiling,
    decide,
    parse_retry_after,
    retry_delay,
    should_give_up,
    transport_phase,
)

READ, DELETE, TOKEN, UPDATE, CREATE = (
    RequestKind.READ,
    RequestKind.DELETE,
    RequestKind.TOKEN,
    RequestKind.UPDATE,
    RequestKind.CREATE,
)
R, RR, AMB, RAISE = Decision.RETRY, Decision.REREAD, Decision.AMBIGUOUS, Decision.RAISE
_REQUEST = httpx.Request("GET", "https://example.com")


@pytest.mark.parametrize(
    ("exc", "phase"),
    [
        (httpx.ConnectError("refused", request=_REQUEST), Phase.NOT_SENT),
        (httpx.ConnectTimeout("slow handshake", request=_REQUEST), Phase.NOT_SENT),
        (httpx.PoolTimeout("no connection", request=_REQUEST), Phase.NOT_SENT),
        (httpx.WriteError("broken pipe", request=_REQUEST), Phase.MAYBE_SENT),
        (httpx.WriteTimeout("slow write", request=_REQUEST), Phase.MAYBE_SENT),
        (httpx.ReadError("reset", request=_REQUEST), Phase.MAYBE_SENT),
        (httpx.ReadTimeout("slow read", request=_REQUEST), Phase.MAYBE_SENT),
        (httpx.RemoteProtocolError("Server disconnected", request=_REQUEST), Phase.MAYBE_SENT),
        (httpx.ProxyError("proxy", request=_REQUEST), Phase.MAYBE_SENT),
        (httpx.UnsupportedProtocol("ftp", request=_REQUEST), Phase.FATAL),
        (httpx.LocalProtocolError("bad header", request=_REQUEST), Phase.FATAL),
    ],
)
def test_transport_phase(exc: Exception, phase: Phase) -> None:
    assert transport_phase(exc) is phase


#                      READ  DELETE TOKEN UPDATE CREATE
DECISIONS = {
    "not sent": (R, R, R, R, R),
    "maybe sent": (R, R, R, RR, AMB),
    "fatal": (RAISE, RAISE, RAISE, RAISE, RAISE),
    400: (RAISE, RAISE, RAISE, RAISE, RAISE),
    401: (RAISE, RAISE, RAISE, RAISE, RAISE),
    403: (RAISE, RAISE, RAISE, RAISE, RAISE),
    404: (RAISE, RAISE, RAISE, RAISE, RAISE),
    409: (RAISE, RAISE, RAISE, RAISE, RAISE),
    429: (R, R, R, R, R),
    500: (R, R, R, RR, AMB),
    501: (RAISE, RAISE, RAISE, RAISE, RAISE),
    502: (R, R, R, RR, AMB),
    503: (R, R, R, RR, AMB),
    504: (R, R, R, RR, AMB),
}
_PHASES = {"not sent": Phase.NOT_SENT, "maybe sent": Phase.MAYBE_SENT, "fatal": Phase.FATAL}


@pytest.mark.parametrize(("failure_name", "expected"), list(DECISIONS.items()), ids=[str(k) for k in DECISIONS])
def test_decision_table(failure_name: str | int, expected: tuple[Decision, ...]) -> None:
    failure = Failure.http(failure_name) if isinstance(failure_name, int) else Failure(phase=_PHASES[failure_name])
    actual = tuple(decide(kind, failure) for kind in (READ, DELETE, TOKEN, UPDATE, CREATE))
    assert actual == expected


def test_503_with_retry_after_is_still_not_proof_for_a_create() -> None:
    assert decide(CREATE, Failure.http(503, retry_after=1.0)) is Decision.AMBIGUOUS
    assert decide(CREATE, Failure.http(429, retry_after=1.0)) is Decision.RETRY


def test_backoff_ceilings_double_up_to_the_cap() -> None:
    policy = RetryPolicy(backoff_base=0.5, backoff_cap=5.0)
    assert [backoff_ceiling(n, policy) for n in range(1, 8)] == [0.5, 1.0, 2.0, 4.0, 5.0, 5.0, 5.0]
    assert backoff_ceiling(10_000, policy) == 5.0


def test_full_jitter_spans_zero_to_the_ceiling() -> None:
    policy = RetryPolicy(backoff_base=1.0, backoff_cap=20.0)
    failure = Failure.http(503)
    assert retry_delay(3, failure, policy, lambda: 0.0) == 0.0
    assert retry_delay(3, failure, policy, lambda: 0.5) == 2.0
    assert retry_delay(3, failure, policy, lambda: 0.999999) == pytest.approx(4.0, abs=1e-5)
    rng = random.Random(7)
    delays = [retry_delay(retry, failure, policy, rng.random) for retry in range(1, 10) for _ in range(200)]
    for index, delay in enumerate(delays):
        retry = index // 200 + 1
        assert 0.0 <= delay < backoff_ceiling(retry, policy)
    # Full jitter, not "equal jitter": some delays fall in the lower half of their range.
    assert min(delays[-200:]) < 10.0


def test_retry_after_is_honoured_and_capped() -> None:
    policy = RetryPolicy(retry_after_cap=30.0)
    assert retry_delay(1, Failure.http(429, retry_after=2.0), policy, lambda: 0.9) == 2.0
    assert retry_delay(4, Failure.http(429, retry_after=0.25), policy, lambda: 0.9) == 0.25
    assert retry_delay(1, Failure.http(503, retry_after=600.0), policy, lambda: 0.9) == 30.0


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("3", 3.0),
        (" 1.5 ", 1.5),
        ("0", 0.0),
        (None, None),
        ("", None),
        ("soon", None),
        ("-1", None),
        ("nan", None),
        ("inf", None),
        ("Wed, 21 Oct 2015 07:28:00 GMT", None),
    ],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    assert parse_retry_after(header) == seconds


def test_give_up_on_attempts_or_budget() -> None:
    policy = RetryPolicy(max_attempts=3, budget=10.0)
    assert not should_give_up(1, 0.0, 1.0, policy)
    assert not should_give_up(2, 8.0, 2.0, policy)
    assert should_give_up(3, 0.0, 0.0, policy)
    assert should_give_up(2, 8.0, 2.5, policy)


def test_policy_needs_one_attempt() -> None:
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)
