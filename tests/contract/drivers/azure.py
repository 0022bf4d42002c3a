"""Drivers for the Azure entry: the indexed function behind the emulated Functions host.

``azure`` goes over loopback HTTP to the local server with the default ``api`` prefix, as
`faasport serve --provider azure` does; ``azure-noprefix`` calls the gateway in-process with
``routePrefix`` set to the empty string. Both build the FunctionApp with the adapter over
the driver's own store.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from adapters.azure import function_app
from core.app import create_app
from core.config import Settings
from core.http import Headers
from deployments.azure.local import host_gateway
from deployments.local.server import LocalServer
from deployments.local.wire import Gateway, RawRequest
from tests.contract.driver import Driver, DriverEnv, DriverFactory, Reply
from tests.contract.drivers.core import HttpDriver


def azure_gateway(store_url: str, route_prefix: str) -> Gateway:
    """The emulated host in front of a FunctionApp over the notes backend on ``store_url``."""
    app = function_app(create_app(Settings(store_url=store_url)), auth_level="ANONYMOUS")
    return host_gateway(app, route_prefix)


class PrefixedHttpDriver(HttpDriver):
    """Real HTTP to the host, with the route prefix in front of every target."""

    def __init__(self, host: str, port: int, prefix: str) -> None:
        super().__init__(host, port)
        self.prefix = prefix

    def send(
        self, method: str, target: str, headers: Sequence[tuple[str, str]] = (), body: bytes = b""
    ) -> Reply:
        """See ``Driver.send``."""
        return super().send(method, self.prefix + target, headers, body)


class GatewayDriver:
    """The emulated host in-process: raw request in, raw response out."""

    def __init__(self, gateway: Gateway) -> None:
        self.gateway = gateway

    def send(
        self, method: str, target: str, headers: Sequence[tuple[str, str]] = (), body: bytes = b""
    ) -> Reply:
        """See ``Driver.send``."""
        raw = self.gateway(RawRequest(method, target, tuple(headers), body))
        return Reply(raw.status, Headers(raw.headers), raw.body)


@contextmanager
def with_prefix(env: DriverEnv) -> Iterator[Driver]:
    """``/api/{*path}`` over loopback HTTP, the host's default."""
    server = LocalServer("127.0.0.1", 0, azure_gateway(env.store_url, "api"))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield PrefixedHttpDriver("127.0.0.1", server.server_address[1], "/api")
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def without_prefix(env: DriverEnv) -> Iterator[Driver]:
    """``routePrefix: ""``: the function answers at the root."""
    yield GatewayDriver(azure_gateway(env.store_url, ""))


DRIVERS: dict[str, DriverFactory] = {"azure": with_prefix, "azure-noprefix": without_prefix}
