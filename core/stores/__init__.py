"""Stores behind the ``NoteStore`` port, chosen by the URL in ``FAASPORT_STORE``."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from core.config import Settings
from core.stores.port import Changes, Idempotency, NoteStore, Page

__all__ = ["Changes", "Idempotency", "NoteStore", "Page", "open_store"]

SCHEMES = ("sqlite:///PATH", "mongodb://...", "mongodb+srv://...", "memory://")


def open_store(settings: Settings) -> NoteStore:
    """The store named by ``settings.store_url``; opening does no I/O yet."""
    url = settings.store_url
    scheme = urlsplit(url).scheme
    ttl = settings.idempotency_ttl_seconds
    if scheme == "sqlite":
        from core.stores.sqlite import SQLiteStore

        return SQLiteStore(sqlite_path(url), ttl, settings.store_timeout_ms)
    if scheme == "memory":
        from core.stores.memory import MemoryStore

        return MemoryStore(idempotency_ttl_seconds=ttl)
    if scheme in ("mongodb", "mongodb+srv"):
        # Imported here so the SQLite path never pays pymongo's import time.
        from core.stores.mongo import MongoStore

        return MongoStore.from_settings(settings)
    raise ValueError(f"FAASPORT_STORE has an unknown scheme {scheme!r}; use one of {SCHEMES}")


def sqlite_path(url: str) -> str:
    """``sqlite:///rel/x.db`` -> ``rel/x.db``; ``sqlite:////abs/x.db`` -> ``/abs/x.db``."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or len(url) == len(prefix):
        raise ValueError(f"a SQLite store URL looks like sqlite:///path/to/notes.db, got {url!r}")
    return unquote(url[len(prefix) :])
