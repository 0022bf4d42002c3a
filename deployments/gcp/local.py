"""Local use of the GCF entry through functions-framework's own app, never a lookalike.

``start`` serves ``functions_framework.create_app(target="handler", source=main.py)`` with
werkzeug's threaded server in a thread (what ``faasport serve --provider gcp`` calls);
``gateway`` and ``invoke`` run requests through the same app's Flask test client.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import cast

import flask
import functions_framework
from werkzeug.serving import WSGIRequestHandler, make_server

from deployments.local.options import LocalOptions
from deployments.local.wire import (
    Gateway,
    RawRequest,
    RawResponse,
    describe_response,
    request_from_description,
)

SOURCE = Path(__file__).resolve().with_name("main.py")
TARGET = "handler"
log = logging.getLogger("faasport.serve")


class _QuietHandler(WSGIRequestHandler):
    """Access lines go to the debug log, as `faasport serve` does: the app logs each request."""

    def log(self, type: str, message: str, *args: object) -> None:
        log.debug(message, *args)


def flask_app(environ: Mapping[str, str] | None = None) -> flask.Flask:
    """functions-framework's app over ``main.py``, built with ``environ`` applied meanwhile.

    The entry reads its configuration when the framework imports it, and the framework
    writes ``FUNCTION_TARGET`` / ``FUNCTION_SIGNATURE_TYPE``; ``os.environ`` is put back
    as it was afterwards. Each call imports ``main.py`` afresh (under the name ``main``).
    """
    create: Callable[..., object] = functions_framework.create_app
    with _environ(environ or {}):
        app = create(target=TARGET, source=str(SOURCE))
    return cast(flask.Flask, app)  # an HTTP function, so never the ASGI variant


def start(host: str, port: int, options: LocalOptions) -> Callable[[], None]:
    """Serve the functions-framework app on ``host:port`` in a thread; return its stop."""
    server = make_server(host, port, flask_app(), threaded=True, request_handler=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="faasport-gcp", daemon=True)
    thread.start()

    def stop() -> None:
        server.shutdown()
        server.server_close()
        thread.join()

    return stop


def gateway(options: LocalOptions) -> Gateway:
    """Raw HTTP through functions-framework's own request handling (its Flask test client)."""
    client = flask_app().test_client(use_cookies=False)  # pass Cookie headers through as sent

    def send(raw: RawRequest) -> RawResponse:
        reply = client.open(
            raw.target,
            method=raw.method,
            headers=list(raw.headers),
            data=raw.body,
            environ_base={"REMOTE_ADDR": raw.client_ip},
        )
        return RawResponse(reply.status_code, tuple(reply.headers.items()), reply.get_data())

    return send


def invoke(payload: object, options: LocalOptions) -> object:
    """One JSON request description through functions-framework; the response description."""
    if not isinstance(payload, dict):
        raise ValueError("gcp takes a JSON request description (an object)")
    return describe_response(gateway(options)(request_from_description(payload)))


@contextmanager
def _environ(overrides: Mapping[str, str]) -> Iterator[None]:
    saved = dict(os.environ)
    os.environ.update(overrides)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)
