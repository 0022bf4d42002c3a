"""Local AWS use: the emulated gateway over real HTTP, and `faasport invoke aws` on an event."""

from __future__ import annotations

import dataclasses
import http.client
import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.aws import lambda_handler
from core.http import Headers, Invocation, Query, Request, Response
from deployments import cli
from deployments.aws.local import gateway
from deployments.local.options import LocalOptions
from deployments.local.server import LocalServer

EVENTS = Path(__file__).resolve().parents[1] / "events" / "aws"
PNG = b"\x89PNG\r\n\x1a\n\x00\xff"
REPLY = Response(200, Headers([("content-type", "image/png"), ("set-cookie", "a=1; Path=/"),
                               ("set-cookie", "b=2")]), PNG)  # fmt: skip


@pytest.fixture
def recorded() -> list[Request]:
    return []


@pytest.fixture(params=["v1", "v2", "url", "alb", "alb-multi"])
def server(
    request: pytest.FixtureRequest, recorded: list[Request]
) -> Iterator[tuple[LocalServer, str]]:
    """The local AWS gateway in front of a recording app, on a free loopback port."""

    def app(seen: Request) -> Response:
        recorded.append(seen)
        return REPLY

    options = LocalOptions(event_format=request.param)
    local = LocalServer("127.0.0.1", 0, gateway(options, lambda_handler(app)))
    threading.Thread(target=local.serve_forever, daemon=True).start()
    try:
        yield local, request.param
    finally:
        local.shutdown()
        local.server_close()


def test_aws_local_gateway_over_http_keeps_path_query_cookies_and_binary(
    server: tuple[LocalServer, str], recorded: list[Request]
) -> None:
    """A real HTTP request reaches the app intact through each emulated event shape."""
    local, event_format = server
    connection = http.client.HTTPConnection("127.0.0.1", local.server_address[1], timeout=10)
    headers = {"content-type": "application/octet-stream", "cookie": "s=1; t=2"}
    connection.request("PUT", "/notes/a%20b?tag=x&tag=y%2Cz&q=a+b", PNG, headers)
    reply = connection.getresponse()
    body, cookies = reply.read(), reply.headers.get_all("set-cookie")
    connection.close()

    assert (reply.status, body) == (200, PNG)
    # ALB in single-value mode carries one Set-Cookie; every other shape keeps them all.
    assert cookies == ["a=1; Path=/", "b=2"]  # ALB single mode: told apart by letter case
    [seen] = recorded
    neutral = dataclasses.replace(seen, headers=Headers(), invocation=Invocation())
    # ALB single-value mode passes the last value of a repeated key, as ALB itself does.
    tags = [("tag", "y,z")] if event_format == "alb" else [("tag", "x"), ("tag", "y,z")]
    query = Query([*tags, ("q", "a b")])
    assert neutral == Request("PUT", "/notes/a b", query, Headers(), PNG, Invocation())
    assert (seen.headers.get("cookie"), seen.headers.get("content-type")) == (
        "s=1; t=2",
        "application/octet-stream",
    )
    invocation = seen.invocation
    assert (invocation.provider, invocation.function_name, invocation.client_ip) == (
        "aws",
        "faasport-notes",
        "127.0.0.1",
    )
    assert invocation.request_id
    assert invocation.deadline is not None


def test_faasport_invoke_aws_prints_native_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`faasport invoke aws EVENT.json` runs a captured REST event through the entry."""
    event = EVENTS / "sam-apigateway-aws-proxy.json"
    store = f"sqlite:///{tmp_path / 'notes.db'}"
    assert cli.main(["invoke", "aws", str(event), "--store", store]) == 0
    problem = {
        "type": "urn:faasport:problem:not-found",
        "title": "Not Found",
        "status": 404,
        "detail": "No resource at this path.",
        "instance": "/path/to/resource",
    }
    result = json.loads(capsys.readouterr().out)
    assert {**result, "body": json.loads(result["body"])} == {
        "statusCode": 404,
        "multiValueHeaders": {"content-type": ["application/problem+json"]},
        "body": problem,
        "isBase64Encoded": False,
    }
