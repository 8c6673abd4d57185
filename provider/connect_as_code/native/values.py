"""The engine's property values (camelCase) to the providers' plain values (snake_case), and back.

Pure functions over the table of :mod:`.fields`: an object's property names are translated, a map's keys
(application names, configuration keys) never are, ``Anything`` passes through untouched. A name the
table does not list is translated by rule (:func:`~.fields.camel`/:func:`~.fields.snake`), so a new
input reaches the providers before the table names it. Values unknown during preview become
:class:`pulumi.output.Unknown`, as in the dynamic-provider host. Secrets are unwrapped on the way in;
on the way out a value is a secret when the table says so or when the input it comes from was one.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from pulumi.output import Unknown
from pulumi.provider.experimental.property_value import Computed, PropertyValue
from pulumi.runtime.rpc import UNKNOWN

from connect_as_code.native.fields import Anything, ArrayOf, Field, MapOf, Object, Type, camel, snake

Plain = Any
"""A value as the dynamic providers see it: None, bool, float, str, list, dict or Unknown."""


# ----------------------------------------------------------------------------------------- inwards


def to_plain(value: PropertyValue, type_: Type | None) -> Plain:
    """An engine value as the providers' input: secrets unwrapped, names of ``type_`` in snake_case."""
    inner = value.value
    if isinstance(inner, Computed) or inner == UNKNOWN:  # the SDK leaves the wire's unknown a string
        return Unknown()  # type: ignore[no-untyped-call]
    if isinstance(inner, Mapping):
        return {_key_in(key, type_): to_plain(item, _member(type_, _key_in(key, type_))) for key, item in inner.items()}
    if isinstance(inner, Sequence) and not isinstance(inner, str):
        items = type_.items if isinstance(type_, ArrayOf) else None
        return [to_plain(item, items) for item in inner]
    return inner


def map_to_plain(values: Mapping[str, PropertyValue], object_: Object) -> dict[str, Plain]:
    """The properties of a resource (or of its state) as the providers' dict."""
    return to_plain(PropertyValue(dict(values)), object_)  # type: ignore[no-any-return]


def _key_in(key: str, type_: Type | None) -> str:
    if isinstance(type_, MapOf | Anything):
        return key
    if isinstance(type_, Object):
        by_camel = {f.camel: f.name for f in type_.properties}
        return by_camel.get(key, snake(key))
    return snake(key) if type_ is None else key


def _member(type_: Type | None, name: str) -> Type | None:
    """The type of ``name`` inside ``type_`` (None: not listed, names translated by rule)."""
    if isinstance(type_, MapOf):
        return type_.values
    if isinstance(type_, Anything):
        return type_
    if isinstance(type_, Object):
        found = type_.by_name().get(name)
        return found.type if found else None
    return None


# ---------------------------------------------------------------------------------------- outwards


def from_plain(value: Plain, type_: Type | None, *, secret: bool = False) -> PropertyValue:
    """A provider's output value as the engine's, names in camelCase; ``secret`` marks it as a whole."""
    if isinstance(value, Unknown):
        return PropertyValue(UNKNOWN)  # the wire's unknown: the SDK cannot marshal its Computed
    if isinstance(value, Mapping):
        members: dict[str, PropertyValue] = {}
        for key, item in value.items():
            member = _field(type_, str(key))
            member_type = member.type if member else _member(type_, str(key))
            members[_key_out(str(key), type_)] = from_plain(item, member_type, secret=bool(member and member.secret))
        return PropertyValue(members, is_secret=secret)
    if isinstance(value, list | tuple):
        items = type_.items if isinstance(type_, ArrayOf) else None
        return PropertyValue([from_plain(item, items) for item in value], is_secret=secret)
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return PropertyValue(value, is_secret=secret)
    if isinstance(value, int | float):
        return PropertyValue(float(value), is_secret=secret)
    return PropertyValue(str(value), is_secret=secret)


def map_from_plain(values: Mapping[str, Plain], object_: Object) -> dict[str, PropertyValue]:
    """A provider's outputs (or checked inputs) as the engine's properties."""
    converted = from_plain(dict(values), object_)
    assert isinstance(converted.value, Mapping)
    return dict(converted.value)


def _field(type_: Type | None, name: str) -> Field | None:
    return type_.by_name().get(name) if isinstance(type_, Object) else None


def _key_out(key: str, type_: Type | None) -> str:
    if isinstance(type_, MapOf | Anything):
        return key
    found = _field(type_, key)
    return found.camel if found else (camel(key) if type_ is None or isinstance(type_, Object) else key)


def keep_secrets(outputs: Mapping[str, PropertyValue], inputs: Mapping[str, PropertyValue]) -> dict[str, PropertyValue]:
    """``outputs`` with the secretness of ``inputs`` copied over, key by key (as the engine does for a
    provider that does not take secrets): a value whose input held a secret is a secret as a whole."""
    return {key: _keep_secret(value, inputs.get(key)) for key, value in outputs.items()}


def _keep_secret(output: PropertyValue, input_: PropertyValue | None) -> PropertyValue:
    if input_ is None or output.is_secret:
        return output
    if input_.is_secret:
        return output.with_secret(True)
    if isinstance(output.value, Mapping) and isinstance(input_.value, Mapping):
        return output.with_value(keep_secrets(output.value, input_.value))
    if input_.contains_secret():
        return output.with_secret(True)
    return output


# -------------------------------------------------------------------------------------------- paths

_SEGMENT = re.compile(r'\["((?:[^"\\]|\\.)*)"\]|\.?([A-Za-z_][A-Za-z0-9_]*)')


def path_out(path: str, object_: Object) -> str:
    """A property path of the providers (``creator.logo_url``) as the engine's (``creator.logoUrl``)."""
    out, type_ = "", object_
    for quoted, plain in _SEGMENT.findall(path):
        key = quoted or plain
        translated = _key_out(key, type_)
        member = _field(type_, key)
        type_ = member.type if member else _member(type_, key)  # type: ignore[assignment]
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", translated):
            out += f".{translated}" if out else translated
        else:
            out += f'["{translated}"]'
    return out
