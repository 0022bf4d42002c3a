"""Cold start: import time of each entry file in a fresh interpreter, against its dependencies.

"Dependencies only" imports exactly the third-party modules the entry pulls in (read from
``sys.modules`` after importing it), in the order they were first imported. Runs are
interleaved round-robin; bytecode is written once before timing. A separate run under an
audit hook checks that importing opens no socket and no SQLite database.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
ENTRIES = {
    "aws": "deployments.aws.handler",
    "gcp": "deployments.gcp.main",
    "azure": "deployments.azure.function_app",
    "openwhisk": "deployments.openwhisk.__main__",
}
PEERS = {
    "bare": "bench_peers.bare",
    "powertools": "bench_peers.powertools_app",
    "mangum-starlette": "bench_peers.mangum_starlette",
    "mangum-fastapi": "bench_peers.mangum_fastapi",
}
# Entries imported from a built artifact instead of the checkout: name -> (module, folder
# under dist/). The AWS zip holds its dependencies at the root, as Lambda unpacks it.
ARTIFACTS = {"aws-zip": ("deployments.aws.handler", "aws/function")}
OURS = frozenset(("core", "adapters", "deployments", "bench_peers"))
UNREACHABLE_MONGO = "mongodb://faasport-bench.invalid:27017/notes?serverSelectionTimeoutMS=200"

THIRD_PARTY = """
import json, sys
before = set(sys.modules)
import {module}
ours, std = {ours!r}, sys.stdlib_module_names
std = std | {{m for m in sys.modules if m.startswith("_sysconfigdata")}}  # the interpreter's
print(json.dumps([m for m in sys.modules if m not in before
                  and m.partition(".")[0] not in ours and m.partition(".")[0] not in std]))
"""
# Wall time (perf_counter) and this process's CPU time (process_time): on a shared machine
# the wall figure includes waiting for a core, the CPU figure does not.
TIME_ENTRY = """
import time
t, c = time.perf_counter(), time.process_time()
import {module}
print(time.perf_counter() - t, time.process_time() - c)
"""
TIME_DEPS = """
import importlib, time
names = {names!r}
t, c = time.perf_counter(), time.process_time()
for name in names:
    try:
        importlib.import_module(name)
    except Exception:
        pass
print(time.perf_counter() - t, time.process_time() - c)
"""
AUDIT = """
import json, sys
seen = set()
def hook(event, args):
    if event.startswith("socket.") or event.startswith("sqlite3.connect"):
        seen.add(event)
sys.addaudithook(hook)
import {module}
print(json.dumps(sorted(seen)))
"""


@dataclass(frozen=True, slots=True)
class Site:
    """Where a child interpreter runs: its working directory (first on sys.path) and flags."""

    cwd: Path = ROOT
    flags: tuple[str, ...] = ()


def artifact_site(folder: Path, pycache: Path) -> Site:
    """An unpacked artifact: no site-packages (``-S``), bytecode kept outside the artifact."""
    return Site(folder, ("-S", "-X", f"pycache_prefix={pycache}"))


def environment(folder: Path, store: str | None = None) -> dict[str, str]:
    """The child's environment: bytecode allowed, peers importable, the store in ``folder``."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")
    }
    env["PYTHONPATH"] = str(ROOT / "tools")
    env["FAASPORT_STORE"] = store or f"sqlite:///{folder / 'store' / 'notes.db'}"
    env["FAASPORT_DATA_DIR"] = str(folder / "data")
    env["FAASPORT_LOG_LEVEL"] = "WARNING"
    return env


def python(code: str, env: Mapping[str, str], site: Site = Site()) -> str:
    """Run ``code`` in a fresh interpreter (at the project root by default); its stdout."""
    done = subprocess.run([sys.executable, *site.flags, "-c", code], cwd=site.cwd, env=dict(env),
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"{code.strip().splitlines()[-1]!r} failed:\n{done.stderr[-2000:]}")
    return done.stdout.strip().splitlines()[-1]


def available(entries: Mapping[str, str]) -> dict[str, str]:
    """The entries whose file exists (an entry still being written is left out)."""
    found = {}
    for name, module in entries.items():
        relative = Path(*module.split(".")).with_suffix(".py")
        if any((base / relative).exists() for base in (ROOT, ROOT / "tools")):
            found[name] = module
    return found


def no_io_at_import(module: str, folder: Path) -> dict[str, Any]:
    """Audit events and files created while importing ``module`` with each kind of store URL."""
    events: set[str] = set()
    for store in (None, UNREACHABLE_MONGO):
        events.update(json.loads(python(AUDIT.format(module=module), environment(folder, store))))
    created = sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
    return {"events": sorted(events), "created": created, "met": not events and not created}


def run(runs: int, progress: Callable[[str], None], dist: Path | None = None) -> dict[str, Any]:
    """Import times (ms, medians) of entries, their dependencies and the peers' entries.

    With ``dist``, entries are also imported from the artifacts built there (``ARTIFACTS``).
    """
    entries, peers = available(ENTRIES), available(PEERS)
    with tempfile.TemporaryDirectory(prefix="faasport-cold-") as tmp:
        folder = Path(tmp)
        checks = {}
        for name, module in entries.items():
            with tempfile.TemporaryDirectory(dir=folder) as scratch:
                checks[name] = no_io_at_import(module, Path(scratch))
        sites = {name: Site() for name in entries}
        for name, (module, where) in ARTIFACTS.items():
            if (
                dist is not None
                and (dist / where / Path(*module.split("."))).with_suffix(".py").exists()
            ):
                entries[name], sites[name] = module, artifact_site(dist / where, folder / "pycache")
        env = environment(folder)
        codes: dict[str, tuple[str, Site]] = {}
        deps: dict[str, list[str]] = {}
        for name, module in entries.items():
            found = python(THIRD_PARTY.format(module=module, ours=OURS), env, sites[name])
            deps[name] = json.loads(found)
            codes[name] = (TIME_ENTRY.format(module=module), sites[name])
            codes[f"{name}:deps"] = (TIME_DEPS.format(names=deps[name]), sites[name])
        for name, module in peers.items():
            codes[f"peer:{name}"] = (TIME_ENTRY.format(module=module), Site())
        times = _time_round_robin(codes, env, runs, progress)
    return _summary(entries, peers, deps, times, checks)


def _time_round_robin(
    codes: Mapping[str, tuple[str, Site]],
    env: Mapping[str, str],
    runs: int,
    progress: Callable[[str], None],
) -> dict[str, list[tuple[float, float]]]:
    for code, site in codes.values():  # write bytecode once, untimed
        python(code, env, site)
    times: dict[str, list[tuple[float, float]]] = {key: [] for key in codes}
    for index in range(runs):
        progress(f"cold start run {index + 1}/{runs}")
        for key, (code, site) in codes.items():
            wall, cpu = python(code, env, site).split()
            times[key].append((float(wall) * 1000, float(cpu) * 1000))
    return times


def _medians(samples: list[tuple[float, float]]) -> tuple[float, float]:
    """Median wall and median CPU milliseconds of (wall, CPU) samples."""
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def _summary(
    entries: Mapping[str, str],
    peers: Mapping[str, str],
    deps: Mapping[str, Sequence[str]],
    times: Mapping[str, list[tuple[float, float]]],
    checks: Mapping[str, dict[str, Any]],
) -> dict[str, Any]:
    result: dict[str, Any] = {"entries": {}, "peers": {}}
    for name, module in entries.items():
        (wall, cpu), (deps_wall, deps_cpu) = _medians(times[name]), _medians(times[f"{name}:deps"])
        # Entry and deps run back to back in each round: the paired difference cancels the
        # load of that moment, which the difference of two medians would not.
        pairs = zip(times[name], times[f"{name}:deps"], strict=True)
        above_wall, above_cpu = _medians([(e[0] - d[0], e[1] - d[1]) for e, d in pairs])
        result["entries"][name] = {
            "module": module,
            "import_ms": round(wall, 1), "deps_ms": round(deps_wall, 1),
            "above_deps_ms": round(above_wall, 1),
            "import_cpu_ms": round(cpu, 1), "deps_cpu_ms": round(deps_cpu, 1),
            "above_deps_cpu_ms": round(above_cpu, 1),
            "deps": sorted({m.partition(".")[0] for m in deps[name]}),
            "deps_modules": len(deps[name]), "no_io": checks.get(name),
        }  # fmt: skip
    for name, module in peers.items():
        wall, cpu = _medians(times[f"peer:{name}"])
        result["peers"][name] = {"module": module, "import_ms": round(wall, 1),
                                 "import_cpu_ms": round(cpu, 1)}  # fmt: skip
    return result
