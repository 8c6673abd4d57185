"""Undo a leak of the Pulumi SDK's provider serialization (pulumi 3.272, ``serialize_provider``).

To pickle dictionaries in a stable order, ``serialize_provider`` replaces
``pickle._Pickler._batch_setitems`` with a wrapper around the current one and never puts it back: every
dynamic resource constructed adds one more level of wrapping, and after about 950 of them in one process
pickling fails with ``RecursionError`` (a long program, or many Automation API runs in one process).
:func:`restoring_pickler` puts the method back after each construction, so each serialization wraps
the original exactly once, as the SDK intends.

Upstream: the wrapper comes from https://github.com/pulumi/pulumi/pull/9656 (stable pickles); no report
of the leak was found.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def restoring_pickler() -> Iterator[None]:
    """Run the body (a dynamic resource's construction), then restore ``pickle._Pickler``'s methods."""
    pickler = pickle._Pickler  # the pure-Python pickler the SDK patches
    saved = {name: pickler.__dict__[name] for name in ("_batch_setitems", "save_dict")}
    try:
        yield
    finally:
        for name, method in saved.items():
            setattr(pickler, name, method)
