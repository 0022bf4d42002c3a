"""Drivers for OpenWhisk: the web action's ``main`` behind the local controller emulation."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from adapters.openwhisk import web_action
from core.app import create_app
from core.config import Settings
from deployments.local.options import LocalOptions
from deployments.openwhisk.local import front_door
from tests.contract.driver import Driver, DriverEnv, DriverFactory
from tests.contract.drivers.core import GatewayDriver

BASE = "/api/v1/web/guest/default/notes.http"


def openwhisk_driver(store_url: str, web_mode: str) -> Driver:
    """The controller emulation in front of ``main(args)`` over the driver's own store."""
    main = web_action(lambda _: create_app(Settings(store_url=store_url)), {})
    # In standard mode the controller parses JSON bodies itself and answers a
    # malformed one with its own 400 before the action runs.
    answers = frozenset({"malformed-json"} if web_mode == "standard" else ())
    return GatewayDriver(front_door(main, LocalOptions(web_mode=web_mode)), BASE, answers)


@contextmanager
def raw_mode(env: DriverEnv) -> Iterator[Driver]:
    """A raw web action (``--web raw``)."""
    yield openwhisk_driver(env.store_url, "raw")


@contextmanager
def standard_mode(env: DriverEnv) -> Iterator[Driver]:
    """A standard web action (``--web true``)."""
    yield openwhisk_driver(env.store_url, "standard")


DRIVERS: dict[str, DriverFactory] = {"openwhisk-raw": raw_mode, "openwhisk-standard": standard_mode}
