"""Azure deployment files and local use: the entry, host.json, serve and invoke through the host."""

from __future__ import annotations

import json
import runpy
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from adapters.azure import function_app
from core.http import Headers, Query, Request, Response
from deployments.azure.local import ENTRY, host_gateway
from deployments.cli import main
from deployments.local.wire import RawRequest, RawResponse
from tests.servers import ROOT, free_port, wait_for_port

FOLDER = ENTRY.parent
BINARY = bytes(range(256))
HEALTHY = {"status": 200, "headers": [["content-type", "application/json"]],
           "body": '{"status":"ok"}', "isBase64Encoded": False}  # fmt: skip
NOT_FOUND = {"status": 404, "headers": [], "body": "", "isBase64Encoded": False}


@pytest.mark.parametrize(
    ("options", "path", "described"),
    [
        pytest.param([], "/api/health", HEALTHY, id="prefix-api"),
        pytest.param(["--route-prefix", ""], "/health", HEALTHY, id="prefix-empty"),
        pytest.param(["--route-prefix", "v1/notes"], "/V1/notes/health", HEALTHY, id="custom"),
        pytest.param([], "/health", NOT_FOUND, id="outside-prefix"),
        pytest.param(["--route-prefix", "v1"], "/api/health", NOT_FOUND, id="other-prefix"),
    ],
)
def test_invoke_azure_describes_the_response(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    options: list[str],
    path: str,
    described: dict[str, object],
) -> None:
    event = tmp_path / "request.json"
    event.write_text(json.dumps({"method": "GET", "path": path}))
    store = f"sqlite:///{tmp_path / 'notes.db'}"
    status = main(["invoke", "azure", str(event), "--store", store, *options])
    assert (status, json.loads(capsys.readouterr().out)) == (0, described)


def test_invoke_azure_rejects_a_payload_that_is_not_an_object(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    event = tmp_path / "request.json"
    event.write_text("[]")
    assert main(["invoke", "azure", str(event)]) == 2
    assert capsys.readouterr().err == (
        "faasport: error: azure takes a JSON request description (an object)\n"
    )


def test_gateway_builds_the_request_as_the_host_does() -> None:
    """Path decoded but %2F, query and headers joined by the host, the URL kept raw."""
    seen: list[Request] = []

    def app(request: Request) -> Response:
        seen.append(request)
        return Response(204)

    gateway = host_gateway(function_app(app, auth_level="anonymous"), "api")
    target = "/api/notes/caf%C3%A9%20x%2Fy?tag=a&tag=b&blank=&q=x+y"
    headers = (("Host", "localhost:7071"), ("Accept", "a"), ("accept", "b"))
    raw = gateway(RawRequest("PUT", target, headers, BINARY))
    (request,) = seen
    native = request.invocation.raw_event
    assert (
        native.method,
        native.url,
        dict(native.headers),
        dict(native.params),
        dict(native.route_params),
        native.get_body(),
    ) == (
        "PUT",
        f"http://localhost:7071{target}",
        {"host": "localhost:7071", "accept": "a,b"},
        {"tag": "a,b", "q": "x y"},
        {"path": "notes/café x%2Fy"},
        BINARY,
    )
    assert (request.method, request.path, request.query, request.headers, request.body) == (
        "PUT",
        "/notes/café x/y",
        Query([("tag", "a"), ("tag", "b"), ("blank", ""), ("q", "x y")]),
        Headers([("host", "localhost:7071"), ("accept", "a,b")]),
        BINARY,
    )
    assert (request.invocation.provider, request.invocation.function_name) == ("azure", "faasport")
    assert raw == RawResponse(204, (("content-type", "text/plain; charset=utf-8"),))


def test_gateway_returns_every_cookie_and_binary_body() -> None:
    def app(request: Request) -> Response:
        cookies = [("set-cookie", "a=1; Path=/; HttpOnly"), ("set-cookie", "b=2; Secure")]
        headers = [("content-type", "application/octet-stream"), *cookies]
        return Response(200, Headers(headers), request.body)

    gateway = host_gateway(function_app(app), "")
    raw = gateway(RawRequest("POST", "/echo", (("content-type", "image/png"),), BINARY))
    assert raw == RawResponse(
        200,
        (
            ("content-type", "application/octet-stream"),
            ("Set-Cookie", "a=1; HttpOnly; Path=/"),
            ("Set-Cookie", "b=2; Secure"),
        ),
        BINARY,
    )


def test_gateway_passes_trace_and_invocation_ids() -> None:
    """The host keeps the caller's trace id and makes a fresh invocation id each time."""
    seen: list[Request] = []

    def app(request: Request) -> Response:
        seen.append(request)
        return Response(200)

    trace = "0af7651916cd43dd8448eb211c80319c"
    gateway = host_gateway(function_app(app), "api")
    for _ in range(2):
        gateway(RawRequest("GET", "/api/x", (("traceparent", f"00-{trace}-b7ad6b7169203331-01"),)))
    first, second = (request.invocation for request in seen)
    assert (first.trace_id, second.trace_id, first.cold_start, second.cold_start) == (
        trace,
        trace,
        True,
        False,
    )
    assert len({first.request_id, second.request_id}) == 2


@pytest.mark.parametrize(
    ("environ", "level"),
    [
        pytest.param({}, "FUNCTION", id="default-function"),
        pytest.param({"FAASPORT_AZURE_AUTH_LEVEL": "anonymous"}, "ANONYMOUS", id="anonymous"),
    ],
)
def test_entry_imports_and_indexes(
    monkeypatch: pytest.MonkeyPatch, environ: dict[str, str], level: str
) -> None:
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    (function,) = runpy.run_path(str(ENTRY))["app"].get_functions()
    trigger = json.loads(function.get_raw_bindings()[0])
    assert (function.get_function_name(), trigger["route"], trigger["authLevel"]) == (
        "faasport",
        "{*path}",
        level,
    )


def test_entry_import_opens_no_store() -> None:
    """With a MongoDB store configured, importing the entry does not even import pymongo."""
    code = "import runpy, sys; runpy.run_path(sys.argv[1]); print('pymongo' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code, str(ENTRY)],
        cwd=ROOT,
        env={"FAASPORT_STORE": "mongodb://127.0.0.1:9/notes", "PATH": ""},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == "False\n"


def test_host_json_states_version_bundle_and_route_prefix() -> None:
    assert json.loads((FOLDER / "host.json").read_text()) == {
        "version": "2.0",
        "extensionBundle": {
            "id": "Microsoft.Azure.Functions.ExtensionBundle",
            "version": "[4.*, 5.0.0)",
        },
        "extensions": {"http": {"routePrefix": "api"}},
        "logging": {"logLevel": {"default": "Information"}},
    }


def test_local_settings_example_has_no_secret() -> None:
    values = json.loads((FOLDER / "local.settings.json.example").read_text())["Values"]
    assert values == {
        "FUNCTIONS_WORKER_RUNTIME": "python",
        "AzureWebJobsFeatureFlags": "EnableWorkerIndexing",
        "AzureWebJobsStorage": "UseDevelopmentStorage=true",
        "FAASPORT_STORE": "mongodb+srv://<user>:<password>@<cluster>/?retryWrites=true",
        "FAASPORT_AZURE_AUTH_LEVEL": "FUNCTION",
    }


def test_requirements_pin_every_package() -> None:
    lines = (FOLDER / "requirements.txt").read_text().splitlines()
    pins = dict(line.split("==") for line in lines if line and not line.startswith("#"))
    assert sorted(pins) == ["azure-functions", "pydantic", "pymongo"]
    assert all(version[0].isdigit() for version in pins.values())


def test_serve_azure_answers_under_the_prefix(tmp_path: Path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "deployments.cli", "serve", "--provider", "azure",
               "--port", str(port), "--store", f"sqlite:///{tmp_path / 'notes.db'}"]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port, process=server)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health") as response:
            answer = (response.status, response.headers["content-type"], response.read())
        assert answer == (200, "application/json", b'{"status":"ok"}')
    finally:
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=10) == 0
