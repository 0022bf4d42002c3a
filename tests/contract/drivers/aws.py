"""Drivers for AWS Lambda: the contract suite through the adapter, once per event shape.

Each request goes through the local AWS gateway, which builds the native event API
Gateway (REST, HTTP API), a Function URL or ALB would send and calls a Lambda handler.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial

from adapters.aws import lambda_handler
from core.app import create_app
from core.config import Settings
from deployments.aws.local import gateway
from deployments.local.options import LocalOptions
from tests.contract.driver import Driver, DriverEnv, DriverFactory
from tests.contract.drivers.core import GatewayDriver


@contextmanager
def _aws(event_format: str, env: DriverEnv) -> Iterator[Driver]:
    handler = lambda_handler(create_app(Settings(store_url=env.store_url)))
    yield GatewayDriver(gateway(LocalOptions(event_format=event_format), handler))


def _factory(event_format: str) -> DriverFactory:
    factory: DriverFactory = partial(_aws, event_format)
    return factory


DRIVERS: dict[str, DriverFactory] = {
    f"aws-{name}": _factory(name) for name in ("v1", "v2", "url", "alb", "alb-multi")
}
