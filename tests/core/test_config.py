"""Settings from environment variables."""

from __future__ import annotations

import pytest

from core.config import Settings
from core.stores import open_store, sqlite_path
from core.stores.memory import MemoryStore
from core.stores.sqlite import SQLiteStore


def test_defaults_use_an_embedded_sqlite_file() -> None:
    settings = Settings.from_env({})
    assert settings == Settings(store_url="sqlite:///.faasport/notes.db")


def test_every_variable_is_read() -> None:
    env = {
        "FAASPORT_STORE": "mongodb://db.example:27017/notes",
        "FAASPORT_DATABASE": "prod",
        "FAASPORT_MAX_BODY_BYTES": "1024",
        "FAASPORT_LOG_LEVEL": "debug",
        "FAASPORT_IDEMPOTENCY_TTL_SECONDS": "60",
        "FAASPORT_STORE_TIMEOUT_MS": "800",
    }
    assert Settings.from_env(env) == Settings(
        store_url="mongodb://db.example:27017/notes", database="prod", max_body_bytes=1024,
        log_level="DEBUG", idempotency_ttl_seconds=60, store_timeout_ms=800,
    )  # fmt: skip


def test_data_dir_moves_the_default_file() -> None:
    assert Settings.from_env({"FAASPORT_DATA_DIR": "/var/data"}).store_url == (
        "sqlite:////var/data/notes.db"
    )


@pytest.mark.parametrize("value", ["ten", "0", "-5"])
def test_bad_numbers_are_clear_errors(value: str) -> None:
    with pytest.raises(ValueError, match="FAASPORT_MAX_BODY_BYTES"):
        Settings.from_env({"FAASPORT_MAX_BODY_BYTES": value})


def test_open_store_picks_the_store_by_scheme() -> None:
    assert isinstance(open_store(Settings(store_url="sqlite:///x/notes.db")), SQLiteStore)
    assert isinstance(open_store(Settings(store_url="memory://")), MemoryStore)
    with pytest.raises(ValueError, match="unknown scheme 'redis'"):
        open_store(Settings(store_url="redis://localhost"))


@pytest.mark.parametrize(
    ("url", "path"),
    [
        pytest.param("sqlite:///rel/notes.db", "rel/notes.db", id="relative"),
        pytest.param("sqlite:////abs/notes.db", "/abs/notes.db", id="absolute"),
        pytest.param("sqlite:///with%20space.db", "with space.db", id="escaped"),
    ],
)
def test_sqlite_path(url: str, path: str) -> None:
    assert sqlite_path(url) == path


def test_sqlite_url_without_path_is_an_error() -> None:
    with pytest.raises(ValueError, match="sqlite:///path"):
        sqlite_path("sqlite:///")
