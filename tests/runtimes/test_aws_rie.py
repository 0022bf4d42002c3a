"""The AWS entry inside the real Lambda runtime: awslambdaric under the Runtime Interface Emulator.

The emulator runs ``python -m awslambdaric deployments.aws.handler.handler`` as the
function's bootstrap and accepts native events on its invoke endpoint, as Lambda does.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from deployments.aws.local import BUILDERS, to_raw_response
from deployments.local.wire import RawRequest, RawResponse
from tests.lambda_runtime import lambda_runtime
from tests.servers import ROOT

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def invoke_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The invoke endpoint of an emulator running the AWS entry on a temporary SQLite store."""
    store = tmp_path_factory.mktemp("rie") / "notes.db"
    with lambda_runtime(ROOT, store, {"AWS_LAMBDA_FUNCTION_TIMEOUT": "30"}) as url:
        yield url


def invoke(url: str, native: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(url, json.dumps(native).encode(), method="POST")
    with urllib.request.urlopen(request, timeout=60) as reply:
        result: dict[str, Any] = json.loads(reply.read())
    return result


def send(
    url: str, event_format: str, method: str, target: str, body: Any = None, *headers: Any
) -> RawResponse:
    """One request as the native event of ``event_format``, through the runtime."""
    data = json.dumps(body).encode() if body is not None else b""
    pairs = headers or ((("content-type", "application/json"),) if body is not None else ())
    native = BUILDERS[event_format](RawRequest(method, target, tuple(pairs), data), "r", 0.0)
    return to_raw_response(invoke(url, native))


@pytest.mark.parametrize("event_format", ["v1", "v2", "url", "alb", "alb-multi"])
def test_aws_entry_under_lambda_runtime_serves_crud_round_trip(
    invoke_url: str, event_format: str
) -> None:
    """Create, read, list, conditional patch, delete and 404 through the real runtime."""
    created = send(
        invoke_url, event_format, "POST", "/notes", {"title": "rie", "tags": [event_format]}
    )
    assert created.status == 201, created.body
    note = json.loads(created.body)
    path = f"/notes/{note['id']}"
    assert dict(created.headers)["location"] == path.lstrip("/")

    read = send(invoke_url, event_format, "GET", path)
    assert (read.status, json.loads(read.body)) == (200, note)

    listed = send(invoke_url, event_format, "GET", f"/notes?tag={event_format}&limit=5")
    assert listed.status == 200
    assert [item["id"] for item in json.loads(listed.body)["items"]] == [note["id"]]

    merge = ("content-type", "application/merge-patch+json")
    stale = send(
        invoke_url, event_format, "PATCH", path, {"title": "x"}, merge, ("if-match", '"9"')
    )
    assert stale.status == 412, stale.body
    patched = send(invoke_url, event_format, "PATCH", path, {"title": "rie 2"}, merge,
                   ("if-match", '"1"'))  # fmt: skip
    assert patched.status == 200, patched.body
    assert (json.loads(patched.body)["title"], json.loads(patched.body)["version"]) == ("rie 2", 2)

    deleted = send(invoke_url, event_format, "DELETE", path)
    assert (deleted.status, deleted.body) == (204, b"")
    gone = send(invoke_url, event_format, "GET", path)
    assert gone.status == 404
    assert json.loads(gone.body)["status"] == 404


def test_aws_entry_under_lambda_runtime_answers_golden_event(invoke_url: str) -> None:
    """A captured HTTP API event runs in the runtime; the whole native result comes back."""
    native = json.loads((ROOT / "tests/events/aws/sam-apigateway-http-api-proxy.json").read_text())
    native["rawPath"] = "/health"
    native["requestContext"]["http"]["method"] = "GET"
    assert invoke(invoke_url, native) == {
        "statusCode": 200,
        "headers": {"content-type": "application/json"},
        "cookies": [],
        "body": '{"status":"ok"}',
        "isBase64Encoded": False,
    }
