"""A functions-framework HTTP function that answers with the neutral Request it was given.

Served by the real ``functions-framework`` command in ``tests/deployments/test_gcp_server.py``:
the reply is the translated Request as JSON (body base64), with two ``Set-Cookie`` headers;
``/bytes`` answers every byte value as ``application/octet-stream`` instead.
"""

from __future__ import annotations

import base64

import flask
import functions_framework

from adapters.gcp import http_function
from core.http import Headers, Request, Response

COOKIES = (("set-cookie", "a=1; Path=/"), ("set-cookie", "b=2; HttpOnly"))


def _describe(request: Request) -> Response:
    if request.path == "/bytes":
        return Response(200, Headers([("content-type", "application/octet-stream")]),
                        bytes(range(256)))  # fmt: skip
    invocation = request.invocation
    return Response.json(
        {
            "method": request.method,
            "path": request.path,
            "query": [list(pair) for pair in request.query],
            "headers": [list(pair) for pair in request.headers],
            "body": base64.b64encode(request.body).decode(),
            "invocation": {
                "provider": invocation.provider,
                "requestId": invocation.request_id,
                "functionName": invocation.function_name,
                "deadline": invocation.deadline,
                "coldStart": invocation.cold_start,
                "clientIp": invocation.client_ip,
                "traceId": invocation.trace_id,
            },
        },
        headers=COOKIES,
    )


_serve = http_function(_describe, function_name="echo")


@functions_framework.http
def echo(request: flask.Request) -> flask.Response:
    """Answer with the translated request."""
    return _serve(request)
