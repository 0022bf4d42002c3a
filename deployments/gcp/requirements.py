"""Generate ``deployments/gcp/requirements.txt``: exact pins for the GCF Python runtime.

Run ``python -m deployments.gcp.requirements > deployments/gcp/requirements.txt`` in the
project's environment. It pins the runtime's roots and everything they need on the target
(Linux, CPython 3.12), at the versions installed here, so what was tested is what deploys.
"""

from __future__ import annotations

import sys
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOTS = ("functions-framework", "pydantic", "pymongo")
RUNTIME = "python312"
# The marker environment of the GCF runtime, so local-only or other-platform deps drop out.
TARGET = {
    "python_version": "3.12", "python_full_version": "3.12.0", "implementation_name": "cpython",
    "platform_python_implementation": "CPython", "os_name": "posix", "sys_platform": "linux",
    "platform_system": "Linux", "platform_machine": "x86_64", "extra": "",
}  # fmt: skip


def pins(roots: tuple[str, ...] = ROOTS) -> dict[str, str]:
    """Canonical name -> installed version for ``roots`` and their runtime closure."""
    found: dict[str, str] = {}
    pending = list(roots)
    while pending:
        name = canonicalize_name(pending.pop())
        if name in found:
            continue
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            raise LookupError(f"{name} is needed on {RUNTIME} but not installed here") from None
        found[name] = distribution.version
        for line in distribution.requires or ():
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate(TARGET):
                pending.append(requirement.name)
    return dict(sorted(found.items()))


def render() -> str:
    """The text of ``requirements.txt``."""
    header = [
        f"# The GCF {RUNTIME} runtime's dependencies, pinned to the versions tested here.",
        "# Generated: python -m deployments.gcp.requirements > deployments/gcp/requirements.txt",
    ]
    return "\n".join([*header, *(f"{name}=={version}" for name, version in pins().items())]) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render())
