"""A dynamic provider for ``test_host_pool``: its creates meet at a barrier, so they return only together.

The host loads it by reference (``tests.unit.host_probe.MeetingProvider``), from the repository root.
"""

from __future__ import annotations

import threading
from typing import Any

from pulumi.dynamic import CreateResult, ResourceProvider

from connect_as_code._sdk_workarounds.host_pool import host_pool

MEETING = 8
"""Creates that must run at once: twice the SDK's 4 threads."""
_meeting = threading.Barrier(MEETING, timeout=20)


class MeetingProvider(ResourceProvider):
    """Each create waits until :data:`MEETING` creates wait together, then returns the host pool's state."""

    def create(self, props: dict[str, Any]) -> CreateResult:
        pool = host_pool()
        try:
            _meeting.wait()
        except threading.BrokenBarrierError:
            raise RuntimeError(f"fewer than {MEETING} creates ran at once; host pool: {pool}") from None
        return CreateResult(str(props["name"]), {"workers": pool.workers if pool else 0})
