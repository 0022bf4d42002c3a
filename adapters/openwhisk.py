"""Apache OpenWhisk web actions <-> core: ``main(args)`` in raw (``web: raw``) or standard mode.

Accepts the ``args`` the controller builds for a web action (``__ow_method``, ``__ow_path``,
``__ow_headers``, and ``__ow_query``/``__ow_body`` in raw mode, or query and JSON/form body
merged into ``args`` in standard mode) and returns the ``statusCode``/``headers``/``body``
result of the ``.http`` extension. See docs/webactions.md of apache/openwhisk and
``WhiskWebActionsApi`` (WebActions.scala) for what the controller does; the body rule below
mirrors Akka HTTP's media-type registry, which the controller consults.
"""

from __future__ import annotations

import base64
import json
import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias
from urllib.parse import unquote, urlencode

from core.http import (
    App,
    ColdStart,
    Headers,
    Invocation,
    Query,
    Request,
    Response,
    media_type,
    parse_query,
)

PROVIDER = "openwhisk"
RESERVED = frozenset(f"__ow_{n}" for n in ("method", "headers", "path", "user", "query", "body"))
CONFIG_PREFIX = "FAASPORT_"  # bound configuration parameters; never part of a request
BOUND_ENV = "FAASPORT_OW_BOUND_PARAMS"
# Akka HTTP's registry (MediaTypes.scala), which the controller consults: these registered
# types are text; other registered ones are binary; an unregistered type is text only when
# its Content-Type carries a charset parameter.
_TEXT_TYPES = frozenset(
    "application/" + sub for sub in ("atom+xml", "base64", "javascript", "json",
     "json-patch+json", "merge-patch+json", "problem+json", "rss+xml", "soap+xml",
     "vnd.api+json", "vnd.google-earth.kml+xml", "x-latex", "x-vrml", "x-www-form-urlencoded",
     "xhtml+xml", "xml-dtd", "xml", "problem+xml")
) | frozenset(
    "text/" + sub for sub in ("asp", "cache-manifest", "calendar", "css", "csv",
     "event-stream", "html", "markdown", "mcf", "plain", "richtext", "tab-separated-values",
     "uri-list", "vnd.wap.wml", "vnd.wap.wmlscript", "x-asm", "x-c", "x-component", "x-h",
     "x-java-source", "x-pascal", "x-script", "x-scriptcsh", "x-scriptelisp", "x-scriptksh",
     "x-scriptlisp", "x-scriptperl", "x-scriptperl-module", "x-scriptphyton", "x-scriptrexx",
     "x-scriptscheme", "x-scriptsh", "x-scripttcl", "x-scripttcsh", "x-scriptzsh",
     "x-server-parsed-html", "x-setext", "x-sgml", "x-speech", "x-uuencode", "x-vcalendar",
     "x-vcard", "xml")
)  # fmt: skip
# Registered binary families (approximated by top-level type) stay binary with a charset.
_BINARY_FAMILIES = ("image/", "audio/", "video/", "font/", "message/", "multipart/")
_BASE64 = re.compile(r"^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2}==)?$")

Main: TypeAlias = Callable[..., dict[str, Any]]


@dataclass(frozen=True, slots=True)
class Activation:
    """The activation environment (``__OW_*``), read by the entry and passed in."""

    activation_id: str = ""
    action_name: str = ""
    namespace: str = ""
    deadline_ms: int | None = None  # milliseconds since the epoch
    cold_start: bool = False
    bound_params: frozenset[str] = frozenset()  # names bound to the action in standard mode


class NotWebInvocation(ValueError):
    """The action was invoked without the web-action fields (no ``__ow_method``)."""


def activation_from_env(environ: Mapping[str, str], cold_start: bool = False) -> Activation:
    """The Activation described by an ``__OW_*`` environment mapping."""
    deadline = environ.get("__OW_DEADLINE", "")
    declared = environ.get(BOUND_ENV, "")
    return Activation(
        activation_id=environ.get("__OW_ACTIVATION_ID", ""),
        action_name=environ.get("__OW_ACTION_NAME", ""),
        namespace=environ.get("__OW_NAMESPACE", ""),
        deadline_ms=int(deadline) if deadline.isdigit() else None,
        cold_start=cold_start,
        bound_params=frozenset(name.strip() for name in declared.split(",") if name.strip()),
    )


def is_binary(content_type: str | None) -> bool:
    """Whether the controller (Akka HTTP) treats this content type as binary (base64)."""
    media = media_type(content_type) or "application/octet-stream"  # Akka's default entity
    if media in _TEXT_TYPES:
        return False
    if media.startswith(_BINARY_FAMILIES) or media == "application/octet-stream":
        return True
    return _charset(content_type) is None


def body_is_base64(content_type: str | None) -> bool:
    """Whether the controller base64-encodes a request body of this type into ``__ow_body``."""
    return is_binary(content_type) or media_type(content_type) == "application/json"


def _is_json_family(content_type: str | None) -> bool:
    media = media_type(content_type)
    return media == "application/json" or media.endswith("+json")


def to_request(args: Mapping[str, Any], activation: Activation) -> Request:
    """The core Request carried by one web-action ``args`` object."""
    if "__ow_method" not in args:
        raise NotWebInvocation(
            "not a web action invocation: no __ow_method among the received keys "
            f"{sorted(args)}; create the action with --web raw (or --web true)"
        )
    headers = Headers({str(k): str(v) for k, v in (args.get("__ow_headers") or {}).items()})
    content_type = headers.get("content-type")
    if "__ow_query" in args:  # raw mode: the controller always sets __ow_query there
        query = parse_query(str(args["__ow_query"]))
        body = _opaque_body(args.get("__ow_body"), content_type, raw=True)
    else:
        query, body = _standard_query_and_body(args, headers, activation.bound_params)
    path = unquote(str(args.get("__ow_path") or ""))
    forwarded = (headers.get("x-forwarded-for") or "").split(",")[0].strip()
    invocation = Invocation(
        provider=PROVIDER,
        request_id=activation.activation_id,
        function_name=activation.action_name,
        deadline=activation.deadline_ms / 1000 if activation.deadline_ms is not None else None,
        cold_start=activation.cold_start,
        client_ip=forwarded or None,
        raw_event=args,
        raw_context=activation,
    )
    return Request(str(args["__ow_method"]).upper(), "/" + path.lstrip("/"), query, headers,
                   body, invocation)  # fmt: skip


def _opaque_body(value: Any, content_type: str | None, raw: bool) -> bytes:
    if value is None or value == "":
        return b""
    if not isinstance(value, str) or (not raw and _is_json_family(content_type)):
        # Standard mode hands a non-object JSON body over parsed: serialise it again.
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.b64decode(value) if body_is_base64(content_type) else value.encode()


def _standard_query_and_body(
    args: Mapping[str, Any], headers: Headers, bound: frozenset[str]
) -> tuple[Query, bytes]:
    dropped = RESERVED | bound
    free = {k: v for k, v in args.items() if k not in dropped and not k.startswith(CONFIG_PREFIX)}
    content_type = headers.get("content-type")
    if "__ow_body" in args:
        return _query(free), _opaque_body(args["__ow_body"], content_type, raw=False)
    # Query and body keys are merged by the controller; with an entity, all go to the body.
    if headers.get("content-length", "0") != "0" or headers.get("transfer-encoding"):
        if _is_json_family(content_type):
            return Query(), json.dumps(free, separators=(",", ":"), ensure_ascii=False).encode()
        if media_type(content_type) == "application/x-www-form-urlencoded":
            return Query(), urlencode([(k, _text(v)) for k, v in free.items()]).encode()
    return _query(free), b""


def _query(values: Mapping[str, Any]) -> Query:
    return Query([(k, _text(v)) for k, v in values.items()])


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, separators=(",", ":"))


def from_response(response: Response) -> dict[str, Any]:
    """The web-action result for a core Response (``.http`` extension)."""
    headers: dict[str, Any] = {}
    for name, values in response.headers.to_dict().items():
        headers[name] = values[0] if len(values) == 1 else values
    content_type = response.headers.get("content-type")
    body = response.body
    if not content_type and body and not _is_utf8(body):
        content_type = headers["content-type"] = "application/octet-stream"
    if is_binary(content_type):
        text = base64.b64encode(body).decode()
    else:
        text = body.decode(_charset(content_type) or "utf-8", errors="replace")
        if _is_json_family(content_type) and text and _BASE64.match(text.strip()):
            # The controller base64-decodes JSON bodies that look like base64 (a legacy rule).
            text = base64.b64encode(body).decode()
    return {"statusCode": response.status, "headers": headers, "body": text}


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode()
    except UnicodeDecodeError:
        return False
    return True


def _charset(content_type: str | None) -> str | None:
    match = re.search(r";\s*charset=\"?([\w.:-]+)", content_type or "", re.IGNORECASE)
    return match.group(1) if match else None


def _configuration(args: Mapping[str, Any], bound: frozenset[str]) -> dict[str, str]:
    """Bound ``FAASPORT_*`` parameters: all in raw mode, declared ones in standard mode."""
    raw = "__ow_query" in args  # raw mode merges nothing of the request into args
    return {k: _text(v) for k, v in args.items()
            if k.startswith(CONFIG_PREFIX) and (raw or k in bound)}  # fmt: skip


def web_action(build: Callable[[Mapping[str, str]], App], environ: Mapping[str, str]) -> Main:
    """``main(args, environ=None)`` over the App ``build`` makes once from bound configuration.

    ``build`` gets the bound ``FAASPORT_*`` parameters of the first activation (wrap a
    ready App as ``lambda _: app``). ``environ`` is read on every call for ``__OW_*``; a
    caller may pass its own ``environ`` per call instead (the local gateway does).
    """
    cold_start = ColdStart()
    lock = threading.Lock()
    apps: list[App] = []

    def main(args: dict[str, Any], environ_now: Mapping[str, str] | None = None) -> dict[str, Any]:
        activation = activation_from_env(environ_now or environ, cold_start())
        try:
            request = to_request(args, activation)
        except NotWebInvocation as error:
            return {"error": str(error)}
        if not apps:
            with lock:
                if not apps:
                    apps.append(build(_configuration(args, activation.bound_params)))
        return from_response(apps[0](request))

    return main
