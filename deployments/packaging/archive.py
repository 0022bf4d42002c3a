"""Reproducible zips: same files in, same bytes out.

Entries are sorted, carry one fixed timestamp (``SOURCE_DATE_EPOCH`` when set, else
1980-01-01, the earliest a zip can hold) and fixed Unix permissions (0644, or 0755 for
files that were executable), so the archive depends only on the files' contents.
"""

from __future__ import annotations

import os
import shutil
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

EPOCH_1980 = (1980, 1, 1, 0, 0, 0)
SKIPPED_DIRS = frozenset({"__pycache__"})
SKIPPED_SUFFIXES = (".pyc", ".pyo")


def files(folder: Path) -> Iterator[Path]:
    """Every file under ``folder`` the artifact keeps, sorted by relative path."""
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if SKIPPED_DIRS.intersection(relative.parts) or path.suffix in SKIPPED_SUFFIXES:
            continue
        if path.is_file():
            found.append(path)
    yield from sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def date_time() -> tuple[int, int, int, int, int, int]:
    """The timestamp every entry carries."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if not epoch:
        return EPOCH_1980
    stamp = time.gmtime(max(int(epoch), 315532800))  # 315532800 = 1980-01-01T00:00:00Z
    return (stamp.tm_year, stamp.tm_mon, stamp.tm_mday, stamp.tm_hour, stamp.tm_min,
            stamp.tm_sec - stamp.tm_sec % 2)  # fmt: skip


def write_zip(folder: Path, destination: Path) -> None:
    """Zip ``folder``'s files into ``destination`` reproducibly."""
    stamp = date_time()
    destination.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(destination, "w") as archive:
        for path in files(folder):
            info = zipfile.ZipInfo(path.relative_to(folder).as_posix(), stamp)
            mode = 0o755 if os.access(path, os.X_OK) else 0o644
            info.external_attr = (0o100000 | mode) << 16
            info.create_system = 3  # Unix, so the permissions above are honoured
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes(), compresslevel=9)


def copy_tree(source: Path, destination: Path) -> None:
    """Copy ``source``'s kept files to ``destination`` (no caches, no bytecode)."""
    for path in files(source):
        target = destination / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def tree_size(folder: Path) -> tuple[int, int]:
    """The number of kept files under ``folder`` and their total size in bytes."""
    sizes = [path.stat().st_size for path in files(folder)]
    return len(sizes), sum(sizes)
