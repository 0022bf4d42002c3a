"""The GCF adapter inside the real ``functions-framework`` server (gunicorn), over HTTP."""

from __future__ import annotations

import base64
import http.client
import json
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests import servers
from tests.contract.drivers.gcp import framework_cli

ECHO = Path(__file__).resolve().parents[1] / "events" / "gcp" / "echo.py"
TRACE = "105445aa7843bc8bf206b12000100000/1;o=1"

pytestmark = pytest.mark.server


@pytest.fixture
def port(tmp_path: Path) -> Iterator[int]:
    """``functions-framework --target echo`` on a free port: a fresh, cold instance per test."""
    cli = framework_cli()
    if not cli.exists():
        servers.missing(f"the functions-framework server is not installed ({cli.name})")
    port = servers.free_port()
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(cli), "--target", "echo", "--source", str(ECHO), "--port", str(port),
             "--host", "127.0.0.1"],
            cwd=servers.ROOT, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            servers.wait_for_port(port, process=process)
            yield port
        finally:
            servers.stop(process)


def exchange(
    port: int, method: str, target: str, headers: Sequence[tuple[str, str]], body: bytes = b""
) -> tuple[int, list[tuple[str, str]], bytes]:
    """Send exactly these header lines; the status, headers (no Date) and body back."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
        for name, value in headers:
            connection.putheader(name, value)
        connection.endheaders(body or None)
        reply = connection.getresponse()
        kept = [(name, value) for name, value in reply.getheaders() if name != "Date"]
        return reply.status, kept, reply.read()
    finally:
        connection.close()


def test_gunicorn_request_reaches_the_adapter_as_expected(port: int) -> None:
    """Repeated header lines (Cookie too) are joined with "," by gunicorn before Flask."""
    body = bytes(range(256))
    sent = [("Host", "fn.example"), ("Function-Execution-Id", "exec-7"),
            ("X-Cloud-Trace-Context", TRACE), ("X-Forwarded-For", "203.0.113.7, 10.0.0.1"),
            ("X-Tag", "a"), ("X-Tag", "b"), ("Cookie", "a=1"), ("Cookie", "b=2"),
            ("Content-Type", "application/octet-stream"), ("Content-Length", "256")]  # fmt: skip
    status, _, reply = exchange(port, "PUT", "/notes/caf%C3%A9/a%2Fb?tag=x&n=1&tag=y", sent, body)
    assert (status, json.loads(reply)) == (200, {
        "method": "PUT",
        "path": "/notes/café/a/b",
        "query": [["tag", "x"], ["n", "1"], ["tag", "y"]],
        "headers": [["Host", "fn.example"], ["Function-Execution-Id", "exec-7"],
                    ["X-Cloud-Trace-Context", TRACE],
                    ["X-Forwarded-For", "203.0.113.7, 10.0.0.1"], ["X-Tag", "a,b"],
                    ["Cookie", "a=1,b=2"], ["Content-Type", "application/octet-stream"],
                    ["Content-Length", "256"]],
        "body": base64.b64encode(body).decode(),
        "invocation": {"provider": "gcp", "requestId": "exec-7", "functionName": "echo",
                       "deadline": None, "coldStart": True, "clientIp": "203.0.113.7",
                       "traceId": TRACE.split("/")[0]},
    })  # fmt: skip


def test_gunicorn_serves_several_set_cookie_and_binary_bodies(port: int) -> None:
    status, headers, _ = exchange(port, "GET", "/", [("Host", "fn.example")])
    assert (status, [pair for pair in headers if pair[0] != "Content-Length"]) == (200, [
        ("Server", "gunicorn"), ("Connection", "keep-alive"), ("content-type", "application/json"),
        ("set-cookie", "a=1; Path=/"), ("set-cookie", "b=2; HttpOnly"),
    ])  # fmt: skip
    reply = exchange(port, "GET", "/bytes", [("Host", "fn.example")])
    assert reply == (200, [("Server", "gunicorn"), ("Connection", "keep-alive"),
                           ("content-type", "application/octet-stream"),
                           ("Content-Length", "256")], bytes(range(256)))  # fmt: skip
