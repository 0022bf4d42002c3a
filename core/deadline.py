"""The current invocation's deadline, visible to stores without threading it through calls."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_deadline: ContextVar[float | None] = ContextVar("faasport_deadline", default=None)


@contextmanager
def bounded_by(deadline: float | None) -> Iterator[None]:
    """Make ``deadline`` (absolute ``time.time()`` seconds) current for the block."""
    token = _deadline.set(deadline)
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining_seconds(default: float) -> float:
    """Seconds left before the deadline, capped by ``default``; never below a small floor."""
    deadline = _deadline.get()
    if deadline is None:
        return default
    # Keep a sliver of the budget so the function can still answer with a 503.
    left = deadline - time.time() - 0.05
    return max(0.01, min(default, left))
