"""The local HTTP front door: a threaded stdlib server that hands raw requests to a gateway."""

from __future__ import annotations

import logging
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from deployments.local.wire import Gateway, RawRequest

log = logging.getLogger("faasport.serve")


class _Handler(BaseHTTPRequestHandler):
    server: LocalServer
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in separate writes

    def _handle(self) -> None:
        if "chunked" in (self.headers.get("transfer-encoding") or "").lower():
            # Functions get whole bodies; a chunked stream is refused rather than misread.
            self.send_error(411, "Send the body with a Content-Length")
            return
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        raw = RawRequest(
            self.command, self.path, tuple(self.headers.items()), body, self.client_address[0]
        )
        response = self.server.gateway(raw)
        self.send_response(response.status)
        stated = None
        for name, value in response.headers:
            lowered = name.lower()
            if lowered == "content-length":
                stated = value  # a HEAD answer states the length its GET body would have
            elif lowered not in ("connection", "transfer-encoding"):
                self.send_header(name, value)
        if response.status >= 200 and response.status not in (204, 304):
            self.send_header("content-length", stated or str(len(response.body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(response.body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle  # noqa: N815

    def log_message(self, format: str, *args: object) -> None:
        """Access lines go to the debug log; the app already logs one JSON line a request."""
        log.debug(format, *args)


class LocalServer(ThreadingHTTPServer):
    """A thread per connection; ``gateway`` turns each raw request into a raw response."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, host: str, port: int, gateway: Gateway) -> None:
        super().__init__((host, port), _Handler)
        self.gateway = gateway

    @property
    def url(self) -> str:
        """The base URL clients use."""
        host, port = self.server_address[:2]
        return f"http://{host!s}:{port}"
