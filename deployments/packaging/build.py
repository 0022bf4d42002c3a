"""`faasport package <provider>`: stage, install wheels, check, zip, measure, check again."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from deployments.packaging import archive, preflight, wheels
from deployments.packaging.layout import Layout, Target, layout
from deployments.packaging.preflight import Finding, Sizes

ROOT = Path(__file__).resolve().parents[2]
LOCK = Path(__file__).with_name("requirements.lock")
SAM_TEMPLATE = "deployments/aws/template.yaml"
ACTIVATE_THIS = '''\
"""Activate this virtualenv: run by the OpenWhisk Python launcher before it imports main."""

import os
import site
import sys

base = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
packages = os.path.join(base, "lib", "python%d.%d" % sys.version_info[:2], "site-packages")
if not os.path.isdir(packages):
    raise ImportError("this action was packaged for another Python: no " + packages)
before = list(sys.path)
site.addsitedir(packages)
# The action's pinned packages win over the ones the runtime image ships.
sys.path[:] = [p for p in sys.path if p not in before] + before
'''


@dataclass(frozen=True, slots=True)
class Options:
    """Where to read sources, write artifacts and cache downloads; which limits apply."""

    root: Path = ROOT
    out: Path = ROOT / "dist"
    cache: Path = ROOT / ".cache" / "pip"
    limits: Path = preflight.LIMITS
    lock: Path = LOCK
    index_args: Sequence[str] = ()


@dataclass(slots=True)
class Result:
    """A build's artifacts, measured sizes and findings."""

    folder: Path
    zip: Path
    sizes: Sizes | None = None
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no finding is an error."""
        return not any(finding.level == "error" for finding in self.findings)


def package(provider: str, target: Target, options: Options, progress: TextIO) -> Result:
    """Build ``provider``'s artifact under ``options.out/<provider>/``; report, never raise."""
    plan = layout(provider)
    out = options.out / provider
    result = Result(out / plan.name, out / f"{plan.name}.zip")
    try:
        _build(plan, target, options, result, progress)
    except (wheels.PackagingError, FileNotFoundError) as error:
        result.findings.append(Finding("error", str(error)))
    if not result.ok:
        result.zip.unlink(missing_ok=True)  # nothing refused is left lying around to upload
    return result


def _build(plan: Layout, target: Target, options: Options, result: Result, out: TextIO) -> None:
    result.findings += preflight.check_core_imports(options.root / "core")
    if not result.ok:
        return
    shutil.rmtree(result.folder.parent, ignore_errors=True)
    _stage_sources(plan, options.root, result.folder)
    deps = _install(plan, target, options, result.folder, out)
    distributions = wheels.installed(deps)
    result.findings += preflight.check_wheels(distributions, target)
    if plan.pinned_requirements:
        pins = "".join(f"{d.name}=={d.version}\n" for d in distributions)
        (result.folder / "requirements.txt").write_text(
            "# Pinned by `faasport package`: the exact distributions tested.\n" + pins
        )
    if plan.activate_this:
        (result.folder / "virtualenv" / "bin").mkdir(parents=True, exist_ok=True)
        (result.folder / "virtualenv" / "bin" / "activate_this.py").write_text(ACTIVATE_THIS)
    if not result.ok:
        return
    archive.write_zip(result.folder, result.zip)
    target_json = {"python": target.python, "arch": target.arch}
    (result.folder.parent / "target.json").write_text(json.dumps(target_json) + "\n")
    if plan.provider == "aws" and (options.root / SAM_TEMPLATE).exists():
        _sam_template(options.root / SAM_TEMPLATE, target, result.folder.parent)
    count, unzipped = archive.tree_size(result.folder)
    if plan.deps_dir is None:  # the provider installs them, but they count against its limit
        unzipped += archive.tree_size(deps)[1]
    result.sizes = Sizes(count, result.zip.stat().st_size, unzipped)
    limits = preflight.load_limits(options.limits).get(plan.provider, {})
    result.findings += preflight.check_sizes(plan.provider, result.sizes, limits)
    print(preflight.summary(plan.provider, result.sizes, limits), file=out, flush=True)


def _sam_template(source: Path, target: Target, out: Path) -> None:
    """The SAM template to deploy this zip: CodeUri, Runtime and architecture set to the build.

    Rewritten line by line (not re-serialised) so everything else stays as written.
    """
    text = source.read_text()
    text = re.sub(r"(?m)^(\s*CodeUri:).*$", r"\1 function.zip", text)
    text = re.sub(r"(?m)^(\s*Runtime:)\s*python3\.\d+\s*$", rf"\1 python{target.python}", text)
    text = re.sub(r"(?m)^(\s*-\s*)(x86_64|arm64)\s*$", rf"\g<1>{target.arch}", text)
    (out / "template.yaml").write_text(text)


def _stage_sources(plan: Layout, root: Path, folder: Path) -> None:
    """Copy core, the provider's adapter and its entry files into the staging folder."""
    archive.copy_tree(root / "core", folder / "core")
    adapters = folder / "adapters"
    adapters.mkdir(parents=True)
    shutil.copyfile(root / "adapters" / "__init__.py", adapters / "__init__.py")
    module = root / "adapters" / f"{plan.provider}.py"
    if module.exists():
        shutil.copyfile(module, adapters / module.name)
    else:
        archive.copy_tree(root / "adapters" / plan.provider, adapters / plan.provider)
    for source, destination in plan.entries:
        if not (root / source).exists():
            raise FileNotFoundError(f"{source} is missing: the {plan.provider} entry is not there")
        (folder / destination).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / source, folder / destination)


def _install(plan: Layout, target: Target, options: Options, folder: Path, out: TextIO) -> Path:
    """Install the runtime closure (plus the provider's own requirements); the folder used."""
    requirements = _requirement_lines(options.lock)
    if plan.requirements_file and (options.root / plan.requirements_file).exists():
        requirements += _requirement_lines(options.root / plan.requirements_file)
    deps_path = plan.deps_path(target)
    deps = folder / deps_path if deps_path else folder.parent / "modules"
    deps.mkdir(parents=True, exist_ok=True)
    wheels.install(requirements, deps, target, options.cache, out, options.index_args)
    shutil.rmtree(deps / "bin", ignore_errors=True)  # console scripts: never called there
    return deps


def _requirement_lines(path: Path) -> list[str]:
    """The requirement lines of a requirements file, comments and blanks dropped."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]
