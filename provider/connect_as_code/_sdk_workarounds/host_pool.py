"""One provider process waits on every resource at once: the dynamic-provider host's thread pool, widened.

Pulumi's Python dynamic-provider host (``python -m pulumi.dynamic``, one process per ``pulumi`` run)
serves the engine's calls from a gRPC server on a ``concurrent.futures.ThreadPoolExecutor`` of 4
workers. A ``create`` that waits for a deployment to reach ``Deployed`` holds one of those threads for
minutes, so with 4 of them 16 deployments would be waited on in 4 waves. A ``ThreadPoolExecutor``
starts a thread at a ``submit`` whenever none is idle and it has fewer than ``_max_workers``: raising
that attribute on the live executor lets the host run as many calls at once as the engine sends
(``pulumi up --parallel``), in the same process. Nothing on disk is patched.

:func:`widen_host_pool` does it once, when the providers' modules are imported inside that host (the
host imports them while it serves its first call, on one of the pool's threads), and nowhere else: in a
user's program, a test, or any other process it does nothing. It checks each assumption it relies on
(a thread pool runs this call, it is the standard library's executor, which sizes itself by
``_max_workers``, and the new limit reads back) and records the outcome, :func:`host_pool`, so that the
providers know whether waits go all at once or 4 at a time, and say so (``_runtime.note_wait_capacity``).

Why a limit at all, and why :data:`DEFAULT_WORKERS`: threads start only when the engine sends a call
while every existing thread is busy, so the limit is a ceiling, not a cost; the engine never sends more
than ``--parallel`` resource operations at once. A thread that waits sleeps between polls: no CPU, and
about 0.1 MB of memory with its poll's state (one process waiting on 256 deployments measured about
110 MB, against 75 MB for one). What grows with the number of threads is the API traffic (each waiting
resource polls about every 5 s early in a status, then up to every 30 s) and the number of OS tasks,
which containers may cap (``pids.max``). 256 covers the largest ``--parallel`` worth using against one
Connect project, stays far below common task limits, and can be changed with
``CONNECT_AS_CODE_HOST_THREADS`` (clamped to :data:`MIN_WORKERS`..:data:`MAX_WORKERS`).

Upstream: no report of the host's fixed pool was found; the pool is built in the SDK's
``pulumi/dynamic/__main__.py`` (``futures.ThreadPoolExecutor(max_workers=4)``).
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

HOST_MODULE = "pulumi.dynamic.__main__"
"""The module the dynamic-provider host runs as ``__main__`` (``python -m pulumi.dynamic``)."""
SDK_WORKERS = 4
"""The host's own pool size (pulumi 3.x): the waits at a time when the pool cannot be widened."""
DEFAULT_WORKERS = 256
MIN_WORKERS = SDK_WORKERS
MAX_WORKERS = 1024
ENV_WORKERS = "CONNECT_AS_CODE_HOST_THREADS"


@dataclass(frozen=True)
class HostPool:
    """The host's pool after :func:`widen_host_pool`: ``workers`` calls at once, or why it kept the SDK's size."""

    workers: int
    problem: str | None = None

    @property
    def widened(self) -> bool:
        """Whether more than the SDK's 4 calls (waits) now run at once in this process."""
        return self.problem is None and self.workers > SDK_WORKERS


_host_pool: HostPool | None = None
_lock = threading.Lock()


def host_pool() -> HostPool | None:
    """What :func:`widen_host_pool` did in this process; ``None`` outside the dynamic-provider host."""
    return _host_pool


def in_dynamic_host(main: object | None = None) -> bool:
    """Whether this process is Pulumi's Python dynamic-provider host (``main``: its ``__main__`` module)."""
    main = sys.modules.get("__main__") if main is None else main
    spec = getattr(main, "__spec__", None)
    return getattr(spec, "name", None) == HOST_MODULE


def workers_from_env(environ: Mapping[str, str]) -> int:
    """The pool size to set: ``CONNECT_AS_CODE_HOST_THREADS`` clamped to the bounds, else the default."""
    raw = environ.get(ENV_WORKERS, "").strip()
    try:
        wanted = int(raw) if raw else DEFAULT_WORKERS
    except ValueError:
        wanted = DEFAULT_WORKERS
    return min(max(wanted, MIN_WORKERS), MAX_WORKERS)


def pool_running(thread: threading.Thread) -> ThreadPoolExecutor | None:
    """The ``ThreadPoolExecutor`` one of whose workers is ``thread``, if any."""
    for candidate in gc.get_objects():
        if isinstance(candidate, ThreadPoolExecutor) and thread in getattr(candidate, "_threads", ()):
            return candidate
    return None


def sizes_by_max_workers(kind: type) -> bool:
    """Whether ``kind`` starts its threads with the standard library's code, which reads ``_max_workers``."""
    standard = getattr(ThreadPoolExecutor, "_adjust_thread_count", None)
    code = getattr(standard, "__code__", None)
    return (
        getattr(kind, "submit", None) is ThreadPoolExecutor.submit
        and getattr(kind, "_adjust_thread_count", None) is standard
        and code is not None
        and "_max_workers" in code.co_names
    )


def widen(pool: ThreadPoolExecutor | None, workers: int) -> HostPool:
    """Raise ``pool``'s worker limit to ``workers`` (never lower it), checking each assumption on the way."""
    if pool is None:
        return HostPool(SDK_WORKERS, "no ThreadPoolExecutor serves the host's calls")
    if not sizes_by_max_workers(type(pool)):
        name = f"{type(pool).__module__}.{type(pool).__qualname__}"
        return HostPool(SDK_WORKERS, f"the host's pool is a {name}, which does not start threads by _max_workers")
    current = getattr(pool, "_max_workers", None)
    if not isinstance(current, int):
        return HostPool(SDK_WORKERS, "the host's pool has no worker limit (_max_workers) to raise")
    wanted = max(current, workers)
    pool._max_workers = wanted
    if getattr(pool, "_max_workers", None) != wanted:
        return HostPool(current, f"the host's pool kept its limit of {current} workers")
    return HostPool(wanted)


def widen_host_pool(environ: Mapping[str, str] = os.environ) -> HostPool | None:
    """In the dynamic-provider host, once: widen the pool that serves the engine's calls; else nothing.

    Called when the providers' modules are imported, which the host does inside its first call, on one
    of its pool's threads: the pool is the one that runs the current thread.
    """
    global _host_pool  # noqa: PLW0603 - once per process, under the lock
    if not in_dynamic_host():
        return None
    with _lock:
        if _host_pool is None:
            try:
                _host_pool = widen(pool_running(threading.current_thread()), workers_from_env(environ))
            except Exception as error:  # never let this stop the providers from loading
                _host_pool = HostPool(SDK_WORKERS, f"{type(error).__name__}: {error}")
        return _host_pool
