"""Benchmarks of faasport: adapter overhead, cold start and artifact size, beside the peers.

Run from the project root: ``python tools/bench.py`` (``--quick`` for a short run). Prints
one Markdown report and writes the same figures to ``bench-results.json``. What each path
includes is in ``docs/benchmarks.md``; the paths themselves are in ``tools/bench_peers``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench_peers import artifacts, cold, paths, report, timing

ROOT = Path(__file__).resolve().parents[1]
OVERHEAD_BUDGET_US = 15.0
COLD_BUDGET_MS = 30.0
AWS_ZIP_BUDGET_MIB = 10.0
FULL = {"rounds": 5, "iterations": 1500, "warmup": 150, "cold_runs": 10}
QUICK = {"rounds": 2, "iterations": 300, "warmup": 50, "cold_runs": 3}
CELLS = [(store, route) for store in timing.STORES for route in paths.ROUTES]


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line; ``--quick`` lowers every count unless given explicitly."""
    parser = argparse.ArgumentParser(prog="bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run (less precise)")
    parser.add_argument("--rounds", type=int, help=f"round-robin rounds ({FULL['rounds']})")
    parser.add_argument(
        "--iterations", type=int, help=f"timed calls per batch ({FULL['iterations']})"
    )
    parser.add_argument("--warmup", type=int, help=f"untimed calls per batch ({FULL['warmup']})")
    parser.add_argument("--cold-runs", type=int, help=f"imports per entry ({FULL['cold_runs']})")
    parser.add_argument("--no-gc", action="store_true", help="disable the GC while timing")
    parser.add_argument("--json", type=Path, default=Path("bench-results.json"), help="output")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="faasport package's out")
    args = parser.parse_args(argv)
    for key, value in (QUICK if args.quick else FULL).items():
        if getattr(args, key) is None:
            setattr(args, key, value)
        if getattr(args, key) < 1:
            parser.error(f"--{key.replace('_', '-')} must be at least 1")
    return args


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    model = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "load_at_start": [round(x, 2) for x in os.getloadavg()],
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _git("rev-parse", "--short", "HEAD"),
    }


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return done.stdout.strip()


def invocation_figures(summary: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Ratios against the floor in each cell, and adapter overhead (adapter minus core).

    The overhead is the median over rounds of (adapter median - core median) within a round:
    both ran seconds apart, so the difference cancels most of the machine's changing load.
    """
    overhead: dict[str, Any] = {}
    for store, route in CELLS:
        cell = summary[store][route]
        floor, core = cell["bare"]["median_us"], cell["core"]["round_medians_us"]
        for figures in cell.values():
            figures["ratio"] = round(figures["median_us"] / floor, 2)
        for path in paths.PATHS:
            if path.kind == "adapter":
                rounds = zip(cell[path.name]["round_medians_us"], core, strict=True)
                difference = round(statistics.median(a - c for a, c in rounds), 2)
                overhead.setdefault(store, {}).setdefault(route, {})[path.name] = difference
    return summary, overhead


def budgets(
    overhead: dict[str, Any], cold_start: dict[str, Any], sizes: dict[str, Any]
) -> list[dict[str, Any]]:
    """DESIGN section 7, each budget with its figure and whether it is met."""
    rows: list[dict[str, Any]] = []
    for path in (p for p in paths.PATHS if p.kind == "adapter"):
        worst = max(overhead["memory"][route][path.name] for route in paths.ROUTES)
        rows.append(_row("adapter overhead (memory store, worst route)", path.name, worst, "µs",
                         OVERHEAD_BUDGET_US))  # fmt: skip
    for name, entry in cold_start["entries"].items():
        rows.append(_row("cold import above own dependencies (CPU)", name,
                         entry["above_deps_cpu_ms"], "ms", COLD_BUDGET_MS))  # fmt: skip
        checks = entry["no_io"]
        if checks is not None:  # checked on the checkout's entries; an artifact holds the same
            found = len(checks["events"]) + len(checks["created"])
            rows.append(_row("sockets, SQLite connections and files at import", name, found,
                             "count", 0))  # fmt: skip
    zip_bytes = artifacts.aws_zip_bytes(sizes)
    zip_mib = None if zip_bytes is None else round(zip_bytes / artifacts.MIB, 2)
    rows.append(_row("AWS deployment zip", "aws", zip_mib, "MiB", AWS_ZIP_BUDGET_MIB, strict=True))
    return rows


def _row(budget: str, subject: str, figure: float | None, unit: str, limit: float,
         strict: bool = False) -> dict[str, Any]:  # fmt: skip
    met = None if figure is None else (figure < limit if strict else figure <= limit)
    return {"budget": budget, "subject": subject, "figure": figure, "unit": unit,
            "limit": limit, "met": met}  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    """Measure everything, print the report, write the JSON; 0 even when a budget is missed."""
    args = parse(argv)
    settings = timing.Settings(args.rounds, args.iterations, args.warmup, not args.no_gc)
    started = time.perf_counter()
    info = machine()

    def progress(message: str) -> None:
        print(f"  [{time.perf_counter() - started:5.0f} s] {message}", file=sys.stderr)

    summary, overhead = invocation_figures(timing.run(paths.PATHS, settings, progress))
    cold_start = cold.run(args.cold_runs, progress, args.dist)
    sizes = artifacts.read(args.dist)
    info["load_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results = {
        "machine": info,
        "settings": {**vars(args), "json": str(args.json), "dist": str(args.dist)},
        "paths": {p.name: {"kind": p.kind, "includes": p.includes} for p in paths.PATHS},
        "invocation": summary,
        "adapter_overhead_us": overhead,
        "cold_start": cold_start,
        "artifacts": sizes,
        "budgets": budgets(overhead, cold_start, sizes),
        "seconds": round(time.perf_counter() - started, 1),
    }
    print(report.render(results))
    args.json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
