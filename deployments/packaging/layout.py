"""What goes into each provider's artifact, and where.

Every artifact carries ``core/`` whole, ``adapters/`` with only ``__init__.py`` and the
provider's own adapter, the provider's entry, and the runtime dependencies where the
provider does not install them itself.
"""

from __future__ import annotations

from dataclasses import dataclass

PROVIDERS = ("aws", "gcp", "azure", "openwhisk")
PYTHONS = ("3.11", "3.12")
ARCHES = ("x86_64", "arm64")


@dataclass(frozen=True, slots=True)
class Target:
    """The runtime an artifact is built for: Python version and CPU architecture."""

    python: str = "3.11"
    arch: str = "x86_64"

    @property
    def platform(self) -> str:
        """The pip ``--platform`` tag: Lambda and its peers run glibc 2.17+ Linux."""
        machine = "aarch64" if self.arch == "arm64" else "x86_64"
        return f"manylinux2014_{machine}"

    @property
    def machine(self) -> str:
        """The architecture as wheel platform tags spell it."""
        return "aarch64" if self.arch == "arm64" else "x86_64"

    @property
    def cpython(self) -> str:
        """The interpreter tag, e.g. ``cp311``."""
        return "cp" + self.python.replace(".", "")


@dataclass(frozen=True, slots=True)
class Layout:
    """One provider's artifact: entry files (repo path -> artifact path) and dependencies.

    ``deps_dir`` is where the wheels go inside the artifact; ``None`` means the provider
    installs them from ``requirements.txt`` itself (they are still installed beside the
    artifact, to measure the deployed size and prove Linux wheels exist).
    """

    provider: str
    name: str
    entries: tuple[tuple[str, str], ...]
    deps_dir: str | None
    requirements_file: str | None = None
    pinned_requirements: bool = False
    activate_this: bool = False

    def deps_path(self, target: Target) -> str | None:
        """``deps_dir`` with the target's Python version filled in."""
        if self.deps_dir is None:
            return None
        return self.deps_dir.format(python=target.python)


LAYOUTS = {
    "aws": Layout(
        provider="aws",
        name="function",
        # The entry keeps its import path: the handler string is deployments.aws.handler.handler.
        entries=(
            ("deployments/__init__.py", "deployments/__init__.py"),
            ("deployments/aws/__init__.py", "deployments/aws/__init__.py"),
            ("deployments/aws/handler.py", "deployments/aws/handler.py"),
        ),
        deps_dir=".",
    ),
    "gcp": Layout(
        provider="gcp",
        name="source",
        entries=(("deployments/gcp/main.py", "main.py"),),
        deps_dir=None,
        requirements_file="deployments/gcp/requirements.txt",
        pinned_requirements=True,
    ),
    "azure": Layout(
        provider="azure",
        name="app",
        entries=(
            ("deployments/azure/function_app.py", "function_app.py"),
            ("deployments/azure/host.json", "host.json"),
        ),
        deps_dir=".python_packages/lib/site-packages",
        requirements_file="deployments/azure/requirements.txt",
        pinned_requirements=True,
    ),
    "openwhisk": Layout(
        provider="openwhisk",
        name="notes",  # the manifest's function: ../../dist/openwhisk/notes.zip
        entries=(("deployments/openwhisk/__main__.py", "__main__.py"),),
        # The OpenWhisk Python launcher runs virtualenv/bin/activate_this.py when present.
        deps_dir="virtualenv/lib/python{python}/site-packages",
        activate_this=True,
    ),
}


def layout(provider: str) -> Layout:
    """The layout of ``provider``'s artifact."""
    if provider not in LAYOUTS:
        raise ValueError(f"unknown provider {provider!r}; choose one of {', '.join(PROVIDERS)}")
    return LAYOUTS[provider]
