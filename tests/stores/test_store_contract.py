"""One contract suite for every store: each clause of ``core/stores/port.py``'s docstrings.

Each test gets a fresh store: a new ``MemoryStore``, a new SQLite file, or a new database
on the MongoDB wire-protocol server of ``tests/mongo_server.py``.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from core.errors import IdempotencyConflict, NotFound, VersionConflict
from core.notes.models import Note
from core.stores.memory import MemoryStore
from core.stores.port import Changes, Idempotency, NoteStore, Page, apply_changes
from core.stores.sqlite import SQLiteStore
from tests.mongo_server import fresh_database

DAY = 24 * 3600
T0 = datetime(2026, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
KEY = Idempotency("key-1", "fingerprint-1")


@dataclass
class Kit:
    """How to open stores of one kind on one location (file, database) for a test."""

    open: Callable[[int], NoteStore]  # idempotency TTL in seconds -> a store
    opened: list[NoteStore] = field(default_factory=list)

    def store(self, ttl: int = DAY) -> NoteStore:
        """A store on this kit's location; closed at the end of the test."""
        store = self.open(ttl)
        self.opened.append(store)
        return store


def memory_kit(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Kit]:
    shared: list[MemoryStore] = []

    def open_memory(ttl: int) -> NoteStore:
        # Memory's location is the instance; a later open with another TTL starts anew.
        shared.append(MemoryStore(idempotency_ttl_seconds=ttl))
        return shared[-1]

    yield Kit(open_memory)


def sqlite_kit(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Kit]:
    yield Kit(lambda ttl: SQLiteStore(tmp_path / "notes.db", idempotency_ttl_seconds=ttl))


def mongo_kit(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Kit]:
    from core.stores.mongo import MongoStore, client_for

    uri: str = request.getfixturevalue("mongodb_uri")
    database = fresh_database()
    yield Kit(lambda ttl: MongoStore(uri, database, idempotency_ttl_seconds=ttl))
    client_for(uri).drop_database(database)


KITS = {"memory": memory_kit, "sqlite": sqlite_kit, "mongo": mongo_kit}
DURABLE = ["sqlite", "mongo"]


@pytest.fixture(params=sorted(KITS))
def kit(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Kit]:
    """Every kind of store, on a fresh location."""
    opened = KITS[request.param](request, tmp_path)
    made = next(opened)
    yield made
    for store in made.opened:
        store.close()
    next(opened, None)


@pytest.fixture
def store(kit: Kit) -> NoteStore:
    """A fresh store of every kind."""
    return kit.store()


def note(number: int, *tags: str, title: str = "a note", at: datetime = T0) -> Note:
    """A note whose id sorts by ``number``."""
    return Note(id=f"{number:024x}", title=title, description=f"note {number}",
                tags=list(tags), version=1, created_at=at, updated_at=at)  # fmt: skip


def changes(title: str, *tags: str) -> Changes:
    return Changes({"title": title, "tags": list(tags)}, T0 + timedelta(seconds=1))


def test_store_create_then_get_returns_the_same_note(store: NoteStore) -> None:
    created = store.create(note(1, "home"))
    assert created == note(1, "home")
    assert store.get(created.id) == created


def test_store_create_returns_what_get_reads_back(store: NoteStore) -> None:
    """A time finer than the store keeps comes back from create as get will read it."""
    fine = datetime(2026, 1, 2, 3, 4, 5, 678901, tzinfo=UTC)
    created = store.create(note(1, at=fine))
    assert store.get(created.id) == created
    assert created.to_json() == store.get(created.id).to_json()


def test_store_get_unknown_id_raises_not_found(store: NoteStore) -> None:
    with pytest.raises(NotFound):
        store.get(f"{99:024x}")


LISTING = [
    pytest.param(2, None, None, [1, 2], 2, id="first-page"),
    pytest.param(2, 2, None, [3, 4], 4, id="middle-page"),
    pytest.param(2, 4, None, [5], None, id="last-page-short"),
    pytest.param(5, None, None, [1, 2, 3, 4, 5], None, id="last-page-exact"),
    pytest.param(3, 99, None, [], None, id="after-beyond-end"),
    pytest.param(1, None, "even", [2], 2, id="tag-first-page"),
    pytest.param(1, 2, "even", [4], None, id="tag-last-page"),
    pytest.param(10, None, "odd", [1, 3, 5], None, id="tag-all"),
    pytest.param(10, None, "none", [], None, id="tag-unknown"),
]


@pytest.mark.parametrize(("limit", "after", "tag", "numbers", "next_number"), LISTING)
def test_store_list_pages_by_id_with_an_optional_tag(
    store: NoteStore,
    limit: int,
    after: int | None,
    tag: str | None,
    numbers: list[int],
    next_number: int | None,
) -> None:
    notes = {n: note(n, "even" if n % 2 == 0 else "odd", "all") for n in range(1, 6)}
    for number in (3, 1, 5, 2, 4):  # inserted out of order: listing sorts by id
        store.create(notes[number])
    cursor = None if after is None else notes.get(after, note(after)).id
    expected_next = None if next_number is None else notes[next_number].id
    assert store.list(limit, cursor, tag) == Page([notes[n] for n in numbers], expected_next)


def test_store_update_with_the_current_version_bumps_it(store: NoteStore) -> None:
    first = store.create(note(1, "old"))
    updated = store.update(first.id, changes("new", "fresh"), expected_version=1)
    assert updated == apply_changes(first, changes("new", "fresh"))
    assert updated.version == 2
    assert store.get(first.id) == updated
    assert store.list(10, tag="fresh") == Page([updated], None)
    assert store.list(10, tag="old") == Page([], None)


def test_store_update_with_a_stale_version_writes_nothing(store: NoteStore) -> None:
    first = store.create(note(1))
    store.update(first.id, changes("second"), expected_version=1)
    with pytest.raises(VersionConflict):
        store.update(first.id, changes("stale"), expected_version=1)
    assert store.get(first.id) == apply_changes(first, changes("second"))


def test_store_update_without_a_version_is_unconditional(store: NoteStore) -> None:
    first = store.create(note(1))
    second = store.update(first.id, changes("two"))
    third = store.update(first.id, changes("three"))
    assert third == apply_changes(second, changes("three"))
    assert third.version == 3


@pytest.mark.parametrize("version", [pytest.param(None, id="any"), pytest.param(1, id="v1")])
def test_store_update_unknown_id_raises_not_found(store: NoteStore, version: int | None) -> None:
    with pytest.raises(NotFound):
        store.update(f"{99:024x}", changes("x"), version)


@pytest.mark.parametrize("version", [pytest.param(None, id="any"), pytest.param(1, id="v1")])
def test_store_delete_removes_the_note(store: NoteStore, version: int | None) -> None:
    first = store.create(note(1, "tag"))
    store.delete(first.id, version)
    with pytest.raises(NotFound):
        store.get(first.id)
    assert store.list(10) == Page([], None)
    assert store.list(10, tag="tag") == Page([], None)


def test_store_delete_with_a_stale_version_removes_nothing(store: NoteStore) -> None:
    first = store.create(note(1))
    with pytest.raises(VersionConflict):
        store.delete(first.id, expected_version=2)
    assert store.get(first.id) == first


@pytest.mark.parametrize("version", [pytest.param(None, id="any"), pytest.param(1, id="v1")])
def test_store_delete_unknown_id_raises_not_found(store: NoteStore, version: int | None) -> None:
    with pytest.raises(NotFound):
        store.delete(f"{99:024x}", version)


def test_store_create_replays_a_repeated_idempotency_key(store: NoteStore) -> None:
    first = store.create(note(1), KEY)
    again = store.create(note(2, title="another id, same body"), KEY)
    assert again == first
    assert store.list(10) == Page([first], None)


def test_store_create_rejects_a_key_reused_with_another_body(store: NoteStore) -> None:
    first = store.create(note(1), KEY)
    with pytest.raises(IdempotencyConflict):
        store.create(note(2), Idempotency(KEY.key, "another fingerprint"))
    assert store.list(10) == Page([first], None)


def test_store_create_with_the_key_of_a_deleted_note_raises_not_found(store: NoteStore) -> None:
    first = store.create(note(1), KEY)
    store.delete(first.id)
    with pytest.raises(NotFound):
        store.create(note(2), KEY)
    assert store.list(10) == Page([], None)


def test_store_create_after_the_key_expired_inserts_a_new_note(kit: Kit) -> None:
    store = kit.store(ttl=1)
    first = store.create(note(1), KEY)
    time.sleep(1.2)  # past the one-second TTL (MongoDB's TTL monitor would take a minute)
    second = store.create(note(2), Idempotency(KEY.key, "another fingerprint"))
    assert second == note(2)
    assert store.list(10) == Page([first, second], None)


def test_store_ping_returns_when_the_store_answers(store: NoteStore) -> None:
    store.ping()  # raises StoreUnavailable otherwise
    assert store.list(1) == Page([], None)


@pytest.fixture(params=DURABLE)
def durable_kit(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Kit]:
    """The stores that keep notes beyond one instance."""
    opened = KITS[request.param](request, tmp_path)
    yield next(opened)
    next(opened, None)


def test_store_close_releases_and_a_new_store_reads_the_notes(durable_kit: Kit) -> None:
    first = durable_kit.open(DAY)
    created = first.create(note(1, "kept"))
    first.close()
    second = durable_kit.store()
    assert second.get(created.id) == created


def run_together(count: int, call: Callable[[], object]) -> list[object]:
    """Run ``call`` on ``count`` threads released at once; results or raised errors."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def worker(index: int) -> None:
        barrier.wait()
        try:
            results[index] = call()
        except Exception as error:
            results[index] = error

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_store_update_races_have_one_winner_per_version(store: NoteStore) -> None:
    first = store.create(note(1))
    for version in (1, 2, 3):

        def update(v: int = version) -> Note:
            return store.update(first.id, changes(f"v{v}"), v)

        outcomes = run_together(8, update)
        winners = [o for o in outcomes if isinstance(o, Note)]
        losers = [o for o in outcomes if isinstance(o, VersionConflict)]
        assert (len(winners), len(losers)) == (1, 7), outcomes
        assert store.get(first.id) == winners[0]
        assert winners[0].version == version + 1


def test_store_create_races_on_one_key_make_one_note(store: NoteStore) -> None:
    counter = iter(range(1, 1000))
    lock = threading.Lock()

    def create() -> Note:
        with lock:
            number = next(counter)
        return store.create(note(number), KEY)

    outcomes = run_together(16, create)
    assert all(isinstance(o, Note) for o in outcomes), outcomes
    assert len({o.id for o in outcomes if isinstance(o, Note)}) == 1
    listed = store.list(100)
    assert listed == Page([outcomes[0]], None)  # type: ignore[list-item]


def sqlite_racer(path: str, number: int, barrier: object, results: object) -> None:
    """One process of the cross-process race: a CAS update, then an idempotent create."""
    store = SQLiteStore(path)
    barrier.wait()  # type: ignore[attr-defined]
    try:
        outcome: object = store.update(f"{1:024x}", changes(f"p{number}"), 1).version
    except VersionConflict:
        outcome = "conflict"
    created = store.create(note(100 + number), KEY).id
    store.close()
    results.put((outcome, created))  # type: ignore[attr-defined]


def test_sqlite_store_races_across_processes_have_one_winner(tmp_path: Path) -> None:
    path = str(tmp_path / "notes.db")
    store = SQLiteStore(path)
    store.create(note(1))
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(4), context.Queue()
    processes = [
        context.Process(target=sqlite_racer, args=(path, n, barrier, results)) for n in range(4)
    ]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=60) for _ in processes]
    for process in processes:
        process.join()
    assert sorted(str(updated) for updated, _ in outcomes) == ["2", *["conflict"] * 3]
    assert len({created for _, created in outcomes}) == 1
    assert [n.id for n in store.list(100).items] == [f"{1:024x}", outcomes[0][1]]
    store.close()
    results.close()
