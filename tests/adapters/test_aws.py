"""The AWS adapter: golden Lambda events -> whole neutral Requests, Responses -> whole results."""

from __future__ import annotations

import base64
import copy
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from adapters import aws
from core.http import Headers, Invocation, Query, Request, Response

EVENTS = Path(__file__).resolve().parent.parent / "events" / "aws"
NOW = 1_700_000_000.0


@dataclass(frozen=True)
class FakeContext:
    """The Lambda context attributes the adapter reads, with a fixed time budget."""

    aws_request_id: str = "req-1"
    function_name: str = "notes-fn"
    remaining_ms: int = 3000

    def get_remaining_time_in_millis(self) -> int:
        return self.remaining_ms


CONTEXT = FakeContext()


def event(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EVENTS / f"{name}.json").read_text())
    return loaded


def expected(
    method: str,
    path: str,
    query: list[tuple[str, str]] | None = None,
    headers: Any = None,
    body: bytes = b"",
    ip: str | None = None,
    trace: str | None = None,
) -> Request:
    invocation = Invocation(provider="aws", request_id="req-1", function_name="notes-fn",
                            deadline=NOW + 3.0, client_ip=ip, trace_id=trace)  # fmt: skip
    return Request(method, path, Query(query), Headers(headers), body, invocation)


def translate(native: dict[str, Any], base_path: str = "") -> Request:
    return aws.to_request(native, CONTEXT, now=NOW, base_path=base_path)


PARAMS = [("parameter1", "value1"), ("parameter1", "value2"), ("parameter2", "value")]
SAM_BODY = b'{"test":"body"}'
SAM_REST_HEADERS = event("sam-apigateway-aws-proxy")["multiValueHeaders"]
ALB_HEADERS = [
    ("accept", "*/*"), ("header2", "value1"), ("header2", "value2"), ("header1", "value1"),
    ("host", "alb-c-LoadB-14POFKYCLBNSF-1815800096.eu-central-1.elb.amazonaws.com"),
    ("user-agent", "curl/7.79.1"), ("x-amzn-trace-id", "Root=1-62fa9327-21cdd4da4c6db451490a5fb7"),
    ("x-forwarded-for", "123.123.123.123"), ("x-forwarded-port", "80"),
    ("x-forwarded-proto", "http"),
]  # fmt: skip
SAM_ALB = event("sam-alb-request")


@pytest.mark.parametrize(
    ("name", "want"),
    [
        pytest.param("powertools-apiGatewayProxyEvent", expected(
            "GET", "/my/path", PARAMS,
            [("Header1", "value1"), ("Origin", "https://aws.amazon.com"),
             ("Header2", "value1"), ("Header2", "value2")],
            b"Hello from Lambda!", "192.168.0.1/32"), id="http-api-payload-1.0"),
        pytest.param("sam-apigateway-aws-proxy", expected(
            "POST", "/path/to/resource", [("foo", "bar")], SAM_REST_HEADERS, SAM_BODY,
            "127.0.0.1"), id="rest-proxy-resource-base64-body"),
        pytest.param("powertools-apiGatewayProxyV2Event", expected(
            "POST", "/my/path", PARAMS,
            [("Header1", "value1"), ("Header2", "value1,value2"), ("cookie", "cookie1; cookie2")],
            b'{"message": "hello world", "username": "tom"}', "192.168.0.1/32"),
            id="http-api-payload-2.0"),
        pytest.param("sam-apigateway-http-api-proxy", expected(
            "POST", "/path/to/resource", PARAMS,
            [("Header1", "value1"), ("Header2", "value1,value2"), ("cookie", "cookie1; cookie2")],
            SAM_BODY, "192.168.0.1/32"), id="http-api-default-stage"),
        pytest.param("sam-apigateway-http-api-proxy-stage", expected(
            "POST", "/notes", PARAMS,
            [("Header1", "value1"), ("Header2", "value1,value2"), ("cookie", "cookie1; cookie2")],
            SAM_BODY, "192.168.0.1/32"), id="http-api-named-stage-removed"),
        pytest.param("powertools-lambdaFunctionUrlIAMEvent", expected(
            "POST", "/my/path", PARAMS,
            [("header1", "value1"), ("header2", "value1,value2"), ("cookie", "cookie1; cookie2")],
            b"Hello from client!", "123.123.123.123"), id="function-url-iam"),
        pytest.param("powertools-lambdaFunctionUrlEvent", expected(
            "GET", "/", [], event("powertools-lambdaFunctionUrlEvent")["headers"], b"",
            "123.123.123.123", "Root=1-62ecd163-5f302e550dcde3b12402207d"),
            id="function-url-browser-no-body"),
        pytest.param("powertools-albMultiValueQueryStringEvent", expected(
            "GET", "/todos", [("parameter1", "value1"), ("parameter1", "value2"),
                              ("parameter2", "value")], ALB_HEADERS, b"", "123.123.123.123",
            "Root=1-62fa9327-21cdd4da4c6db451490a5fb7"), id="alb-multi-value"),
        pytest.param("sam-alb-request", expected(
            "POST", "/path/to/resource", [("query", "1234ABCD")], SAM_ALB["headers"], SAM_BODY,
            "72.12.164.125", "Root=1-5c536348-3d683b8b04734faae651f476"), id="alb-single-value"),
    ],
)  # fmt: skip
def test_to_request_golden_event_gives_whole_request(name: str, want: Request) -> None:
    """Each captured event translates to exactly the expected neutral Request."""
    assert translate(event(name)) == want


def with_changes(name: str, **changes: Any) -> dict[str, Any]:
    native = copy.deepcopy(event(name))
    native.update(changes)
    return native


def v2_stage(stage: str, raw_path: str) -> dict[str, Any]:
    native = with_changes("sam-apigateway-http-api-proxy", rawPath=raw_path)
    native["requestContext"]["stage"] = stage
    return native


def v1_http_api_stage(stage: str, path: str) -> dict[str, Any]:
    native = with_changes("powertools-apiGatewayProxyEvent", path=path)
    native["requestContext"]["stage"] = stage
    return native


@pytest.mark.parametrize(
    ("native", "base_path", "path"),
    [
        pytest.param(event("sam-apigateway-aws-proxy"), "", "/path/to/resource",
                     id="rest-path-has-no-stage"),
        pytest.param(event("sam-apigateway-aws-proxy-base-path"), "api", "/notes/n1",
                     id="rest-custom-domain-base-path-removed"),
        pytest.param(event("sam-apigateway-aws-proxy-base-path"), "", "/api/notes/n1",
                     id="rest-base-path-kept-when-not-configured"),
        pytest.param(with_changes("sam-apigateway-aws-proxy", path="/prod/x"), "", "/prod/x",
                     id="rest-stage-named-segment-is-not-a-stage"),
        pytest.param(v2_stage("prod", "/prod"), "", "/", id="v2-named-stage-root"),
        pytest.param(v2_stage("$default", "/prod/notes"), "", "/prod/notes",
                     id="v2-default-stage-has-none"),
        pytest.param(v2_stage("$default", "/api/notes"), "/api/", "/notes",
                     id="v2-custom-domain-mapping-removed"),
        pytest.param(v2_stage("$default", "/apinotes"), "api", "/apinotes",
                     id="base-path-matches-whole-segments-only"),
        pytest.param(v2_stage("$default", "/notes/a%20b%2Fc"), "", "/notes/a b/c",
                     id="v2-path-decoded"),
        pytest.param(v1_http_api_stage("dev", "/dev/notes"), "", "/notes",
                     id="http-api-payload-1.0-named-stage-removed"),
        pytest.param(with_changes("sam-alb-request", path="/notes/a%20b"), "", "/notes/a b",
                     id="alb-path-decoded"),
    ],
)  # fmt: skip
def test_to_request_path_is_relative_to_api_root(
    native: dict[str, Any], base_path: str, path: str
) -> None:
    """Stage and configured base path are removed; the core sees a decoded path."""
    assert translate(native, base_path).path == path


@pytest.mark.parametrize(
    ("native", "query"),
    [
        pytest.param(with_changes("sam-alb-request", queryStringParameters={"q": "a%20b+c%2C"}),
                     [("q", "a b c,")], id="alb-single-decoded"),
        pytest.param(with_changes("powertools-albMultiValueHeadersEvent",
                                  multiValueQueryStringParameters={"t%61g": ["x%2Fy", "z"]}),
                     [("tag", "x/y"), ("tag", "z")], id="alb-multi-decoded"),
        pytest.param(with_changes("sam-apigateway-aws-proxy", multiValueQueryStringParameters={
                         "q": ["a%20b", "c"]}), [("q", "a%20b"), ("q", "c")],
                     id="rest-already-decoded"),
        pytest.param(with_changes("sam-apigateway-http-api-proxy", rawQueryString="q=a%2Cb&q=c",
                                  queryStringParameters={"q": "a,b,c"}),
                     [("q", "a,b"), ("q", "c")], id="v2-comma-in-value-kept"),
        pytest.param(with_changes("sam-apigateway-aws-proxy", queryStringParameters=None,
                                  multiValueQueryStringParameters=None), [], id="rest-null"),
        pytest.param(with_changes("sam-apigateway-aws-proxy", queryStringParameters={},
                                  multiValueQueryStringParameters={}), [], id="rest-empty"),
        pytest.param(with_changes("sam-alb-request", queryStringParameters={}), [],
                     id="alb-empty"),
    ],
)  # fmt: skip
def test_to_request_query_is_decoded_once(native: dict[str, Any], query: Any) -> None:
    """ALB values arrive encoded and are decoded; API Gateway's arrive decoded."""
    assert translate(native).query == Query(query)


@pytest.mark.parametrize("empty", [None, {}], ids=["null", "empty-object"])
def test_to_request_null_and_empty_headers_and_body_mean_empty(empty: Any) -> None:
    native = with_changes("sam-apigateway-aws-proxy", headers=empty, multiValueHeaders=empty,
                          queryStringParameters=empty, multiValueQueryStringParameters=empty,
                          body=None, isBase64Encoded=False)  # fmt: skip
    assert translate(native) == expected("POST", "/path/to/resource", ip="127.0.0.1")


def test_to_request_invocation_carries_ids_deadline_and_raw_input() -> None:
    native = event("sam-apigateway-http-api-proxy")
    context = FakeContext("abc", "fn", remaining_ms=1500)
    invocation = aws.to_request(native, context, now=NOW, cold_start=True).invocation
    assert invocation == Invocation("aws", "abc", "fn", NOW + 1.5, True, "192.168.0.1/32")
    assert (invocation.raw_event, invocation.raw_context) == (native, context)


@pytest.mark.parametrize(
    ("native", "received"),
    [
        pytest.param({"Records": [{"eventSource": "aws:s3"}]}, "an object with keys ['Records']",
                     id="s3"),
        pytest.param({"version": "2.0", "source": "x"}, "an object with keys ['source', 'version']",
                     id="v2-without-raw-path"),
        pytest.param([1, 2], "a JSON list", id="list"),
    ],
)  # fmt: skip
def test_to_request_unknown_event_names_what_it_received(native: Any, received: str) -> None:
    with pytest.raises(aws.UnsupportedEvent) as error:
        aws.to_request(native, CONTEXT, now=NOW)
    assert str(error.value) == (
        "faasport's AWS adapter takes API Gateway (REST, HTTP API), Function URL or ALB events; "
        f"it received {received}"
    )


COOKIES = Headers([("content-type", "application/json"), ("set-cookie", "a=1; Path=/"),
                   ("Set-Cookie", "b=2"), ("vary", "accept"), ("vary", "origin")])  # fmt: skip
TEXT = Response(201, COOKIES, b'{"ok":true}')
PNG = Response(200, Headers([("content-type", "image/png")]), b"\x89PNG\x00")
PNG_B64 = base64.b64encode(b"\x89PNG\x00").decode()
EMPTY = Response(204, Headers(), b"")


@pytest.mark.parametrize(
    ("name", "response", "native"),
    [
        pytest.param("sam-apigateway-aws-proxy", TEXT, {
            "statusCode": 201, "multiValueHeaders": {"content-type": ["application/json"],
            "set-cookie": ["a=1; Path=/", "b=2"], "vary": ["accept", "origin"]},
            "body": '{"ok":true}', "isBase64Encoded": False}, id="rest-multi-value-headers"),
        pytest.param("sam-apigateway-http-api-proxy", TEXT, {
            "statusCode": 201, "headers": {"content-type": "application/json",
            "vary": "accept,origin"}, "cookies": ["a=1; Path=/", "b=2"],
            "body": '{"ok":true}', "isBase64Encoded": False}, id="http-api-cookies"),
        pytest.param("powertools-lambdaFunctionUrlEvent", PNG, {
            "statusCode": 200, "headers": {"content-type": "image/png"}, "cookies": [],
            "body": PNG_B64, "isBase64Encoded": True}, id="function-url-binary"),
        pytest.param("powertools-albMultiValueHeadersEvent", TEXT, {
            "statusCode": 201, "statusDescription": "201 Created",
            "multiValueHeaders": {"content-type": ["application/json"],
            "set-cookie": ["a=1; Path=/", "b=2"], "vary": ["accept", "origin"]},
            "body": '{"ok":true}', "isBase64Encoded": False}, id="alb-multi"),
        pytest.param("sam-alb-request", TEXT, {
            "statusCode": 201, "statusDescription": "201 Created",
            "headers": {"content-type": "application/json", "vary": "accept,origin",
            "set-cookie": "a=1; Path=/", "Set-cookie": "b=2"}, "body": '{"ok":true}',
            "isBase64Encoded": False},
            id="alb-single-cookies-by-letter-case"),
        pytest.param("sam-alb-request", PNG, {
            "statusCode": 200, "statusDescription": "200 OK",
            "headers": {"content-type": "image/png"}, "body": PNG_B64, "isBase64Encoded": True},
            id="alb-single-binary"),
        pytest.param("sam-apigateway-aws-proxy", EMPTY, {
            "statusCode": 204, "multiValueHeaders": {}, "body": "", "isBase64Encoded": False},
            id="rest-empty-body-not-base64"),
    ],
)  # fmt: skip
def test_from_response_gives_whole_native_result(
    name: str, response: Response, native: dict[str, Any]
) -> None:
    """Responses render in the event's own result shape, cookies and binary bodies intact."""
    assert aws.from_response(response, event(name)) == native


def test_lambda_handler_cold_start_only_on_first_invocation() -> None:
    """The handler's first invocation is cold, every later one warm, and paths pass through."""
    seen: list[Request] = []

    def app(request: Request) -> Response:
        seen.append(request)
        return EMPTY

    handler = aws.lambda_handler(app, base_path="api")
    native = event("sam-apigateway-aws-proxy-base-path")
    results = [handler(native, CONTEXT), handler(native, CONTEXT)]
    assert [r.invocation.cold_start for r in seen] == [True, False]
    assert [r.path for r in seen] == ["/notes/n1", "/notes/n1"]
    assert results == [aws.from_response(EMPTY, native)] * 2
