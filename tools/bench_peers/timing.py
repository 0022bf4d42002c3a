"""Per-invocation timing: paths interleaved round-robin, each batch warmed up, then summarised.

Load from other processes then lands on every path alike. Every path gets its own store of
the same kind holding the same seed note; the in-memory store is emptied after each POST
batch so no path pays for a bigger store than another.
"""

from __future__ import annotations

import gc
import math
import statistics
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Any

from bench_peers.paths import ROUTES, SEED, Call, Path
from core.stores import NoteStore
from core.stores.memory import MemoryStore
from core.stores.sqlite import SQLiteStore

STORES = ("memory", "sqlite")
EXPECTED = {"get": 200, "post": 201}


class BenchMemoryStore(MemoryStore):
    """The in-memory store, with a way to forget what a batch created."""

    def reset(self) -> None:
        """Back to the seed note only."""
        MemoryStore.__init__(self)
        self.create(SEED)


@dataclass(frozen=True, slots=True)
class Settings:
    """How much to measure."""

    rounds: int
    iterations: int
    warmup: int
    gc_enabled: bool = True


@dataclass(frozen=True, slots=True)
class Batch:
    """The summary of one batch, in nanoseconds."""

    median: float
    p99: float


def open_stores(folder: FilePath, name: str) -> dict[str, NoteStore]:
    """One store of each kind for path ``name``, each holding the seed note."""
    memory = BenchMemoryStore()
    sqlite = SQLiteStore(folder / f"{name}.db")
    for store in (memory, sqlite):
        store.create(SEED)
    return {"memory": memory, "sqlite": sqlite}


class WrongAnswer(RuntimeError):
    """A path answered with another status than the route's: its figures would mean nothing."""


def measure(call: Call, expected: int, settings: Settings) -> Batch:
    """Warm the call up, check its status, then time ``settings.iterations`` calls one by one."""
    prepare, invoke, clock = call.prepare, call.invoke, time.perf_counter_ns
    status = call.status(invoke(prepare()))
    if status != expected:
        raise WrongAnswer(f"answered {status}, expected {expected}")
    iterations = settings.iterations
    for _ in range(settings.warmup):
        invoke(prepare())
    samples = [0] * iterations
    gc.collect()  # every batch starts from a clean heap and pays only for its own garbage
    if not settings.gc_enabled:
        gc.disable()
    try:
        for index in range(iterations):
            argument = prepare()
            start = clock()
            invoke(argument)
            samples[index] = clock() - start
    finally:
        gc.enable()
    samples.sort()
    return Batch(statistics.median(samples), samples[math.ceil(0.99 * iterations) - 1])


Key = tuple[str, str, str]  # (store, route, path)


def run(
    paths: Sequence[Path], settings: Settings, progress: Callable[[str], None]
) -> dict[str, Any]:
    """``{store: {route: {path: {"median_us", "p99_us", "round_medians_us"}}}}``.

    ``median_us`` and ``p99_us`` are the medians over the rounds of each batch's figure.
    """
    batches: dict[Key, list[Batch]] = {}
    with tempfile.TemporaryDirectory(prefix="faasport-bench-") as folder:
        stores = {path.name: open_stores(FilePath(folder), path.name) for path in paths}
        try:
            calls = {p.name: {s: p.calls(stores[p.name][s]) for s in STORES} for p in paths}
            for index in range(settings.rounds):
                progress(f"round {index + 1}/{settings.rounds}")
                shift = index % len(paths)  # no path always runs first
                _round([*paths[shift:], *paths[:shift]], stores, calls, settings, batches)
        finally:
            for kinds in stores.values():
                for store in kinds.values():
                    store.close()
    return _summary(batches)


def _round(
    order: Sequence[Path],
    stores: dict[str, dict[str, NoteStore]],
    calls: dict[str, dict[str, Mapping[str, Call]]],
    settings: Settings,
    batches: dict[Key, list[Batch]],
) -> None:
    """One batch of every path, for every store and route, in ``order``."""
    for store_name in STORES:
        for route in ROUTES:
            for path in order:
                try:
                    batch = measure(calls[path.name][store_name][route], EXPECTED[route], settings)
                except WrongAnswer as error:
                    raise WrongAnswer(f"{path.name} {store_name} {route}: {error}") from None
                batches.setdefault((store_name, route, path.name), []).append(batch)
                store = stores[path.name][store_name]
                if route == "post" and isinstance(store, BenchMemoryStore):
                    store.reset()


def _summary(batches: dict[Key, list[Batch]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for (store_name, route, name), runs in batches.items():
        result.setdefault(store_name, {}).setdefault(route, {})[name] = {
            "median_us": round(statistics.median(b.median for b in runs) / 1000, 2),
            "p99_us": round(statistics.median(b.p99 for b in runs) / 1000, 2),
            "round_medians_us": [round(b.median / 1000, 2) for b in runs],
        }
    return result
