"""The Markdown report of one benchmark run, from the same dict that goes to the JSON file."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

MIB = 1024 * 1024


def table(head: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    """A Markdown table."""
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def render(results: dict[str, Any]) -> str:
    """The whole report: machine, invocations, overhead, cold start, artifacts, budgets."""
    parts = [_header(results), _invocations(results), _overhead(results), _cold(results),
             _artifacts(results), _budgets(results)]  # fmt: skip
    return "\n\n".join("\n".join(part) for part in parts) + "\n"


def _header(results: dict[str, Any]) -> list[str]:
    m, s = results["machine"], results["settings"]
    return [
        "## faasport benchmarks",
        "",
        f"Machine: {m['cpu']}, {m['cores']} cores ({m['usable_cores']} usable), {m['python']}, "
        f"{m['platform']}; load average {m['load_at_start'][0]} at start, "
        f"{m['load_at_end'][0]} at end; {m['date']}, commit {m['commit']}.",
        f"Settings: {s['rounds']} rounds x {s['iterations']} timed calls per batch "
        f"(+{s['warmup']} warm-up), GC {'off' if s['no_gc'] else 'on'} while timing; "
        f"{s['cold_runs']} fresh interpreters per import; {results['seconds']} s in all.",
    ]


def _cells(results: dict[str, Any]) -> list[tuple[str, str]]:
    return [(store, route) for store, routes in results["invocation"].items() for route in routes]


def _invocations(results: dict[str, Any]) -> list[str]:
    cells = _cells(results)
    head = ["path", *(f"{store} {route.upper()}" for store, route in cells)]
    rows = []
    for name, path in results["paths"].items():
        figures = [results["invocation"][store][route][name] for store, route in cells]
        label = f"{name} ({path['kind']})"
        rows.append([label, *(f"{f['median_us']:.1f} / {f['p99_us']:.0f} (x{f['ratio']:.2f})"
                              for f in figures)])  # fmt: skip
    return ["### Per invocation: median / p99 µs (x floor median)", "", *table(head, rows)]


def _overhead(results: dict[str, Any]) -> list[str]:
    cells = _cells(results)
    overhead = results["adapter_overhead_us"]
    head = ["adapter", *(f"{store} {route.upper()}" for store, route in cells)]
    names = list(overhead[cells[0][0]][cells[0][1]])
    rows = [[name, *(f"{overhead[s][r][name]:+.1f}" for s, r in cells)] for name in names]
    return ["### Adapter overhead: adapter median minus core median, µs (budget 15)", "",
            *table(head, rows)]  # fmt: skip


def _cold(results: dict[str, Any]) -> list[str]:
    cold = results["cold_start"]
    head = ["entry", "import ms", "deps only ms", "above deps ms", "import CPU ms",
            "deps only CPU ms", "above deps CPU ms", "no I/O at import"]  # fmt: skip
    rows: list[list[object]] = []
    for name, e in cold["entries"].items():
        rows.append([f"{name} (`{e['module']}`)", e["import_ms"], e["deps_ms"],
                     e["above_deps_ms"], e["import_cpu_ms"], e["deps_cpu_ms"],
                     e["above_deps_cpu_ms"], _no_io(e["no_io"])])  # fmt: skip
    for name, p in cold["peers"].items():
        rows.append([f"peer {name} (`{p['module']}`)", p["import_ms"], "", "",
                     p["import_cpu_ms"], "", "", ""])  # fmt: skip
    return ["### Cold start: import in a fresh interpreter (median)", "", *table(head, rows)]


def _no_io(checks: dict[str, Any] | None) -> str:
    if checks is None:
        return "(same code as the checkout)"
    return "yes" if checks["met"] else f"NO: {checks['events']} {checks['created']}"


def _artifacts(results: dict[str, Any]) -> list[str]:
    sizes = results["artifacts"]
    if not sizes:
        return ["### Artifacts (`faasport package`)", "", "not available yet (no dist/)"]
    rows: list[list[object]] = []
    for provider, found in sizes.items():
        for name, size in found["zips"].items():
            rows.append([provider, name, "zip", f"{size / MIB:.2f}", ""])
        for name, folder in found["folders"].items():
            rows.append([provider, name + "/", "unpacked", f"{folder['bytes'] / MIB:.2f}",
                         folder["files"]])  # fmt: skip
    head = ["provider", "artifact", "form", "MiB", "files"]
    return ["### Artifacts (`faasport package`, from dist/)", "", *table(head, rows)]


def _budgets(results: dict[str, Any]) -> list[str]:
    rows = []
    for b in results["budgets"]:
        verdict = {True: "met", False: "NOT met", None: "not available yet"}[b["met"]]
        figure = "n/a" if b["figure"] is None else f"{b['figure']} {b['unit']}"
        rows.append([b["budget"], b["subject"], figure, f"{b['limit']} {b['unit']}", verdict])
    head = ["budget (DESIGN 7)", "subject", "figure", "limit", "verdict"]
    return ["### Budgets", "", *table(head, rows)]
