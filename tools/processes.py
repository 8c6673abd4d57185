"""The provider processes of ``pulumi`` runs: how many ran, and their peak memory (Linux ``/proc``).

Used by ``make bench`` and by the end-to-end test that proves one process serves a whole run. Only the
processes below a given one are counted (the engines this process started, and their plugins), so runs
of other people on the same machine do not count.
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from pathlib import Path

PROC = Path("/proc")
MARKER = b"pulumi.dynamic"
"""In the command line of the dynamic-provider host: ``python -u -m pulumi.dynamic``."""
NATIVE_MARKER = b"pulumi-resource-commercetools-connect"
"""In the command line of the native provider's plugin (the virtualenv's console script)."""


def parent_of(stat: str) -> int:
    """The parent pid from the text of ``/proc/<pid>/stat`` (the command name may hold spaces and brackets)."""
    return int(stat.rsplit(")", 1)[1].split()[1])


def is_below(pid: int, ancestor: int, parents: dict[int, int]) -> bool:
    """Whether ``ancestor`` is among the ancestors of ``pid`` in the ``parents`` map."""
    seen: set[int] = set()
    while pid in parents and pid not in seen:
        seen.add(pid)
        pid = parents[pid]
        if pid == ancestor:
            return True
    return False


def status_field(status: str, name: str) -> int:
    """A number of the text of ``/proc/<pid>/status``: ``VmHWM`` (peak resident memory, kB), ``Threads``."""
    for line in status.splitlines():
        if line.startswith(f"{name}:"):
            return int(line.split()[1])
    return 0


class ProviderProcesses:
    """Samples the ``python -m pulumi.dynamic`` processes below ``ancestor`` while in a ``with`` block.

    ``marker`` :data:`NATIVE_MARKER` samples the native provider's plugin processes instead. Processes
    below one of ``outside`` are left out (another run started by the same process).
    ``peak_kb`` maps each process seen to its peak resident memory, ``peak_threads`` to the most threads
    it was seen with; :attr:`count` is how many ran.
    """

    def __init__(
        self, ancestor: int, interval: float = 0.1, outside: Collection[int] = (), marker: bytes = MARKER
    ) -> None:
        self.ancestor = ancestor
        self.marker = marker
        self.outside = tuple(outside)
        self.interval = interval
        self.peak_kb: dict[int, int] = {}
        self.peak_threads: dict[int, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="provider-processes", daemon=True)

    @property
    def count(self) -> int:
        """How many provider processes were seen."""
        return len(self.peak_kb)

    @property
    def total_peak_mb(self) -> float:
        """The sum of the processes' peak resident memory, in MB."""
        return sum(self.peak_kb.values()) / 1024

    def __enter__(self) -> ProviderProcesses:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(5)

    def sample(self) -> None:
        """Look at every process once."""
        parents: dict[int, int] = {}
        hosts: list[int] = []
        for entry in PROC.iterdir():
            if not entry.name.isdigit():
                continue
            try:
                parents[int(entry.name)] = parent_of((entry / "stat").read_text())
                if self.marker in (entry / "cmdline").read_bytes():
                    hosts.append(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
        for pid in hosts:
            if not is_below(pid, self.ancestor, parents) or any(is_below(pid, o, parents) for o in self.outside):
                continue
            try:
                status = (PROC / str(pid) / "status").read_text()
            except OSError:
                continue
            self.peak_kb[pid] = max(status_field(status, "VmHWM"), self.peak_kb.get(pid, 0))
            self.peak_threads[pid] = max(status_field(status, "Threads"), self.peak_threads.get(pid, 0))

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)
