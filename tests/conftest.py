"""Suite-wide fixtures: a clean environment per test."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _restore_environ() -> Iterator[None]:
    """Snapshot ``os.environ`` and put it back, so no test leaks configuration."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture(scope="session", autouse=True)
def _close_mongo_clients() -> Iterator[None]:
    """Close the per-process MongoDB clients the stores cached, before the interpreter exits."""
    yield
    mongo = sys.modules.get("core.stores.mongo")
    if mongo is not None:
        mongo.release_clients()
