"""The native provider's adapter in process: the engine's requests reach the same provider code.

Requests are built as the SDK's server builds them (camelCase property values, secrets marked), against
the emulator's app with its manual clock (see ``conftest.py``); what is asserted is what the emulator
holds and what the adapter answers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.provider.experimental.provider import (
    CheckRequest,
    ConfigureRequest,
    CreateRequest,
    DiffRequest,
    InvokeRequest,
    PropertyDiffKind,
    ReadRequest,
)

from connect_as_code import ConnectorStagedProvider
from connect_as_code.connector_staged_model import normalize_inputs as connector_inputs
from connect_as_code.native.provider import ConnectNativeProvider

from .conftest import BASE_URL, Harness
from .test_deployment_provider import staged_connector

DEPLOYMENT = "urn:pulumi:dev::shop::commercetools-connect:index:Deployment::cart"
CONNECTOR_STAGED = "urn:pulumi:dev::shop::commercetools-connect:index:ConnectorStaged::connector"


def pv(value: Any, secret: bool = False) -> PropertyValue:
    """A plain value as the engine's property value (numbers are floats on the wire)."""
    if isinstance(value, Mapping):
        return PropertyValue({k: pv(v) for k, v in value.items()}, is_secret=secret)
    if isinstance(value, list):
        return PropertyValue([pv(v) for v in value], is_secret=secret)
    if isinstance(value, int) and not isinstance(value, bool):
        return PropertyValue(float(value), is_secret=secret)
    return PropertyValue(value, is_secret=secret)


def plain(value: PropertyValue) -> Any:
    inner = value.value
    if isinstance(inner, Mapping):
        return {k: plain(v) for k, v in inner.items()}
    if isinstance(inner, tuple):
        return [plain(v) for v in inner]
    return inner


def native(harness: Harness) -> ConnectNativeProvider:
    """The native provider configured as an explicit provider instance pointed at the emulator."""
    provider = ConnectNativeProvider()
    args = {
        "region": pv("europe-west1.gcp"),
        "projectKey": pv("demo-project"),
        "clientId": pv("connect-emulator"),
        "clientSecret": pv("connect-emulator-secret", secret=True),
        "connectUrl": pv(BASE_URL),
        "authUrl": pv(BASE_URL),
    }
    asyncio.run(provider.configure(ConfigureRequest({}, args, True, True)))
    return provider


def deployment_inputs(connector: Mapping[str, Any], key: str = "abc-first-connector-preview") -> dict[str, Any]:
    secured = pv({"CTP_CLIENT_ID": "client-id", "CTP_CLIENT_SECRET": "client-secret-value"}, secret=True)
    configurations = PropertyValue(
        {
            "cartExtension": PropertyValue(
                {
                    "standard": pv({"CTP_PROJECT_KEY": "demo-project", "CTP_REGION": "europe-west1.gcp"}),
                    "secured": secured,
                }
            )
        }
    )
    return {
        "key": pv(key),
        "connectorKey": pv(connector["key"]),
        "connectorVersion": pv(connector["version"]),
        "staged": pv(True),
        "region": pv("europe-west1.gcp"),
        "configurations": configurations,
    }


def test_check_names_each_problem_by_its_camel_case_property(harness: Harness) -> None:
    provider = native(harness)
    news = {
        "key": pv("abc"),
        "name": pv("Abc"),
        "creator": pv({"email": "not-an-email"}),
        "repository": pv({"url": "https://github.com/abc/x.git", "tag": "0.0.0"}),
        "supportedRegions": pv(["mars-west1.gcp"]),
    }
    checked = asyncio.run(provider.check(CheckRequest(CONNECTOR_STAGED, {}, news, b"")))
    failures = {f.property: f.reason for f in checked.failures or []}
    assert set(failures) == {"creator", "supportedRegions"}, "the engine shows inputs[property]: a top-level one"
    assert failures["creator"].startswith("creator.email: ")
    assert "did you mean 'europe-west1.gcp'" in failures["supportedRegions"]


def test_create_through_the_native_face_deploys_keeps_secrets_and_diffs_clean_then_by_path(harness: Harness) -> None:
    connector = staged_connector(harness)
    provider = native(harness)
    checked = asyncio.run(provider.check(CheckRequest(DEPLOYMENT, {}, deployment_inputs(connector), b"")))
    assert not checked.failures and checked.inputs is not None
    assert checked.inputs["configurations"].contains_secret(), "the secured values stay secrets through check"

    created = asyncio.run(provider.create(CreateRequest(DEPLOYMENT, checked.inputs, 60.0, False)))
    on_server = harness.api("/demo-project/deployments/key=abc-first-connector-preview")
    assert on_server["status"] == "Deployed" and created.resource_id == on_server["id"]
    state = created.properties
    assert plain(state["status"]) == "Deployed" and plain(state["deploymentId"]) == on_server["id"]
    assert plain(state["deployedConnectorVersion"]) == connector["version"]
    assert state["securedHashes"].is_secret

    same = asyncio.run(provider.diff(DiffRequest(DEPLOYMENT, on_server["id"], state, checked.inputs, [])))
    assert same.changes is False

    news = deployment_inputs(connector)
    application = dict(news["configurations"].value["cartExtension"].value)
    application["secured"] = pv({"CTP_CLIENT_ID": "client-id", "CTP_CLIENT_SECRET": "rotated"}, secret=True)
    news["configurations"] = PropertyValue({"cartExtension": PropertyValue(application)})
    changed = asyncio.run(provider.diff(DiffRequest(DEPLOYMENT, on_server["id"], state, news, [])))
    assert changed.changes is True and changed.replaces == []
    assert {path: d.kind for path, d in changed.detailed_diff.items()} == {
        "configurations.cartExtension.secured.CTP_CLIENT_SECRET": PropertyDiffKind.UPDATE
    }


def test_many_deployments_wait_at_once_and_import_reads_without_writing(harness: Harness) -> None:
    connector = staged_connector(harness)
    provider = native(harness)
    keys = [f"abc-first-connector-{n}" for n in range(8)]

    async def create_all() -> list[Any]:
        requests = [CreateRequest(DEPLOYMENT, deployment_inputs(connector, key), 60.0, False) for key in keys]
        return list(await asyncio.gather(*(provider.create(r) for r in requests)))

    created = asyncio.run(create_all())
    assert [plain(c.properties["status"]) for c in created] == ["Deployed"] * len(keys)
    harness.requests.clear()

    imported = asyncio.run(provider.read(ReadRequest(DEPLOYMENT, f"demo-project/{keys[0]}", {}, {})))
    assert imported.resource_id == created[0].resource_id
    assert {name: plain(value) for name, value in imported.inputs.items() if name != "configurations"} == {
        "key": keys[0],
        "connectorKey": connector["key"],
        "connectorVersion": connector["version"],
        "staged": True,
        "region": "europe-west1.gcp",
    }
    assert [r for r in harness.requests if r[0] != "GET" and "oauth" not in r[1]] == [], "an import only reads"


def test_find_connector_returns_the_published_connector_or_says_none_matched(harness: Harness) -> None:
    provider = native(harness)
    token = "commercetools-connect:index:findConnector"
    missing = asyncio.run(provider.invoke(InvokeRequest(token, {"key": pv("no-such-connector")})))
    assert [f.reason for f in missing.failures] == ["no published connector with key 'no-such-connector'"]
    assert missing.return_value is None

    connector = staged_connector(harness)
    staged = ConnectorStagedProvider()
    harness.configure(staged)
    props = {**connector, "publish": "private"}
    staged.update(connector["connector_staged_id"], connector, connector_inputs(props))
    found = asyncio.run(provider.invoke(InvokeRequest(token, {"key": pv("abc-first-connector")})))
    assert not found.failures and found.return_value is not None
    assert plain(found.return_value["key"]) == "abc-first-connector"
    assert plain(found.return_value["version"]) >= 1 and isinstance(plain(found.return_value["id"]), str)


def test_check_failures_speak_the_native_face_names_and_advice(harness: Harness) -> None:
    provider = native(harness)
    news = {"key": pv("cart"), "region": pv("europe-west1.gcp"), "deploymentType": pv("preview"), "staged": pv(False)}
    checked = asyncio.run(provider.check(CheckRequest(DEPLOYMENT, {}, news, b"")))
    failures = {f.property: f.reason for f in checked.failures or []}
    assert failures["connectorKey"] == "set connectorKey or connectorId", "no Python name, no connector= advice"
    assert failures["deploymentType"].endswith("set staged: true")
    both = {**news, "connectorKey": pv("abc"), "connectorId": pv("abc-id"), "deploymentType": pv("sandbox")}
    checked = asyncio.run(provider.check(CheckRequest(DEPLOYMENT, {}, both, b"")))
    assert [(f.property, f.reason) for f in checked.failures or []] == [
        ("connectorId", "set either connectorKey or connectorId, not both")
    ]
