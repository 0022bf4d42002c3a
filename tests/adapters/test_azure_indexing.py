"""What the Python worker indexes from the adapter's FunctionApp (worker indexing, v2 model).

The worker calls ``app.get_functions()`` once, sends each function's raw bindings JSON to the
host, resolves the user function's type hints and picks converters from them.
"""

from __future__ import annotations

import json
import typing

import azure.functions as func
import pytest
from azure.functions.http import HttpRequestConverter, HttpResponseConverter

from adapters.azure import function_app
from core.http import Request, Response

ALL_METHODS = ["GET", "POST", "DELETE", "HEAD", "PATCH", "PUT", "OPTIONS"]


def echo(request: Request) -> Response:
    """An App that answers with its path."""
    return Response(200, body=request.path.encode())


def expected_bindings(auth_level: str) -> list[dict[str, object]]:
    """The binding JSON the host receives: one catch-all trigger, one http output."""
    trigger = {"direction": "IN", "type": "httpTrigger", "name": "req", "methods": ALL_METHODS,
               "authLevel": auth_level, "route": "{*path}"}  # fmt: skip
    return [trigger, {"direction": "OUT", "type": "http", "name": "$return"}]


@pytest.mark.parametrize(
    ("auth_level", "raw_level"),
    [
        pytest.param(func.AuthLevel.FUNCTION, "FUNCTION", id="function"),
        pytest.param(func.AuthLevel.ANONYMOUS, "ANONYMOUS", id="anonymous"),
        pytest.param("admin", "ADMIN", id="admin-by-name"),
    ],
)
def test_function_app_indexes_one_catch_all_function(
    auth_level: func.AuthLevel | str, raw_level: str
) -> None:
    (function,) = function_app(echo, auth_level=auth_level, name="notes").get_functions()
    indexed = {
        "name": function.get_function_name(),
        "bindings": [json.loads(raw) for raw in function.get_raw_bindings()],
        "json": json.loads(function.get_function_json()),
    }
    assert indexed == {
        "name": "notes",
        "bindings": expected_bindings(raw_level),
        "json": {"scriptFile": "function_app.py", "bindings": expected_bindings(raw_level)},
    }


def test_function_app_bindings_dict_names_the_trigger_and_output() -> None:
    (function,) = function_app(echo).get_functions()
    assert function.get_bindings_dict() == {
        "bindings": [
            {"direction": func.decorators.core.BindingDirection.IN, "type": "httpTrigger",
             "name": "req", "methods": list(func.HttpMethod), "authLevel": func.AuthLevel.FUNCTION,
             "route": "{*path}"},
            {"direction": func.decorators.core.BindingDirection.OUT, "type": "http",
             "name": "$return"},
        ]
    }  # fmt: skip


def test_function_app_user_function_types_pick_the_http_converters() -> None:
    """The worker resolves the hints: req is an HttpRequest, the return an HttpResponse."""
    (function,) = function_app(echo).get_functions()
    hints = typing.get_type_hints(function.get_user_function())
    assert (
        sorted(hints),
        HttpRequestConverter.check_input_type_annotation(hints["req"]),
        HttpResponseConverter.check_output_type_annotation(hints["return"]),
        hints["context"],
    ) == (["context", "req", "return"], True, True, func.Context)


def test_function_app_rejects_unknown_auth_level() -> None:
    with pytest.raises(ValueError, match="unknown auth level 'public'; choose one of function, "):
        function_app(echo, auth_level="public")
