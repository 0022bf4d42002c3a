"""The `faasport` command: serve over real HTTP with a clean Ctrl-C, invoke, openapi, errors."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from deployments.cli import main
from tests.servers import ROOT, free_port, wait_for_port


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "term"])
def test_serve_runs_crud_and_stops_cleanly(tmp_path: Path, stop_signal: signal.Signals) -> None:
    port = free_port()
    store = f"sqlite:///{tmp_path / 'notes.db'}"
    command = [
        sys.executable,
        "-m",
        "deployments.cli",
        "serve",
        "--port",
        str(port),
        "--store",
        store,
    ]
    server = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE)
    try:
        wait_for_port(port, process=server)
        base = f"http://127.0.0.1:{port}"
        create = urllib.request.Request(
            f"{base}/notes", data=b'{"title": "served"}', method="POST",
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
        with urllib.request.urlopen(create) as response:
            assert response.status == 201
            note = json.load(response)
        with urllib.request.urlopen(f"{base}/notes/{note['id']}") as response:
            assert json.load(response) == note
    finally:
        server.send_signal(stop_signal)
        _, stderr = server.communicate(timeout=10)
    assert server.returncode == 0
    assert b"Traceback" not in stderr
    assert b"stopping" in stderr
    assert (tmp_path / "notes.db").exists()


def test_openapi_prints_the_document(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["openapi"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["openapi"] == "3.1.0"


def test_invoke_core_runs_a_request_description(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    event = tmp_path / "request.json"
    event.write_text(json.dumps({
        "method": "POST", "path": "/notes", "headers": {"content-type": "application/json"},
        "body": json.dumps({"title": "invoked"}),
    }))  # fmt: skip
    store = f"sqlite:///{tmp_path / 'notes.db'}"
    assert main(["invoke", "core", str(event), "--store", store]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == 201
    assert json.loads(result["body"])["title"] == "invoked"
    assert result["isBase64Encoded"] is False


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param("{not json", "not valid JSON", id="bad-json"),
        pytest.param('{"verb": "GET"}', "unknown fields", id="unknown-field"),
    ],
)
def test_invoke_reports_bad_input_clearly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    event = tmp_path / "event.json"
    event.write_text(content)
    assert main(["invoke", "core", str(event)]) == 2
    assert message in capsys.readouterr().err


def test_invoke_missing_file_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["invoke", "core", "no-such-file.json"]) == 2
    assert "no-such-file.json" in capsys.readouterr().err


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "serve" in capsys.readouterr().out
