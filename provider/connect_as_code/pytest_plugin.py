"""pytest fixtures to test your own Pulumi program offline, against a local Connect API.

Loaded automatically by pytest when ``connect-as-code[emulator]`` is installed (entry point
``pytest11``)::

    def test_my_stack_deploys(connect_emulator, tmp_path):
        env = {**os.environ, **connect_emulator.environment()}  # CTP_* for `pulumi up`
        connect_emulator.script("deploy", "my-deployment", ["Failed", "Deployed"])
        ...  # run `pulumi up` (CLI or Automation API) with env
        assert connect_emulator.deployment("my-deployment")["status"] == "Deployed"

``connect_emulator`` starts the emulator on a free loopback port with 50 ms lifecycle phases and stops
it after the test. Override the ``connect_emulator_settings`` fixture to change what it starts with
(``{"durations": {"profile": "fast", "deploying": 2}}``, ``{"project_key": "shop"}``, ...).

Without the ``emulator`` extra the fixtures fail with the install line; importing this module never does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from connect_as_code.emulator.local import LocalConnect


@pytest.fixture
def connect_emulator_settings() -> dict[str, Any]:
    """Keyword arguments of :func:`connect_as_code.emulator.local.start_local_connect` for ``connect_emulator``."""
    return {"durations": "fast"}


@pytest.fixture
def connect_emulator(connect_emulator_settings: dict[str, Any]) -> Iterator[LocalConnect]:
    """A local Connect API on a free loopback port, its default API client, and its admin API."""
    from connect_as_code.emulator.local import start_local_connect

    with start_local_connect(**connect_emulator_settings) as connect:
        yield connect
