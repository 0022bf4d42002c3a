"""Golden cases of the OpenWhisk adapter: web-action args -> Request, Response -> result."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from adapters.openwhisk import (
    Activation,
    NotWebInvocation,
    activation_from_env,
    body_is_base64,
    from_response,
    to_request,
    web_action,
)
from core.http import Headers, Invocation, Query, Request, Response

ACTIVATION = Activation("a1b2", "/guest/notes", "guest", 1_700_000_060_000, False,
                        frozenset({"greeting"}))  # fmt: skip
INVOCATION = Invocation("openwhisk", "a1b2", "/guest/notes", 1_700_000_060.0, False)
PNG = b"\x89PNG\r\n\x1a\n\x00\x01\xff"
NOTE = b'{"title":"milk","tags":["a"]}'
HEADERS = {"accept": "*/*", "host": "ow.example", "user-agent": "curl/8.5.0"}


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def raw(method: str, path: str, query: str, body: str, **headers: str) -> dict[str, Any]:
    """Args as the controller builds them for a ``web: raw`` action."""
    context = {"__ow_method": method, "__ow_path": path, "__ow_headers": {**HEADERS, **headers}}
    return {"FAASPORT_STORE": "mongodb://bound", **context, "__ow_query": query, "__ow_body": body}


def standard(method: str, path: str, merged: dict[str, Any], **headers: str) -> dict[str, Any]:
    """Args as the controller builds them for a ``web: true`` action (bound params included)."""
    bound = {"FAASPORT_STORE": "mongodb://bound", "greeting": "hello"}
    return {**bound, **merged, "__ow_method": method, "__ow_path": path,
            "__ow_headers": {**HEADERS, **headers}}  # fmt: skip


def request(method: str, path: str, query: Query, body: bytes, **headers: str) -> Request:
    return Request(method, path, query, Headers({**HEADERS, **headers}), body, INVOCATION)


JSON_HEADERS = {"content-type": "application/json", "content-length": str(len(NOTE))}
CASES = [
    pytest.param(
        raw("get", "/notes", "tag=a&tag=b&limit=2&q=x+y%21", ""),
        request(
            "GET", "/notes", Query([("tag", "a"), ("tag", "b"), ("limit", "2"), ("q", "x y!")]), b""
        ),
        id="raw-get-repeated-query-key",
    ),
    pytest.param(
        raw("post", "/notes", "", b64(NOTE), **JSON_HEADERS),
        request("POST", "/notes", Query(), NOTE, **JSON_HEADERS),
        id="raw-json-post-is-base64",
    ),
    pytest.param(
        raw("post", "/notes", "", "plain words", **{"content-type": "text/plain"}),
        request("POST", "/notes", Query(), b"plain words", **{"content-type": "text/plain"}),
        id="raw-text-post-is-plain",
    ),
    pytest.param(
        raw("put", "/files/1", "", b64(PNG), **{"content-type": "image/png"}),
        request("PUT", "/files/1", Query(), PNG, **{"content-type": "image/png"}),
        id="raw-binary-post-is-base64",
    ),
    pytest.param(
        raw("patch", "/notes/%24where/a%20b", "", ""),
        request("PATCH", "/notes/$where/a b", Query(), b""),
        id="raw-path-remainder-decoded",
    ),
    pytest.param(
        raw("get", "", "", ""),
        request("GET", "/", Query(), b""),
        id="raw-empty-remainder-is-root",
    ),
    pytest.param(
        standard("get", "/notes", {"limit": "2", "tag": "b"}),
        request("GET", "/notes", Query([("limit", "2"), ("tag", "b")]), b""),
        id="standard-get-query-without-bound-params",
    ),
    pytest.param(
        standard("post", "/notes", {"title": "milk", "tags": ["a"]}, **JSON_HEADERS),
        request("POST", "/notes", Query(), NOTE, **JSON_HEADERS),
        id="standard-json-object-post-rebuilt",
    ),
    pytest.param(
        {
            **standard("post", "/notes", {"x": "1"}, **{"content-type": "application/json"}),
            "__ow_body": [1, 2],
        },
        request(
            "POST", "/notes", Query([("x", "1")]), b"[1,2]", **{"content-type": "application/json"}
        ),
        id="standard-json-array-post-in-ow-body",
    ),
    pytest.param(
        {**standard("post", "/notes", {}, **{"content-type": "text/plain"}), "__ow_body": "hi"},
        request("POST", "/notes", Query(), b"hi", **{"content-type": "text/plain"}),
        id="standard-text-post-in-ow-body",
    ),
    pytest.param(
        {**standard("post", "/up", {}, **{"content-type": "image/png"}), "__ow_body": b64(PNG)},
        request("POST", "/up", Query(), PNG, **{"content-type": "image/png"}),
        id="standard-binary-post-base64-in-ow-body",
    ),
    pytest.param(
        standard(
            "post",
            "/form",
            {"a": "1", "b": "x y"},
            **{"content-type": "application/x-www-form-urlencoded", "content-length": "9"},
        ),
        request(
            "POST",
            "/form",
            Query(),
            b"a=1&b=x+y",
            **{"content-type": "application/x-www-form-urlencoded", "content-length": "9"},
        ),
        id="standard-form-post-rebuilt",
    ),
]


@pytest.mark.parametrize(("args", "expected"), CASES)
def test_to_request_translates_web_action_args(args: dict[str, Any], expected: Request) -> None:
    assert to_request(args, ACTIVATION) == expected


@pytest.mark.parametrize(
    ("content_type", "encoded"),
    [
        pytest.param("application/json", True, id="json-legacy-base64"),
        pytest.param("application/json; charset=utf-8", True, id="json-with-charset"),
        pytest.param("application/merge-patch+json", False, id="registered-plus-json-text"),
        pytest.param("application/problem+json", False, id="problem-json-text"),
        pytest.param("text/plain", False, id="text-plain"),
        pytest.param("text/html; charset=utf-8", False, id="text-html"),
        pytest.param("application/xml", False, id="xml"),
        pytest.param("application/x-www-form-urlencoded", False, id="form"),
        pytest.param(None, True, id="absent-is-octet-stream"),
        pytest.param("application/octet-stream", True, id="octet-stream"),
        pytest.param("image/png", True, id="image"),
        pytest.param("image/svg+xml", True, id="svg-registered-binary"),
        pytest.param("multipart/form-data; boundary=x", True, id="multipart"),
        pytest.param("text/x-unregistered", True, id="unregistered-text-without-charset"),
        pytest.param("text/x-unregistered; charset=utf-8", False, id="unregistered-with-charset"),
        pytest.param("application/vnd.acme+json", True, id="unregistered-plus-json"),
        pytest.param("image/png; charset=utf-8", True, id="binary-family-with-charset"),
    ],
)
def test_body_is_base64_follows_the_controller(content_type: str | None, encoded: bool) -> None:
    """Raw mode encodes a body iff Akka calls its type binary, or it is application/json."""
    assert body_is_base64(content_type) is encoded


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        pytest.param(
            Response.json({"id": "1"}, status=201, headers={"location": "/notes/1"}),
            {
                "statusCode": 201,
                "headers": {"content-type": "application/json", "location": "/notes/1"},
                "body": '{"id":"1"}',
            },
            id="json",
        ),
        pytest.param(
            Response(200, Headers({"content-type": "text/plain; charset=utf-8"}), "héllo".encode()),
            {
                "statusCode": 200,
                "headers": {"content-type": "text/plain; charset=utf-8"},
                "body": "héllo",
            },
            id="text",
        ),
        pytest.param(
            Response(200, Headers({"content-type": "image/png"}), PNG),
            {"statusCode": 200, "headers": {"content-type": "image/png"}, "body": b64(PNG)},
            id="binary",
        ),
        pytest.param(
            Response(
                200,
                Headers(
                    [("Set-Cookie", "a=1"), ("set-cookie", "b=2"), ("content-type", "text/plain")]
                ),
                b"ok",
            ),
            {
                "statusCode": 200,
                "headers": {"Set-Cookie": ["a=1", "b=2"], "content-type": "text/plain"},
                "body": "ok",
            },
            id="several-set-cookie",
        ),
        pytest.param(
            Response(204),
            {"statusCode": 204, "headers": {}, "body": ""},
            id="empty-204",
        ),
        pytest.param(
            Response(200, Headers({"content-type": "application/json"}), b"1234"),
            {
                "statusCode": 200,
                "headers": {"content-type": "application/json"},
                "body": b64(b"1234"),
            },
            id="json-that-looks-base64",
        ),
        pytest.param(
            Response(200, Headers(), PNG),
            {
                "statusCode": 200,
                "headers": {"content-type": "application/octet-stream"},
                "body": b64(PNG),
            },
            id="untyped-binary",
        ),
    ],
)
def test_from_response_renders_web_action_result(
    response: Response, expected: dict[str, Any]
) -> None:
    assert from_response(response) == expected


def test_to_request_rejects_non_web_invocation() -> None:
    with pytest.raises(NotWebInvocation, match=r"no __ow_method .*\['name'\]"):
        to_request({"name": "x"}, ACTIVATION)


def test_web_action_answers_non_web_invocation_with_error_result() -> None:
    main = web_action(lambda _: lambda request: Response(200), {})
    assert main({"name": "x", "FAASPORT_STORE": "s"}) == {
        "error": "not a web action invocation: no __ow_method among the received keys "
        "['FAASPORT_STORE', 'name']; create the action with --web raw (or --web true)"
    }


def test_activation_from_env_reads_the_runtime_variables() -> None:
    environ = {"__OW_ACTIVATION_ID": "a1b2", "__OW_ACTION_NAME": "/guest/notes",
               "__OW_NAMESPACE": "guest", "__OW_DEADLINE": "1700000060000",
               "FAASPORT_OW_BOUND_PARAMS": "greeting, FAASPORT_STORE"}  # fmt: skip
    assert activation_from_env(environ, cold_start=True) == Activation(
        "a1b2", "/guest/notes", "guest", 1_700_000_060_000, True,
        frozenset({"greeting", "FAASPORT_STORE"}),
    )  # fmt: skip


def test_web_action_builds_app_once_from_bound_configuration() -> None:
    """Raw mode: every FAASPORT_* arg is bound configuration; cold start only on the first call."""
    seen: list[Any] = []

    def build(config: Any) -> Any:
        seen.append(config)
        return lambda request: seen.append(request.invocation) or Response(204)

    main = web_action(build, {"__OW_ACTIVATION_ID": "a1b2"})
    args = raw("get", "/", "", "")
    assert [main(args), main(args)] == [{"statusCode": 204, "headers": {}, "body": ""}] * 2
    assert seen == [{"FAASPORT_STORE": "mongodb://bound"},
                    Invocation("openwhisk", "a1b2", cold_start=True),
                    Invocation("openwhisk", "a1b2", cold_start=False)]  # fmt: skip


def test_web_action_standard_mode_takes_only_declared_configuration() -> None:
    """Standard mode: an undeclared FAASPORT_* key may come from the client, so it is ignored."""
    seen: list[Any] = []
    main = web_action(lambda config: seen.append(config) or (lambda r: Response(204)),
                      {"FAASPORT_OW_BOUND_PARAMS": "FAASPORT_DATABASE"})  # fmt: skip
    main(standard("get", "/", {"FAASPORT_DATABASE": "notes"}))
    assert seen == [{"FAASPORT_DATABASE": "notes"}]
