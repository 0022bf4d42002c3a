"""Google Cloud Functions adapter: functions-framework HTTP functions (``flask.Request``).

Accepts the ``flask.Request`` that functions-framework hands an ``@functions_framework.http``
function (1st and 2nd gen, and Cloud Run functions) and answers with a ``flask.Response``.
Payload docs: https://cloud.google.com/functions/docs/writing/write-http-functions

What the platform does before the function sees a request:

- the path is relative to the function root (the ``/FUNCTION_NAME`` prefix of a
  ``cloudfunctions.net`` URL is removed) and WSGI has already percent-decoded it;
- the WSGI server folds repeated header lines into one comma-joined value (gunicorn
  with ``,``, werkzeug with ``, ``); the query string still carries every repeated key;
- ``/robots.txt`` and ``/favicon.ico`` are answered 404 by the framework itself, and
  ``GET``/``HEAD /static/<file>`` by Flask's static route (files of ``./static``, else 404):
  none of them reaches the function;
- ``Function-Execution-Id`` is set by the framework when the caller sent none.
"""

from __future__ import annotations

from collections.abc import Callable

import flask

from core.http import App, ColdStart, Headers, Invocation, Request, Response, parse_query

PROVIDER = "gcp"
# WSGI environ keys of Function-Execution-Id and X-Cloud-Trace-Context: O(1) lookups.
EXECUTION_ID_KEY = "HTTP_FUNCTION_EXECUTION_ID"
TRACE_KEY = "HTTP_X_CLOUD_TRACE_CONTEXT"

HttpFunction = Callable[[flask.Request], flask.Response]


def to_request(
    request: flask.Request, *, function_name: str = "", cold_start: bool = False
) -> Request:
    """The neutral Request for a functions-framework ``flask.Request``."""
    environ = request.environ
    invocation = Invocation(
        provider=PROVIDER,
        request_id=environ.get(EXECUTION_ID_KEY, ""),
        function_name=function_name,
        deadline=None,  # GCF tells the function no deadline; the timeout is deploy-time only
        cold_start=cold_start,
        client_ip=_client_ip(environ.get("HTTP_X_FORWARDED_FOR"), request.remote_addr),
        trace_id=_trace_id(environ.get(TRACE_KEY)),
        raw_event=request,
    )
    return Request(
        method=request.method.upper(),
        path=request.path or "/",
        # The raw string, not request.args: its MultiDict groups values by key and so
        # loses the arrival order across keys.
        query=parse_query(request.query_string.decode("utf-8", "replace")),
        headers=_headers(environ),
        body=request.get_data(cache=True, parse_form_data=False),
        invocation=invocation,
    )


class _Response(flask.Response):
    """A Flask response that adds no Content-Type of its own (ours is in the headers)."""

    default_mimetype = None


def from_response(response: Response) -> flask.Response:
    """The ``flask.Response`` for a neutral Response: headers as given, body bytes untouched."""
    native = _Response(status=response.status, headers=list(response.headers.pairs))
    # Assigned, not set_data(): no Content-Length yet, so a 204 carries none; werkzeug
    # computes it for the wire where it belongs.
    native.response = [response.body]
    return native


def http_function(app: App, function_name: str = "") -> HttpFunction:
    """An HTTP function for functions-framework that serves ``app``.

    ``function_name`` comes from the entry (``K_SERVICE`` on GCF); the adapter reads no env.
    """
    cold_start = ColdStart()

    def handler(request: flask.Request) -> flask.Response:
        cold = cold_start()
        return from_response(app(to_request(request, function_name=function_name, cold_start=cold)))

    return handler


def _headers(environ: dict[str, object]) -> Headers:
    """The request headers from the WSGI environ in one pass, named as werkzeug names them."""
    pairs = []
    for key, value in environ.items():
        if key.startswith("HTTP_"):
            if key not in ("HTTP_CONTENT_TYPE", "HTTP_CONTENT_LENGTH"):
                pairs.append((key[5:].replace("_", "-").title(), str(value)))
        elif key in ("CONTENT_TYPE", "CONTENT_LENGTH") and value:
            pairs.append((key.replace("_", "-").title(), str(value)))
    return Headers(tuple(pairs))


def _client_ip(forwarded: str | None, remote_addr: str | None) -> str | None:
    # The first X-Forwarded-For hop is the client Google's front end saw.
    first = forwarded.split(",", 1)[0].strip() if forwarded else ""
    return first or remote_addr or None


def _trace_id(context: str | None) -> str | None:
    # "TRACE_ID/SPAN_ID;o=OPTIONS": the trace id is everything before the slash.
    if not context:
        return None
    trace = context.split("/", 1)[0].split(";", 1)[0].strip()
    return trace or None
