"""Local use of the GCF entry: `faasport invoke gcp` and `faasport serve --provider gcp`."""

from __future__ import annotations

import http.client
import json
import socket
from pathlib import Path
from typing import Any

import pytest

from deployments.cli import main
from deployments.gcp.local import start
from deployments.local.options import LocalOptions
from tests.servers import free_port

NOT_FOUND = (
    '{"type":"urn:faasport:problem:not-found","title":"Not Found","status":404,'
    '"detail":"No resource at this path.","instance":"/nope"}'
)


def invoke(tmp_path: Path, description: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> Any:
    event = tmp_path / "request.json"
    event.write_text(json.dumps(description))
    store = f"sqlite:///{tmp_path / 'notes.db'}"
    assert main(["invoke", "gcp", str(event), "--store", store]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        pytest.param(
            {"method": "GET", "path": "/health"},
            {"status": 200, "headers": [["content-type", "application/json"],
                                        ["Content-Length", "15"]],
             "body": '{"status":"ok"}', "isBase64Encoded": False},
            id="health",
        ),
        pytest.param(
            {"method": "GET", "path": "/nope?x=1", "headers": [["Accept", "application/json"]]},
            {"status": 404, "headers": [["content-type", "application/problem+json"],
                                        ["Content-Length", "130"]],
             "body": NOT_FOUND, "isBase64Encoded": False},
            id="problem-from-the-core",
        ),
        pytest.param(
            {"method": "GET", "path": "/robots.txt"},
            {"status": 404, "headers": [["Content-Type", "text/html; charset=utf-8"],
                                        ["Content-Length", "96"]],
             "body": "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n"
                     "<h1>Not Found</h1>\n<p>Not Found</p>\n",
             "isBase64Encoded": False},
            id="robots-answered-by-the-framework",
        ),
    ],
)  # fmt: skip
def test_invoke_gcp_prints_the_response_description(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], description: dict[str, Any],
    expected: dict[str, Any],
) -> None:  # fmt: skip
    assert invoke(tmp_path, description, capsys) == expected


def test_invoke_gcp_decodes_a_base64_request_body(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    description = {"method": "POST", "path": "/notes", "isBase64Encoded": True,
                   "headers": {"content-type": "application/json"},
                   "body": "eyJ0aXRsZSI6ICJiNjQifQ=="}  # {"title": "b64"}  # fmt: skip
    result = invoke(tmp_path, description, capsys)
    note = json.loads(result["body"])
    assert (result["status"], note["title"], note["version"]) == (201, "b64", 1)
    assert [name for name, _ in result["headers"]] == [
        "content-type", "etag", "Location", "Content-Length"
    ]  # fmt: skip


def test_invoke_gcp_rejects_a_payload_that_is_not_an_object(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    event = tmp_path / "request.json"
    event.write_text("[1, 2]")
    assert main(["invoke", "gcp", str(event)]) == 2
    assert capsys.readouterr().err == (
        "faasport: error: gcp takes a JSON request description (an object)\n"
    )


def get(port: int, path: str) -> tuple[int, str | None, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.getheader("content-type"), response.read()
    finally:
        connection.close()


def test_start_serves_functions_framework_over_http_then_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FAASPORT_STORE", f"sqlite:///{tmp_path / 'notes.db'}")
    port = free_port()
    stop = start("127.0.0.1", port, LocalOptions())
    try:
        health = get(port, "/health")
        favicon = get(port, "/favicon.ico")[:2]
    finally:
        stop()
    assert health == (200, "application/json", b'{"status":"ok"}')
    assert favicon == (404, "text/html; charset=utf-8")
    with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), 1):
        pass
