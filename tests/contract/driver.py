"""The Driver interface of the contract suite: send one HTTP request, get the reply.

Each module in ``tests/contract/drivers/`` defines ``DRIVERS``: a mapping from a driver
name to a factory ``(DriverEnv) -> context manager yielding a Driver``. The suite runs
every scenario through every driver, so a failure on one driver points at its adapter.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from core.http import Headers


@dataclass(frozen=True)
class Reply:
    """What came back: status, every header (repeats kept) and the body."""

    status: int
    headers: Headers
    body: bytes

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.body)


class Driver(Protocol):
    """Sends a request through one front door of the backend.

    A driver may also have ``platform_answers``: names of scenarios that the provider's
    own front door answers before the function runs (the suite then checks the
    platform's status, not our problem body).
    """

    def send(
        self, method: str, target: str, headers: Sequence[tuple[str, str]] = (), body: bytes = b""
    ) -> Reply:
        """Send ``method target`` (path with an optional percent-encoded query)."""
        ...


@dataclass(frozen=True)
class DriverEnv:
    """What a driver factory gets: a store URL of its own and a scratch folder."""

    store_url: str
    tmp_path: Path


DriverFactory = Callable[[DriverEnv], AbstractContextManager[Driver]]
