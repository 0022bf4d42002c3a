"""The benchmark command runs end to end and reports every path and budget (no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / "tools"
PATHS = {
    "bare", "core", "aws-v2", "aws-v1", "gcp", "azure", "openwhisk", "gcp+request",
    "powertools", "mangum-starlette", "mangum-fastapi",
}  # fmt: skip
ADAPTERS = {"aws-v2", "aws-v1", "gcp", "azure", "openwhisk"}
ENTRIES = {"aws", "gcp", "azure", "openwhisk"}
PEERS = {"bare", "powertools", "mangum-starlette", "mangum-fastapi"}
OVERHEAD = "adapter overhead (memory store, worst route)"
COLD = "cold import above own dependencies (CPU)"
NO_IO = "sockets, SQLite connections and files at import"
BUDGETS = {
    *((OVERHEAD, name) for name in ADAPTERS),
    *((COLD, name) for name in ENTRIES),
    *((NO_IO, name) for name in ENTRIES),
    ("AWS deployment zip", "aws"),
}


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], str]:
    """One ``--quick`` run with tiny counts over a fake ``dist/``: its JSON and its report."""
    folder = tmp_path_factory.mktemp("bench")
    dist = folder / "dist"
    (dist / "aws").mkdir(parents=True)
    with zipfile.ZipFile(dist / "aws" / "function.zip", "w") as archive:
        archive.writestr("handler.py", "handler = None\n")
    (dist / "gcp" / "source").mkdir(parents=True)
    (dist / "gcp" / "source" / "main.py").write_text("handler = None\n")
    output = folder / "results.json"
    command = [sys.executable, str(TOOLS / "bench.py"), "--quick", "--rounds", "1",
               "--iterations", "20", "--warmup", "2", "--cold-runs", "1",
               "--json", str(output), "--dist", str(dist)]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(output.read_text()), done.stdout


def _positive(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and value > 0


def test_bench_quick_reports_every_path_in_every_cell(
    quick_run: tuple[dict[str, Any], str],
) -> None:
    """Each store and route has every path: positive median, p99, floor ratio, round medians."""
    results, _ = quick_run
    assert set(results["invocation"]) == {"memory", "sqlite"}
    for routes in results["invocation"].values():
        assert set(routes) == {"get", "post"}
        for cell in routes.values():
            assert set(cell) == PATHS
            for figures in cell.values():
                assert set(figures) == {"median_us", "p99_us", "ratio", "round_medians_us"}
                rounds = figures.pop("round_medians_us")
                assert len(rounds) == 1
                assert all(_positive(value) for value in [*rounds, *figures.values()]), figures
    assert set(results["paths"]) == PATHS


def test_bench_quick_reports_overhead_per_adapter(quick_run: tuple[dict[str, Any], str]) -> None:
    """Adapter overhead is a number for each adapter in each store and route."""
    results, _ = quick_run
    overhead = results["adapter_overhead_us"]
    for store in ("memory", "sqlite"):
        for route in ("get", "post"):
            cell = overhead[store][route]
            assert set(cell) == ADAPTERS
            assert all(isinstance(value, float | int) for value in cell.values())


def test_bench_quick_reports_cold_start_of_entries_and_peers(
    quick_run: tuple[dict[str, Any], str],
) -> None:
    """Every entry has positive import times, its dependency list, and opened nothing at import."""
    cold = quick_run[0]["cold_start"]
    assert set(cold["entries"]) == ENTRIES
    for entry in cold["entries"].values():
        for key in ("import_ms", "deps_ms", "import_cpu_ms", "deps_cpu_ms"):
            assert _positive(entry[key]), (key, entry)
        assert "pydantic" in entry["deps"]
        assert entry["no_io"] == {"events": [], "created": [], "met": True}
    assert set(cold["peers"]) == PEERS
    for peer in cold["peers"].values():
        assert _positive(peer["import_ms"])
        assert _positive(peer["import_cpu_ms"])


def test_bench_quick_reports_every_budget(quick_run: tuple[dict[str, Any], str]) -> None:
    """Every DESIGN section 7 budget is there, with a figure, its limit and a verdict."""
    results, report = quick_run
    budgets = results["budgets"]
    assert {(row["budget"], row["subject"]) for row in budgets} == BUDGETS
    for row in budgets:
        assert isinstance(row["figure"], int | float), row
        assert isinstance(row["met"], bool), row
        assert _positive(row["limit"]) or row["budget"] == NO_IO
    assert "### Budgets" in report
    assert "Machine:" in report


def test_bench_quick_reads_artifacts_from_dist(quick_run: tuple[dict[str, Any], str]) -> None:
    """Zips are read as uploaded, folders as unpacked; the AWS zip meets its budget."""
    results, _ = quick_run
    zip_size = results["artifacts"]["aws"]["zips"]["function.zip"]
    assert results["artifacts"] == {
        "aws": {"zips": {"function.zip": zip_size}, "folders": {}},
        "gcp": {"zips": {}, "folders": {"source": {"bytes": 15, "files": 1}}},
    }
    aws_zip = next(row for row in results["budgets"] if row["budget"] == "AWS deployment zip")
    assert aws_zip == {"budget": "AWS deployment zip", "subject": "aws",
                       "figure": round(zip_size / 2**20, 2), "unit": "MiB", "limit": 10.0,
                       "met": True}  # fmt: skip


def test_bench_budgets_without_dist_say_not_available(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Before ``faasport package`` has run, the zip budget has no figure and no verdict."""
    monkeypatch.syspath_prepend(str(TOOLS))
    from bench_peers import artifacts

    assert artifacts.read(tmp_path / "dist") == {}
    assert artifacts.aws_zip_bytes({}) is None


def test_bench_measure_refuses_a_path_that_answers_wrong(monkeypatch: pytest.MonkeyPatch) -> None:
    """A path answering another status than the route's stops the run: no figure for an error."""
    monkeypatch.syspath_prepend(str(TOOLS))
    from bench_peers.paths import Call
    from bench_peers.timing import Settings, WrongAnswer, measure

    call = Call(prepare=lambda: None, invoke=lambda _: 404, status=lambda result: result)
    with pytest.raises(WrongAnswer, match="answered 404, expected 200"):
        measure(call, 200, Settings(rounds=1, iterations=3, warmup=1))


@pytest.mark.parametrize("name", [pytest.param(name, id=name) for name in sorted(PATHS)])
def test_bench_path_answers_like_every_other(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Every path reads the seed note and creates the same note: like is compared with like."""
    monkeypatch.syspath_prepend(str(TOOLS))
    from bench_peers import paths, timing

    store = timing.BenchMemoryStore()
    store.create(paths.SEED)
    calls = next(path for path in paths.PATHS if path.name == name).calls(store)
    read, create = calls["get"], calls["post"]
    got = read.invoke(read.prepare())
    assert (read.status(got), json.loads(read.body(got))) == (200, paths.SEED.to_json())
    made = create.invoke(create.prepare())
    created = json.loads(create.body(made))
    assert created.pop("createdAt") == created.pop("updatedAt")
    assert created == {**paths.NOTE_FIELDS, "id": created["id"], "version": 1}
    assert create.status(made) == 201
    assert created["id"] in {note.id for note in store.list(limit=10).items}
