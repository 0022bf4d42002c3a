"""Every path the benchmark times: one request, shaped as each provider or peer receives it.

A path turns a store into calls, one per route. A call is ``prepare`` (untimed: what the
platform does before the function runs, such as building a ``flask.Request``), ``invoke``
(timed) and ``status`` (read from the result, to prove the path really answered).
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import azure.functions as func
import flask
from werkzeug.test import EnvironBuilder

from adapters.aws import lambda_handler
from adapters.azure import function_app
from adapters.gcp import http_function
from adapters.openwhisk import web_action
from bench_peers import bare, mangum_fastapi, mangum_starlette, powertools_app
from bench_peers.common import new_note
from core.app import create_app
from core.config import Settings
from core.http import Headers, Invocation, Query, Request
from core.stores import NoteStore

ROUTES = ("get", "post")
NOTE_FIELDS = {"title": "Benchmark note", "description": "Measured.", "tags": ["bench", "faas"]}
BODY = json.dumps(NOTE_FIELDS).encode()
SEED = new_note(NOTE_FIELDS)  # every store holds this note; GET reads it
REQUEST_ID = "c6af9ac6-7b61-11e6-9a41-93e8deadbeef"
TARGET = {"get": ("GET", f"/notes/{SEED.id}", b""), "post": ("POST", "/notes", BODY)}
# What a client sends through a provider's front end (names as HTTP/2 delivers them).
CLIENT_HEADERS = (
    ("accept", "application/json"),
    ("host", "bench.example.com"),
    ("user-agent", "curl/8.5.0"),
    ("x-forwarded-for", "203.0.113.7"),
    ("x-forwarded-proto", "https"),
    ("x-amzn-trace-id", "Root=1-5e1b4151-5ac6c58f0e5ac2a1d2e3f4a5"),
)


def headers_for(route: str) -> tuple[tuple[str, str], ...]:
    """The request headers of ``route``; POST adds its content type and length."""
    _, _, body = TARGET[route]
    if not body:
        return CLIENT_HEADERS
    return (*CLIENT_HEADERS, ("content-type", "application/json"),
            ("content-length", str(len(body))))  # fmt: skip


class Context:
    """A Lambda context with the attributes the adapters and peers read."""

    aws_request_id = REQUEST_ID
    function_name = "faasport-bench"
    function_version = "$LATEST"
    invoked_function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:faasport-bench"
    memory_limit_in_mb = 512
    log_group_name = "/aws/lambda/faasport-bench"
    log_stream_name = "2026/11/26/[$LATEST]0123456789abcdef"

    def get_remaining_time_in_millis(self) -> int:
        """A fresh invocation's budget."""
        return 30_000


CONTEXT = Context()


def http_api_event(route: str) -> dict[str, Any]:
    """The API Gateway HTTP API (payload 2.0) event, ``$default`` stage."""
    method, path, body = TARGET[route]
    return {
        "version": "2.0", "routeKey": "$default", "rawPath": path, "rawQueryString": "",
        "headers": dict(headers_for(route)),
        "requestContext": {
            "accountId": "123456789012", "apiId": "a1b2c3d4e5", "domainName": "bench.example.com",
            "domainPrefix": "bench", "requestId": "JKJaXmPLvHcESHA=", "routeKey": "$default",
            "stage": "$default", "time": "26/Nov/2026:14:00:00 +0000", "timeEpoch": 1795701600000,
            "http": {"method": method, "path": path, "protocol": "HTTP/1.1",
                     "sourceIp": "203.0.113.7", "userAgent": "curl/8.5.0"},
        },
        "body": body.decode() if body else None, "isBase64Encoded": False,
    }  # fmt: skip


def rest_event(route: str) -> dict[str, Any]:
    """The API Gateway REST (payload 1.0) proxy event, stage ``prod``, ``/{proxy+}``."""
    method, path, body = TARGET[route]
    headers = {name.title(): value for name, value in headers_for(route)}
    return {
        "resource": "/{proxy+}", "path": path, "httpMethod": method,
        "headers": headers, "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": None, "multiValueQueryStringParameters": None,
        "pathParameters": {"proxy": path.lstrip("/")}, "stageVariables": None,
        "requestContext": {
            "accountId": "123456789012", "apiId": "a1b2c3d4e5", "stage": "prod",
            "requestId": REQUEST_ID, "httpMethod": method, "path": "/prod" + path,
            "resourcePath": "/{proxy+}", "identity": {"sourceIp": "203.0.113.7"},
        },
        "body": body.decode() if body else None, "isBase64Encoded": False,
    }  # fmt: skip


def core_request(route: str) -> Request:
    """The neutral Request the adapters produce for ``route``."""
    method, path, body = TARGET[route]
    invocation = Invocation(provider="core", request_id=REQUEST_ID, function_name="bench")
    return Request(method, path, Query(), Headers(headers_for(route)), body, invocation)


def wsgi_environ(route: str) -> Callable[[], dict[str, Any]]:
    """A maker of the WSGI environ functions-framework's server hands Flask (fresh input)."""
    method, path, body = TARGET[route]
    headers = [(k, v) for k, v in headers_for(route) if k not in ("content-type", "content-length")]
    headers += [("Function-Execution-Id", "a1b2c3d4e5f6"),
                ("X-Cloud-Trace-Context", "105445aa7843bc8bf206b12000100000/1;o=1")]  # fmt: skip
    builder = EnvironBuilder(path=path, method=method, headers=headers, data=body,
                             content_type="application/json" if body else None,
                             environ_overrides={"REMOTE_ADDR": "169.254.8.129"})  # fmt: skip
    template = builder.get_environ()
    builder.close()

    def environ() -> dict[str, Any]:
        fresh = dict(template)
        fresh["wsgi.input"] = io.BytesIO(body)
        return fresh

    return environ


def azure_request(route: str) -> Callable[[], func.HttpRequest]:
    """A maker of the ``func.HttpRequest`` the Python worker builds from the host's RpcHttp."""
    method, path, body = TARGET[route]
    url = "https://faasport-bench.azurewebsites.net/api" + path

    def request() -> func.HttpRequest:
        return func.HttpRequest(method, url, headers=dict(headers_for(route)), params={},
                                route_params={"path": path.lstrip("/")}, body=body)  # fmt: skip

    return request


AZURE_CONTEXT = SimpleNamespace(
    invocation_id=REQUEST_ID, function_name="faasport",
    trace_context=SimpleNamespace(trace_parent="00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
)  # fmt: skip
OPENWHISK_ENV = {"__OW_ACTIVATION_ID": "6b1c2e3f4a5b4c6d9e8f7a6b5c4d3e2f",
                 "__OW_ACTION_NAME": "/guest/notes", "__OW_NAMESPACE": "guest",
                 "__OW_DEADLINE": "4102444800000"}  # fmt: skip


def openwhisk_args(route: str) -> dict[str, Any]:
    """The raw web action's ``args`` (``--web raw``): a JSON body arrives base64-encoded."""
    method, path, body = TARGET[route]
    return {"__ow_method": method.lower(), "__ow_path": path, "__ow_query": "",
            "__ow_headers": dict(headers_for(route)),
            "__ow_body": base64.b64encode(body).decode() if body else ""}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Call:
    """One route through one path: untimed ``prepare``, timed ``invoke``, its ``status``."""

    prepare: Callable[[], Any]
    invoke: Callable[[Any], Any]
    status: Callable[[Any], int]
    body: Callable[[Any], bytes | str] = lambda result: result["body"]


@dataclass(frozen=True, slots=True)
class Path:
    """A way to answer the request: the floor, the core, an adapter or a peer."""

    name: str
    kind: str  # floor | core | adapter | peer | info
    includes: str
    calls: Callable[[NoteStore], Mapping[str, Call]]
    provider: str = ""


def _app(store: NoteStore) -> Any:
    # WARNING: the per-request log line would be the one cost no peer pays; see the docs.
    return create_app(Settings(store_url="memory://", log_level="WARNING"), store=store)


def _const(value: Any) -> Callable[[], Any]:
    return lambda: value


def _lambda(handler: Callable[[Any, Any], Any], event: Callable[[str], Any]) -> dict[str, Call]:
    status = _status_code
    return {r: Call(_const(event(r)), lambda e: handler(e, CONTEXT), status) for r in ROUTES}


def _status_code(result: Any) -> int:
    return int(result["statusCode"])


def _core(store: NoteStore) -> dict[str, Call]:
    app = _app(store)
    # A fresh Request per call (untimed): Headers caches its lookup index on first use.
    return {r: Call(lambda r=r: core_request(r), app, lambda res: res.status, _core_body)
            for r in ROUTES}  # fmt: skip


def _core_body(response: Any) -> bytes:
    return bytes(response.body)


def _gcp(with_request: bool) -> Callable[[NoteStore], dict[str, Call]]:
    def calls(store: NoteStore) -> dict[str, Call]:
        handler = http_function(_app(store), function_name="faasport-bench")
        result: dict[str, Call] = {}
        for route in ROUTES:
            environ = wsgi_environ(route)
            if with_request:
                result[route] = Call(environ, lambda e: handler(flask.Request(e)), _flask_status,
                                     _flask_body)  # fmt: skip
            else:
                result[route] = Call(lambda env=environ: flask.Request(env()), handler,
                                     _flask_status, _flask_body)  # fmt: skip
        return result

    return calls


def _flask_status(response: Any) -> int:
    return int(response.status_code)


def _flask_body(response: Any) -> bytes:
    return bytes(response.get_data())


def _azure_body(response: Any) -> bytes:
    return bytes(response.get_body())


def _azure(store: NoteStore) -> dict[str, Call]:
    (function,) = function_app(_app(store), auth_level="ANONYMOUS").get_functions()
    user_function = function.get_user_function()
    return {r: Call(azure_request(r), lambda req: user_function(req, AZURE_CONTEXT),
                    _flask_status, _azure_body) for r in ROUTES}  # fmt: skip


def _openwhisk(store: NoteStore) -> dict[str, Call]:
    app = _app(store)
    main = web_action(lambda _bound: app, OPENWHISK_ENV)
    return {r: Call(_const(openwhisk_args(r)), main, _status_code) for r in ROUTES}


PATHS = (
    Path("bare", "floor", "hand-written handler: HTTP API event -> store -> result dict",
         lambda s: _lambda(bare.build(s), http_api_event)),
    Path("core", "core", "app(Request) -> Response; the Request is built untimed",
         _core),
    Path("aws-v2", "adapter", "HTTP API 2.0 event -> handler -> result dict",
         lambda s: _lambda(lambda_handler(_app(s)), http_api_event), "aws"),
    Path("aws-v1", "adapter", "REST 1.0 event -> handler -> result dict",
         lambda s: _lambda(lambda_handler(_app(s)), rest_event), "aws"),
    Path("gcp", "adapter", "flask.Request (built untimed) -> function -> flask.Response",
         _gcp(with_request=False), "gcp"),
    Path("azure", "adapter", "func.HttpRequest (built untimed) -> function -> func.HttpResponse",
         _azure, "azure"),
    Path("openwhisk", "adapter", "raw web-action args -> main -> result dict",
         _openwhisk, "openwhisk"),
    Path("gcp+request", "info", "as gcp, with flask.Request(environ) inside the timing",
         _gcp(with_request=True)),
    Path("powertools", "peer", "HTTP API event -> APIGatewayHttpResolver -> result dict",
         lambda s: _lambda(powertools_app.build(s), http_api_event)),
    Path("mangum-starlette", "peer", "HTTP API event -> Mangum -> Starlette -> result dict",
         lambda s: _lambda(mangum_starlette.build(s), http_api_event)),
    Path("mangum-fastapi", "peer", "HTTP API event -> Mangum -> FastAPI (NoteIn body) -> result",
         lambda s: _lambda(mangum_fastapi.build(s), http_api_event)),
)  # fmt: skip
