"""Local AWS front door: raw HTTP -> the event API Gateway, a Function URL or ALB would send.

``gateway`` builds the native event for ``options.event_format`` (v1 REST on stage
``local``, v2 HTTP API and url on ``$default``, alb and alb-multi), calls the Lambda
handler with a local context and turns the native result back into HTTP, as
``sam local start-api`` does. ``invoke`` runs one native event, as ``sam local invoke -e``.
"""

from __future__ import annotations

import base64
import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from core.http import Headers, MultiDict, parse_query, text_body
from deployments.local.options import LocalOptions
from deployments.local.wire import Gateway, RawRequest, RawResponse

Handler = Callable[[dict[str, Any], Any], Any]
FUNCTION_NAME = "faasport-notes"
TIMEOUT_SECONDS = 30.0
REST_STAGE = "local"
ACCOUNT = "123456789012"
log = logging.getLogger("faasport.serve")


@dataclass(frozen=True)
class LocalContext:
    """The Lambda context attributes the adapter reads, for one local invocation."""

    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_name: str = FUNCTION_NAME
    deadline: float = field(default_factory=lambda: time.time() + TIMEOUT_SECONDS)

    def get_remaining_time_in_millis(self) -> int:
        """Milliseconds until the local timeout."""
        return max(0, int((self.deadline - time.time()) * 1000))


def _entry() -> Handler:
    from deployments.aws.handler import handler  # imported late: it reads the environment

    return handler


def gateway(options: LocalOptions, handler: Handler | None = None) -> Gateway:
    """Raw HTTP through the Lambda handler as ``options.event_format`` events."""
    build = BUILDERS.get(options.event_format)
    if build is None:
        raise ValueError(f"unknown AWS event format {options.event_format!r}; use {list(BUILDERS)}")
    target = handler or _entry()

    def serve(raw: RawRequest) -> RawResponse:
        context = LocalContext()
        event = build(raw, context.aws_request_id, time.time())
        try:
            return to_raw_response(target(event, context))
        except Exception:
            log.exception("the Lambda handler failed")  # API Gateway answers such errors 502
            return RawResponse(502, (("content-type", "application/json"),),
                               b'{"message":"Internal server error"}')  # fmt: skip

    return serve


def invoke(payload: object, options: LocalOptions, handler: Handler | None = None) -> object:
    """One native event through the Lambda handler; the native result back."""
    if not isinstance(payload, dict):
        raise ValueError("a Lambda event is a JSON object")
    return (handler or _entry())(payload, LocalContext())


def to_raw_response(result: Any) -> RawResponse:
    """The HTTP response API Gateway, a Function URL or ALB make of a native result."""
    if not isinstance(result, dict) or "statusCode" not in result:
        raise ValueError(f"the handler returned no statusCode: {result!r:.200}")
    pairs = [
        (k, v) for k, values in (result.get("multiValueHeaders") or {}).items() for v in values
    ]
    seen = {name.lower() for name, _ in pairs}
    pairs += [(k, v) for k, v in (result.get("headers") or {}).items() if k.lower() not in seen]
    pairs += [("set-cookie", cookie) for cookie in result.get("cookies") or ()]
    body = result.get("body") or ""
    data = base64.b64decode(body) if result.get("isBase64Encoded") else body.encode()
    return RawResponse(int(result["statusCode"]), tuple(pairs), data)


def _body(raw: RawRequest) -> tuple[str, bool]:
    """The body as the gateway sends it: text, or base64 for binary content."""
    text = text_body(raw.body, Headers(raw.headers).get("content-type"))
    return (base64.b64encode(raw.body).decode(), True) if text is None else (text, False)


def _last(values: MultiDict, lower: bool = False) -> dict[str, str]:
    """Single-value view: the last value of each key, as the v1 and ALB maps keep it."""
    return {(k.lower() if lower else k): v[-1] for k, v in values.to_dict().items()}


def _rest_event(raw: RawRequest, request_id: str, now: float) -> dict[str, Any]:
    # `path` as the client sent it (the adapter decodes it once); path parameters decoded.
    headers, query, path = Headers(raw.headers), parse_query(raw.query_string), raw.path
    body, encoded = _body(raw)
    proxy = path != "/"
    identity = {"sourceIp": raw.client_ip, "userAgent": headers.get("user-agent")}
    context = {
        "accountId": ACCOUNT, "apiId": "local", "stage": REST_STAGE, "requestId": request_id,
        "path": f"/{REST_STAGE}{path}", "resourcePath": "/{proxy+}" if proxy else "/",
        "httpMethod": raw.method, "protocol": "HTTP/1.1", "identity": identity,
        "requestTimeEpoch": int(now * 1000),
    }  # fmt: skip
    return {
        "resource": context["resourcePath"], "path": path, "httpMethod": raw.method,
        "headers": _last(headers) or None, "multiValueHeaders": headers.to_dict() or None,
        "queryStringParameters": _last(query) or None,
        "multiValueQueryStringParameters": query.to_dict() or None,
        "pathParameters": {"proxy": unquote(path[1:])} if proxy else None,
        "stageVariables": None,
        "requestContext": context, "body": body or None, "isBase64Encoded": encoded,
    }  # fmt: skip


def _v2_event(raw: RawRequest, request_id: str, now: float, url: bool = False) -> dict[str, Any]:
    headers = Headers(raw.headers)
    cookies = [c.strip() for v in headers.get_all("cookie") for c in v.split(";") if c.strip()]
    joined = {k.lower(): ",".join(v) for k, v in headers.to_dict().items() if k.lower() != "cookie"}
    query = {k: ",".join(v) for k, v in parse_query(raw.query_string).to_dict().items()}
    body, encoded = _body(raw)
    domain = (
        "local.lambda-url.us-east-1.on.aws" if url else "local.execute-api.us-east-1.amazonaws.com"
    )
    http = {"method": raw.method, "path": unquote(raw.path), "protocol": "HTTP/1.1",
            "sourceIp": raw.client_ip, "userAgent": headers.get("user-agent")}  # fmt: skip
    context = {
        "accountId": "anonymous" if url else ACCOUNT, "apiId": "local", "domainName": domain,
        "domainPrefix": "local", "http": http, "requestId": request_id, "routeKey": "$default",
        "stage": "$default", "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
        "timeEpoch": int(now * 1000),
    }  # fmt: skip
    event = {"version": "2.0", "routeKey": "$default", "rawPath": raw.path,
             "rawQueryString": raw.query_string, "headers": joined, "requestContext": context,
             "isBase64Encoded": encoded}  # fmt: skip
    event.update({k: v for k, v in [("cookies", cookies), ("queryStringParameters", query),
                                    ("body", body)] if v})  # fmt: skip
    return event


def _alb_event(raw: RawRequest, request_id: str, now: float, multi: bool = False) -> dict[str, Any]:
    forwarded = Headers(raw.headers).get("x-forwarded-for")
    client = f"{forwarded}, {raw.client_ip}" if forwarded else raw.client_ip
    headers = Headers([(k.lower(), v) for k, v in raw.headers if k.lower() != "x-forwarded-for"])
    headers = Headers((*headers.pairs, ("x-forwarded-for", client)))
    # ALB hands the query over exactly as the client encoded it.
    query = MultiDict(part.partition("=")[::2] for part in raw.query_string.split("&") if part)
    body, encoded = _body(raw)
    arn = f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:targetgroup/faasport/local"
    event: dict[str, Any] = {"requestContext": {"elb": {"targetGroupArn": arn}},
                             "httpMethod": raw.method, "path": raw.path}  # fmt: skip
    if multi:
        event.update(multiValueQueryStringParameters=query.to_dict(),
                     multiValueHeaders=headers.to_dict())  # fmt: skip
    else:
        event.update(queryStringParameters=_last(query), headers=_last(headers))
    event.update(body=body, isBase64Encoded=encoded)
    return event


BUILDERS: dict[str, Callable[[RawRequest, str, float], dict[str, Any]]] = {
    "v1": _rest_event,
    "v2": _v2_event,
    "url": lambda raw, rid, now: _v2_event(raw, rid, now, url=True),
    "alb": _alb_event,
    "alb-multi": lambda raw, rid, now: _alb_event(raw, rid, now, multi=True),
}
