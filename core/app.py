"""The composition root: wires settings, store, routes and the one error boundary into an App."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable, Sequence

from core import logs
from core.config import Settings
from core.deadline import current_deadline
from core.errors import INTERNAL, ProblemError, StoreUnavailable, problem, problem_for
from core.http import Request, Response
from core.notes.routes import NotesApi
from core.openapi import openapi_document
from core.routing import Params, Route, Router
from core.stores import NoteStore, open_store

API_TITLE = "faasport notes"
API_VERSION = "1.0.0"


class LazyStore:
    """Opens the store on first use, once per process, so imports never connect."""

    def __init__(self, factory: Callable[[], NoteStore]) -> None:
        self._factory = factory
        self._store: NoteStore | None = None
        self._lock = threading.Lock()

    def __call__(self) -> NoteStore:
        """The store, opened now if it was not yet."""
        store = self._store
        if store is None:
            with self._lock:
                if self._store is None:
                    self._store = self._factory()
                store = self._store
        return store


class Service:
    """An App: routes a Request, turns every error into a problem, logs one line."""

    def __init__(self, routes: Sequence[Route]) -> None:
        self.router = Router(routes)

    def __call__(self, request: Request) -> Response:
        """Handle one request; never raises."""
        started = time.perf_counter()
        request_id = request.invocation.request_id or uuid.uuid4().hex
        token = current_deadline.set(request.invocation.deadline)
        try:
            response = self._dispatch(request, request_id)
        finally:
            current_deadline.reset(token)
        if logs.logger.isEnabledFor(logging.INFO):
            _log_request(request, response, request_id, started)
        return response

    def _dispatch(self, request: Request, request_id: str) -> Response:
        try:
            return self.router.dispatch(request)
        except ProblemError as error:
            if isinstance(error, StoreUnavailable):
                logs.logger.warning("store unavailable", exc_info=error,
                                    extra={"fields": {"requestId": request_id}})  # fmt: skip
            return problem_for(error, request.path)
        except Exception:
            # The one place that catches everything: log it all, show nothing of it.
            logs.logger.exception("unhandled error", extra={"fields": {"requestId": request_id}})
            detail = "The server failed to answer; the error was logged with this request id."
            # Not even the path: a 500 shows the request id and nothing the client sent.
            return problem(INTERNAL, detail, "", requestId=request_id)


def _log_request(request: Request, response: Response, request_id: str, started: float) -> None:
    invocation = request.invocation
    fields = {
        "requestId": request_id,
        "provider": invocation.provider,
        "method": request.method,
        "path": request.path,
        "status": response.status,
        "durationMs": round((time.perf_counter() - started) * 1000, 3),
        "coldStart": invocation.cold_start,
    }
    logs.logger.info("request", extra={"fields": fields})


def create_app(settings: Settings | None = None, store: NoteStore | None = None) -> Service:
    """The notes backend as an App; the store is opened lazily unless one is given."""
    settings = settings or Settings.from_env()
    logs.configure(settings.log_level)
    current_store = LazyStore(lambda: store or open_store(settings))
    notes = NotesApi(current_store, settings.max_body_bytes)
    routes = notes.routes()
    document: dict[str, object] = {}

    def health(request: Request, params: Params) -> Response:
        current_store().ping()
        return Response.json({"status": "ok"})

    def openapi(request: Request, params: Params) -> Response:
        if not document:
            document.update(openapi_document(all_routes, API_TITLE, API_VERSION))
        return Response.json(document)

    all_routes = [
        *routes,
        Route("GET", "/health", health, "Store reachability", "health",
              responses={200: "The store answers", 503: ""}),
        Route("GET", "/openapi.json", openapi, "This document", "openapi",
              responses={200: "OpenAPI 3.1"}),
    ]  # fmt: skip
    return Service(all_routes)
