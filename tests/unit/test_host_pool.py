"""The dynamic-provider host's thread pool, widened: in a pool of our own, and in the real host process."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import types
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import grpc
import pytest
from google.protobuf import struct_pb2
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from connect_as_code import DeploymentProvider
from connect_as_code._runtime.provider import wait_capacity_note
from connect_as_code._sdk_workarounds import host_pool
from connect_as_code._sdk_workarounds.host_pool import HostPool, in_dynamic_host, widen, workers_from_env
from tests.unit.host_probe import MEETING, MeetingProvider

ROOT = Path(__file__).resolve().parents[2]


def test_only_the_dynamic_provider_host_is_recognised() -> None:
    assert in_dynamic_host() is False  # pytest
    host = types.SimpleNamespace(__spec__=types.SimpleNamespace(name="pulumi.dynamic.__main__"))
    program = types.SimpleNamespace(__spec__=None)
    assert (in_dynamic_host(host), in_dynamic_host(program)) == (True, False)
    assert host_pool.widen_host_pool() is None and host_pool.host_pool() is None


@pytest.mark.parametrize(
    ("value", "workers"),
    [(None, 256), ("", 256), ("64", 64), ("2", 4), ("100000", 1024), ("many", 256)],
)
def test_the_worker_limit_comes_from_the_environment_within_bounds(value: str | None, workers: int) -> None:
    environ = {} if value is None else {"CONNECT_AS_CODE_HOST_THREADS": value}
    assert workers_from_env(environ) == workers


def widened_from_inside(pool: ThreadPoolExecutor, workers: int) -> HostPool:
    """Widen ``pool`` from one of its own threads, as the host's first call does."""
    return pool.submit(lambda: widen(host_pool.pool_running(threading.current_thread()), workers)).result(10)


def test_a_pool_widened_from_one_of_its_threads_runs_more_calls_at_once() -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        assert widened_from_inside(pool, 16) == HostPool(16)
        meeting = threading.Barrier(MEETING, timeout=10)
        arrivals = [pool.submit(meeting.wait) for _ in range(MEETING)]
        assert sorted(arrival.result(15) for arrival in arrivals) == list(range(MEETING))


def test_it_never_lowers_a_pool() -> None:
    with ThreadPoolExecutor(max_workers=32) as pool:
        assert widened_from_inside(pool, 8) == HostPool(32)


class OwnWay(ThreadPoolExecutor):
    """A pool that could start its threads without looking at ``_max_workers``."""

    def _adjust_thread_count(self) -> None:
        super()._adjust_thread_count()


def test_what_it_cannot_widen_is_said_and_changes_nothing() -> None:
    assert widen(None, 256) == HostPool(4, "no ThreadPoolExecutor serves the host's calls")
    with OwnWay(max_workers=4) as pool:
        assert widened_from_inside(pool, 256) == HostPool(
            4, "the host's pool is a tests.unit.test_host_pool.OwnWay, which does not start threads by _max_workers"
        )
        assert pool._max_workers == 4
    outside = widen(host_pool.pool_running(threading.current_thread()), 256)  # the main thread: no pool runs it
    assert outside.problem == "no ThreadPoolExecutor serves the host's calls" and not outside.widened


def test_the_note_before_a_wait_names_the_capacity_and_the_reason() -> None:
    assert wait_capacity_note(None) is None and wait_capacity_note(HostPool(256)) is None
    assert wait_capacity_note(HostPool(4, "no ThreadPoolExecutor serves the host's calls")) == (
        "Connect providers: at most 4 resources are waited on at a time in this provider process, the others "
        "wait their turn (the Pulumi dynamic-provider host's thread pool could not be widened: no "
        "ThreadPoolExecutor serves the host's calls)"
    )


# -- the real host ------------------------------------------------------------------------------------------


@pytest.fixture
def host() -> Iterator[provider_pb2_grpc.ResourceProviderStub]:
    """``python -m pulumi.dynamic`` as the engine starts it, and a gRPC client of it."""
    env = {name: value for name, value in os.environ.items() if name != host_pool.ENV_WORKERS}
    process = subprocess.Popen(
        [sys.executable, "-u", "-m", "pulumi.dynamic"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        port = int(process.stdout.readline())
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            yield provider_pb2_grpc.ResourceProviderStub(channel)
    finally:
        process.kill()
        process.wait(10)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def properties(provider: object, **values: object) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update({"__provider": serialize_provider(provider), **values})
    return struct


def test_the_real_host_runs_more_than_four_calls_at_once_once_a_provider_is_loaded(
    host: provider_pb2_grpc.ResourceProviderStub,
) -> None:
    # The host loads the Deployment provider as for any stack (here for a check of empty inputs) ...
    checked = host.Check(provider_pb2.CheckRequest(urn="urn:d", news=properties(DeploymentProvider())), timeout=60)
    assert checked.failures  # no key, no region: the provider ran
    # ... after which its creates (waits, in real life) all run at once: 8 of them meet at a barrier.
    calls = [
        host.Create.future(
            provider_pb2.CreateRequest(urn=f"urn:m{i}", properties=properties(MeetingProvider(), name=f"m{i}"))
        )
        for i in range(MEETING)
    ]
    workers = {call.result(timeout=60).properties["workers"] for call in calls}
    assert workers == {256}, "the host's pool was not widened: waits would go 4 at a time"
