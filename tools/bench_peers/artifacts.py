"""Artifact sizes: what ``faasport package <provider>`` left in ``dist/<provider>/``.

Each ``.zip`` is reported as uploaded; each folder as unpacked (bytes of its files).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

PROVIDERS = ("aws", "gcp", "azure", "openwhisk")
MIB = 1024 * 1024


def tree_bytes(folder: Path) -> tuple[int, int]:
    """Total bytes and number of the files under ``folder``."""
    sizes = [path.stat().st_size for path in folder.rglob("*") if path.is_file()]
    return sum(sizes), len(sizes)


def read(dist: Path) -> dict[str, Any]:
    """``{provider: {"zips": {name: bytes}, "folders": {name: {"bytes", "files"}}}}``."""
    result: dict[str, Any] = {}
    for provider in PROVIDERS:
        folder = dist / provider
        if not folder.is_dir():
            continue
        zips = {p.name: p.stat().st_size for p in sorted(folder.glob("*.zip"))}
        folders = {}
        for child in sorted(p for p in folder.iterdir() if p.is_dir()):
            size, count = tree_bytes(child)
            folders[child.name] = {"bytes": size, "files": count}
        if zips or folders:
            result[provider] = {"zips": zips, "folders": folders}
    return result


def aws_zip_bytes(artifacts: dict[str, Any]) -> int | None:
    """The size of the AWS deployment zip, or None before it is built."""
    zips = artifacts.get("aws", {}).get("zips", {})
    return max(zips.values()) if zips else None
