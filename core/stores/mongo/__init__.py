"""The MongoDB store (pymongo): MongoDB, Atlas or any server speaking its wire protocol.

Imported only when ``FAASPORT_STORE`` is a ``mongodb://`` or ``mongodb+srv://`` URL.
``store`` is the store; ``client`` the per-process clients and the error translation;
``keys`` the idempotency keys; ``claims`` the FerretDB 1.x write claims; ``documents``
the note documents and value-only filters.
"""

from core.stores.mongo.client import (
    client_for,
    database_name,
    release_client,
    release_clients,
    translate_errors,
    utc_now,
)
from core.stores.mongo.store import MongoStore

__all__ = [
    "MongoStore",
    "client_for",
    "database_name",
    "release_client",
    "release_clients",
    "translate_errors",
    "utc_now",
]
