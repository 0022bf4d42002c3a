"""AWS Lambda: API Gateway REST (payload 1.0), HTTP API (1.0, 2.0), Function URL and ALB events.

Payload shapes: https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
(HTTP API), .../set-up-lambda-proxy-integrations.html (REST), Function URLs
https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html and ALB
https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import Any, Protocol
from urllib.parse import unquote, unquote_plus

from core.http import (
    App,
    ColdStart,
    Headers,
    Invocation,
    Query,
    Request,
    Response,
    parse_query,
    text_body,
)

Event = Mapping[str, Any]
Handler = Callable[[Event, "LambdaContext"], dict[str, Any]]


class LambdaContext(Protocol):
    """The attributes of the Lambda context object this adapter reads."""

    aws_request_id: str
    function_name: str

    def get_remaining_time_in_millis(self) -> int:
        """Milliseconds left before Lambda stops the invocation."""
        ...


class UnsupportedEvent(ValueError):
    """The event is none of the HTTP shapes this adapter knows."""


def event_kind(event: object) -> str:
    """``rest`` (payload 1.0), ``v2`` (HTTP API 2.0, Function URL), ``alb`` or ``alb-multi``."""
    if isinstance(event, Mapping):
        context = event.get("requestContext") or {}
        if "elb" in context:
            return "alb-multi" if "multiValueHeaders" in event else "alb"
        if event.get("version") == "2.0" and "rawPath" in event:
            return "v2"
        if "httpMethod" in event and "path" in event:
            return "rest"
        received = f"an object with keys {sorted(event)[:12]}"
    else:
        received = f"a JSON {type(event).__name__}"
    raise UnsupportedEvent(
        "faasport's AWS adapter takes API Gateway (REST, HTTP API), Function URL or ALB "
        f"events; it received {received}"
    )


def to_request(
    event: Event,
    context: LambdaContext,
    *,
    now: float | None = None,
    cold_start: bool = False,
    base_path: str = "",
) -> Request:
    """The neutral Request of an HTTP event; ``now`` (the caller's clock) anchors the deadline."""
    kind = event_kind(event)
    v2 = kind == "v2"
    headers = _headers(event, v2)
    deadline = None if now is None else now + context.get_remaining_time_in_millis() / 1000
    invocation = Invocation(
        provider="aws",
        request_id=context.aws_request_id,
        function_name=context.function_name,
        deadline=deadline,
        cold_start=cold_start,
        client_ip=_client_ip(event, kind, headers),
        trace_id=headers.get("x-amzn-trace-id"),
        raw_event=event,
        raw_context=context,
    )
    method = event["requestContext"]["http"]["method"] if v2 else event["httpMethod"]
    return Request(
        method=str(method).upper(),
        path=_strip(_strip(_raw_path(event, kind), _stage(event)), base_path),
        query=_query(event, kind),
        headers=headers,
        body=_body(event),
        invocation=invocation,
    )


def from_response(response: Response, event: Event) -> dict[str, Any]:
    """The native result for the shape of ``event``."""
    kind = event_kind(event)
    text = text_body(response.body, response.headers.get("content-type"))
    body = base64.b64encode(response.body).decode() if text is None else text
    result: dict[str, Any] = {"statusCode": response.status}
    if kind.startswith("alb"):
        result["statusDescription"] = _status_line(response.status)
    grouped = response.headers.to_dict()
    if kind in ("rest", "alb-multi"):
        result["multiValueHeaders"] = grouped
    else:
        cookies = _pop_folded(grouped, "set-cookie")
        # Single-value headers: RFC 9110 lets repeats fold with commas, except Set-Cookie,
        # which HTTP API carries in `cookies` and ALB single mode can carry only once.
        result["headers"] = {name: ",".join(values) for name, values in grouped.items()}
        if kind == "v2":
            result["cookies"] = cookies
        else:
            result["headers"].update(_case_varied("set-cookie", cookies))
    result.update(body=body, isBase64Encoded=text is None)
    return result


def lambda_handler(app: App, base_path: str = "") -> Handler:
    """A Lambda handler serving ``app``; ``base_path`` is a custom-domain mapping to remove."""

    cold_start = ColdStart()

    def handler(event: Event, context: LambdaContext) -> dict[str, Any]:
        request = to_request(
            event, context, now=time.time(), cold_start=cold_start(), base_path=base_path
        )
        return from_response(app(request), event)

    return handler


def _raw_path(event: Event, kind: str) -> str:
    # HTTP API 2.0 and ALB pass the path as requested (percent-encoded); decode it once.
    return unquote(event["rawPath"] if kind == "v2" else event["path"] or "/")


def _stage(event: Event) -> str:
    """The stage prefix present in the path: HTTP API named stages only.

    REST ``path`` never has the stage; HTTP API (1.0 ``path``, 2.0 ``rawPath``) keeps a
    named stage and the ``$default`` stage has none.
    """
    if event.get("version") not in ("1.0", "2.0"):
        return ""
    stage = (event.get("requestContext") or {}).get("stage") or "$default"
    return "" if stage == "$default" else stage


def _strip(path: str, prefix: str) -> str:
    prefix = prefix.strip("/")
    if not prefix:
        return path
    head = "/" + prefix
    if path == head or path.startswith(head + "/"):
        return path[len(head) :] or "/"
    return path


def _headers(event: Event, v2: bool) -> Headers:
    multi = event.get("multiValueHeaders")
    headers = Headers(multi if multi else event.get("headers"))
    cookies = event.get("cookies") if v2 else None
    if cookies:
        headers = Headers((*headers.pairs, ("cookie", "; ".join(cookies))))
    return headers


def _query(event: Event, kind: str) -> Query:
    if kind == "v2":
        # rawQueryString keeps repeats and commas inside values that the joined map loses.
        return parse_query(event.get("rawQueryString") or "")
    query = Query(
        event.get("multiValueQueryStringParameters") or event.get("queryStringParameters")
    )
    if kind.startswith("alb"):
        # ALB passes query keys and values as the client encoded them; API Gateway decodes.
        return Query((unquote_plus(key), unquote_plus(value)) for key, value in query)
    return query


def _body(event: Event) -> bytes:
    body = event.get("body") or ""
    return base64.b64decode(body) if event.get("isBase64Encoded") else body.encode()


def _client_ip(event: Event, kind: str, headers: Headers) -> str | None:
    context = event.get("requestContext") or {}
    if kind == "v2":
        return (context.get("http") or {}).get("sourceIp")
    if kind == "rest":
        return (context.get("identity") or {}).get("sourceIp")
    # ALB appends the address it saw to whatever the client sent: trust the last entry only.
    forwarded = headers.get("x-forwarded-for")
    return forwarded.rsplit(",", 1)[-1].strip() if forwarded else None


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _case_varied(name: str, values: list[str]) -> dict[str, str]:
    """One key per value in a single-value header map, told apart by letter case.

    ALB single-value mode takes one value per key; header names are case-insensitive, so
    ``set-cookie``, ``Set-cookie``, ``sEt-cookie``... all reach the client as Set-Cookie.
    """
    letters = [i for i, char in enumerate(name) if char.isalpha()]
    varied: dict[str, str] = {}
    for number, value in enumerate(values):
        chars = list(name)
        for bit, position in enumerate(letters):
            if number >> bit & 1:
                chars[position] = chars[position].upper()
        varied["".join(chars)] = value
    return varied


def _pop_folded(grouped: dict[str, list[str]], name: str) -> list[str]:
    """Remove header ``name`` (grouped once, in any casing); its values in order."""
    key = next((key for key in grouped if key.lower() == name), None)
    return grouped.pop(key) if key is not None else []
