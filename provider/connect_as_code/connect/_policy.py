"""Transport policy: which failures are retried, how long to wait, and when a write must be checked.

The client's request loop (``ConnectClient._execute``) asks :func:`decide` what to do with each
failed attempt and :func:`retry_delay` how long to wait; everything here is a pure function of its
arguments, so the whole policy is tested without a socket or a clock.

What a failure tells us about whether the server acted on the request:

* **Provably not applied** (safe to resend any request, creates included):

  - a connection that was never made: ``httpx.ConnectError``, ``ConnectTimeout`` (TCP/TLS
    handshake) and ``PoolTimeout`` (no connection was free); not a byte of the request left;
  - ``429 Too Many Requests``: a rate limiter rejects a request instead of processing it;
  - ``401`` on the Connect API: authentication happens before anything else (handled by the client:
    one fresh token, one resend).

* **Unknown outcome**: the request may have reached the server and been applied:

  - a connection lost after the request started to go out (``WriteError``/``WriteTimeout``, because
    a proxy may forward what was already written; ``ReadError``, ``ReadTimeout``,
    ``RemoteProtocolError``: the server got the request and we lost its answer);
  - ``500`` (the RAML says a ``General`` error may be returned although the change was applied);
  - ``502``/``504``: a gateway may have forwarded the request before the upstream failed or timed
    out;
  - ``503``, even with ``Retry-After``: by RFC 9110 it means "not handled", but proxies such as
    Envoy answer 503 when the upstream resets the connection after receiving the request, so it
    does not prove anything.

What each kind of request does with them:

==========================  ==================  =====================  ======================
failure                     GET, DELETE, token  update (POST+version)  create (POST)
==========================  ==================  =====================  ======================
not applied (see above)     retry               retry                  retry
unknown outcome             retry               re-read, then retry    AmbiguousWriteError
                                                unless applied
anything else (4xx, 409)    raise               raise                  raise
==========================  ==================  =====================  ======================

* An update (``update_*``, and ``rollback_deployment``, which also sends the expected version) is
  re-read (GET of the same object) before it is retried: if the object's ``version`` is
  above the version sent, the update is taken as applied and the fresh object returned. A concurrent
  writer can also move the version; the caller then sees the other writer's object, which its next
  diff handles like any other drift.
* A create is never resent after an unknown outcome: :class:`AmbiguousWriteError` tells the caller to
  look the object up by key (Connect enforces unique keys) before trying again.
* ``409 ConcurrentModification`` is never retried: the caller must re-read and recompute.
* A DELETE that is retried after an unknown outcome may answer 404 because the first one worked; the
  caller treats :class:`NotFoundError` from a delete as "gone".

Delays use exponential backoff with full jitter, ``uniform(0, min(cap, base * 2**n))`` before retry
``n + 1``, except that a ``Retry-After`` header (seconds, integer or decimal) is honoured up to
``retry_after_cap``. A call stops retrying after ``max_attempts`` attempts, or when the next retry
would start more than ``budget`` seconds after its first attempt; a host name that does not resolve
(:func:`host_unresolved`) stops it after ``unresolved_attempts`` (2), a few tenths of a second, since
no retry makes a missing name exist and the message names the host and the setting that chose it.
"""

from __future__ import annotations

import math
import socket
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import httpx

from connect_as_code.connect import _constants


class RequestKind(StrEnum):
    """How a request may be retried."""

    READ = "read"
    """GET: idempotent."""
    DELETE = "delete"
    """DELETE: idempotent (a repeat may answer 404)."""
    TOKEN = "token"
    """POST /oauth/token: a second token does no harm."""
    UPDATE = "update"
    """POST with an expected version: re-read to learn whether it was applied."""
    CREATE = "create"
    """POST of a draft: never resent unless provably not applied."""


class Decision(StrEnum):
    """What the request loop does with a failed attempt."""

    RETRY = "retry"
    REREAD = "reread"
    AMBIGUOUS = "ambiguous"
    RAISE = "raise"


class Phase(StrEnum):
    """How far a request got before its connection failed."""

    NOT_SENT = "not-sent"
    MAYBE_SENT = "maybe-sent"
    FATAL = "fatal"
    """A local mistake (bad URL, invalid header) that no retry can fix."""


@dataclass(frozen=True)
class Failure:
    """One failed attempt: an HTTP error status, or a connection failure and its phase."""

    status: int | None = None
    phase: Phase | None = None
    retry_after: float | None = None
    unresolved: bool = False
    """The connection failed because the host name does not resolve (:func:`host_unresolved`)."""

    @classmethod
    def http(cls, status: int, retry_after: float | None = None) -> Failure:
        """An error status."""
        return cls(status=status, retry_after=retry_after)

    @classmethod
    def transport(cls, exc: Exception) -> Failure:
        """A connection failure."""
        return cls(phase=transport_phase(exc), unresolved=host_unresolved(exc))


@dataclass(frozen=True)
class RetryPolicy:
    """Bounds of the retry loop; the defaults come from ``_constants``."""

    max_attempts: int = _constants.MAX_ATTEMPTS
    backoff_base: float = _constants.BACKOFF_BASE
    backoff_cap: float = _constants.BACKOFF_CAP
    retry_after_cap: float = _constants.RETRY_AFTER_CAP
    budget: float = _constants.RETRY_BUDGET
    unresolved_attempts: int = _constants.UNRESOLVED_ATTEMPTS
    """Attempts of a call whose host name does not resolve (at most ``max_attempts``)."""

    def __post_init__(self) -> None:
        if self.max_attempts < 1 or self.unresolved_attempts < 1:
            raise ValueError("max_attempts and unresolved_attempts must be at least 1")


NOT_APPLIED_STATUSES = frozenset({429})
UNKNOWN_OUTCOME_STATUSES = frozenset({500, 502, 503, 504})

_ON_UNKNOWN_OUTCOME = {
    RequestKind.READ: Decision.RETRY,
    RequestKind.DELETE: Decision.RETRY,
    RequestKind.TOKEN: Decision.RETRY,
    RequestKind.UPDATE: Decision.REREAD,
    RequestKind.CREATE: Decision.AMBIGUOUS,
}


_NAME_NOT_FOUND = frozenset(
    code for code in (getattr(socket, "EAI_NONAME", None), getattr(socket, "EAI_NODATA", None)) if code is not None
)


def host_unresolved(exc: BaseException) -> bool:
    """Whether ``exc`` (an httpx error) comes from a host name that does not resolve.

    httpx raises ``ConnectError`` from httpcore's, raised from the resolver's ``socket.gaierror``; its
    ``EAI_NONAME`` / ``EAI_NODATA`` say that the name has no address (a temporary failure of the resolver,
    ``EAI_AGAIN``, is not one of them).
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, socket.gaierror) and current.errno in _NAME_NOT_FOUND:
            return True
        current = current.__cause__ or current.__context__
    return False


def transport_phase(exc: Exception) -> Phase:
    """Whether the request can have left this machine before ``exc`` ended the attempt."""
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.LocalProtocolError | httpx.InvalidURL):
        return Phase.FATAL
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return Phase.NOT_SENT
    return Phase.MAYBE_SENT


def decide(kind: RequestKind, failure: Failure) -> Decision:
    """What to do after ``failure`` of a request of ``kind`` (see the module docstring's table)."""
    if failure.status is None:
        if failure.phase is Phase.FATAL:
            return Decision.RAISE
        if failure.phase is Phase.NOT_SENT:
            return Decision.RETRY
        return _ON_UNKNOWN_OUTCOME[kind]
    if failure.status in NOT_APPLIED_STATUSES:
        return Decision.RETRY
    if failure.status in UNKNOWN_OUTCOME_STATUSES:
        return _ON_UNKNOWN_OUTCOME[kind]
    return Decision.RAISE


def backoff_ceiling(retry: int, policy: RetryPolicy) -> float:
    """Upper bound of the delay before retry number ``retry`` (1 for the first retry)."""
    exponent = min(retry - 1, 62)
    return min(policy.backoff_cap, policy.backoff_base * 2.0**exponent)


def retry_delay(retry: int, failure: Failure, policy: RetryPolicy, rng: Callable[[], float]) -> float:
    """Seconds to wait before retry number ``retry``: ``Retry-After`` (capped) or full jitter.

    ``rng`` returns a float in ``[0, 1)``, like :func:`random.random`.
    """
    if failure.retry_after is not None:
        return min(failure.retry_after, policy.retry_after_cap)
    if failure.unresolved:
        return rng() * min(backoff_ceiling(retry, policy), _constants.UNRESOLVED_RETRY_DELAY)
    return rng() * backoff_ceiling(retry, policy)


def should_give_up(
    attempts: int, elapsed: float, delay: float, policy: RetryPolicy, failure: Failure | None = None
) -> bool:
    """Whether to stop after ``attempts`` attempts, ``elapsed`` seconds in, rather than wait ``delay``.

    A ``failure`` whose host name does not resolve stops after ``policy.unresolved_attempts``.
    """
    limit = policy.max_attempts
    if failure is not None and failure.unresolved:
        limit = min(limit, policy.unresolved_attempts)
    return attempts >= limit or elapsed + delay > policy.budget


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (integer or decimal); ``None`` if absent or unusable.

    The HTTP-date form is not supported (no source shows Connect sending it); such a header falls
    back to the normal backoff.
    """
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    if not math.isfinite(seconds) or seconds < 0:
        return None
    return seconds
