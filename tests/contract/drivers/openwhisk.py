"""Drivers for OpenWhisk: the web action's ``main`` behind the local controller emulation."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from adapters.openwhisk import web_action
from core.app import create_app
from core.config import Settings
from core.http import Headers
from deployments.local.options import LocalOptions
from deployments.local.wire import RawRequest
from deployments.openwhisk.local import front_door
from tests.contract.driver import Driver, DriverEnv, DriverFactory, Reply

BASE = "/api/v1/web/guest/default/notes.http"


class GatewayDriver:
    """Sends each request through the controller emulation to ``main(args)``."""

    def __init__(self, store_url: str, web_mode: str) -> None:
        # In standard mode the controller parses JSON bodies itself and answers a
        # malformed one with its own 400 before the action runs.
        self.platform_answers = frozenset({"malformed-json"} if web_mode == "standard" else ())
        main = web_action(lambda _: create_app(Settings(store_url=store_url)), {})
        self.gateway = front_door(main, LocalOptions(web_mode=web_mode))

    def send(
        self, method: str, target: str, headers: Sequence[tuple[str, str]] = (), body: bytes = b""
    ) -> Reply:
        """See ``Driver.send``."""
        raw = self.gateway(RawRequest(method, BASE + target, tuple(headers), body))
        return Reply(raw.status, Headers(raw.headers), b"" if method == "HEAD" else raw.body)


@contextmanager
def raw_mode(env: DriverEnv) -> Iterator[Driver]:
    """A raw web action (``--web raw``)."""
    yield GatewayDriver(env.store_url, "raw")


@contextmanager
def standard_mode(env: DriverEnv) -> Iterator[Driver]:
    """A standard web action (``--web true``)."""
    yield GatewayDriver(env.store_url, "standard")


DRIVERS: dict[str, DriverFactory] = {"openwhisk-raw": raw_mode, "openwhisk-standard": standard_mode}
