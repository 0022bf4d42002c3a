"""MongoStore configuration, client lifecycle and error translation (no server needed)."""

from __future__ import annotations

import subprocess
import sys
import threading

import pytest
from pymongo.errors import (
    AutoReconnect,
    ConnectionFailure,
    ExecutionTimeout,
    NetworkTimeout,
    OperationFailure,
    PyMongoError,
    ServerSelectionTimeoutError,
    WTimeoutError,
)

from core.config import Settings
from core.errors import StoreUnavailable
from core.stores import mongo, open_store
from core.stores.mongo import MongoStore, client_for, database_name, documents, release_client
from core.stores.mongo import client as mongo_client
from tests.servers import ROOT, free_port


@pytest.mark.parametrize(
    ("url", "configured", "expected"),
    [
        pytest.param("mongodb://h:27017/", "chosen", "chosen", id="settings-win"),
        pytest.param("mongodb://h:27017/fromurl?w=majority", "", "fromurl", id="url-path"),
        pytest.param(
            "mongodb+srv://u:p@c.example.net/atlasdb?retryWrites=true",
            "",
            "atlasdb",
            id="srv-url-path",
        ),
        pytest.param("mongodb://a:1,b:2/?replicaSet=rs", "", "faasport", id="default"),
        pytest.param("mongodb://h", "", "faasport", id="no-path"),
    ],
)
def test_database_name_prefers_settings_then_url_then_default(
    url: str, configured: str, expected: str
) -> None:
    assert database_name(url, configured) == expected


def test_mongo_store_from_settings_opens_no_client() -> None:
    url = f"mongodb://127.0.0.1:{free_port()}/"
    store = open_store(Settings(store_url=url, database="db", store_timeout_ms=700,
                                idempotency_ttl_seconds=60))  # fmt: skip
    assert isinstance(store, MongoStore)
    assert (store.url, store.database) == (url, "db")
    assert url not in mongo_client._clients


def test_client_for_makes_one_client_per_url_across_threads() -> None:
    url = f"mongodb://127.0.0.1:{free_port()}/"
    seen: list[object] = []
    threads = [threading.Thread(target=lambda: seen.append(client_for(url))) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(client) for client in seen}) == 1
    assert client_for(url).options.pool_options.metadata["application"] == {"name": "faasport"}
    release_client(url)
    assert url not in mongo_client._clients


def test_client_for_keeps_the_url_options_unchanged() -> None:
    url = f"mongodb://127.0.0.1:{free_port()}/?appName=mine&serverSelectionTimeoutMS=1234"
    client = client_for(url)
    options = (client.options.pool_options.metadata["application"],
               client.options.server_selection_timeout)  # fmt: skip
    release_client(url)
    assert options == ({"name": "mine"}, 1.234)


def test_importing_the_app_does_not_import_pymongo() -> None:
    code = "import sys, core.app; print(sorted(m for m in sys.modules if 'mongo' in m))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True)  # fmt: skip
    assert out.stdout.strip() == "[]"


UNAVAILABLE = [
    pytest.param(ServerSelectionTimeoutError("no server"), id="server-selection"),
    pytest.param(AutoReconnect("reconnect"), id="auto-reconnect"),
    pytest.param(ConnectionFailure("refused"), id="connection-failure"),
    pytest.param(NetworkTimeout("slow"), id="network-timeout"),
    pytest.param(ExecutionTimeout("maxTimeMS", 50), id="execution-timeout"),
    pytest.param(WTimeoutError("wtimeout", 64), id="write-concern-timeout"),
    pytest.param(OperationFailure("timed out", 50), id="failure-with-timeout"),
]


@pytest.mark.parametrize("error", UNAVAILABLE)
def test_translate_errors_turns_unreachable_and_timeouts_into_503(error: PyMongoError) -> None:
    with pytest.raises(StoreUnavailable) as raised, mongo.translate_errors():
        raise error
    assert raised.value.__cause__ is error


def test_translate_errors_lets_other_failures_through() -> None:
    error = OperationFailure("not authorised", 13)
    with pytest.raises(OperationFailure) as raised, mongo.translate_errors():
        raise error
    assert raised.value is error


@pytest.mark.parametrize(
    "bad",
    [pytest.param({"$ne": ""}, id="operator-dict"), pytest.param(["a"], id="list")],
)
def test_mongo_store_never_puts_a_non_string_into_a_filter(bad: object) -> None:
    store = MongoStore(f"mongodb://127.0.0.1:{free_port()}/")
    with pytest.raises(TypeError):
        store.list(10, tag=bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        documents.version_filter(bad, 1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        store.list(10, after=bad)  # type: ignore[arg-type]
