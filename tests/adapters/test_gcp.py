"""Golden tests of the GCF adapter: requests through functions-framework's own app.

Each request is sent with the Flask test client of ``functions_framework.create_app`` over
``tests/events/gcp/capture.py``, so the ``flask.Request`` the adapter sees is the one the
framework builds (routing, execution-id middleware and all).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import flask
import functions_framework
import pytest
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from adapters.gcp import from_response, to_request
from core.http import Headers, Invocation, Query, Request, Response

CAPTURE = Path(__file__).resolve().parents[1] / "events" / "gcp" / "capture.py"
TRACE = "105445aa7843bc8bf206b12000100000/1;o=1"
BASE = (("User-Agent", "golden/1"), ("Host", "localhost"))


@dataclass(frozen=True)
class Sent:
    """One request as the test client sends it."""

    method: str
    target: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    remote_addr: str = "127.0.0.1"


@pytest.fixture
def capture() -> tuple[FlaskClient, Any]:
    """The framework's app over ``capture.py`` and that module (``os.environ`` is restored)."""
    create: Callable[..., flask.Flask] = functions_framework.create_app
    app = create(target="capture", source=str(CAPTURE))
    return app.test_client(use_cookies=False), sys.modules["capture"]


def send(client: FlaskClient, sent: Sent) -> TestResponse:
    headers = [("User-Agent", "golden/1"), *sent.headers]
    return client.open(sent.target, method=sent.method, headers=headers, data=sent.body,
                       environ_base={"REMOTE_ADDR": sent.remote_addr})  # fmt: skip


def gcp(request_id: str, client_ip: str = "127.0.0.1", trace_id: str | None = None) -> Invocation:
    return Invocation(provider="gcp", request_id=request_id, function_name="notes",
                      cold_start=True, client_ip=client_ip, trace_id=trace_id)  # fmt: skip


REQUEST_CASES = [
    pytest.param(
        Sent(
            "GET",
            "/notes?tag=a&limit=2&tag=b&empty=&plus=a+b&pct=%26%3D",
            (("Function-Execution-Id", "e-query"),),
        ),
        Request(
            "GET",
            "/notes",
            Query(
                [
                    ("tag", "a"),
                    ("limit", "2"),
                    ("tag", "b"),
                    ("empty", ""),
                    ("plus", "a b"),
                    ("pct", "&="),
                ]
            ),
            Headers([*BASE, ("Function-Execution-Id", "e-query")]),
            b"",
            gcp("e-query"),
        ),
        id="repeated-query-keys-in-arrival-order",
    ),
    pytest.param(
        Sent("GET", "/notes?a=%zz&&k&=v", (("Function-Execution-Id", "e-odd"),)),
        Request(
            "GET",
            "/notes",
            Query([("a", "%zz"), ("k", ""), ("", "v")]),
            Headers([*BASE, ("Function-Execution-Id", "e-odd")]),
            b"",
            gcp("e-odd"),
        ),
        id="odd-query-kept-as-parse-qsl-would",
    ),
    pytest.param(
        Sent(
            "GET",
            "/notes",
            (
                ("Function-Execution-Id", "e-hdr"),
                ("X-Tag", "a"),
                ("X-Tag", "b"),
                ("Accept", "application/json"),
            ),
        ),
        Request(
            "GET",
            "/notes",
            Query(),
            Headers(
                [
                    *BASE,
                    ("Function-Execution-Id", "e-hdr"),
                    ("X-Tag", "a, b"),
                    ("Accept", "application/json"),
                ]
            ),
            b"",
            gcp("e-hdr"),
        ),
        id="repeated-headers-arrive-comma-joined",
    ),
    pytest.param(
        Sent(
            "PUT",
            "/blobs/1",
            (("Function-Execution-Id", "e-bin"), ("Content-Type", "application/octet-stream")),
            bytes(range(256)),
        ),
        Request(
            "PUT",
            "/blobs/1",
            Query(),
            Headers(
                [
                    *BASE,
                    ("Content-Type", "application/octet-stream"),
                    ("Content-Length", "256"),
                    ("Function-Execution-Id", "e-bin"),
                ]
            ),
            bytes(range(256)),
            gcp("e-bin"),
        ),
        id="binary-body-untouched",
    ),
    pytest.param(
        Sent(
            "GET",
            "/notes",
            (("Function-Execution-Id", "e-cookie"), ("Cookie", "session=abc; theme=dark")),
        ),
        Request(
            "GET",
            "/notes",
            Query(),
            Headers(
                [
                    *BASE,
                    ("Function-Execution-Id", "e-cookie"),
                    ("Cookie", "session=abc; theme=dark"),
                ]
            ),
            b"",
            gcp("e-cookie"),
        ),
        id="cookies-as-the-cookie-header",
    ),
    pytest.param(
        Sent("DELETE", "/notes/caf%C3%A9%20au%20lait/a%2Fb", (("Function-Execution-Id", "e-pct"),)),
        Request(
            "DELETE",
            "/notes/café au lait/a/b",
            Query(),
            Headers([*BASE, ("Function-Execution-Id", "e-pct")]),
            b"",
            gcp("e-pct"),
        ),
        id="percent-encoded-path-decoded",
    ),
    pytest.param(
        Sent(
            "POST",
            "/notes",
            (
                ("Function-Execution-Id", "exec-42"),
                ("X-Cloud-Trace-Context", TRACE),
                ("X-Forwarded-For", "203.0.113.7, 10.0.0.1"),
                ("Content-Type", "application/json"),
            ),
            b'{"title":"t"}',
        ),
        Request(
            "POST",
            "/notes",
            Query(),
            Headers(
                [
                    *BASE,
                    ("Content-Type", "application/json"),
                    ("Content-Length", "13"),
                    ("Function-Execution-Id", "exec-42"),
                    ("X-Cloud-Trace-Context", TRACE),
                    ("X-Forwarded-For", "203.0.113.7, 10.0.0.1"),
                ]
            ),
            b'{"title":"t"}',
            gcp("exec-42", "203.0.113.7", TRACE.split("/")[0]),
        ),
        id="execution-trace-and-forwarded-for",
    ),
    pytest.param(
        Sent("GET", "/", (("Function-Execution-Id", "e-root"),), remote_addr="198.51.100.4"),
        Request(
            "GET",
            "/",
            Query(),
            Headers([*BASE, ("Function-Execution-Id", "e-root")]),
            b"",
            gcp("e-root", "198.51.100.4"),
        ),
        id="function-root-and-remote-addr",
    ),
]


@pytest.mark.parametrize(("sent", "expected"), REQUEST_CASES)
def test_to_request_builds_the_whole_request(
    capture: tuple[FlaskClient, Any], sent: Sent, expected: Request
) -> None:
    client, module = capture
    assert send(client, sent).status_code == 204
    assert module.seen == [expected]
    assert isinstance(module.seen[0].invocation.raw_event, flask.Request)


def test_to_request_uses_the_execution_id_the_framework_generates(
    capture: tuple[FlaskClient, Any],
) -> None:
    """Without ``Function-Execution-Id`` the framework's middleware makes one up."""
    client, module = capture
    send(client, Sent("GET", "/health"))
    [seen] = module.seen
    generated = seen.headers.get("Function-Execution-Id")
    assert generated is not None
    assert (len(generated), generated.isalnum()) == (12, True)
    assert seen == Request("GET", "/health", Query(),
                           Headers([*BASE, ("Function-Execution-Id", generated)]), b"",
                           gcp(generated))  # fmt: skip


def test_http_function_marks_only_the_first_call_cold(capture: tuple[FlaskClient, Any]) -> None:
    client, module = capture
    for _ in range(3):
        send(client, Sent("GET", "/health", (("Function-Execution-Id", "e"),)))
    assert [r.invocation.cold_start for r in module.seen] == [True, False, False]


@pytest.mark.parametrize("path", ["/robots.txt", "/favicon.ico", "/static/app.css"])
def test_framework_answers_robots_favicon_and_static_itself(
    capture: tuple[FlaskClient, Any], path: str
) -> None:
    """The framework answers these paths itself (its 404, Flask's static files); no function."""
    client, module = capture
    reply = send(client, Sent("GET", path))
    assert (reply.status_code, reply.mimetype, module.seen) == (404, "text/html", [])


def test_to_request_reads_the_flask_request_without_the_framework() -> None:
    """The adapter is pure: a bare ``flask.Request`` (no middleware) translates the same way."""
    app = flask.Flask(__name__)
    with app.test_request_context("/x?a=1", method="patch", headers=[("User-Agent", "u")]):
        built = to_request(flask.request, function_name="fn", cold_start=False)
    assert built == Request("PATCH", "/x", Query([("a", "1")]),
                            Headers([("Host", "localhost"), ("User-Agent", "u")]), b"",
                            Invocation(provider="gcp", function_name="fn"))  # fmt: skip


COOKIES = (("set-cookie", "a=1; Path=/"), ("set-cookie", "b=2; HttpOnly"))
RESPONSE_CASES = [
    pytest.param(
        Response(200, Headers([("content-type", "text/plain"), *COOKIES]), b"ok"),
        (200, [("content-type", "text/plain"), *COOKIES], b"ok"),
        (200, [("content-type", "text/plain"), *COOKIES, ("Content-Length", "2")], b"ok"),
        id="several-set-cookie",
    ),
    pytest.param(
        Response(200, Headers([("content-type", "image/png")]), bytes(range(256))),
        (200, [("content-type", "image/png")], bytes(range(256))),
        (200, [("content-type", "image/png"), ("Content-Length", "256")], bytes(range(256))),
        id="binary-body",
    ),
    pytest.param(Response(204), (204, [], b""), (204, [], b""), id="empty-204-no-headers-added"),
    pytest.param(
        Response(304, Headers([("etag", '"3"'), ("content-type", "application/json")])),
        (304, [("etag", '"3"'), ("content-type", "application/json")], b""),
        (304, [("etag", '"3"')], b""),  # werkzeug drops entity headers from a 304
        id="empty-304",
    ),
]


@pytest.mark.parametrize(("response", "native", "wire"), RESPONSE_CASES)
def test_from_response_builds_the_whole_flask_response(
    response: Response, native: tuple[int, list[tuple[str, str]], bytes], wire: object
) -> None:
    built = from_response(response)
    assert (built.status_code, built.headers.to_wsgi_list(), built.get_data()) == native


@pytest.mark.parametrize(("response", "native", "wire"), RESPONSE_CASES)
def test_from_response_survives_the_framework(
    capture: tuple[FlaskClient, Any], response: Response, native: object,
    wire: tuple[int, list[tuple[str, str]], bytes],
) -> None:  # fmt: skip
    """What a client gets once functions-framework and werkzeug have served the response."""
    client, module = capture
    module.reply = response
    reply = send(client, Sent("GET", "/x"))
    assert (reply.status_code, reply.headers.to_wsgi_list(), reply.get_data()) == wire


def test_to_request_keeps_the_raw_request_out_of_equality(capture: tuple[FlaskClient, Any]) -> None:
    client, module = capture
    send(client, Sent("GET", "/", (("Function-Execution-Id", "e"),)))
    [seen] = module.seen
    assert replace(seen, invocation=replace(seen.invocation, raw_event=None)) == seen
