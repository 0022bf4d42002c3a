"""Building artifacts for the packaging tests: one target, pre-flight must pass."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from deployments.packaging import build
from deployments.packaging.layout import Target

TARGET = Target("3.11", "x86_64")  # the interpreter the tests run, so artifacts import here


def build_artifact(provider: str, out: Path) -> build.Result:
    """Build ``provider``'s artifact into ``out``; the build must pass pre-flight."""
    result = build.package(provider, TARGET, build.Options(out=out), io.StringIO())
    assert result.findings == []
    return result


def unpack(archive_path: Path, folder: Path) -> Path:
    """Extract an artifact's zip into ``folder``, as the provider would; the folder."""
    with zipfile.ZipFile(archive_path) as archive:
        archive.extractall(folder)
    return folder


def entry_names(archive_path: Path) -> list[str]:
    """Every entry name in an artifact's zip."""
    with zipfile.ZipFile(archive_path) as archive:
        return archive.namelist()
