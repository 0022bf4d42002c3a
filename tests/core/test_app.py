"""The composition root: the error boundary, health, logging and OpenAPI."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from openapi_spec_validator import validate

from core import app as app_module
from core.app import create_app
from core.config import Settings
from core.errors import StoreUnavailable
from core.http import Headers, Invocation, Request
from core.notes.models import Note
from core.stores.memory import MemoryStore
from core.stores.port import Idempotency


class BrokenStore(MemoryStore):
    """A store whose every call fails the way a real one might."""

    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def create(self, note: Note, idempotency: Idempotency | None = None) -> Note:
        raise self.error

    def ping(self) -> None:
        raise self.error


@pytest.fixture(autouse=True)
def _capture_faasport_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """faasport's logger does not propagate (it writes JSON itself), so attach caplog to it."""
    logger = logging.getLogger("faasport")
    logger.addHandler(caplog.handler)
    yield
    logger.removeHandler(caplog.handler)


def post_note(title: str = "secret-title-value") -> Request:
    body = json.dumps({"title": title}).encode()
    headers = Headers({"content-type": "application/json"})
    return Request("POST", "/notes", headers=headers, body=body,
                   invocation=Invocation(request_id="req-123"))  # fmt: skip


def test_unexpected_error_is_a_500_problem_without_details(
    caplog: pytest.LogCaptureFixture,
) -> None:
    app = create_app(Settings(), store=BrokenStore(RuntimeError("db password=hunter2")))
    with caplog.at_level(logging.ERROR, logger="faasport"):
        response = app(post_note())
    assert response.status == 500
    assert response.headers.get("content-type") == "application/problem+json"
    body = json.loads(response.body)
    assert body["requestId"] == "req-123"
    for leaked in (b"hunter2", b"Traceback", b"secret-title-value", b"RuntimeError"):
        assert leaked not in response.body
    record = next(r for r in caplog.records if r.getMessage() == "unhandled error")
    assert record.fields == {"requestId": "req-123"}  # type: ignore[attr-defined]
    assert record.exc_info is not None


def test_store_unavailable_is_503_with_retry_after() -> None:
    app = create_app(Settings(), store=BrokenStore(StoreUnavailable("down")))
    response = app(post_note())
    assert response.status == 503
    assert response.headers.get("retry-after") == "1"


def test_health_reports_unreachable_store_as_503() -> None:
    app = create_app(Settings(), store=BrokenStore(StoreUnavailable("down")))
    assert app(Request("GET", "/health")).status == 503


def test_one_json_log_line_per_request(caplog: pytest.LogCaptureFixture) -> None:
    app = create_app(Settings(), store=MemoryStore())
    invocation = Invocation(provider="aws", request_id="abc", cold_start=True)
    with caplog.at_level(logging.INFO, logger="faasport"):
        app(Request("GET", "/notes", invocation=invocation))
    lines = [r for r in caplog.records if r.getMessage() == "request"]
    assert len(lines) == 1
    fields = lines[0].fields  # type: ignore[attr-defined]
    assert {k: v for k, v in fields.items() if k != "durationMs"} == {
        "requestId": "abc", "provider": "aws", "method": "GET", "path": "/notes",
        "status": 200, "coldStart": True,
    }  # fmt: skip
    assert fields["durationMs"] >= 0


def test_store_opens_lazily_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Creating the app opens nothing; the first request opens the store, later ones reuse it."""
    opened: list[Settings] = []

    def counting_open(settings: Settings) -> MemoryStore:
        opened.append(settings)
        return MemoryStore()

    monkeypatch.setattr(app_module, "open_store", counting_open)
    service = create_app(Settings())
    assert opened == []
    service(Request("GET", "/health"))
    service(Request("GET", "/health"))
    assert len(opened) == 1


def test_openapi_document_is_valid_openapi_3_1() -> None:
    app = create_app(Settings(), store=MemoryStore())
    document = json.loads(app(Request("GET", "/openapi.json")).body)
    validate(document)
    assert document["openapi"] == "3.1.0"
    operations = {(path, method) for path, item in document["paths"].items() for method in item}
    assert operations == {
        ("/notes", "get"), ("/notes", "post"), ("/notes/{id}", "get"), ("/notes/{id}", "put"),
        ("/notes/{id}", "patch"), ("/notes/{id}", "delete"), ("/health", "get"),
        ("/openapi.json", "get"),
    }  # fmt: skip
    assert {"Note", "NoteIn", "NotePatch", "NotePage", "Problem"} <= set(
        document["components"]["schemas"]
    )
