"""The route table: matching, 404, 405 with Allow, HEAD."""

from __future__ import annotations

import pytest

from core.errors import MethodNotAllowed, NotFound
from core.http import Request, Response
from core.routing import Params, Route, Router


def echo(request: Request, params: Params) -> Response:
    return Response.json({"method": request.method, "params": params})


ROUTER = Router(
    [
        Route("GET", "/items", echo),
        Route("POST", "/items", echo),
        Route("GET", "/items/{id}", echo),
        Route("DELETE", "/items/{id}", echo),
    ]
)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        pytest.param("/items/42", {"id": "42"}, id="param"),
        pytest.param("/items/42/", {"id": "42"}, id="trailing-slash"),
        pytest.param("/items", {}, id="collection"),
    ],
)
def test_router_matches_templates(path: str, params: Params) -> None:
    response = ROUTER.dispatch(Request("GET", path))
    assert response.status == 200
    assert b'"params":' in response.body
    assert str(params).replace("'", '"').replace(" ", "").encode() in response.body


def test_router_unknown_path_is_not_found() -> None:
    with pytest.raises(NotFound):
        ROUTER.dispatch(Request("GET", "/items/1/2"))


def test_router_empty_segment_does_not_match_a_parameter() -> None:
    with pytest.raises(NotFound):
        ROUTER.dispatch(Request("GET", "/items//x"))


def test_router_wrong_method_lists_allowed_methods() -> None:
    with pytest.raises(MethodNotAllowed) as raised:
        ROUTER.dispatch(Request("PUT", "/items/1"))
    assert raised.value.allow == ("DELETE", "GET", "HEAD")


def test_router_head_answers_like_get_without_body() -> None:
    response = ROUTER.dispatch(Request("HEAD", "/items/7"))
    assert response.status == 200
    assert response.body == b""
    assert response.headers.get("content-type") == "application/json"
