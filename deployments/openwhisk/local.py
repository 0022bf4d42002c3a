"""Local OpenWhisk: a gateway that does what the controller does for a ``.http`` web action.

Routes ``/api/v1/web/<namespace>/<package>/<action>[.http][/<path>]`` (anything else is 404),
builds raw-mode or standard-mode ``args`` the way ``WhiskWebActionsApi`` does, hands the
action an explicit ``__OW_*`` environment (never the process-wide one: the server is
threaded), and renders the result dict as the controller's ``resultAsHttp`` would.
"""

from __future__ import annotations

import base64
import json
import os
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl

from adapters.openwhisk import RESERVED, body_is_base64, is_binary
from core.http import media_type
from deployments.local.options import LocalOptions
from deployments.local.wire import Gateway, RawRequest, RawResponse

Main = Callable[..., dict[str, Any]]
TIMEOUT_MS = 60_000  # the default action time limit
CORS = (
    ("access-control-allow-origin", "*"),
    ("access-control-allow-methods", "OPTIONS, GET, DELETE, POST, PUT, HEAD, PATCH"),
    ("access-control-allow-headers",
     "Authorization, Origin, X-Requested-With, Content-Type, Accept, User-Agent"),
)  # fmt: skip
# Akka renders these with no charset parameter; other text types get "; charset=UTF-8".
FIXED_CHARSET = ("application/json", "application/x-www-form-urlencoded", "text/event-stream")


def gateway(options: LocalOptions) -> Gateway:
    """The controller in front of the real entry, ``deployments/openwhisk/__main__.py``."""
    return front_door(_entry_main(), options)


def invoke(payload: object, options: LocalOptions) -> object:
    """One native ``args`` object through the entry's ``main``; the result dict back."""
    if not isinstance(payload, dict):
        raise ValueError("OpenWhisk takes an args object (a JSON object)")
    return _entry_main()(payload, activation_env(options, uuid.uuid4().hex))


def _entry_main() -> Main:
    from importlib import import_module

    main: Main = import_module("deployments.openwhisk.__main__").main
    return main


def activation_env(options: LocalOptions, activation_id: str) -> dict[str, str]:
    """The environment the runtime sets for one activation, over the process environment."""
    package = "" if options.package == "default" else f"/{options.package}"
    return {
        **os.environ,
        "__OW_ACTIVATION_ID": activation_id,
        "__OW_ACTION_NAME": f"/{options.namespace}{package}/{options.action}",
        "__OW_NAMESPACE": options.namespace,
        "__OW_DEADLINE": str(int(time.time() * 1000) + TIMEOUT_MS),
    }


def front_door(
    main: Main, options: LocalOptions, bound: Mapping[str, Any] | None = None
) -> Gateway:
    """A gateway calling ``main`` like the controller; ``bound`` are the action's parameters."""
    params = dict(bound or {})
    base = f"/api/v1/web/{options.namespace}/{options.package}/{options.action}"

    def serve(raw: RawRequest) -> RawResponse:
        remainder = _remainder(raw.path, base)
        if remainder is None:
            return _error(404, "The requested resource does not exist.", "")
        activation_id = uuid.uuid4().hex
        if raw.method == "OPTIONS":  # answered by the controller itself (web-custom-options off)
            return _with(RawResponse(200), activation_id)
        args = _args(raw, remainder, options.web_mode, params)
        if isinstance(args, RawResponse):
            return _with(args, activation_id)
        result = main(args, activation_env(options, activation_id))
        return _with(result_to_http(result, activation_id), activation_id)

    return serve


def _remainder(path: str, base: str) -> str | None:
    for prefix in (base + ".http", base):
        rest = path[len(prefix) :]
        if path.startswith(prefix) and (rest == "" or rest.startswith("/")):
            return rest
    return None


def _args(
    raw: RawRequest, remainder: str, mode: str, bound: Mapping[str, Any]
) -> dict[str, Any] | RawResponse:
    headers = {name.lower(): value for name, value in raw.headers}  # single-valued, last wins
    if raw.body:  # the controller lists the entity's length among the headers
        headers["content-length"] = str(len(raw.body))
    context = {"__ow_method": raw.method.lower(), "__ow_headers": headers, "__ow_path": remainder}
    content_type = headers.get("content-type")
    if mode == "raw":
        return {**bound, **context, "__ow_query": raw.query_string,
                "__ow_body": _opaque(raw.body, content_type)}  # fmt: skip
    fields = dict(parse_qsl(raw.query_string, keep_blank_values=True))
    body: Any = None
    media = media_type(content_type)
    if raw.body and (media == "application/json" or media.endswith("+json")):
        try:
            body = json.loads(raw.body)
        except (ValueError, RecursionError) as error:
            return _error(400, f"The request content was malformed:\n{error}", "")
    elif raw.body and media == "application/x-www-form-urlencoded":
        body = dict(parse_qsl(raw.body.decode(errors="replace"), keep_blank_values=True))
    elif raw.body:
        context["__ow_body"] = _opaque(raw.body, content_type)
    if isinstance(body, dict):
        fields.update(body)
    elif body is not None:
        context["__ow_body"] = body
    if set(fields) & (RESERVED | set(bound)):
        return _error(400, "Request defines parameters that are not allowed (e.g., reserved "
                      "properties).", "")  # fmt: skip
    return {**bound, **fields, **context}


def _opaque(body: bytes, content_type: str | None) -> str:
    if body_is_base64(content_type):
        return base64.b64encode(body).decode()
    return body.decode(errors="replace")


def result_to_http(result: Mapping[str, Any], activation_id: str) -> RawResponse:
    """The HTTP response the controller makes of a ``.http`` web-action result."""
    if "error" in result:  # an application error: the controller projects the error field
        result = result["error"]
    if not isinstance(result, Mapping):
        return _error(400, "Response is not valid 'message/http'.", activation_id)
    headers: list[tuple[str, str]] = []
    for name, value in (result.get("headers") or {}).items():
        for item in value if isinstance(value, list) else [value]:
            headers.append((name, str(item).lower() if isinstance(item, bool) else str(item)))
    status = int(result.get("statusCode", 0)) or None
    body = result.get("body")
    others = [(n, v) for n, v in headers if n.lower() != "content-type"]
    if body is None or body == "":
        return RawResponse(status or 204, tuple(others))
    content_type = {n.lower(): v for n, v in headers}.get("content-type", "text/html")
    if not isinstance(body, str):
        data, content_type = json.dumps(body).encode(), "application/json"
    elif is_binary(content_type):
        data = base64.b64decode(body)
    elif media_type(content_type).endswith("json") and _looks_base64(body):
        data = base64.b64decode(body)  # the controller's legacy rule for JSON bodies
    else:
        data = body.encode()
    rendered = ("content-type", _rendered(content_type))
    return RawResponse(status or 200, (rendered, *others), data)


def _looks_base64(text: str) -> bool:
    stripped = text.strip()
    try:
        decoded = base64.b64decode(stripped, validate=True)
    except ValueError:
        return False
    return bool(stripped) and base64.b64encode(decoded).decode() == stripped


def _rendered(content_type: str) -> str:
    media = media_type(content_type)
    if is_binary(content_type) or "charset=" in content_type.lower() or media in FIXED_CHARSET:
        return content_type
    if media.endswith("+json") and media.startswith("application/"):
        return content_type
    return f"{content_type}; charset=UTF-8"


def _with(response: RawResponse, activation_id: str) -> RawResponse:
    extra = (*CORS, ("x-openwhisk-activation-id", activation_id)) if activation_id else CORS
    return RawResponse(response.status, (*response.headers, *extra), response.body)


def _error(status: int, message: str, activation_id: str) -> RawResponse:
    body = json.dumps({"error": message, "code": activation_id or uuid.uuid4().hex}).encode()
    return RawResponse(status, (("content-type", "application/json"),), body)
