"""The providers' messages in the words of the native face: camelCase names, advice that exists there.

The shared providers speak to Python programs (``set connector_key or connector_id (or pass
connector=)``). A YAML or TypeScript program declares ``connectorKey``, has no ``connector=`` and
writes ``adopt: true``; :func:`native_words` rewrites a check failure's reason, a progress or warning
line and a failure's message accordingly, so the dynamic face's messages stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from connect_as_code.native import fields

_ADVICE = (
    (" (or pass connector=)", ""),
    (
        "(pass connector= a ConnectorStaged of this program to check them at preview)",
        "(a preview checks them once the connector exists, after the up that creates it)",
    ),
    (
        'opts=pulumi.ResourceOptions(aliases=[pulumi.Alias(name="<old name>")])',
        "the resource option aliases with the old resource's URN (pulumi stack --show-urns)",
    ),
    (
        "(`pulumi import` takes objects over only with the native provider, not with Python dynamic resources.)",
        "(`pulumi import` also takes it over, with reads only.)",
    ),
)
"""Python-only advice and what stands for it in the native face (the connect.yaml check at preview of a
Python program's ``connector=`` has no counterpart: a Deployment is checked against the connector on the
server)."""

_IDENTIFIER = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
_FLAG = re.compile(r"\b([a-z][A-Za-z0-9_]*)=(True|False)\b")
_SETTING = re.compile(r"(?<![\w-])connect:(?=[a-z])")


def _fields() -> Iterator[fields.Field]:
    for resource in fields.RESOURCES.values():
        yield from resource.properties
    for object_ in fields.object_types().values():
        yield from object_.properties
    for function in fields.FUNCTIONS.values():
        yield from function.inputs.properties
        yield from function.outputs.properties
    yield from fields.CONFIG


NAMES = {f.name: f.camel for f in _fields() if "_" in f.name} | {"find_connector": "findConnector"}
"""The snake_case names a message may use, with their camelCase forms in the schema."""


def native_words(text: str) -> str:
    """``text`` with Python's property names, ``name=True`` and ``connect:`` settings as the native face
    spells them (``connectorKey``, ``adopt: true``, ``commercetools-connect:projectKey``)."""
    for python, native in _ADVICE:
        text = text.replace(python, native)
    text = _FLAG.sub(lambda m: f"{NAMES.get(m.group(1), m.group(1))}: {m.group(2).lower()}", text)
    text = _IDENTIFIER.sub(lambda m: NAMES.get(m.group(0), m.group(0)), text)
    return _SETTING.sub("commercetools-connect:", text)
