"""The OpenWhisk entry end to end: `faasport invoke`, the local controller over HTTP, the zip."""

from __future__ import annotations

import http.client
import importlib
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from deployments import cli
from deployments.local.options import LocalOptions
from deployments.local.server import LocalServer
from deployments.openwhisk import local

ROOT = Path(__file__).resolve().parents[2]
ENTRY = ROOT / "deployments" / "openwhisk" / "__main__.py"
HEALTH_ARGS = {"__ow_method": "get", "__ow_path": "/health", "__ow_headers": {},
               "__ow_query": "", "__ow_body": ""}  # fmt: skip
HEALTH_RESULT = {"statusCode": 200, "headers": {"content-type": "application/json"},
                 "body": '{"status":"ok"}'}  # fmt: skip


@pytest.fixture(autouse=True)
def _fresh_entry() -> None:
    """The entry builds its App once per process; each test gets a fresh module."""
    importlib.reload(importlib.import_module("deployments.openwhisk.__main__"))


def test_cli_invoke_runs_args_through_main(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    event = tmp_path / "args.json"
    event.write_text(json.dumps(HEALTH_ARGS))
    store = f"sqlite:///{tmp_path / 'notes.db'}"
    assert cli.main(["invoke", "openwhisk", str(event), "--store", store]) == 0
    assert json.loads(capsys.readouterr().out) == HEALTH_RESULT


def test_invoke_rejects_non_object_payload() -> None:
    with pytest.raises(ValueError, match="args object"):
        local.invoke([1], LocalOptions())


@pytest.fixture(params=["raw", "standard"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[LocalServer]:
    """The entry behind the local controller, over real HTTP on a free port."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("FAASPORT_STORE", f"sqlite:///{tmp_path / 'notes.db'}")
        served = LocalServer("127.0.0.1", 0, local.gateway(LocalOptions(web_mode=request.param)))
        thread = threading.Thread(target=served.serve_forever, daemon=True)
        thread.start()
        try:
            yield served
        finally:
            served.shutdown()
            served.server_close()


def call(server: LocalServer, method: str, path: str, body: bytes = b"", **headers: str) -> Any:
    connection = http.client.HTTPConnection(*server.server_address[:2], timeout=30)  # type: ignore[misc]
    try:
        connection.request(method, path, body or None, headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


BASE = "/api/v1/web/guest/default/notes.http"


def test_gateway_serves_the_entry_over_http(server: LocalServer) -> None:
    body = json.dumps({"title": "milk", "tags": ["home"]}).encode()
    status, headers, created = call(server, "POST", BASE + "/notes", body,
                                    **{"Content-Type": "application/json"})  # fmt: skip
    note = json.loads(created)
    assert (status, headers["location"], headers["content-type"]) == (
        201, f"notes/{note['id']}", "application/json")  # fmt: skip
    assert len(headers["x-openwhisk-activation-id"]) == 32
    status, _, read = call(server, "GET", f"{BASE}/notes/{note['id']}")
    assert (status, json.loads(read)) == (200, note)
    status, _, page = call(server, "GET", f"{BASE}/notes?tag=home&limit=5")
    assert (status, json.loads(page)["items"]) == (200, [note])


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param("/api/v1/web/guest/default/other.http/notes", 404, id="other-action"),
        pytest.param("/notes", 404, id="outside-web-api"),
        pytest.param("/api/v1/web/guest/default/notes.json", 404, id="other-extension"),
        pytest.param("/api/v1/web/guest/default/notes/health", 200, id="no-extension-is-http"),
    ],
)
def test_gateway_routes_only_the_action(server: LocalServer, path: str, expected: int) -> None:
    assert call(server, "GET", path)[0] == expected


def test_gateway_answers_options_itself_with_cors(server: LocalServer) -> None:
    status, headers, body = call(server, "OPTIONS", BASE + "/notes")
    assert (status, headers["access-control-allow-origin"], body) == (200, "*", b"")


def test_entry_runs_unpacked_from_the_zip_layout(tmp_path: Path) -> None:
    """``__main__.py`` at the root beside core/ and adapters/, as the runtime unpacks it."""
    for package in ("core", "adapters"):
        shutil.copytree(ROOT / package, tmp_path / package,
                        ignore=shutil.ignore_patterns("__pycache__"))  # fmt: skip
    shutil.copy(ENTRY, tmp_path / "__main__.py")
    store = tmp_path / "data" / "notes.db"
    script = (
        "import importlib.util, json, sys\n"
        "spec = importlib.util.spec_from_file_location('action', '__main__.py')\n"
        "module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)\n"
        f"print(json.dumps([{str(store)!r}, __import__('os').path.exists({str(store)!r})]))\n"
        "print(json.dumps(module.main(json.loads(sys.argv[1]))))\n"
    )
    args = {**HEALTH_ARGS, "FAASPORT_STORE": f"sqlite:///{store}"}
    (tmp_path / "data").mkdir()
    result = subprocess.run([sys.executable, "-c", script, json.dumps(args)], cwd=tmp_path,
                            capture_output=True, text=True, check=True,
                            env={"PATH": "", "FAASPORT_LOG_LEVEL": "WARNING"})  # fmt: skip
    imported, answered = result.stdout.splitlines()
    assert json.loads(imported) == [str(store), False]  # nothing connected at import
    assert (json.loads(answered), store.exists()) == (HEALTH_RESULT, True)


def test_manifest_declares_the_raw_web_action() -> None:
    manifest = yaml.safe_load((ENTRY.parent / "manifest.yaml").read_text())
    project = manifest["project"]
    action = project["packages"]["faasport"]["actions"]["notes"]
    assert action == {
        "function": "../../dist/openwhisk/notes.zip",
        "runtime": "python:3.11",
        "main": "main",
        "web": "raw",
        "limits": {"timeout": 60000, "memorySize": 256},
        "annotations": {"require-whisk-auth": "$REQUIRE_WHISK_AUTH"},
        "inputs": {"FAASPORT_STORE": "$FAASPORT_STORE"},
    }
    assert project["inputs"]["FAASPORT_STORE"]["value"] == "$FAASPORT_STORE"
    entry = importlib.import_module("deployments.openwhisk.__main__")
    assert callable(getattr(entry, action["main"]))
