"""`faasport package openwhisk`: the zip, unpacked, runs ``main`` on its own virtualenv.

The actionloop proxy cannot be built here, so the probe does what the Python runtime's
launcher does: start with no site-packages (``-I -S``), run ``virtualenv/bin/activate_this.py``,
import the action from the renamed ``main__.py`` and call ``main`` with a raw web-action
activation.
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
import base64, json, os, sys
activate = os.path.abspath("virtualenv/bin/activate_this.py")
exec(compile(open(activate).read(), activate, "exec"), {"__file__": activate})
sys.path.insert(0, os.getcwd())
import core, pydantic_core
from main__ import main
def send(method, path, body=None):
    args = {"__ow_method": method, "__ow_path": path, "__ow_headers":
            {"content-type": "application/json"}, "__ow_query": "",
            "__ow_body": base64.b64encode(json.dumps(body).encode()).decode() if body else ""}
    result = main(args)
    return result["statusCode"], json.loads(result["body"])
status, note = send("post", "/notes", {"title": "from the action", "tags": ["ow"]})
print(json.dumps({"files": [core.__file__, pydantic_core.__file__], "created": status,
                  "read": send("get", "/notes/" + note["id"]), "note": note}))
"""


@pytest.fixture(scope="module")
def artifact(tmp_path_factory: pytest.TempPathFactory) -> build.Result:
    return build_artifact("openwhisk", tmp_path_factory.mktemp("dist"))


def test_package_openwhisk_zip_has_main_at_root_and_a_virtualenv(artifact: build.Result) -> None:
    names = entry_names(artifact.zip)
    assert sorted({n.split("/")[0] for n in names}) == [
        "__main__.py", "adapters", "core", "virtualenv"
    ]  # fmt: skip
    assert "virtualenv/bin/activate_this.py" in names
    assert "virtualenv/lib/python3.11/site-packages/pydantic/__init__.py" in names
    assert artifact.zip.name == "notes.zip"  # the manifest's function: path


def test_package_openwhisk_main_serves_from_its_own_virtualenv(
    artifact: build.Result, tmp_path: Path
) -> None:
    """Activate, import main as the launcher does, then create + read a note."""
    folder = tmp_path / "action"
    unpack(artifact.zip, folder)
    (folder / "__main__.py").rename(folder / "main__.py")  # what the runtime's compile step does
    env = {"FAASPORT_STORE": f"sqlite:///{tmp_path / 'notes.db'}", "FAASPORT_LOG_LEVEL": "WARNING",
           "__OW_ACTIVATION_ID": "a1", "__OW_ACTION_NAME": "/guest/faasport/notes"}  # fmt: skip
    result = subprocess.run([sys.executable, "-I", "-S", "-c", PROBE], cwd=folder, env=env,
                            capture_output=True, text=True, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    site = folder / "virtualenv" / "lib" / "python3.11" / "site-packages"
    assert out["files"] == [
        str(folder / "core" / "__init__.py"), str(site / "pydantic_core" / "__init__.py")
    ]  # fmt: skip
    assert (out["created"], out["read"]) == (201, [200, out["note"]])
