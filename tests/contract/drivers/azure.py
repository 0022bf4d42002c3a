"""Drivers for the Azure entry: the indexed function behind the emulated Functions host.

``azure`` goes over loopback HTTP to the local server with the default ``api`` prefix, as
`faasport serve --provider azure` does; ``azure-noprefix`` calls the gateway in-process with
``routePrefix`` set to the empty string. Both build the FunctionApp with the adapter over
the driver's own store.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from adapters.azure import function_app
from core.app import create_app
from core.config import Settings
from deployments.azure.local import host_gateway
from deployments.local.wire import Gateway
from tests.contract.driver import Driver, DriverEnv, DriverFactory
from tests.contract.drivers.core import GatewayDriver, serving


def azure_gateway(store_url: str, route_prefix: str) -> Gateway:
    """The emulated host in front of a FunctionApp over the notes backend on ``store_url``."""
    app = function_app(create_app(Settings(store_url=store_url)), auth_level="ANONYMOUS")
    return host_gateway(app, route_prefix)


@contextmanager
def with_prefix(env: DriverEnv) -> Iterator[Driver]:
    """``/api/{*path}`` over loopback HTTP, the host's default."""
    with serving(azure_gateway(env.store_url, "api"), prefix="/api") as driver:
        yield driver


@contextmanager
def without_prefix(env: DriverEnv) -> Iterator[Driver]:
    """``routePrefix: ""``: the function answers at the root."""
    yield GatewayDriver(azure_gateway(env.store_url, ""))


DRIVERS: dict[str, DriverFactory] = {"azure": with_prefix, "azure-noprefix": without_prefix}
