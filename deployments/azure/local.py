"""Local use of Azure Functions: raw HTTP -> what the Functions host and Python worker do -> entry.

The host itself (.NET) does not run here. This gateway does its part of the work as the
host's ``ToRpcHttp`` does: it routes ``/<routePrefix>/{*path}`` (anything else is a 404),
decodes the path like ASP.NET Core (every escape except ``%2F``), joins repeated query keys
and headers with ``,``, drops blank query values, lower-cases header names and passes the
body as bytes when there is one. The worker's part runs for real: the ``azure-functions``
converters build the ``func.HttpRequest`` and render the ``func.HttpResponse`` (cookies
parsed with ``SimpleCookie``), and the function called is the one ``app.get_functions()``
indexed.
"""

from __future__ import annotations

import re
import runpy
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote

import azure.functions as func
from azure.functions import meta
from azure.functions._abc import TraceContext
from azure.functions.http import HttpRequestConverter, HttpResponseConverter

from deployments.local.options import LocalOptions
from deployments.local.wire import Gateway, RawRequest, RawResponse, describe_response
from deployments.local.wire import request_from_description as _description

ENTRY = Path(__file__).with_name("function_app.py")
_ESCAPED_SLASH = re.compile("(%2F)", re.IGNORECASE)


def gateway(options: LocalOptions) -> Gateway:
    """The entry file's FunctionApp behind the emulated host, prefix ``options.route_prefix``."""
    return host_gateway(runpy.run_path(str(ENTRY))["app"], options.route_prefix)


def invoke(payload: object, options: LocalOptions) -> object:
    """One JSON request description (path with the prefix) through the host; its description."""
    if not isinstance(payload, dict):
        raise ValueError("azure takes a JSON request description (an object)")
    return describe_response(gateway(options)(_description(payload)))


def host_gateway(function_app: func.FunctionApp, route_prefix: str = "api") -> Gateway:
    """Serve ``function_app``'s one HTTP function as the host would under ``route_prefix``."""
    (function,) = function_app.get_functions()  # the worker indexes an app once, and so do we
    call: Callable[..., Any] = function.get_user_function()
    name = function.get_function_name() or "faasport"
    prefix = route_prefix.strip("/")

    def gateway(raw: RawRequest) -> RawResponse:
        path = _kestrel_decode(raw.path)
        remainder = _route_remainder(path, prefix)
        if remainder is None:
            return RawResponse(404)  # the host's answer to a route no function has
        req = HttpRequestConverter.decode(_rpc_http(raw, remainder), trigger_metadata=None)
        result = call(req=req, context=_Context(name, raw))
        return _raw_response(HttpResponseConverter.encode(result, expected_type=None))

    return gateway


def _kestrel_decode(path: str) -> str:
    """Percent-decode a path as Kestrel does: every escape but ``%2F``."""
    return "".join(
        part if _ESCAPED_SLASH.fullmatch(part) else unquote(part)
        for part in _ESCAPED_SLASH.split(path)
    )


def _route_remainder(path: str, prefix: str) -> str | None:
    """What ``{*path}`` captures after ``/<prefix>``; None when the path is outside it."""
    if not prefix:
        return path.lstrip("/")
    head = "/" + prefix
    if path.lower() == head.lower() or path.lower() == head.lower() + "/":
        return ""
    if path[: len(head) + 1].lower() == head.lower() + "/":
        return path[len(head) + 1 :]
    return None


def _rpc_http(raw: RawRequest, remainder: str) -> meta.Datum:
    """The ``http`` datum the worker decodes: the host's RpcHttp message, field by field."""
    headers = _joined((name.lower(), value) for name, value in raw.headers)
    query = {k: v for k, v in _joined(parse_qsl(raw.query_string, True)).items() if v}
    host = headers.get("host", "localhost")
    target = raw.target if raw.target.startswith("/") else "/" + raw.target

    def strings(values: dict[str, str]) -> dict[str, meta.Datum]:
        return {key: meta.Datum(value, "string") for key, value in values.items()}

    return meta.Datum(
        type="http",
        value={
            "method": meta.Datum(raw.method, "string"),
            "url": meta.Datum(f"http://{host}{target}", "string"),
            "headers": strings(headers),
            "query": strings(query),
            "params": strings({"path": remainder} if remainder else {}),
            # The Python worker asks for raw body bytes; an empty body is not sent at all.
            "body": meta.Datum(raw.body, "bytes"),
        },
    )


def _joined(pairs: Any) -> dict[str, str]:
    """Repeated keys joined with ``,`` as .NET's StringValues.ToString() does."""
    grouped: dict[str, list[str]] = {}
    spelled: dict[str, str] = {}
    for key, value in pairs:
        grouped.setdefault(key.lower(), []).append(value)
        spelled.setdefault(key.lower(), key)  # .NET query keys compare case-insensitively
    return {spelled[key]: ",".join(values) for key, values in grouped.items()}


def _raw_response(datum: meta.Datum) -> RawResponse:
    """The HTTP response the host writes from the worker's ``http`` datum."""
    value = datum.value
    headers = [(name, str(item.value)) for name, item in value["headers"].items()]
    for cookie in value["cookies"] or ():
        headers.extend(("Set-Cookie", morsel.OutputString()) for morsel in cookie.values())
    body = value["body"].value or b""
    return RawResponse(int(value["status_code"].value), tuple(headers), bytes(body))


def _traceparent(headers: dict[str, str]) -> str:
    """The host's traceparent: the caller's trace id kept (or a new one), a span of its own."""
    incoming = headers.get("traceparent", "").split("-")
    trace_id = incoming[1] if len(incoming) == 4 and len(incoming[1]) == 32 else uuid.uuid4().hex
    return f"00-{trace_id}-{uuid.uuid4().hex[:16]}-00"


class _TraceContext(TraceContext):
    """The W3C trace context the host forwards (traceparent/tracestate headers)."""

    def __init__(self, trace_parent: str, trace_state: str) -> None:
        self._parent, self._state = trace_parent, trace_state

    @property
    def trace_parent(self) -> str:
        """The traceparent header value."""
        return self._parent

    @property
    def trace_state(self) -> str:
        """The tracestate header value."""
        return self._state

    @property
    def attributes(self) -> dict[str, str]:
        """Extra attributes; none locally."""
        return {}


class _Context(func.Context):
    """The invocation context the worker passes to a function that declares ``context``."""

    def __init__(self, function_name: str, raw: RawRequest) -> None:
        headers = {name.lower(): value for name, value in raw.headers}
        self._name = function_name
        self._id = str(uuid.uuid4())
        self._trace = _TraceContext(_traceparent(headers), headers.get("tracestate", ""))

    @property
    def invocation_id(self) -> str:
        """A fresh invocation id, a GUID as the host makes."""
        return self._id

    @property
    def function_name(self) -> str:
        """The indexed function's name."""
        return self._name

    @property
    def function_directory(self) -> str:
        """The folder of the entry file."""
        return str(ENTRY.parent)

    @property
    def trace_context(self) -> _TraceContext:
        """The trace context of this invocation."""
        return self._trace

    @property
    def retry_context(self) -> Any:
        """HTTP triggers have no retry policy."""
        return None

    @property
    def thread_local_storage(self) -> Any:
        """Not used by the adapter."""
        return None
