"""Pre-flight: sizes over limits, wrong-platform wheels, wheels missing, core imports, pins."""

from __future__ import annotations

import io
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from deployments.cli import main
from deployments.packaging import archive, build, preflight, wheels
from deployments.packaging.layout import Target
from deployments.packaging.preflight import Finding, Sizes

pytestmark = pytest.mark.server
ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "pip"
MIB = 1024 * 1024


@pytest.mark.parametrize(
    ("provider", "sizes", "expected"),
    [
        pytest.param("aws", Sizes(9, 51 * MIB, 100 * MIB), ["error zipped", "warning zipped"],
                     id="aws-zipped"),
        pytest.param("aws", Sizes(9, 11 * MIB, 260 * MIB), ["error unzipped", "warning zipped"],
                     id="aws-unzipped-and-budget"),
        pytest.param("aws", Sizes(9, 4 * MIB, 12 * MIB), [], id="aws-fits"),
        pytest.param("openwhisk", Sizes(9, 37 * MIB, 90 * MIB), ["error code"],
                     id="openwhisk-base64-over-48"),
        pytest.param("openwhisk", Sizes(9, 35 * MIB, 90 * MIB), [], id="openwhisk-fits"),
        pytest.param("gcp", Sizes(9, 1 * MIB, 501 * MIB), ["error unzipped"], id="gcp-modules"),
        pytest.param("azure", Sizes(9, 900 * MIB, 1000 * MIB), [], id="azure-no-zip-limit"),
    ],
)  # fmt: skip
def test_preflight_sizes_against_published_limits(
    provider: str, sizes: Sizes, expected: list[str]
) -> None:
    limits = preflight.load_limits()[provider]
    findings = preflight.check_sizes(provider, sizes, limits)
    assert [f"{f.level} {f.message.split(' ')[1]}" for f in findings] == expected


def test_preflight_limits_table_cites_source_and_date_per_provider() -> None:
    with preflight.LIMITS.open("rb") as handle:
        table = tomllib.load(handle)
    assert sorted(table) == ["aws", "azure", "gcp", "openwhisk"]
    assert all({"provider", "source", "checked"} <= set(entry) for entry in table.values())


def test_package_refuses_an_oversized_artifact_with_nonzero_exit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A limits table of 1 MiB: the real AWS build is refused, and no zip is left behind."""
    small = tmp_path / "limits.toml"
    small.write_text('[aws]\nzipped_mb = 1\nunzipped_mb = 1\nsource = "test"\nchecked = "now"\n')
    status = main(["package", "aws", "--out", str(tmp_path / "dist"), "--limits", str(small)])
    err = capsys.readouterr().err
    assert status == 1
    assert "faasport: error: aws: zipped size" in err
    assert "exceeds the limit of 1 MiB (test, checked now)" in err
    assert "faasport: aws: refused; nothing to upload" in err
    assert not (tmp_path / "dist" / "aws" / "function.zip").exists()


def test_preflight_refuses_a_wheel_for_another_platform(tmp_path: Path) -> None:
    """A real aarch64 pydantic-core checked against an x86_64 target is an error."""
    arm = Target("3.11", "arm64")
    wheels.install(["pydantic-core==2.50.5"], tmp_path, arm, CACHE, io.StringIO(), ["--no-deps"])
    distributions = wheels.installed(tmp_path)
    assert preflight.check_wheels(distributions, arm) == []
    assert preflight.check_wheels(distributions, Target("3.11", "x86_64")) == [Finding(
        "error",
        "pydantic_core 2.50.5 is a wheel for cp311-cp311-manylinux2014_aarch64, "
        "cp311-cp311-manylinux_2_17_aarch64, not for CPython 3.11 on manylinux2014_x86_64: "
        "it would fail to import in the function",
    )]  # fmt: skip


@pytest.mark.parametrize(
    ("tag", "target", "fits"),
    [
        pytest.param("py3-none-any", Target("3.12"), True, id="pure"),
        pytest.param("cp311-cp311-manylinux_2_17_x86_64", Target("3.12"), False, id="other-cp"),
        pytest.param("cp39-abi3-manylinux2014_x86_64", Target("3.11"), True, id="abi3"),
        pytest.param("cp311-cp311-manylinux_2_28_x86_64", Target("3.11"), False, id="new-glibc"),
        pytest.param("cp311-cp311-musllinux_1_2_x86_64", Target("3.11"), False, id="musl"),
        pytest.param("cp311-cp311-win_amd64", Target("3.11"), False, id="windows"),
    ],
)
def test_preflight_wheel_tags(tag: str, target: Target, fits: bool) -> None:
    distribution = wheels.Distribution("x", "1", (tag,))
    assert (wheels.mismatched(distribution, target) is None) is fits


def test_package_names_a_requirement_that_has_only_an_sdist(tmp_path: Path) -> None:
    """--only-binary refuses the sdist; the message names the package."""
    index = tmp_path / "index"
    index.mkdir()
    with tarfile.open(index / "tinysdist-1.0.tar.gz", "w:gz") as sdist:
        sdist.add(__file__, arcname="tinysdist-1.0/setup.py")
    with pytest.raises(wheels.PackagingError, match=r"wheel for Python 3.11 of: tinysdist\."):
        wheels.install(["tinysdist==1.0"], tmp_path / "out", Target(), CACHE, io.StringIO(),
                       ["--no-index", "--find-links", str(index)])  # fmt: skip


def test_preflight_finds_provider_sdk_imported_from_core(tmp_path: Path) -> None:
    core = tmp_path / "core"
    (core / "stores").mkdir(parents=True)
    (core / "ok.py").write_text("import json\nfrom core.http import Request\n")
    (core / "stores" / "s3.py").write_text("import os\nimport boto3.session\n")
    assert preflight.check_core_imports(core) == [Finding(
        "error", "core/stores/s3.py:2 imports boto3.session: core must not import a provider "
        "SDK, or every artifact would need it")]  # fmt: skip
    assert preflight.check_core_imports(ROOT / "core") == []


def test_package_lock_satisfies_pyproject_dependencies() -> None:
    """Each pinned runtime dependency is within the range pyproject.toml allows."""
    with (ROOT / "pyproject.toml").open("rb") as handle:
        declared = [Requirement(r) for r in tomllib.load(handle)["project"]["dependencies"]]
    pins = dict(line.split("==") for line in build._requirement_lines(build.LOCK))
    assert {r.name: pins[r.name] in r.specifier for r in declared} == {
        "pydantic": True, "pymongo": True
    }  # fmt: skip


@pytest.mark.parametrize(
    ("epoch", "stamp"),
    [
        pytest.param(None, (1980, 1, 1, 0, 0, 0), id="default-1980"),
        pytest.param("1700000001", (2023, 11, 14, 22, 13, 20), id="source-date-epoch"),
        pytest.param("0", (1980, 1, 1, 0, 0, 0), id="before-1980"),
    ],
)
def test_package_zip_entries_have_fixed_time_and_mode(
    epoch: str | None, stamp: tuple[int, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every entry: one timestamp, Unix 0644/0755, sorted; caches and bytecode left out."""
    if epoch is not None:
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    else:
        monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    folder = tmp_path / "src"
    (folder / "pkg" / "__pycache__").mkdir(parents=True)
    (folder / "pkg" / "__pycache__" / "m.cpython-311.pyc").write_bytes(b"x")
    (folder / "pkg" / "m.py").write_text("x = 1\n")
    (folder / "run").write_text("#!/bin/sh\n")
    (folder / "run").chmod(0o755)
    archive.write_zip(folder, tmp_path / "a.zip")
    with zipfile.ZipFile(tmp_path / "a.zip") as zipped:
        entries = [(i.filename, i.date_time, i.external_attr >> 16) for i in zipped.infolist()]
    assert entries == [("pkg/m.py", stamp, 0o100644), ("run", stamp, 0o100755)]
