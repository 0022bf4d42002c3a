"""Reading client input: JSON bodies, query integers, conditional headers."""

from __future__ import annotations

import pytest

from core.errors import BadRequest, PayloadTooLarge, UnsupportedMediaType, VersionConflict
from core.http import Headers, Query, Request
from core.parsing import (
    JSON_TYPES,
    if_match_versions,
    none_match,
    query_int,
    read_json_object,
)


def with_headers(**headers: str) -> Request:
    return Request(
        "GET", "/", headers=Headers({k.replace("_", "-"): v for k, v in headers.items()})
    )


def json_request(body: bytes, content_type: str = "application/json; charset=utf-8") -> Request:
    return Request("POST", "/", headers=Headers({"Content-Type": content_type}), body=body)


def test_read_json_object_accepts_media_type_with_parameters() -> None:
    assert read_json_object(json_request(b'{"a": 1}'), 100, JSON_TYPES) == {"a": 1}


@pytest.mark.parametrize(
    ("request_", "error"),
    [
        pytest.param(json_request(b"x" * 101), PayloadTooLarge, id="too-large"),
        pytest.param(json_request(b"{}", "text/plain"), UnsupportedMediaType, id="text"),
        pytest.param(json_request(b"{", "application/json"), BadRequest, id="malformed"),
        pytest.param(json_request(b"[1]", "application/json"), BadRequest, id="not-object"),
        pytest.param(json_request(b"\xff", "application/json"), BadRequest, id="not-utf8"),
    ],
)
def test_read_json_object_rejects(request_: Request, error: type[Exception]) -> None:
    with pytest.raises(error):
        read_json_object(request_, 100, JSON_TYPES)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [pytest.param(None, 20, id="default"), pytest.param("5", 5, id="given")],
)
def test_query_int_reads_bounded_integers(raw: str | None, expected: int) -> None:
    request = Request("GET", "/", query=Query({"limit": raw} if raw else {}))
    assert query_int(request, "limit", 20, 1, 100) == expected


@pytest.mark.parametrize("raw", ["0", "101", "-1", "1.5", "", "ten", "²", "9" * 20])
def test_query_int_rejects_out_of_range_or_non_numbers(raw: str) -> None:
    with pytest.raises(BadRequest):
        query_int(Request("GET", "/", query=Query({"limit": raw})), "limit", 20, 1, 100)


@pytest.mark.parametrize(
    ("header", "versions"),
    [
        pytest.param(None, None, id="absent"),
        pytest.param("*", None, id="any"),
        pytest.param('"3"', {3}, id="strong"),
        pytest.param('"3", "4"', {3, 4}, id="list"),
        pytest.param('W/"2", "5", "x"', {5}, id="weak-and-garbage-never-match"),
    ],
)
def test_if_match_versions(header: str | None, versions: set[int] | None) -> None:
    request = with_headers(if_match=header) if header else with_headers()
    assert if_match_versions(request) == versions


@pytest.mark.parametrize("header", ['W/"3"', '"abc"', "garbage", '"²"', '"1234567890"'])
def test_if_match_that_cannot_match_fails_the_precondition(header: str) -> None:
    with pytest.raises(VersionConflict):
        if_match_versions(with_headers(if_match=header))


@pytest.mark.parametrize(
    ("header", "matches"),
    [
        pytest.param('"2"', True, id="same"),
        pytest.param('W/"2"', True, id="weak-compare"),
        pytest.param('"1", "2"', True, id="list"),
        pytest.param("*", True, id="any"),
        pytest.param('"1"', False, id="other"),
    ],
)
def test_none_match(header: str, matches: bool) -> None:
    assert none_match(with_headers(if_none_match=header), 2) is matches
