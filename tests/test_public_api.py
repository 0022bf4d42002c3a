"""Pins the public surface, so it changes only on purpose (and every adapter keeps its shape)."""

from __future__ import annotations

import importlib
import inspect

import pytest

PUBLIC = {
    "core.http": {"ColdStart", "Headers", "Invocation", "MultiDict", "Query", "Request",
                  "Response", "is_text_type", "media_type", "parse_query", "text_body"},
    "adapters.aws": {"LambdaContext", "UnsupportedEvent", "event_kind", "from_response",
                     "lambda_handler", "to_request"},
    "adapters.gcp": {"from_response", "http_function", "to_request"},
    "adapters.azure": {"from_response", "function_app", "register", "to_request"},
    "adapters.openwhisk": {"Activation", "NotWebInvocation", "activation_from_env",
                           "body_is_base64", "from_response", "is_binary", "to_request",
                           "web_action"},
}  # fmt: skip


def public_names(module_name: str) -> set[str]:
    """Functions and classes a module defines without a leading underscore."""
    module = importlib.import_module(module_name)
    return {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and (inspect.isfunction(value) or inspect.isclass(value))
        and value.__module__ == module_name
    }


@pytest.mark.parametrize("module_name", sorted(PUBLIC))
def test_public_api_is_pinned(module_name: str) -> None:
    assert public_names(module_name) == PUBLIC[module_name]


@pytest.mark.parametrize("module_name", sorted(m for m in PUBLIC if m.startswith("adapters.")))
def test_every_adapter_has_the_same_shape(module_name: str) -> None:
    """Read one adapter, know them all: ``to_request`` and ``from_response`` in each."""
    assert {"to_request", "from_response"} <= public_names(module_name)
