"""The checked-in schema and SDKs (``sdk/``) are those the code generates: ``make sdk`` regenerates them."""

from __future__ import annotations

import json

from connect_as_code import __version__
from connect_as_code.native.schema import schema
from tools.sdk import SCHEMA, SDK, schema_file_text

REGENERATE = "run `make sdk` (with the language hosts on PATH) and commit sdk/"


def test_the_checked_in_schema_is_the_one_the_code_builds() -> None:
    assert SCHEMA.exists(), f"sdk/schema.json is missing: {REGENERATE}"
    assert SCHEMA.read_text() == schema_file_text(), f"sdk/schema.json differs from the code's schema: {REGENERATE}"


def test_the_generated_sdks_carry_the_schema_version() -> None:
    package = json.loads((SDK / "nodejs" / "package.json").read_text())
    assert package["version"] == __version__, f"sdk/nodejs was generated for another version: {REGENERATE}"
    for plugin in ("python/pulumi_commercetools_connect", "go/commercetoolsconnect"):
        found = json.loads((SDK / plugin / "pulumi-plugin.json").read_text())
        assert found == {"resource": True, "name": "commercetools-connect", "version": __version__}, (
            f"sdk/{plugin} was generated for another version: {REGENERATE}"
        )


def test_every_property_of_the_schema_is_in_each_generated_sdk() -> None:
    """A property added to the schema without regenerating the SDKs fails here (names as each SDK spells them)."""
    spec = schema()
    names = set(spec["config"]["variables"])
    for declaration in (*spec["resources"].values(), *spec["types"].values()):
        names |= set(declaration["properties"]) | set(declaration.get("inputProperties", {}))
    sources = {
        "nodejs": "".join(path.read_text() for path in (SDK / "nodejs").rglob("*.ts")),
        "go": "".join(path.read_text() for path in (SDK / "go").rglob("*.go")),
        "python": "".join(path.read_text() for path in (SDK / "python").rglob("*.py")),
    }
    for language, source in sources.items():
        missing = sorted(name for name in names if name not in source)
        assert not missing, f"sdk/{language} lacks {missing}: {REGENERATE}"
