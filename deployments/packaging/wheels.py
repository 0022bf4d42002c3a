"""The pip step: Linux wheels for the target runtime, and checks of what got installed."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from deployments.packaging.layout import Target

_NO_WHEEL = re.compile(r"No matching distribution found for ([A-Za-z0-9._-]+)")
_MANYLINUX = re.compile(r"manylinux_(\d+)_(\d+)_(\w+)")
_LEGACY = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}
GLIBC = (2, 17)  # manylinux2014, what --platform asks for


class PackagingError(Exception):
    """A build step failed; the message says what and what to do."""


@dataclass(frozen=True, slots=True)
class Distribution:
    """One installed distribution, read from its ``*.dist-info``."""

    name: str
    version: str
    tags: tuple[str, ...]


def install(
    requirements: Sequence[str],
    folder: Path,
    target: Target,
    cache: Path,
    progress: TextIO,
    index_args: Sequence[str] = (),
) -> None:
    """``pip install`` only binary wheels for ``target`` into ``folder``, echoing progress."""
    command = [
        sys.executable, "-m", "pip", "install", "--disable-pip-version-check",
        "--no-input", "--cache-dir", str(cache), "--platform", target.platform,
        "--implementation", "cp", "--python-version", target.python,
        "--only-binary=:all:", "--no-compile", "--target", str(folder), *index_args,
        *requirements,
    ]  # fmt: skip
    print(
        f"faasport: pip: installing {len(requirements)} requirements as {target.cpython} "
        f"{target.platform} wheels (cache: {cache})",
        file=progress,
        flush=True,
    )
    status, lines = _run(command, progress)
    missing = sorted({m.group(1) for line in lines for m in _NO_WHEEL.finditer(line)})
    if missing:
        raise PackagingError(
            f"no {target.platform} wheel for Python {target.python} of: {', '.join(missing)}. "
            "It would have to be compiled from its sdist, which the provider does not do for "
            "an uploaded package: pin a version that publishes such a wheel, or drop it"
        )
    if status != 0:
        raise PackagingError(f"pip failed with exit status {status}:\n" + "\n".join(lines[-20:]))


def _run(command: list[str], progress: TextIO) -> tuple[int, list[str]]:
    """Run pip, echo each line as it comes (the slow step); its exit status and lines."""
    lines = []
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line.rstrip())
            print(f"  pip: {line.rstrip()}", file=progress, flush=True)
    return process.returncode, lines


def installed(folder: Path) -> list[Distribution]:
    """The distributions in a site-packages folder, by name."""
    found = []
    for info in sorted(folder.glob("*.dist-info")):
        meta = _fields(info / "METADATA")
        wheel = _fields(info / "WHEEL")
        found.append(Distribution(meta["Name"][0], meta["Version"][0], tuple(wheel["Tag"])))
    return found


def _fields(path: Path) -> dict[str, list[str]]:
    """The ``Key: value`` header lines of an email-style metadata file."""
    fields: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            break  # the headers end at the first blank line; the description follows
        key, sep, value = line.partition(": ")
        if sep:
            fields.setdefault(key, []).append(value.strip())
    return fields


def mismatched(distribution: Distribution, target: Target) -> str | None:
    """Why ``distribution``'s wheel cannot run on ``target``, or ``None`` if one tag fits."""
    if any(_fits(tag, target) for tag in distribution.tags):
        return None
    return (
        f"{distribution.name} {distribution.version} is a wheel for "
        f"{', '.join(distribution.tags)}, not for CPython {target.python} on "
        f"{target.platform}: it would fail to import in the function"
    )


def _fits(tag: str, target: Target) -> bool:
    interpreter, abi, platform = tag.split("-")
    return (
        any(_interpreter_fits(i, abi, target) for i in interpreter.split("."))
        and abi in ("none", "abi3", target.cpython)
        and any(_platform_fits(p, target) for p in platform.split("."))
    )


def _interpreter_fits(interpreter: str, abi: str, target: Target) -> bool:
    if interpreter in ("py3", f"py{target.cpython[2:]}", target.cpython):
        return True
    # abi3 wheels built for an older CPython 3 run on newer ones.
    minor = int(target.python.split(".")[1])
    version = interpreter[3:]
    return abi == "abi3" and interpreter.startswith("cp3") and int(version or 99) <= minor


def _platform_fits(platform: str, target: Target) -> bool:
    if platform == "any":
        return True
    legacy, _, machine = platform.partition("_")
    if legacy in _LEGACY:
        return machine == target.machine and _LEGACY[legacy] <= GLIBC
    match = _MANYLINUX.fullmatch(platform)
    if match is None:  # musllinux, macOS, Windows: not the providers' glibc Linux
        return False
    glibc = (int(match.group(1)), int(match.group(2)))
    return match.group(3) == target.machine and glibc <= GLIBC
