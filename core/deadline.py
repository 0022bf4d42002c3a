"""The current invocation's deadline, visible to stores without threading it through calls."""

from __future__ import annotations

import time
from contextvars import ContextVar

# The app sets and resets it around each request (directly: a context manager costs
# more than the rest of the bookkeeping on the hot path).
current_deadline: ContextVar[float | None] = ContextVar("faasport_deadline", default=None)


def remaining_seconds(default: float) -> float:
    """Seconds left before the deadline, capped by ``default``; never below a small floor."""
    deadline = current_deadline.get()
    if deadline is None:
        return default
    # Keep a sliver of the budget so the function can still answer with a 503.
    left = deadline - time.time() - 0.05
    return max(0.01, min(default, left))
