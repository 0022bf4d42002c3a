"""A real MongoDB wire-protocol server for the tests: FerretDB on SQLite, or ``MONGODB_URI``.

``shared_uri()`` starts one FerretDB per test process on first use (the contract driver
and the store suite share it); the ``mongodb_uri`` fixture hands it out and stops it at
session end. ``MONGODB_URI`` in the environment replaces it (a real ``mongod`` or Atlas).
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers import free_port, go_module_binary, missing, stop, wait_for_port

VERSION = "v1.24.2"


def ferretdb_binary() -> Path:
    """The FerretDB binary, built once (its module lacks the version file it needs)."""
    return go_module_binary(
        "github.com/FerretDB/FerretDB", VERSION, "./cmd/ferretdb", "ferretdb",
        {"build/version/version.txt": f"{VERSION}\n"},
    )  # fmt: skip


class FerretDB:
    """One FerretDB process on a port and data folder that survive a restart."""

    def __init__(self, data_dir: Path, port: int | None = None) -> None:
        self.binary = ferretdb_binary()
        self.data_dir = data_dir
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def uri(self) -> str:
        """The connection URL, without a database."""
        return f"mongodb://127.0.0.1:{self.port}/"

    def start(self) -> None:
        """Start (or restart) the server and wait until it answers ``ping``."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        command = [
            str(self.binary), "--handler=sqlite", f"--sqlite-url=file:{self.data_dir}/",
            f"--listen-addr=127.0.0.1:{self.port}", "--telemetry=disable",
            f"--state-dir={self.data_dir}", "--log-level=error",
            "--debug-addr=-",  # no metrics listener: parallel runs must not clash on 8088
        ]  # fmt: skip
        log = (self.data_dir / "ferretdb.log").open("ab")
        self.process = subprocess.Popen(command, stdout=log, stderr=log)
        log.close()
        try:
            wait_for_port(self.port, 30, self.process)
            wait_for_ping(self.uri)
        except (RuntimeError, TimeoutError) as error:
            self.stop()
            missing(f"FerretDB did not start: {error}")

    def kill(self) -> None:
        """Crash the server (SIGKILL): no goodbye to clients (its data stays)."""
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def stop(self) -> None:
        """Stop the server (its data stays in ``data_dir``)."""
        if self.process is not None:
            stop(self.process)
            self.process = None


def wait_for_ping(uri: str, timeout: float = 30.0) -> None:
    """Block until the server at ``uri`` answers ``ping``."""
    from pymongo import MongoClient
    from pymongo.errors import PyMongoError

    deadline = time.monotonic() + timeout
    with MongoClient[dict[str, object]](uri, serverSelectionTimeoutMS=500) as client:
        while True:
            try:
                client.admin.command("ping")
                return
            except PyMongoError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{uri} did not answer ping within {timeout} s") from None
                time.sleep(0.1)


_shared: list[FerretDB] = []


def shared_uri() -> str:
    """``MONGODB_URI``, else this process's FerretDB (started now if it is not running)."""
    configured = os.environ.get("MONGODB_URI")
    if configured:
        return configured
    if not _shared:
        server = FerretDB(Path(tempfile.mkdtemp(prefix="ferretdb-")))
        server.start()
        _shared.append(server)
        atexit.register(stop_shared)
    return _shared[0].uri


def stop_shared() -> None:
    """Stop this process's shared FerretDB, if one runs, and remove its data."""
    while _shared:
        server = _shared.pop()
        server.stop()
        shutil.rmtree(server.data_dir, ignore_errors=True)


def shared_running() -> bool:
    """Whether ``shared_uri()`` names a server that is up (not stopped at session end)."""
    return bool(os.environ.get("MONGODB_URI")) or bool(_shared)


def fresh_database() -> str:
    """A database name no other test uses."""
    return f"t_{uuid.uuid4().hex[:16]}"


@pytest.fixture(scope="session")
def mongodb_uri() -> Iterator[str]:
    """The URL of a running MongoDB wire-protocol server for this session."""
    yield shared_uri()
    stop_shared()
