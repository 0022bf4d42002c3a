"""Every artifact is reproducible: two builds from the same inputs give the same bytes.

(AWS is covered beside its other checks in ``test_package_aws.py``.)
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.deployments.artifacts import build_artifact

pytestmark = pytest.mark.server


def digest(provider: str, out: Path) -> str:
    """Build ``provider`` into ``out``; the sha256 of its zip."""
    return hashlib.sha256(build_artifact(provider, out).zip.read_bytes()).hexdigest()


@pytest.mark.parametrize("provider", ["gcp", "azure", "openwhisk"])
def test_package_builds_identical_bytes_twice(provider: str, tmp_path: Path) -> None:
    assert digest(provider, tmp_path / "one") == digest(provider, tmp_path / "two")
