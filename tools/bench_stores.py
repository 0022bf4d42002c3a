"""Per-operation latency of the stores: MongoStore (FerretDB or MONGODB_URI), SQLite, memory.

Run: ``python tools/bench_stores.py [N]`` from the project root. Prints the median and
p99 of create, get, list page and update over N operations each, and each store's
ratio to the memory store. A benchmark, not a test: the numbers are for reading.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.notes.models import Note
from core.notes.service import new_id, now
from core.stores.memory import MemoryStore
from core.stores.port import Changes, NoteStore
from core.stores.sqlite import SQLiteStore

OPERATIONS = ("create", "get", "list page", "update")


def timed(count: int, call: Callable[[int], object]) -> list[float]:
    """Microseconds each of ``count`` calls took."""
    samples = []
    for index in range(count):
        started = time.perf_counter()
        call(index)
        samples.append((time.perf_counter() - started) * 1e6)
    return samples


def measure(store: NoteStore, count: int) -> dict[str, tuple[float, float]]:
    """Median and p99 (µs) of each operation on ``store``."""
    moment = now()
    fields = {"description": "bench", "tags": ["bench"], "version": 1}
    notes = [Note(id=new_id(), title=f"note {i}", created_at=moment, updated_at=moment, **fields)
             for i in range(count)]  # fmt: skip
    change = Changes({"title": "changed"}, moment)
    runs = {
        "create": timed(count, lambda i: store.create(notes[i])),
        "get": timed(count, lambda i: store.get(notes[i].id)),
        "list page": timed(count, lambda i: store.list(20, notes[i // 2].id, "bench")),
        "update": timed(count, lambda i: store.update(notes[i].id, change, 1)),
    }
    return {name: (statistics.median(s), statistics.quantiles(s, n=100)[98])
            for name, s in runs.items()}  # fmt: skip


def mongo_store() -> tuple[NoteStore, Callable[[], None]]:
    """A MongoStore on MONGODB_URI or a FerretDB started for the run."""
    from core.stores.mongo import MongoStore
    from tests.mongo_server import fresh_database, shared_uri, stop_shared

    store = MongoStore(shared_uri(), fresh_database())
    return store, stop_shared


def main(count: int) -> None:
    """Measure every store and print the table."""
    folder = Path(tempfile.mkdtemp(prefix="bench-stores-"))
    mongo, stop = mongo_store()
    stores: dict[str, NoteStore] = {
        "memory": MemoryStore(),
        "sqlite": SQLiteStore(folder / "notes.db"),
        "mongo": mongo,
    }
    try:
        results = {name: measure(store, count) for name, store in stores.items()}
    finally:
        for store in stores.values():
            store.close()
        stop()
    print(f"{count} operations each; median / p99 in µs; (x memory median)")
    print(f"{'operation':<10}" + "".join(f"{name:>28}" for name in stores))
    for operation in OPERATIONS:
        base = results["memory"][operation][0]
        cells = "".join(
            f"{f'{m:,.0f} / {p:,.0f} (x{m / base:,.0f})':>28}"
            for m, p in (results[name][operation] for name in stores)
        )
        print(f"{operation:<10}{cells}")
    sqlite, mongo_r = results["sqlite"], results["mongo"]
    ratios = ", ".join(f"{op} x{mongo_r[op][0] / sqlite[op][0]:.1f}" for op in OPERATIONS)
    print(f"mongo / sqlite median: {ratios}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
