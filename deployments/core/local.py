"""Local use of the core itself: the default of `faasport serve`."""

from __future__ import annotations

from core.app import create_app
from deployments.local.options import LocalOptions
from deployments.local.wire import (
    Gateway,
    core_gateway,
    describe_response,
    request_from_description,
)


def gateway(options: LocalOptions) -> Gateway:
    """Raw HTTP straight into the core App."""
    return core_gateway(create_app())


def invoke(payload: object, options: LocalOptions) -> object:
    """One JSON request description through the core; the response description back."""
    if not isinstance(payload, dict):
        raise ValueError("the core takes a JSON request description (an object)")
    return describe_response(gateway(options)(request_from_description(payload)))
