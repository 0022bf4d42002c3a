"""Raw HTTP exchanges between the local front door and a provider gateway."""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from core.http import App, Headers, Invocation, Request, Response, parse_query, text_body


@dataclass(frozen=True, slots=True)
class RawRequest:
    """An HTTP request as it arrived: method, target (path and query), headers, body."""

    method: str
    target: str
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    client_ip: str = "127.0.0.1"

    @property
    def path(self) -> str:
        """The percent-encoded path of the target."""
        return urlsplit(self.target).path or "/"

    @property
    def query_string(self) -> str:
        """The raw query string of the target, without ``?``."""
        return urlsplit(self.target).query


@dataclass(frozen=True, slots=True)
class RawResponse:
    """An HTTP response to write back: status, header pairs (repeats allowed), body."""

    status: int
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = field(default=b"")


Gateway = Callable[[RawRequest], RawResponse]


def core_gateway(app: App) -> Gateway:
    """Serve the core App directly: the `faasport serve` default, no provider in between."""

    def gateway(raw: RawRequest) -> RawResponse:
        request = Request(
            method=raw.method.upper(),
            path=unquote(raw.path),
            query=parse_query(raw.query_string),
            headers=Headers(raw.headers),
            body=raw.body,
            invocation=Invocation(provider="core", client_ip=raw.client_ip),
        )
        response: Response = app(request)
        return RawResponse(response.status, response.headers.pairs, response.body)

    return gateway


def request_from_description(description: dict[str, object]) -> RawRequest:
    """A RawRequest from the JSON request description of ``faasport invoke``.

    ``{"method": "POST", "path": "/notes?x=1", "headers": {"a": "1"} or [["a", "1"]],
    "body": "...", "isBase64Encoded": false}``
    """
    unknown = set(description) - {"method", "path", "headers", "body", "isBase64Encoded"}
    if unknown:
        raise ValueError(f"unknown fields in the request description: {sorted(unknown)}")
    raw_headers = description.get("headers") or {}
    if isinstance(raw_headers, dict):
        headers = tuple(Headers(raw_headers).pairs)
    elif isinstance(raw_headers, list):
        headers = tuple((str(k), str(v)) for k, v in raw_headers)
    else:
        raise ValueError("'headers' must be an object or a list of [name, value] pairs")
    body = str(description.get("body") or "")
    data = base64.b64decode(body) if description.get("isBase64Encoded") else body.encode()
    return RawRequest(str(description.get("method", "GET")).upper(),
                      str(description.get("path", "/")), headers, data)  # fmt: skip


def describe_response(response: RawResponse) -> dict[str, object]:
    """The JSON description of a response: status, header pairs, body (base64 if binary)."""
    text = text_body(response.body, Headers(response.headers).get("content-type"))
    return {
        "status": response.status,
        "headers": [list(pair) for pair in response.headers],
        "body": base64.b64encode(response.body).decode() if text is None else text,
        "isBase64Encoded": text is None,
    }
