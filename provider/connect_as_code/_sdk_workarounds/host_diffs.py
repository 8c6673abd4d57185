"""Detailed diffs from the dynamic-provider host, so a preview shows the real reason of each change.

The Pulumi SDK's dynamic-provider host (``python -m pulumi.dynamic``) turns a provider's ``DiffResult``
into the engine's ``DiffResponse`` but leaves out ``detailedDiff``; the engine then shows, as the reason
of an update, every input that differs from the last one it stored, and hides every change inside a
secret. Inside the host process only, :func:`install` wraps the response type the host's ``Diff`` builds
(looked up at each call), so that the paths a provider :func:`record`\\ s during its ``diff`` reach the
engine as the detailed diff: a changed secured value shows as a change of its key (value hidden), a
deployment found ``Failed`` by refresh as a change of its status, and the inputs that only carry
bookkeeping never show.

Nothing on disk is patched. Where the host cannot be adjusted (another SDK), the engine shows its own
diff as before and the providers say so once (:func:`status`).

Upstream: https://github.com/pulumi/pulumi/issues/3080 (dynamic providers do not show their diffs).
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Mapping
from typing import Any

KINDS = ("add", "add-replace", "delete", "delete-replace", "update", "update-replace")
"""The kinds of a property diff, as the engine's ``PropertyDiff.Kind`` names them (lower case)."""
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

_local = threading.local()
_lock = threading.Lock()
_status: str | None = None


def property_path(*keys: str) -> str:
    """A Pulumi property path: ``configurations.cartExtension.secured.CTP_CLIENT_SECRET``, ``a["b-c"]``."""
    path = ""
    for key in keys:
        if _IDENTIFIER.match(key):
            path += f".{key}" if path else key
        else:
            path += f'["{key}"]'
    return path


def record(detailed: Mapping[str, str]) -> None:
    """Called by a provider's ``diff``: the property paths that change, each with its kind (see :data:`KINDS`).

    If the previous record of this thread was never sent (the host built its response some other way),
    the host is not what :func:`install` expected: the providers are told once through :func:`status`.
    """
    global _status  # noqa: PLW0603 - one state per process
    if getattr(_local, "detailed", None) is not None and _status == "installed":
        with _lock:
            _status = "unavailable: the host no longer builds its diff responses through pulumi.runtime.proto"
    _local.detailed = dict(detailed)


def take_recorded() -> dict[str, str]:
    """What this thread's last :func:`record` said, forgotten on the way (a native provider's diff sends it)."""
    detailed: dict[str, str] = getattr(_local, "detailed", None) or {}
    _local.detailed = None
    return detailed


def status() -> str:
    """``installed``, ``not a provider host`` (a program or a test process), or why it is unavailable."""
    return _status or install()


def install() -> str:
    """Adjust the host once, when running inside the dynamic-provider host; idempotent. Returns :func:`status`."""
    global _status  # noqa: PLW0603 - one state per process
    with _lock:
        if _status is None:
            _status = _install(sys.modules.get("__main__"))
        return _status


def _install(host: Any) -> str:
    spec = getattr(host, "__spec__", None)
    if getattr(spec, "name", None) != "pulumi.dynamic.__main__":
        return "not a provider host"
    protocol: Any = getattr(host, "proto", None)
    response = getattr(protocol, "DiffResponse", None)
    kind = getattr(getattr(protocol, "PropertyDiff", None), "Kind", None)
    if response is None or kind is None:
        return "unavailable: the host's protocol module has no DiffResponse or PropertyDiff"
    if not isinstance(response, _DetailedDiffResponse):
        protocol.DiffResponse = _DetailedDiffResponse(response, {name: kind.Value(_enum(name)) for name in KINDS})
    return "installed"


def _enum(kind: str) -> str:
    return kind.upper().replace("-", "_")


class _DetailedDiffResponse:
    r"""Stands in for the protocol's ``DiffResponse`` in the host: builds it, then adds what was recorded.

    The host's ``Diff`` builds its answer as ``proto.DiffResponse(**fields)`` after calling the provider's
    ``diff`` on the same thread, so the paths :func:`record`\ ed there are at hand. Every other use
    (``proto.DiffResponse.DIFF_SOME``...) reaches the real class.
    """

    def __init__(self, real: Any, kinds: Mapping[str, int]) -> None:
        self._real = real
        self._kinds = dict(kinds)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def __call__(self, *args: Any, **fields: Any) -> Any:
        response = self._real(*args, **fields)
        detailed: dict[str, str] | None = getattr(_local, "detailed", None)
        _local.detailed = None
        if detailed is not None and response.changes == self._real.DIFF_SOME:
            for path, kind in detailed.items():
                response.detailedDiff[path].kind = self._kinds[kind]
                response.detailedDiff[path].inputDiff = True
            response.diffs.extend(sorted({re.split(r"[.\[]", path, maxsplit=1)[0] for path in detailed}))
            response.hasDetailedDiff = True
        return response


def leaf_changes(old: Any, new: Any, *keys: str) -> dict[str, str]:
    """The paths at which ``new`` differs from ``old``: maps are compared key by key, anything else whole."""
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        changes: dict[str, str] = {}
        for key in sorted({*old, *new}, key=str):
            if key not in new:
                changes[property_path(*keys, str(key))] = "delete"
            elif key not in old:
                changes[property_path(*keys, str(key))] = "add"
            else:
                changes.update(leaf_changes(old[key], new[key], *keys, str(key)))
        return changes
    if old == new:
        return {}
    if old is None:
        return {property_path(*keys): "add"}
    if new is None:
        return {property_path(*keys): "delete"}
    return {property_path(*keys): "update"}
