"""Drivers for the core itself: called directly, and over real HTTP via `faasport serve`."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from core.app import create_app
from core.config import Settings
from core.http import Headers
from deployments.local.server import LocalServer
from deployments.local.wire import RawRequest, core_gateway
from tests.contract.driver import Driver, DriverEnv, DriverFactory, Reply


class DirectDriver:
    """Calls the core App in-process through the same gateway `faasport serve` uses."""

    def __init__(self, settings: Settings) -> None:
        self.gateway = core_gateway(create_app(settings))

    def send(
        self, method: str, target: str, headers: Sequence[tuple[str, str]] = (), body: bytes = b""
    ) -> Reply:
        """See ``Driver.send``."""
        raw = self.gateway(RawRequest(method, target, tuple(headers), body))
        return Reply(raw.status, Headers(raw.headers), raw.body)


class HttpDriver:
    """Real HTTP over loopback to a server at ``host:port``."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port

    def send(
        self, method: str, target: str, headers: Sequence[tuple[str, str]] = (), body: bytes = b""
    ) -> Reply:
        """See ``Driver.send``."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.putrequest(method, target, skip_accept_encoding=True)
            for name, value in headers:
                connection.putheader(name, value)
            if body or method in ("POST", "PUT", "PATCH"):
                connection.putheader("content-length", str(len(body)))
            connection.endheaders(body or None)
            response = connection.getresponse()
            return Reply(response.status, Headers(response.getheaders()), response.read())
        finally:
            connection.close()


@contextmanager
def direct(env: DriverEnv) -> Iterator[Driver]:
    """The core App, no HTTP."""
    yield DirectDriver(Settings(store_url=env.store_url))


@contextmanager
def served(env: DriverEnv) -> Iterator[Driver]:
    """The core behind the local HTTP server of `faasport serve`."""
    app = create_app(Settings(store_url=env.store_url))
    server = LocalServer("127.0.0.1", 0, core_gateway(app))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield HttpDriver("127.0.0.1", server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


DRIVERS: dict[str, DriverFactory] = {"core": direct, "core-http": served}
