"""`faasport package gcp`: the source folder, unpacked, serves under the functions-framework."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from deployments.packaging import build
from tests.deployments.artifacts import build_artifact, entry_names, unpack
from tests.servers import free_port, stop, wait_for_port

pytestmark = pytest.mark.server
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def artifact(tmp_path_factory: pytest.TempPathFactory) -> build.Result:
    return build_artifact("gcp", tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def unpacked(artifact: build.Result, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gcf-source")
    return unpack(artifact.zip, folder)


def test_package_gcp_source_is_main_core_adapter_and_pins(artifact: build.Result) -> None:
    """GCF installs the dependencies itself: the source carries only code and exact pins."""
    names = entry_names(artifact.zip)
    assert sorted({n.split("/")[0] for n in names}) == [
        "adapters", "core", "main.py", "requirements.txt"
    ]  # fmt: skip
    assert sorted(n for n in names if n.startswith("adapters/")) == [
        "adapters/__init__.py", "adapters/gcp.py"
    ]  # fmt: skip
    pins = (artifact.folder / "requirements.txt").read_text().splitlines()[1:]
    assert all("==" in pin for pin in pins)
    names_pinned = {pin.split("==")[0].lower().replace("_", "-") for pin in pins}
    assert {"functions-framework", "pydantic", "pydantic-core", "pymongo"} <= names_pinned


def test_package_gcp_imports_come_from_the_unpacked_source(unpacked: Path) -> None:
    probe = "import core, adapters.gcp; print(core.__file__, adapters.gcp.__file__)"
    env = {"PYTHONPATH": str(unpacked), "PATH": str(BIN)}
    result = subprocess.run([sys.executable, "-c", probe], cwd=unpacked, env=env,
                            capture_output=True, text=True, check=True)  # fmt: skip
    assert result.stdout.split() == [
        str(unpacked / "core" / "__init__.py"), str(unpacked / "adapters" / "gcp.py")
    ]  # fmt: skip


@pytest.fixture(scope="module")
def server(unpacked: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """functions-framework serving ``main.py:handler`` from the unpacked source folder."""
    port = free_port()
    store = tmp_path_factory.mktemp("store") / "notes.db"
    env = {"PATH": str(BIN), "PYTHONPATH": str(unpacked), "FAASPORT_STORE": f"sqlite:///{store}",
           "FAASPORT_LOG_LEVEL": "WARNING"}  # fmt: skip
    command = [str(BIN / "functions-framework"), "--source", str(unpacked / "main.py"),
               "--target", "handler", "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    process = subprocess.Popen(command, cwd=unpacked, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        wait_for_port(port, process=process)
        yield port
    finally:
        stop(process)


def send(port: int, method: str, path: str, body: object = None) -> tuple[int, object]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        data = json.dumps(body).encode() if body is not None else None
        connection.request(method, path, data, {"content-type": "application/json"})
        reply = connection.getresponse()
        return reply.status, json.loads(reply.read())
    finally:
        connection.close()


def test_package_gcp_source_serves_create_and_read(server: int) -> None:
    """Create then read a note through the unpacked source under functions-framework."""
    status, note = send(server, "POST", "/notes", {"title": "from the source", "tags": ["gcp"]})
    assert status == 201, note
    assert isinstance(note, dict)
    assert send(server, "GET", f"/notes/{note['id']}") == (200, note)
