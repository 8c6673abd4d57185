"""Many dynamic resources in one process: the SDK's pickler patch must not pile up."""

from __future__ import annotations

import pickle

from pulumi.dynamic.dynamic import serialize_provider

from connect_as_code import DeploymentProvider
from connect_as_code._sdk_workarounds.pickle_guard import restoring_pickler


def test_the_pickler_is_restored_after_each_serialization() -> None:
    original = pickle._Pickler.__dict__["_batch_setitems"]
    for _ in range(1500):  # more than the recursion limit would allow without the guard
        with restoring_pickler():
            serialize_provider(DeploymentProvider())
    assert pickle._Pickler.__dict__["_batch_setitems"] is original


def test_without_the_guard_the_sdk_wraps_again_each_time() -> None:
    with restoring_pickler():
        serialize_provider(DeploymentProvider())
        once = pickle._Pickler.__dict__["_batch_setitems"]
        serialize_provider(DeploymentProvider())
        assert pickle._Pickler.__dict__["_batch_setitems"] is not once
