"""Drivers for the core itself, and the two driver kinds every front door reuses.

``GatewayDriver`` sends raw requests through any in-process gateway (the core's, or a
provider's emulated front door); ``HttpDriver`` sends real HTTP over loopback; ``serving``
puts a gateway behind the local HTTP server of `faasport serve`.
"""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from core.app import create_app
from core.config import Settings
from core.http import Headers
from deployments.local.server import LocalServer
from deployments.local.wire import Gateway, RawRequest, core_gateway
from tests.contract.driver import Driver, DriverEnv, DriverFactory, Reply


class GatewayDriver:
    """Raw request in, raw response out, in-process; ``prefix`` goes before every target."""

    def __init__(
        self, gateway: Gateway, prefix: str = "", platform_answers: frozenset[str] = frozenset()
    ) -> None:
        self.gateway, self.prefix, self.platform_answers = gateway, prefix, platform_answers

    def send(
        self, method: str, target: str, headers: Sequence[tuple[str, str]] = (), body: bytes = b""
    ) -> Reply:
        """See ``Driver.send``."""
        raw = self.gateway(RawRequest(method, self.prefix + target, tuple(headers), body))
        return Reply(raw.status, Headers(raw.headers), b"" if method == "HEAD" else raw.body)


class HttpDriver:
    """Real HTTP over loopback to a server at ``host:port``; ``prefix`` before every target."""

    def __init__(self, host: str, port: int, prefix: str = "") -> None:
        self.host, self.port, self.prefix = host, port, prefix

    def send(
        self, method: str, target: str, headers: Sequence[tuple[str, str]] = (), body: bytes = b""
    ) -> Reply:
        """See ``Driver.send``."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        try:
            connection.putrequest(method, self.prefix + target, skip_accept_encoding=True)
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
def serving(gateway: Gateway, prefix: str = "") -> Iterator[Driver]:
    """``gateway`` behind the local HTTP server on a free port, stopped afterwards."""
    server = LocalServer("127.0.0.1", 0, gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield HttpDriver("127.0.0.1", server.server_address[1], prefix)
    finally:
        server.shutdown()
        server.server_close()


def core_app_gateway(settings: Settings) -> Gateway:
    """The core App for ``settings`` behind the gateway `faasport serve` uses."""
    return core_gateway(create_app(settings))


@contextmanager
def direct(env: DriverEnv) -> Iterator[Driver]:
    """The core App, no HTTP."""
    yield GatewayDriver(core_app_gateway(Settings(store_url=env.store_url)))


@contextmanager
def served(env: DriverEnv) -> Iterator[Driver]:
    """The core behind the local HTTP server of `faasport serve`."""
    with serving(core_app_gateway(Settings(store_url=env.store_url))) as driver:
        yield driver


DRIVERS: dict[str, DriverFactory] = {"core": direct, "core-http": served}
