"""Spread the resources of a program over several provider processes (program side).

The Python dynamic-provider host serves at most 4 calls at a time, and a resource that waits for a
deployment holds one of them for minutes; with one process, 16 deployments are waited on in 4 waves.
Each explicit ``pulumi-python`` provider resource gets a process of its own, so resources are dealt in
blocks of 4 over ``connect:providerProcesses`` processes (default :data:`DEFAULT_PROCESSES`), the first
block to the default provider: a program of up to 4 resources uses one process, and 4 processes wait on
16 deployments at once. More processes cost a second of start-up CPU and a token each, in every
preview too: the README's "Performance" section has the measurements. Moving a resource from one
process to another changes nothing on the server and shows as no change.
"""

from __future__ import annotations

import threading

import pulumi
from pulumi.runtime import get_config
from pulumi.runtime.settings import get_root_resource

from connect_as_code.settings import CONFIG_KEYS

DEFAULT_PROCESSES = 4
SLOTS_PER_PROCESS = 4
"""Calls the dynamic-provider host serves at once: resources are dealt in blocks of this many."""
CONFIG_KEY = "connect:providerProcesses"

_lock = threading.Lock()


class _Run:
    """The providers made so far in one program run (one stack operation)."""

    def __init__(self, root: object) -> None:
        self.root = root  # held so that its id is not reused while this entry lives
        self.dealt = 0
        self.providers: dict[int, pulumi.ProviderResource] = {}


_runs: dict[int, _Run] = {}


def process_count() -> int:
    """How many provider processes to use, from ``connect:providerProcesses`` (0 or 1: the default one)."""
    raw = get_config(CONFIG_KEY)
    try:
        count = int(raw) if raw is not None else DEFAULT_PROCESSES
    except ValueError:
        raise ValueError(f"{CONFIG_KEY} is {raw!r}; use a whole number such as 4") from None
    return max(count, 0)


def next_provider() -> pulumi.ProviderResource | None:
    """The provider for the next Connect resource of this program run, or None for the default one."""
    count = process_count()
    if count <= 1:
        return None
    root = get_root_resource()
    with _lock:
        run = _runs.get(id(root))
        if run is None or run.root is not root:
            _runs.clear()  # an earlier run of this process (Automation API) is over
            run = _runs[id(root)] = _Run(root)
        index = (run.dealt // SLOTS_PER_PROCESS) % count
        run.dealt += 1
        if index == 0:
            return None  # the first block stays with the default provider: small programs need no other
        if index not in run.providers:
            run.providers[index] = pulumi.ProviderResource("pulumi-python", f"connect-{index}", settings_inputs())
        return run.providers[index]


def settings_inputs() -> dict[str, object]:
    """The ``connect:*`` stack config, as the inputs of an explicit provider.

    An explicit provider is configured from its own inputs, not from the stack config a default
    provider gets; handing the same keys over keeps ``configure`` unaware of the difference. The client
    secret stays a secret.
    """
    inputs: dict[str, object] = {}
    for key in CONFIG_KEYS:
        value = get_config(key)
        if value is None:
            continue
        inputs[key] = pulumi.Output.secret(value) if key.endswith("clientSecret") else value
    return inputs


def with_provider(opts: pulumi.ResourceOptions | None) -> pulumi.ResourceOptions:
    """``opts`` with a provider process assigned, unless the user chose a provider already."""
    opts = opts or pulumi.ResourceOptions()
    if opts.provider is not None or opts.providers:
        return opts
    provider = next_provider()
    return opts if provider is None else pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(provider=provider))
