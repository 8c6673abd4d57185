"""Outputs that may have no value, exposed as attributes of their own (program side).

During ``pulumi preview`` the Pulumi SDK shows an output whose value is None as unknown, and the
engine drops such an output from the state anyway; so a preview of a stack that exports, say, the
version of a connector not published yet would always show a change. The providers return those
outputs inside one map, ``optional_outputs``, which always has a value; the resources expose each one
as an attribute of the same name, read from that map.

Upstream: https://github.com/pulumi/pulumi/issues/13806 (None outputs in a Python preview).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pulumi


def _entry(name: str) -> Callable[[Any], Any]:
    return lambda outputs: (outputs or {}).get(name)


def expose_optional_outputs(resource: pulumi.CustomResource, names: Iterable[str]) -> None:
    """Set ``resource.<name>`` to the entry ``name`` of ``resource.optional_outputs``, for each name."""
    optional: pulumi.Output[Any] = resource.optional_outputs  # type: ignore[attr-defined]
    for name in names:
        setattr(resource, name, optional.apply(_entry(name)))
