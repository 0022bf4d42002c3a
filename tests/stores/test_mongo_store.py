"""MongoStore behaviour beyond the port: recovery from writers that died mid-way."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from core.errors import StoreUnavailable
from core.stores.mongo import MongoStore, client_for, utc_now
from core.stores.port import Idempotency, Page
from tests.mongo_server import fresh_database
from tests.stores.test_store_contract import changes, note

TIMEOUT_MS = 500  # the lease of a reservation or claim is the timeout plus one second
KEY = Idempotency("key-1", "fingerprint-1")


@pytest.fixture
def store(mongodb_uri: str) -> Iterator[MongoStore]:
    """A MongoStore on a fresh database with a short timeout."""
    database = fresh_database()
    made = MongoStore(mongodb_uri, database, timeout_ms=TIMEOUT_MS)
    made.ping()  # creates the indexes and learns the server's kind
    yield made
    client_for(mongodb_uri).drop_database(database)
    made.close()


def reservation(note_id: str, at: datetime) -> dict[str, object]:
    """A pending reservation of ``KEY``, as ``create`` writes it before the note."""
    return {"_id": KEY.key, "fingerprint": KEY.fingerprint, "noteId": note_id, "at": at,
            "done": False}  # fmt: skip


def test_mongo_store_create_takes_over_a_key_whose_creator_died(store: MongoStore) -> None:
    """A reservation whose note never came, older than the lease, is taken over."""
    db = client_for(store.url)[store.database]
    stale = utc_now() - timedelta(seconds=TIMEOUT_MS / 1000 + 2)
    db.idempotency_keys.insert_one(reservation(f"{77:024x}", stale))
    created = store.create(note(1), KEY)
    assert created == note(1)
    assert store.create(note(2), KEY) == created
    assert store.list(10) == Page([created], None)


def test_mongo_store_create_replays_a_note_whose_key_was_not_marked_done(
    store: MongoStore,
) -> None:
    """The note was written but its creator died before marking the key: replay it."""
    db = client_for(store.url)[store.database]
    first = store.create(note(1))
    db.idempotency_keys.insert_one(reservation(first.id, utc_now()))
    assert store.create(note(2), KEY) == first
    assert store.list(10) == Page([first], None)


def test_mongo_store_update_passes_a_claim_whose_writer_died(store: MongoStore) -> None:
    """On servers that need claims, a stale claim does not block the version forever."""
    db = client_for(store.url)[store.database]
    first = store.create(note(1))
    stale = utc_now() - timedelta(seconds=TIMEOUT_MS / 1000 + 2)
    db.write_claims.insert_one({"_id": f"{first.id}@1", "at": stale})
    updated = store.update(first.id, changes("after"), expected_version=1)
    assert (updated.title, updated.version) == ("after", 2)


def test_mongo_store_create_waits_for_a_live_creator_then_answers_503(
    store: MongoStore,
) -> None:
    """A fresh reservation whose note is not there yet is waited for, within the timeout."""
    db = client_for(store.url)[store.database]
    db.idempotency_keys.insert_one(reservation(f"{77:024x}", utc_now()))
    with pytest.raises(StoreUnavailable):
        store.create(note(1), KEY)
    assert store.list(10) == Page([], None)
