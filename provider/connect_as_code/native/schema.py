"""The package schema of ``commercetools-connect``, built from the table of :mod:`.fields`.

The engine reads it (``GetSchema``) to type-check YAML programs and to generate the SDK of each language
(``pulumi package gen-sdk``).
"""

from __future__ import annotations

import json
from typing import Any

from connect_as_code import __version__
from connect_as_code.native import PACKAGE
from connect_as_code.native.fields import (
    CONFIG,
    FUNCTIONS,
    RESOURCES,
    Anything,
    ArrayOf,
    Field,
    MapOf,
    Object,
    Type,
    object_types,
)

LANGUAGE = {
    "nodejs": {"packageName": "@connect-as-code/commercetools-connect", "respectSchemaVersion": True},
    "python": {
        "packageName": "pulumi_commercetools_connect",
        "pyproject": {"enabled": True},
        "respectSchemaVersion": True,
    },
    "go": {
        "importBasePath": "connect-as-code/sdk/go/commercetoolsconnect",
        "generateResourceContainerTypes": True,
        "respectSchemaVersion": True,
    },
    "csharp": {"rootNamespace": "ConnectAsCode", "respectSchemaVersion": True},
}
"""The names of the generated SDKs (``pulumi package gen-sdk``): installed from this repository's ``sdk/``."""


def type_spec(type_: Type) -> dict[str, Any]:
    """The schema's type of a property."""
    if isinstance(type_, Object):
        return {"$ref": f"#/types/{PACKAGE}:index:{type_.name}"}
    if isinstance(type_, ArrayOf):
        return {"type": "array", "items": type_spec(type_.items)}
    if isinstance(type_, MapOf):
        return {"type": "object", "additionalProperties": type_spec(type_.values)}
    if isinstance(type_, Anything):
        return {"$ref": "pulumi.json#/Any"}
    return {"type": type_.name}


def property_spec(field: Field) -> dict[str, Any]:
    """The schema's property: its type, description and whether it is a secret."""
    description = field.description + (" Changing it replaces the resource." if field.replaces else "")
    spec = {**type_spec(field.type), "description": description}
    if field.secret:
        spec["secret"] = True
    return spec


def _properties(fields: tuple[Field, ...]) -> dict[str, Any]:
    return {f.camel: property_spec(f) for f in fields}


def _required(fields: tuple[Field, ...]) -> list[str]:
    return [f.camel for f in fields if f.required]


def schema() -> dict[str, Any]:
    """The package schema as a JSON object."""
    resources = {}
    for token, resource in RESOURCES.items():
        inputs = resource.inputs()
        resources[token] = {
            "description": resource.description,
            "properties": _properties(resource.properties),
            "required": _required(resource.properties),
            "inputProperties": _properties(inputs),
            "requiredInputs": _required(inputs),
        }
    types = {
        f"{PACKAGE}:index:{name}": {
            "type": "object",
            "description": object_.description,
            "properties": _properties(object_.properties),
            "required": _required(object_.properties),
        }
        for name, object_ in object_types().items()
    }
    return {
        "name": PACKAGE,
        "displayName": "commercetools Connect",
        "version": __version__,
        "description": "commercetools Connect connectors and deployments, waited on until they are ready.",
        "keywords": ["commercetools", "connect", "category/cloud"],
        "publisher": "connect-as-code",
        "language": LANGUAGE,
        "config": {"variables": _properties(CONFIG)},
        "provider": {"description": "The project and API client to manage Connect with.",
                     "inputProperties": _properties(CONFIG)},
        "types": types,
        "resources": resources,
        "functions": {
            token: {
                "description": function.description,
                "inputs": {"properties": _properties(function.inputs.properties), "required": []},
                "outputs": {
                    "description": function.outputs.description,
                    "properties": _properties(function.outputs.properties),
                    "required": _required(function.outputs.properties),
                },
            }
            for token, function in FUNCTIONS.items()
        },
    }  # fmt: skip


def schema_json() -> str:
    """The package schema, as the engine asks for it."""
    return json.dumps(schema(), indent=2, sort_keys=True)
