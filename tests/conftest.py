"""Suite-wide fixtures: a clean environment per test."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _restore_environ() -> Iterator[None]:
    """Snapshot ``os.environ`` and put it back, so no test leaks configuration."""
    saved = dict(os.environ)
    yield
    os.environ.clear()
    os.environ.update(saved)
