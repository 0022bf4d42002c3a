"""Golden cases of the Azure adapter: func.HttpRequest as the host builds it <-> core types.

The requests are built field by field as the host's ``ToRpcHttp`` fills the RpcHttp message
the worker turns into ``func.HttpRequest`` (Functions host 4.x): ``url`` is scheme, host,
escaped path and raw query string; ``headers`` has lower-case names with repeats joined by
``,``; ``params`` (the query) has repeats joined by ``,`` and blank values dropped;
``route_params`` holds the ``{*path}`` remainder, decoded by ASP.NET Core except ``%2F``.
"""

from __future__ import annotations

from typing import Any

import azure.functions as func
import pytest
from azure.functions.http import HttpResponseConverter

from adapters.azure import from_response, register, to_request
from core.http import Headers, Invocation, Query, Request, Response

HOST = "faasport-notes.azurewebsites.net"
INVOCATION_ID = "5d1b7a0e-3c4f-4b8e-9f7a-2f1c0f3e9a11"
TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACEPARENT = f"00-{TRACE_ID}-00f067aa0ba902b7-01"
BINARY = bytes(range(256))


class FakeTraceContext(func._abc.TraceContext):
    """The trace context the worker passes: the host's W3C traceparent."""

    def __init__(self, trace_parent: str) -> None:
        self._parent = trace_parent

    @property
    def trace_parent(self) -> str:
        return self._parent

    @property
    def trace_state(self) -> str:
        return ""

    @property
    def attributes(self) -> dict[str, str]:
        return {}


class FakeContext(func.Context):
    """The worker's invocation context, as a function that declares ``context`` receives it."""

    def __init__(self, trace_parent: str = TRACEPARENT) -> None:
        self._trace = FakeTraceContext(trace_parent)

    @property
    def invocation_id(self) -> str:
        return INVOCATION_ID

    @property
    def function_name(self) -> str:
        return "faasport"

    @property
    def function_directory(self) -> str:
        return "/home/site/wwwroot"

    @property
    def trace_context(self) -> FakeTraceContext:
        return self._trace

    @property
    def retry_context(self) -> Any:
        return None

    @property
    def thread_local_storage(self) -> Any:
        return None


def host_request(
    method: str,
    target: str,
    remainder: str | None,
    *,
    headers: dict[str, str] | None = None,
    params: dict[str, str] | None = None,
    body: bytes = b"",
) -> func.HttpRequest:
    """A func.HttpRequest with the fields the host fills for ``method target``."""
    return func.HttpRequest(
        method,
        f"https://{HOST}{target}",
        headers={"host": HOST, **(headers or {})},
        params=params or {},
        route_params={"path": remainder} if remainder is not None else {},
        body=body,
    )


def expected(
    method: str,
    path: str,
    query: list[tuple[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    body: bytes = b"",
    client_ip: str | None = None,
) -> Request:
    """The whole core Request the adapter must produce."""
    return Request(
        method=method,
        path=path,
        query=Query(query or []),
        headers=Headers({"host": HOST, **(headers or {})}),
        body=body,
        invocation=Invocation(
            provider="azure",
            request_id=INVOCATION_ID,
            function_name="faasport",
            cold_start=False,
            client_ip=client_ip,
            trace_id=TRACE_ID,
        ),
    )


REQUEST_CASES = [
    pytest.param(
        host_request("GET", "/api/notes?limit=2", "notes", params={"limit": "2"}),
        expected("GET", "/notes", [("limit", "2")]),
        id="prefix-api",
    ),
    pytest.param(
        host_request("GET", "/notes/n1", "notes/n1"),
        expected("GET", "/notes/n1"),
        id="prefix-empty",
    ),
    pytest.param(
        host_request("DELETE", "/v1/notes-api/notes/n1", "notes/n1", headers={"if-match": '"3"'}),
        expected("DELETE", "/notes/n1", headers={"if-match": '"3"'}),
        id="prefix-custom",
    ),
    pytest.param(
        host_request("get", "/api", None),
        expected("GET", "/"),
        id="prefix-only-is-root",
    ),
    pytest.param(
        host_request(
            "GET",
            "/api/notes?tag=a&tag=b&blank=&q=x+y%26z",
            "notes",
            params={"tag": "a,b", "q": "x y&z"},
        ),
        expected("GET", "/notes", [("tag", "a"), ("tag", "b"), ("blank", ""), ("q", "x y&z")]),
        id="query-repeated-and-blank-from-url",
    ),
    pytest.param(
        func.HttpRequest(
            "GET",
            "/api/notes",
            params={"tag": "a"},
            headers={"host": HOST},
            route_params={"path": "notes"},
            body=b"",
        ),
        expected("GET", "/notes", [("tag", "a")]),
        id="query-from-params-when-url-has-none",
    ),
    pytest.param(
        host_request(
            "GET", "/api/notes", "notes", headers={"accept": "application/json,text/plain"}
        ),
        expected("GET", "/notes", headers={"accept": "application/json,text/plain"}),
        id="headers-repeated-as-joined-by-host",
    ),
    pytest.param(
        host_request(
            "PUT",
            "/api/files/blob",
            "files/blob",
            headers={"content-type": "application/octet-stream"},
            body=BINARY,
        ),
        expected(
            "PUT", "/files/blob", headers={"content-type": "application/octet-stream"}, body=BINARY
        ),
        id="binary-body",
    ),
    pytest.param(
        host_request("GET", "/api/notes/caf%C3%A9%20x%2Fy", "notes/café x%2Fy"),
        expected("GET", "/notes/café x/y"),
        id="percent-encoded-path",
    ),
    pytest.param(
        host_request("GET", "/api/notes/a%2541", "notes/a%41"),
        expected("GET", "/notes/a%41"),
        id="percent-encoded-percent-not-decoded-twice",
    ),
    pytest.param(
        host_request(
            "GET",
            "/api/health",
            "health",
            headers={"x-forwarded-for": "203.0.113.7:51234,10.0.0.4"},
        ),
        expected(
            "GET",
            "/health",
            headers={"x-forwarded-for": "203.0.113.7:51234,10.0.0.4"},
            client_ip="203.0.113.7",
        ),
        id="client-ip-v4-with-port",
    ),
    pytest.param(
        host_request(
            "GET", "/api/health", "health", headers={"x-forwarded-for": "[2001:db8::1]:443"}
        ),
        expected(
            "GET",
            "/health",
            headers={"x-forwarded-for": "[2001:db8::1]:443"},
            client_ip="2001:db8::1",
        ),
        id="client-ip-v6-with-port",
    ),
]


@pytest.mark.parametrize(("native", "request_"), REQUEST_CASES)
def test_to_request_translates_host_request(native: func.HttpRequest, request_: Request) -> None:
    assert to_request(native, FakeContext()) == request_


def test_to_request_keeps_native_objects_and_reads_no_trace_when_malformed() -> None:
    """A traceparent that is not W3C gives no trace id; the native objects stay reachable."""
    native, context = host_request("GET", "/api/notes", "notes"), FakeContext("not-a-trace")
    request = to_request(native, context, cold_start=True)
    assert request.invocation == Invocation("azure", INVOCATION_ID, "faasport", cold_start=True)
    assert (request.invocation.raw_event, request.invocation.raw_context) == (native, context)


def native_view(response: func.HttpResponse) -> tuple[int, list[tuple[str, str]], bytes]:
    """Everything a func.HttpResponse carries: status, every header pair, body bytes."""
    return response.status_code, list(response.headers.items()), response.get_body()


RESPONSE_CASES = [
    pytest.param(
        Response(
            201,
            Headers(
                [
                    ("content-type", "application/json"),
                    ("location", "/notes/n1"),
                    ("set-cookie", "a=1; Path=/; HttpOnly"),
                    ("set-cookie", "b=2; Max-Age=60; Secure"),
                ]
            ),
            b'{"id":"n1"}',
        ),
        (
            201,
            [
                ("content-type", "application/json"),
                ("location", "/notes/n1"),
                ("set-cookie", "a=1; Path=/; HttpOnly"),
                ("set-cookie", "b=2; Max-Age=60; Secure"),
            ],
            b'{"id":"n1"}',
        ),
        id="several-cookies",
    ),
    pytest.param(
        Response(200, Headers([("content-type", "image/png")]), BINARY),
        (200, [("content-type", "image/png")], BINARY),
        id="binary-body",
    ),
    pytest.param(
        Response(200, Headers([("vary", "accept"), ("vary", "origin")]), b"x"),
        (200, [("vary", "accept, origin")], b"x"),
        id="repeated-header-joined",
    ),
    pytest.param(Response(204), (204, [], b""), id="empty"),
]


@pytest.mark.parametrize(("response", "native"), RESPONSE_CASES)
def test_from_response_builds_http_response(
    response: Response, native: tuple[int, list[tuple[str, str]], bytes]
) -> None:
    assert native_view(from_response(response)) == native


def test_from_response_cookies_survive_the_worker() -> None:
    """The worker's own converter turns each Set-Cookie into a cookie of its own."""
    response = Response(200, Headers([("set-cookie", "a=1; Path=/; HttpOnly"),
                                      ("set-cookie", "b=2; Max-Age=60; Secure")]))  # fmt: skip
    datum = HttpResponseConverter.encode(from_response(response), expected_type=None)
    cookies = [m.OutputString() for cookie in datum.value["cookies"] for m in cookie.values()]
    headers = {name: item.value for name, item in datum.value["headers"].items()}
    assert (cookies, headers) == (
        ["a=1; HttpOnly; Path=/", "b=2; Max-Age=60; Secure"],
        {"content-type": "text/plain; charset=utf-8"},  # the worker's default when none is set
    )


def test_register_marks_only_the_first_invocation_cold() -> None:
    """The registered function calls the App with the translated request, cold only once."""
    seen: list[Request] = []

    def app(request: Request) -> Response:
        seen.append(request)
        return Response(200, body=request.path.encode())

    function_app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)
    register(function_app, app, name="notes")
    (function,) = function_app.get_functions()
    handler = function.get_user_function()
    replies = [handler(host_request("GET", f"/api/n{i}", f"n{i}"), FakeContext()) for i in (1, 2)]
    assert [native_view(reply) for reply in replies] == [(200, [], b"/n1"), (200, [], b"/n2")]
    assert [request.invocation.cold_start for request in seen] == [True, False]
