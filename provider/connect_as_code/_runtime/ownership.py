"""What a resource may take over and delete: only what it created, or adopted when asked to.

A key already on the server when a resource is created belongs to somebody else until the program says
otherwise: another stack (a copied stack, a key collision), a resource renamed without an alias, or a run
killed after its create. ``create`` refuses it with the ways to take it over deliberately: ``adopt=True``
on the resource, or ``CONNECT_AS_CODE_ADOPT=<key>[,<key>...]`` for one run (a recovery), or the alias of
a renamed resource. ``delete`` never removes an object that another resource of the same run has just
created or adopted (a rename with ``adopt=True`` and no alias).

The memory here lives as long as the provider process, that is one Pulumi operation.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from typing import Any

ADOPT_ENVIRONMENT = "CONNECT_AS_CODE_ADOPT"
"""Keys (comma-separated) that ``create`` may take over in this run, as if each had ``adopt=True``."""

_lock = threading.Lock()
_held: set[tuple[str, str]] = set()
_owned_keys: set[tuple[str, str, str]] = set()


def adoption_asked(inputs: Mapping[str, Any], key: str, environ: Mapping[str, str] | None = None) -> bool:
    """Whether the program asks to take over an existing object with ``key``: ``adopt=True``, or the key
    listed in :data:`ADOPT_ENVIRONMENT`."""
    if inputs.get("adopt") is True:
        return True
    listed = (environ if environ is not None else os.environ).get(ADOPT_ENVIRONMENT, "")
    return key in {name.strip() for name in listed.split(",")}


def takeover_refusal(kind: str, key: str, where: str, found: str) -> str:
    """The message of a create refused because ``key`` is taken; ``found`` describes the object there."""
    return (
        f"{kind} key {key!r} already exists {where} ({found}), and this resource did not create it: it is not "
        "taken over without being asked. If it is yours to manage (another stack no longer manages it, or an "
        f"interrupted `pulumi up` of this stack created it), take it over deliberately: set adopt=True on this "
        f"{kind}, or for one run `{ADOPT_ENVIRONMENT}={key} pulumi up`. If you renamed this resource in the "
        "program, keep its old name as an alias instead, so that Pulumi moves it rather than deleting it: "
        'opts=pulumi.ResourceOptions(aliases=[pulumi.Alias(name="<old name>")]). Otherwise choose another key. '
        "(`pulumi import` takes objects over only with the native provider, not with Python dynamic resources.)"
    )


def hold(kind: str, id_: str) -> None:
    """Record that a resource of this run adopted the object ``id_`` (one it created was in no one's state)."""
    with _lock:
        _held.add((kind, id_))


def held_by_another(kind: str, id_: str) -> bool:
    """Whether a resource of this run adopted ``id_`` (so a delete of it would take it from that resource)."""
    with _lock:
        return (kind, id_) in _held


def note_owned_key(kind: str, scope: str, key: str) -> None:
    """Record that a resource of this stack holds ``key`` (its checked inputs had it before), so that the
    check the engine repeats without old inputs before a replacement does not refuse it."""
    with _lock:
        _owned_keys.add((kind, scope, key))


def owned_key(kind: str, scope: str, key: str) -> bool:
    """Whether :func:`note_owned_key` recorded ``key`` in this process."""
    with _lock:
        return (kind, scope, key) in _owned_keys


def forget() -> None:
    """Forget everything (a process that runs several operations, such as the tests)."""
    with _lock:
        _held.clear()
        _owned_keys.clear()
