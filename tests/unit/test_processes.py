"""The bench's and the one-process test's view of /proc: parents, ancestry, status fields."""

from __future__ import annotations

import os
import subprocess
import sys

from tools.processes import ProviderProcesses, is_below, parent_of, status_field


def test_the_parent_is_read_after_the_command_name_whatever_it_holds() -> None:
    assert parent_of("4242 (python3) S 17 4242 17 0 -1") == 17
    assert parent_of("4242 (a) b (c)) S 99 4242") == 99


def test_ancestry_follows_parents_and_stops_on_a_loop() -> None:
    parents = {30: 20, 20: 10, 10: 1, 7: 8, 8: 7}
    assert is_below(30, 10, parents) and is_below(30, 1, parents)
    assert not is_below(10, 30, parents)
    assert not is_below(7, 1, parents)  # a loop ends the walk


def test_status_fields_are_numbers() -> None:
    status = "Name:\tpython\nVmHWM:\t  75432 kB\nThreads:\t261\n"
    assert (status_field(status, "VmHWM"), status_field(status, "Threads"), status_field(status, "VmRSS")) == (
        75432,
        261,
        0,
    )


def test_a_provider_host_is_counted_only_below_its_ancestor() -> None:
    command = [sys.executable, "-c", "import sys; print('up', flush=True); sys.stdin.read()", "-m", "pulumi.dynamic"]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as host:
        assert host.stdout is not None and host.stdout.readline() == "up\n"
        below_this = ProviderProcesses(ancestor=os.getpid())
        below_this.sample()
        below_the_host = ProviderProcesses(ancestor=host.pid)
        below_the_host.sample()
        outside_this = ProviderProcesses(ancestor=os.getppid(), outside=[os.getpid()])
        outside_this.sample()
        host.communicate("")
    assert list(below_this.peak_kb) == [host.pid]
    assert below_this.peak_kb[host.pid] > 0 and below_this.peak_threads[host.pid] >= 1
    assert below_this.total_peak_mb == below_this.peak_kb[host.pid] / 1024
    assert below_the_host.count == 0  # a process is not below itself
    assert host.pid not in outside_this.peak_kb  # below one of `outside`: left out
