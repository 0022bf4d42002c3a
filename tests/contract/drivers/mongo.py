"""The core App direct on the MongoDB store (the shared FerretDB, or ``MONGODB_URI``)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from core.config import Settings
from tests.contract.driver import Driver, DriverEnv, DriverFactory
from tests.contract.drivers.core import GatewayDriver, core_app_gateway
from tests.mongo_server import fresh_database, shared_running, shared_uri


@contextmanager
def core_mongo(env: DriverEnv) -> Iterator[Driver]:
    """The core App, no HTTP, on a fresh database of the shared MongoDB server."""
    from core.stores.mongo import client_for

    uri, database = shared_uri(), fresh_database()
    yield GatewayDriver(core_app_gateway(Settings(store_url=uri, database=database)))
    if shared_running():  # the store suite's fixture may have stopped the server already
        client_for(uri).drop_database(database)


DRIVERS: dict[str, DriverFactory] = {"core-mongo": core_mongo}
