"""The provider registry: each provider's local emulation lives in ``deployments/<name>/local.py``.

A local module defines ``gateway(options) -> Gateway`` (raw HTTP -> native event -> entry
-> native result -> raw HTTP) and ``invoke(payload, options) -> object`` (one native input
through the entry, native output back). It may define ``start(host, port, options)``,
returning a function that stops it, when the provider brings its own server.
"""

from __future__ import annotations

import importlib
from types import ModuleType

PROVIDERS = ("core", "aws", "gcp", "azure", "openwhisk")


def load(name: str) -> ModuleType:
    """The local-emulation module of provider ``name``."""
    if name not in PROVIDERS:
        raise ValueError(f"unknown provider {name!r}; choose one of {', '.join(PROVIDERS)}")
    return importlib.import_module(f"deployments.{name}.local")
