"""Runs the contract suite once per driver; ``FAASPORT_DRIVERS=a,b`` narrows the set."""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.contract import drivers as drivers_package
from tests.contract.driver import Driver, DriverEnv, DriverFactory


def all_drivers() -> dict[str, DriverFactory]:
    """Every driver of every module in ``tests/contract/drivers``."""
    found: dict[str, DriverFactory] = {}
    for module_info in pkgutil.iter_modules(drivers_package.__path__):
        module = importlib.import_module(f"{drivers_package.__name__}.{module_info.name}")
        found.update(getattr(module, "DRIVERS", {}))
    return found


DRIVERS = all_drivers()
SELECTED = [n for n in os.environ.get("FAASPORT_DRIVERS", "").split(",") if n] or sorted(DRIVERS)


@pytest.fixture(scope="session", params=SELECTED)
def driver(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Driver]:
    """One driver for the whole session, on a store of its own."""
    name: str = request.param
    tmp: Path = tmp_path_factory.mktemp(name)
    env = DriverEnv(store_url=f"sqlite:///{tmp / 'notes.db'}", tmp_path=tmp)
    with DRIVERS[name](env) as driver:
        yield driver
