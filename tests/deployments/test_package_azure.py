"""`faasport package azure`: the function app, unpacked, indexed and called on its own packages.

The probe runs with ``-I -S``: no site-packages of the test environment, only the unpacked
folder and its ``.python_packages/lib/site-packages``, as run-from-package mounts it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from deployments.packaging import build
from tests.deployments.artifacts import build_artifact, entry_names, unpack

pytestmark = pytest.mark.server

PROBE = """
import json, sys
root = sys.argv[1]
sys.path[:0] = [root, root + "/.python_packages/lib/site-packages"]
import azure.functions as func, core, function_app
(function,) = function_app.app.get_functions()
call = function.get_user_function()
class Context:
    invocation_id, function_name, trace_context = "i-1", function.get_function_name(), None
def send(method, path, body=None):
    req = func.HttpRequest(method, "http://localhost/api/" + path, headers={"content-type":
        "application/json"}, route_params={"path": path}, body=json.dumps(body or {}).encode())
    reply = call(req=req, context=Context())
    return reply.status_code, json.loads(reply.get_body())
status, note = send("POST", "notes", {"title": "from the app", "tags": ["azure"]})
print(json.dumps({"files": [core.__file__, func.__file__], "created": status,
                  "read": send("GET", "notes/" + note["id"]), "note": note}))
"""


@pytest.fixture(scope="module")
def artifact(tmp_path_factory: pytest.TempPathFactory) -> build.Result:
    return build_artifact("azure", tmp_path_factory.mktemp("dist"))


def test_package_azure_app_has_the_run_from_package_layout(artifact: build.Result) -> None:
    names = entry_names(artifact.zip)
    assert sorted({n.split("/")[0] for n in names}) == [
        ".python_packages", "adapters", "core", "function_app.py", "host.json", "requirements.txt"
    ]  # fmt: skip
    assert sorted(n for n in names if n.startswith("adapters/")) == [
        "adapters/__init__.py", "adapters/azure.py"
    ]  # fmt: skip
    host = json.loads((artifact.folder / "host.json").read_text())
    assert host["version"] == "2.0"


def test_package_azure_app_indexes_and_serves_from_its_own_packages(
    artifact: build.Result, tmp_path: Path
) -> None:
    """get_functions() on the unpacked app, then create + read through the indexed function."""
    folder = tmp_path / "wwwroot"
    unpack(artifact.zip, folder)
    env = {"FAASPORT_STORE": f"sqlite:///{tmp_path / 'notes.db'}", "FAASPORT_LOG_LEVEL": "WARNING"}
    result = subprocess.run([sys.executable, "-I", "-S", "-c", PROBE, str(folder)], env=env,
                            capture_output=True, text=True, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    site = folder / ".python_packages" / "lib" / "site-packages"
    assert out["files"] == [
        str(folder / "core" / "__init__.py"), str(site / "azure" / "functions" / "__init__.py")
    ]  # fmt: skip
    assert (out["created"], out["read"]) == (201, [200, out["note"]])
