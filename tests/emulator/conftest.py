"""Fixtures of the emulator tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.emulator.support import Env


@pytest.fixture(scope="session")
def shared_env() -> Iterator[Env]:
    """One emulator app for the whole session (building a FastAPI app takes ~0.15 s)."""
    environment = Env()
    yield environment
    environment.close()


@pytest.fixture
def env(shared_env: Env) -> Env:
    """A freshly reset emulator with a manual clock and the default profile of durations."""
    shared_env.reset()
    return shared_env
