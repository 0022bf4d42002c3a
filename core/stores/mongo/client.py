"""The process's MongoDB clients and the one place pymongo's failures are translated.

One ``MongoClient`` per process and URL, created on first use (never at import) and
reused by warm invocations; URL options, ``mongodb+srv://`` included, pass unchanged.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from pymongo import MongoClient
from pymongo.errors import ConnectionFailure, ExecutionTimeout, PyMongoError, WTimeoutError

from core.errors import StoreUnavailable

Doc = dict[str, Any]
DEFAULT_DATABASE = "faasport"

_clients: dict[str, MongoClient[Doc]] = {}
_lock = threading.Lock()


@contextmanager
def translate_errors() -> Iterator[None]:
    """Map unreachable and timed-out pymongo failures to ``StoreUnavailable`` (a 503)."""
    try:
        yield
    except (ConnectionFailure, ExecutionTimeout, WTimeoutError) as error:
        raise StoreUnavailable("The database is unavailable; retry shortly.") from error
    except PyMongoError as error:
        if error.timeout:
            raise StoreUnavailable("The database timed out; retry shortly.") from error
        raise


def client_for(url: str) -> MongoClient[Doc]:
    """The process's client for ``url``, created on first use; URL options pass unchanged."""
    client = _clients.get(url)
    if client is None:
        with _lock:
            client = _clients.get(url)
            if client is None:
                options = {name.lower() for name, _ in parse_qsl(urlsplit(url).query)}
                extra: dict[str, Any] = {} if "appname" in options else {"appname": "faasport"}
                # connect=False: no I/O until the first operation, which runs under a timeout.
                client = MongoClient(url, connect=False, **extra)
                _clients[url] = client
    return client


def release_client(url: str) -> None:
    """Close and forget the process's client for ``url``, if there is one."""
    with _lock:
        client = _clients.pop(url, None)
    if client is not None:
        client.close()


def release_clients() -> None:
    """Close every client of the process (at shutdown, or between test sessions)."""
    for url in list(_clients):
        release_client(url)


def database_name(url: str, configured: str = "") -> str:
    """``configured``, else the database in the URL's path, else ``faasport``."""
    return configured or unquote(urlsplit(url).path.lstrip("/")) or DEFAULT_DATABASE


def utc_now() -> datetime:
    """Now, to the millisecond (what BSON dates keep)."""
    return to_ms(datetime.now(UTC))


def to_ms(moment: datetime) -> datetime:
    """``moment`` truncated to milliseconds, so a stored time reads back equal."""
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)
