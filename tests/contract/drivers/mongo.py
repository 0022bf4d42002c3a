"""The core App direct on the MongoDB store (the shared FerretDB, or ``MONGODB_URI``)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from core.app import create_app
from core.config import Settings
from core.http import Headers
from deployments.local.wire import RawRequest, core_gateway
from tests.contract.driver import Driver, DriverEnv, DriverFactory, Reply
from tests.mongo_server import fresh_database, shared_running, shared_uri


class MongoDirectDriver:
    """Calls the core App in-process, as ``DirectDriver`` does, with the store on MongoDB."""

    def __init__(self, settings: Settings) -> None:
        self.gateway = core_gateway(create_app(settings))

    def send(
        self, method: str, target: str, headers: Sequence[tuple[str, str]] = (), body: bytes = b""
    ) -> Reply:
        """See ``Driver.send``."""
        raw = self.gateway(RawRequest(method, target, tuple(headers), body))
        return Reply(raw.status, Headers(raw.headers), raw.body)


@contextmanager
def core_mongo(env: DriverEnv) -> Iterator[Driver]:
    """The core App, no HTTP, on a fresh database of the shared MongoDB server."""
    from core.stores.mongo import client_for

    uri, database = shared_uri(), fresh_database()
    yield MongoDirectDriver(Settings(store_url=uri, database=database))
    if shared_running():  # the store suite's fixture may have stopped the server already
        client_for(uri).drop_database(database)


DRIVERS: dict[str, DriverFactory] = {"core-mongo": core_mongo}
