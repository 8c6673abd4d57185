"""The shared I/O helpers of the providers: conflicts, deleted objects, ambiguous creates, progress lines."""

from __future__ import annotations

import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from types import FrameType
from typing import Any

import pytest

from connect_as_code._runtime.provider import (
    ConnectResourceError,
    create_or_adopt,
    read_for_update,
    write_with_one_reread,
)
from connect_as_code.connect import AmbiguousWriteError, ConcurrentModificationError, NotFoundError, TransportError
from connect_as_code.waiting import ProgressReporter


def dropped() -> TransportError:
    return TransportError(ConnectionResetError("peer closed"), method="POST", path="/x")


def conflict(expected: int, current: int) -> ConcurrentModificationError:
    return ConcurrentModificationError(409, "version mismatch", expected_version=expected, current_version=current)


def test_a_conflict_is_resolved_by_one_reread() -> None:
    writes: list[int] = []

    def write(obj: dict[str, Any]) -> dict[str, Any]:
        writes.append(obj["version"])
        if obj["version"] == 1:
            raise conflict(1, 2)
        return {"version": obj["version"] + 1}

    assert write_with_one_reread("X", write, lambda: {"version": 2}, {"version": 1}) == {"version": 3}
    assert writes == [1, 2]


def test_a_second_conflict_is_reported_not_retried() -> None:
    def write(obj: dict[str, Any]) -> dict[str, Any]:
        raise conflict(obj["version"], obj["version"] + 1)

    with pytest.raises(ConnectResourceError) as caught:
        write_with_one_reread("Deployment d", write, lambda: {"version": 5}, {"version": 4})
    assert str(caught.value) == (
        "Deployment d was changed by someone else while Pulumi was updating it (version 5 expected, 6 found, "
        "twice); run `pulumi up` again"
    )


def test_an_object_deleted_out_of_band_says_what_to_do() -> None:
    def gone() -> dict[str, Any]:
        raise NotFoundError(404, "not found")

    with pytest.raises(ConnectResourceError) as caught:
        read_for_update("ConnectorStaged c", "id-1", gone)
    assert str(caught.value) == (
        "ConnectorStaged c (id id-1) no longer exists: it was deleted outside Pulumi. Run `pulumi refresh` to "
        "drop it from the state; the next `pulumi up` creates it again"
    )


def test_an_ambiguous_create_adopts_what_the_lost_post_made() -> None:
    posts: list[int] = []
    made: list[str] = []

    def post() -> str:
        posts.append(1)
        made.append("obj")
        raise AmbiguousWriteError(dropped(), method="POST", path="/x", key="k")

    assert create_or_adopt(lambda: made[0] if made else None, post) == "obj"
    assert posts == [1]


def test_an_ambiguous_create_that_made_nothing_is_posted_again_a_bounded_number_of_times() -> None:
    posts: list[int] = []

    def post() -> str:
        posts.append(1)
        raise AmbiguousWriteError(dropped(), method="POST", path="/x", key="k")

    with pytest.raises(AmbiguousWriteError):
        create_or_adopt(lambda: None, post)
    assert len(posts) == 5


def test_progress_lines_on_each_change_and_at_most_every_interval() -> None:
    lines: list[str] = []
    now = [0.0]
    report = ProgressReporter("Deployment d", interval=30, write=lines.append, clock=lambda: now[0])
    for t, status in [(0, "Queued"), (5, "Queued"), (10, "Deploying"), (20, "Deploying"), (41, "Deploying")]:
        now[0] = t
        report(status, t)
    assert lines == ["Deployment d: Queued (0 s)", "Deployment d: Deploying (10 s)", "Deployment d: Deploying (41 s)"]


def test_read_once_reads_once_per_key_until_the_clients_are_closed() -> None:
    from connect_as_code._runtime.provider import close_clients, read_once
    from connect_as_code.settings import resolve

    reads: list[str] = []

    def read(value: str) -> str:
        reads.append(value)
        return value

    one, other = resolve({"connect:projectKey": "one"}, {}), resolve({"connect:projectKey": "other"}, {})
    assert [read_once((one, "k"), lambda: read("a")), read_once((one, "k"), lambda: read("b"))] == ["a", "a"]
    assert read_once((other, "k"), lambda: read("c")) == "c"
    assert read_once((one, "k2"), lambda: read("d")) == "d"
    close_clients()
    assert read_once((one, "k"), lambda: read("e")) == "e"
    assert reads == ["a", "c", "d", "e"]


def threads_inside(function: str) -> int:
    """How many threads are running ``function`` right now (somewhere in their stack)."""
    count = 0
    for frame in sys._current_frames().values():
        walker: FrameType | None = frame
        while walker is not None and walker.f_code.co_name != function:
            walker = walker.f_back
        count += walker is not None
    return count


def test_callers_that_come_while_the_first_read_runs_wait_for_its_answer() -> None:
    from connect_as_code._runtime.provider import close_clients, read_once

    close_clients()
    started, release = threading.Event(), threading.Event()
    reads: list[int] = []

    def slow_read() -> str:
        reads.append(1)
        started.set()
        assert release.wait(5), "the first read was never released"
        return "declaration"

    with ThreadPoolExecutor(max_workers=8) as pool:
        first = pool.submit(read_once, "key", slow_read)
        assert started.wait(5), "the first read never started"
        others = [pool.submit(read_once, "key", slow_read) for _ in range(7)]
        deadline = time.monotonic() + 5
        while threads_inside("read_once") < 8 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert threads_inside("read_once") == 8, "the seven others did not come while the first read ran"
        release.set()
        answers = [first.result(5), *(other.result(5) for other in others)]
    assert answers == ["declaration"] * 8
    assert reads == [1]  # the seven others came while it ran, and none read again
    close_clients()
