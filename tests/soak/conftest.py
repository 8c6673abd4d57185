"""The soak reuses the end-to-end fixtures (real engine, emulator on loopback)."""

from tests.e2e.conftest import emulator, programs, pytest_collection_modifyitems

__all__ = ["emulator", "programs", "pytest_collection_modifyitems"]
