"""`faasport package aws`: the zip, unpacked, serves under awslambdaric and the Lambda RIE.

awslambdaric is not in the zip (the Lambda runtime brings it), so it comes from the test
environment; everything else (core, the adapter, the entry, pydantic, pymongo) must come
from the unpacked zip, and the test proves it.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cfnlint.api import lint_file

from deployments.packaging import build
from tests.deployments.artifacts import build_artifact, entry_names, unpack
from tests.lambda_runtime import lambda_runtime

pytestmark = pytest.mark.server


def package(out: Path) -> build.Result:
    """Build the AWS artifact into ``out``; the build must pass pre-flight."""
    return build_artifact("aws", out)


@pytest.fixture(scope="module")
def artifact(tmp_path_factory: pytest.TempPathFactory) -> build.Result:
    return package(tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def unpacked(artifact: build.Result, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("lambda-task")
    return unpack(artifact.zip, folder)


def test_package_aws_zip_holds_only_what_the_function_needs(artifact: build.Result) -> None:
    """Top-level entries: our three packages and the runtime closure, nothing else."""
    names = entry_names(artifact.zip)
    top = sorted({name.split("/")[0] for name in names if not name.endswith(".dist-info")})
    assert [t for t in top if not t.endswith(".dist-info")] == [
        "adapters", "annotated_types", "bson", "core", "deployments", "dns", "gridfs",
        "pydantic", "pydantic_core", "pymongo", "typing_extensions.py", "typing_inspection",
    ]  # fmt: skip
    assert sorted(n for n in names if n.startswith(("adapters/", "deployments/"))) == [
        "adapters/__init__.py", "adapters/aws.py", "deployments/__init__.py",
        "deployments/aws/__init__.py", "deployments/aws/handler.py",
    ]  # fmt: skip
    assert [n for n in names if "__pycache__" in n or n.endswith(".pyc")] == []


def test_package_aws_builds_identical_bytes_twice(artifact: build.Result, tmp_path: Path) -> None:
    """Same inputs, same bytes: sorted entries, fixed timestamps and permissions."""
    again = package(tmp_path)
    digest = [hashlib.sha256(r.zip.read_bytes()).hexdigest() for r in (artifact, again)]
    assert digest[0] == digest[1]


def test_package_aws_generated_template_passes_cfn_lint(artifact: build.Result) -> None:
    """The template deployed with the zip names it, the handler and the build's runtime."""
    template = artifact.folder.parent / "template.yaml"
    assert [str(match) for match in lint_file(template)] == []
    lines = {line.strip() for line in template.read_text().splitlines()}
    expected = {"CodeUri: function.zip", "Runtime: python3.11", "- x86_64",
                "Handler: deployments.aws.handler.handler"}  # fmt: skip
    assert expected - lines == set()


def test_package_aws_imports_come_from_the_unpacked_zip(unpacked: Path) -> None:
    """With the task folder first on the path, core and pydantic are the zip's copies."""
    probe = "import core, pydantic_core, adapters.aws; print(core.__file__, pydantic_core.__file__)"
    env = {"PYTHONPATH": str(unpacked), "PATH": str(Path(sys.executable).parent)}
    result = subprocess.run([sys.executable, "-c", probe], cwd=unpacked, env=env,
                            capture_output=True, text=True, check=True)  # fmt: skip
    assert result.stdout.split() == [
        str(unpacked / "core" / "__init__.py"), str(unpacked / "pydantic_core" / "__init__.py")
    ]  # fmt: skip


@pytest.fixture(scope="module")
def invoke_url(unpacked: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The RIE running ``awslambdaric`` on the unpacked zip, as Lambda's bootstrap would."""
    store = tmp_path_factory.mktemp("store") / "notes.db"
    # LAMBDA_TASK_ROOT comes first on Lambda's path too.
    task_root = {"PYTHONPATH": str(unpacked), "LAMBDA_TASK_ROOT": str(unpacked)}
    with lambda_runtime(unpacked, store, task_root) as url:
        yield url


def invoke(url: str, method: str, path: str, body: Any = None) -> dict[str, Any]:
    """One HTTP API (payload 2.0) event through the runtime; the native result."""
    event = {
        "version": "2.0", "routeKey": "$default", "rawPath": path, "rawQueryString": "",
        "headers": {"content-type": "application/json"},
        "requestContext": {"http": {"method": method, "path": path, "sourceIp": "127.0.0.1"},
                           "requestId": "r1", "stage": "$default"},
        "body": json.dumps(body) if body is not None else None, "isBase64Encoded": False,
    }  # fmt: skip
    request = urllib.request.Request(url, json.dumps(event).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=60) as reply:
        result: dict[str, Any] = json.loads(reply.read())
    return result


def test_package_aws_zip_serves_create_and_read_under_the_runtime(invoke_url: str) -> None:
    """Create then read a note through the unpacked zip under the real Lambda runtime."""
    created = invoke(invoke_url, "POST", "/notes", {"title": "from the zip", "tags": ["aws"]})
    assert created["statusCode"] == 201, created
    note = json.loads(created["body"])
    read = invoke(invoke_url, "GET", f"/notes/{note['id']}")
    assert (read["statusCode"], json.loads(read["body"])) == (200, note)
