"""Neutral HTTP types: multi-valued, case-insensitive headers and query."""

from __future__ import annotations

import pytest

from core.http import ColdStart, Headers, Query, Request, Response, is_text_type, text_body


def test_headers_are_case_insensitive_and_keep_repeats() -> None:
    headers = Headers([("Set-Cookie", "a=1"), ("set-cookie", "b=2"), ("X-One", "1")])
    assert headers.get("SET-COOKIE") == "a=1"
    assert headers.get_all("set-cookie") == ["a=1", "b=2"]
    assert "x-one" in headers
    assert headers.keys() == ["Set-Cookie", "X-One"]
    assert headers.to_dict() == {"Set-Cookie": ["a=1", "b=2"], "X-One": ["1"]}


def test_query_is_case_sensitive_and_keeps_repeats() -> None:
    query = Query({"tag": ["a", "b"], "Tag": "c"})
    assert query.get_all("tag") == ["a", "b"]
    assert query.get("Tag") == "c"
    assert query.get("TAG") is None
    assert len(query) == 3


def test_empty_sources_make_empty_mappings() -> None:
    assert not Headers(None)
    assert not Query({})
    assert Headers().get("x", "default") == "default"
    assert "missing" not in Headers()


def test_equality_compares_pairs_and_kind() -> None:
    assert Headers({"a": "1"}) == Headers([("a", "1")])
    assert Headers({"a": "1"}) != Query({"a": "1"})


def test_request_defaults_are_empty() -> None:
    request = Request("GET", "/")
    assert (request.query, request.headers, request.body) == (Query(), Headers(), b"")
    assert request.invocation.provider == "core"


def test_response_json_sets_content_type_and_extra_headers() -> None:
    response = Response.json({"ok": True}, 201, [("etag", '"1"')])
    assert response.status == 201
    assert response.headers.pairs == (("content-type", "application/json"), ("etag", '"1"'))
    assert response.body == b'{"ok":true}'


@pytest.mark.parametrize(
    ("content_type", "text"),
    [
        pytest.param("application/json", True, id="json"),
        pytest.param("application/problem+json; charset=utf-8", True, id="problem-json"),
        pytest.param("text/html; charset=utf-8", True, id="text"),
        pytest.param("image/svg+xml", True, id="svg"),
        pytest.param("image/png", False, id="png"),
        pytest.param("application/octet-stream", False, id="octet"),
        pytest.param(None, False, id="absent"),
    ],
)
def test_is_text_type(content_type: str | None, text: bool) -> None:
    assert is_text_type(content_type) is text


@pytest.mark.parametrize(
    ("body", "content_type", "text"),
    [
        pytest.param(b"", "image/png", "", id="empty-is-text"),
        pytest.param(b'{"a":1}', "application/json", '{"a":1}', id="json"),
        pytest.param(b"\x89PNG", "image/png", None, id="binary"),
        pytest.param("é".encode("latin-1"), "text/plain; charset=latin-1", None, id="not-utf8"),
    ],
)
def test_text_body_says_what_can_travel_as_text(
    body: bytes, content_type: str, text: str | None
) -> None:
    assert text_body(body, content_type) == text


def test_cold_start_is_true_once() -> None:
    cold_start = ColdStart()
    assert [cold_start() for _ in range(3)] == [True, False, False]
