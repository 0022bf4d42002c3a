"""Building artifacts for the packaging tests: one target, pre-flight must pass."""

from __future__ import annotations

import io
from pathlib import Path

from deployments.packaging import build
from deployments.packaging.layout import Target

TARGET = Target("3.11", "x86_64")  # the interpreter the tests run, so artifacts import here


def build_artifact(provider: str, out: Path) -> build.Result:
    """Build ``provider``'s artifact into ``out``; the build must pass pre-flight."""
    result = build.package(provider, TARGET, build.Options(out=out), io.StringIO())
    assert result.findings == []
    return result
