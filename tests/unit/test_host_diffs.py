"""Detailed diffs: the paths a provider records reach the engine's DiffResponse, inside the host only."""

from __future__ import annotations

import types
from typing import Any

from pulumi.runtime.proto import provider_pb2

from connect_as_code._sdk_workarounds import host_diffs
from connect_as_code.connect import Deployment
from connect_as_code.deployment_model import declared, detailed_changes, outputs_of

from .connect._support import deployment_body
from .test_deployment_model import seed_inputs as model_seed_inputs


def fake_host(response: Any = provider_pb2.DiffResponse) -> types.ModuleType:
    """A module shaped like ``python -m pulumi.dynamic``'s ``__main__``: a spec and a ``proto`` namespace."""
    host = types.ModuleType("__main__")
    host.__spec__ = types.SimpleNamespace(name="pulumi.dynamic.__main__")  # type: ignore[assignment]
    host.proto = types.SimpleNamespace(DiffResponse=response, PropertyDiff=provider_pb2.PropertyDiff)  # type: ignore[attr-defined]
    return host


def test_property_paths_quote_what_is_not_an_identifier() -> None:
    assert host_diffs.property_path("configurations", "cartExtension", "secured", "KEY") == (
        "configurations.cartExtension.secured.KEY"
    )
    assert host_diffs.property_path("configurations", "cart-extension", "standard") == (
        'configurations["cart-extension"].standard'
    )


def test_leaf_changes_descend_into_maps_and_compare_the_rest_whole() -> None:
    old = {"a": {"x": 1, "y": [1]}, "b": 1}
    new = {"a": {"x": 2, "y": [1, 2], "z": 3}, "c": 1}
    assert host_diffs.leaf_changes(old, new, "top") == {
        "top.a.x": "update",
        "top.a.y": "update",
        "top.a.z": "add",
        "top.b": "delete",
        "top.c": "add",
    }


def test_outside_the_provider_host_nothing_is_installed() -> None:
    assert host_diffs._install(types.ModuleType("__main__")) == "not a provider host"


def test_the_recorded_paths_become_the_detailed_diff_of_the_response() -> None:
    host = fake_host()
    assert host_diffs._install(host) == "installed"
    response_type = host.proto.DiffResponse
    host_diffs.record({"configurations.cartExtension.secured.CTP_CLIENT_SECRET": "update", "region": "update-replace"})
    response = response_type(changes=response_type.DIFF_SOME, replaces=["region"])
    assert response.hasDetailedDiff
    assert list(response.diffs) == ["configurations", "region"]
    assert response.detailedDiff["region"].kind == provider_pb2.PropertyDiff.UPDATE_REPLACE
    assert response.detailedDiff["configurations.cartExtension.secured.CTP_CLIENT_SECRET"].inputDiff
    unchanged = response_type(changes=response_type.DIFF_NONE)
    assert not unchanged.hasDetailedDiff  # nothing recorded for this one: the engine's own diff
    assert host_diffs._install(host) == "installed"  # idempotent: wrapped once
    assert response_type is host.proto.DiffResponse


def test_a_host_without_the_protocol_module_is_reported() -> None:
    host = fake_host()
    host.proto = types.SimpleNamespace()  # type: ignore[attr-defined]
    assert host_diffs._install(host).startswith("unavailable: ")


def seed_inputs(**overrides: Any) -> dict[str, Any]:
    """The model tests' seed Deployment, pinned to connector version 1."""
    return model_seed_inputs(**{"connector_version": 1, **overrides})


def test_a_rotated_secret_is_the_only_reason_shown() -> None:
    olds = outputs_of(Deployment.model_validate(deployment_body(status="Deployed")), declared(seed_inputs()))
    news = seed_inputs()
    news["configurations"]["cartExtension"]["secured"]["CTP_CLIENT_SECRET"] = "rotated"
    assert detailed_changes(olds, news) == {"configurations.cartExtension.secured.CTP_CLIENT_SECRET": "update"}


def test_a_deployment_refresh_found_failed_shows_its_status() -> None:
    olds = outputs_of(Deployment.model_validate(deployment_body(status="Failed")), declared(seed_inputs()))
    assert detailed_changes(olds, seed_inputs()) == {"status": "update"}


def test_a_release_shows_the_connectors_tag_and_version() -> None:
    repository = {"url": "https://github.com/abc/first-connect-application.git", "tag": "0.0.0"}
    olds = outputs_of(
        Deployment.model_validate(deployment_body(status="Deployed")),
        declared(seed_inputs(connector_repository=repository)),
    )
    news = seed_inputs(connector_repository={**repository, "tag": "0.0.1"}, connector_version=2)
    assert detailed_changes(olds, news) == {"connector_repository.tag": "update", "connector_version": "update"}
