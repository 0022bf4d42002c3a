"""Checks before anyone uploads: sizes against published limits, wheel tags, core imports."""

from __future__ import annotations

import ast
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from deployments.packaging.layout import Target
from deployments.packaging.wheels import Distribution, mismatched

LIMITS = Path(__file__).with_name("limits.toml")
MIB = 1024 * 1024
# What DESIGN.md forbids core to import: provider SDKs and their web stacks.
PROVIDER_SDKS = frozenset({"azure", "functions_framework", "flask", "awslambdaric", "boto3"})


@dataclass(frozen=True, slots=True)
class Finding:
    """One pre-flight result: ``error`` stops the build, ``warning`` is printed."""

    level: str
    message: str


@dataclass(frozen=True, slots=True)
class Sizes:
    """What was measured: files, the upload's bytes and everything deployed unzipped."""

    files: int
    zipped: int
    unzipped: int

    @property
    def code(self) -> int:
        """The zip as base64 text: how OpenWhisk stores (and limits) a zip action's code."""
        return 4 * ((self.zipped + 2) // 3)


def load_limits(path: Path = LIMITS) -> dict[str, dict[str, object]]:
    """The limits table, one entry per provider."""
    with path.open("rb") as handle:
        return tomllib.load(handle)


def check_sizes(provider: str, sizes: Sizes, limits: dict[str, object]) -> list[Finding]:
    """Each measured size against the provider's published limits and our budget."""
    measured = {"zipped_mb": sizes.zipped, "unzipped_mb": sizes.unzipped, "code_mb": sizes.code}
    findings = []
    for key, size in measured.items():
        limit = limits.get(key)
        if isinstance(limit, int | float) and size > limit * MIB:
            findings.append(
                Finding(
                    "error",
                    (
                        f"{provider}: {key.removesuffix('_mb')} size {mib(size)} exceeds the limit "
                        f"of {limit} MiB ({limits.get('source')}, checked {limits.get('checked')})"
                    ),
                )
            )
    budget = limits.get("budget_zipped_mb")
    if isinstance(budget, int | float) and sizes.zipped > budget * MIB:
        findings.append(
            Finding(
                "warning",
                (f"{provider}: zipped size {mib(sizes.zipped)} is over our budget of {budget} MiB"),
            )
        )
    return findings  # fmt: skip


def check_wheels(distributions: Iterable[Distribution], target: Target) -> list[Finding]:
    """An error for each installed wheel that cannot run on ``target``."""
    reasons = (mismatched(distribution, target) for distribution in distributions)
    return [Finding("error", reason) for reason in reasons if reason is not None]


def check_core_imports(core: Path) -> list[Finding]:
    """An error for each provider SDK imported anywhere under ``core/``."""
    findings = []
    for path in sorted(core.rglob("*.py")):
        where = path.relative_to(core.parent).as_posix()
        for line, module in _imports(path):
            if module.split(".")[0] in PROVIDER_SDKS:
                message = f"{where}:{line} imports {module}: core must not import a provider SDK"
                findings.append(Finding("error", message + ", or every artifact would need it"))
    return findings


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    """``(line, module)`` for every absolute import in a source file."""
    for node in ast.walk(ast.parse(path.read_bytes(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


def mib(size: int) -> str:
    """``size`` bytes as MiB with two decimals."""
    return f"{size / MIB:.2f} MiB"


def summary(provider: str, sizes: Sizes, limits: dict[str, object]) -> str:
    """The lines printed after a build: files, sizes and the limits they are measured against."""

    def against(key: str, size: int) -> str:
        limit = limits.get(key)
        if not isinstance(limit, int | float):
            return f"{mib(size)} (no published limit)"
        return f"{mib(size)} of {limit} MiB ({100 * size / (limit * MIB):.1f} %)"

    lines = [
        f"faasport: {provider}: {sizes.files} files",
        f"  zipped:   {against('zipped_mb', sizes.zipped)}",
        f"  unzipped: {against('unzipped_mb', sizes.unzipped)}",
    ]
    if "code_mb" in limits:
        lines.append(f"  code (base64 of the zip): {against('code_mb', sizes.code)}")
    return "\n".join(lines)
