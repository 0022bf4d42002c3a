"""Azure Functions (Python v2 programming model): ``func.HttpRequest`` <-> core, one catch-all.

Accepts what the Python worker hands an HTTP-triggered function: ``func.HttpRequest`` (built
from the host's ``RpcHttp`` message) and ``func.Context``. What the host delivers, and so what
this module can keep (https://learn.microsoft.com/azure/azure-functions/functions-bindings-http-webhook-trigger):

- ``req.route_params["path"]``: the remainder matched by ``{*path}``, after the host's
  ``routePrefix`` (``api`` by default), already percent-decoded by ASP.NET Core except for
  ``%2F``, which Kestrel leaves encoded so that segments stay segments; decoding it here is
  the only decoding left to do (decoding again would turn ``%2541`` into ``A``).
- ``req.params`` is a dict: the host joins repeated keys with ``,`` and drops blank values,
  so the query is read from the raw query string of ``req.url`` instead, repeats and blanks kept.
- ``req.headers`` is a dict with lower-case names; the host has already joined repeated
  headers with ``,``. They cannot be split back safely, so they are kept as delivered.
- The worker renders the ``func.HttpResponse``: every ``Set-Cookie`` (``headers.get_all``)
  becomes a cookie of its own, other headers go through a dict (last value wins), so
  repeated non-cookie headers are joined with ``, `` here, as RFC 9110 allows.
"""

from __future__ import annotations

import re

import azure.functions as func

from core.http import App, ColdStart, Headers, Invocation, Query, Request, Response, parse_query

PROVIDER = "azure"
ROUTE = "{*path}"
ROUTE_PARAM = "path"
METHODS = tuple(func.HttpMethod)
_ENCODED_SLASH = re.compile("%2F", re.IGNORECASE)
_TRACEPARENT = re.compile(r"^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$")


def to_request(
    req: func.HttpRequest, context: func.Context | None = None, *, cold_start: bool = False
) -> Request:
    """The core Request for one invocation; the path never carries the route prefix."""
    headers = Headers(req.headers.items())
    return Request(
        method=req.method.upper(),
        path="/" + _remainder(req.route_params.get(ROUTE_PARAM) or ""),
        query=_query(req),
        headers=headers,
        body=req.get_body() or b"",
        invocation=Invocation(
            provider=PROVIDER,
            request_id=getattr(context, "invocation_id", "") or "",
            function_name=getattr(context, "function_name", "") or "",
            cold_start=cold_start,
            client_ip=_client_ip(headers.get("x-forwarded-for")),
            trace_id=_trace_id(context),
            raw_event=req,
            raw_context=context,
        ),
    )


def from_response(response: Response) -> func.HttpResponse:
    """The ``func.HttpResponse`` the worker turns back into the host's HTTP response."""
    native = func.HttpResponse(response.body, status_code=response.status)
    entries: list[tuple[str, list[str]]] = []
    merged: dict[str, list[str]] = {}
    for name, value in response.headers.pairs:
        key = name.lower()
        if key == "set-cookie":  # the worker reads them with get_all: one cookie each
            entries.append((name, [value]))
        elif key in merged:
            merged[key].append(value)
        else:
            entries.append((name, merged.setdefault(key, [value])))
    for name, values in entries:
        native.headers.add(name, values[0] if len(values) == 1 else ", ".join(values))
    return native


def register(
    function_app: func.FunctionApp,
    app: App,
    *,
    name: str = "faasport",
    auth_level: func.AuthLevel | str | None = None,
) -> None:
    """Register ``app`` on ``function_app`` as one HTTP function, route ``{*path}``, all methods."""
    cold_start = ColdStart()

    def handler(req: func.HttpRequest, context: func.Context) -> func.HttpResponse:
        return from_response(app(to_request(req, context, cold_start=cold_start())))

    routed = function_app.route(route=ROUTE, methods=METHODS, auth_level=auth_level)(handler)
    function_app.function_name(name)(routed)


def function_app(
    app: App, *, auth_level: func.AuthLevel | str = func.AuthLevel.FUNCTION, name: str = "faasport"
) -> func.FunctionApp:
    """A ``FunctionApp`` serving ``app`` as its one catch-all HTTP function."""
    level = _auth_level(auth_level)
    function_app = func.FunctionApp(http_auth_level=level)
    register(function_app, app, name=name, auth_level=level)
    return function_app


def _auth_level(value: func.AuthLevel | str) -> func.AuthLevel:
    """An AuthLevel from a member or its name in any case (``function``, ``ANONYMOUS``)."""
    if isinstance(value, func.AuthLevel):
        return value
    try:
        return func.AuthLevel[value.strip().upper()]
    except KeyError:
        names = ", ".join(level.name.lower() for level in func.AuthLevel)
        raise ValueError(f"unknown auth level {value!r}; choose one of {names}") from None


def _remainder(route_value: str) -> str:
    """The route value with the one escape the host leaves in it (``%2F``) decoded."""
    return _ENCODED_SLASH.sub("/", route_value) if "%" in route_value else route_value


def _query(req: func.HttpRequest) -> Query:
    raw = (req.url or "").partition("?")[2].partition("#")[0]
    if raw:
        return parse_query(raw)
    # No query string in the URL (a hand-built request): params is all there is.
    return Query(req.params.items())


def _client_ip(forwarded: str | None) -> str | None:
    """The first X-Forwarded-For hop; Azure's front end appends the client port to it."""
    first = (forwarded or "").split(",")[0].strip()
    if first.startswith("["):  # [2001:db8::1]:51234
        return first[1 : first.find("]")] or None
    if first.count(":") == 1:  # 203.0.113.7:51234
        return first.partition(":")[0]
    return first or None


def _trace_id(context: func.Context | None) -> str | None:
    """The trace id of the W3C traceparent the host passes in the invocation context."""
    trace_context = getattr(context, "trace_context", None)
    traceparent = getattr(trace_context, "trace_parent", None) or ""
    match = _TRACEPARENT.match(traceparent.strip().lower())
    return match.group(1) if match else None
