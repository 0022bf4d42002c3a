"""Drivers for the GCF entry: functions-framework's app in-process, and its real server."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from core.http import Headers
from deployments.gcp.local import SOURCE, TARGET, flask_app
from tests import servers
from tests.contract.driver import Driver, DriverEnv, DriverFactory, Reply
from tests.contract.drivers.core import HttpDriver


class FlaskClientDriver:
    """The app ``functions_framework.create_app`` builds from ``main.py``, via its test client."""

    def __init__(self, store_url: str) -> None:
        app = flask_app({"FAASPORT_STORE": store_url})
        self.client = app.test_client(use_cookies=False)

    def send(
        self, method: str, target: str, headers: Sequence[tuple[str, str]] = (), body: bytes = b""
    ) -> Reply:
        """See ``Driver.send``."""
        reply = self.client.open(target, method=method, headers=list(headers), data=body)
        return Reply(reply.status_code, Headers(list(reply.headers.items())), reply.get_data())


@contextmanager
def in_process(env: DriverEnv) -> Iterator[Driver]:
    """functions-framework's Flask app, no socket."""
    yield FlaskClientDriver(env.store_url)


def framework_cli() -> Path:
    """The ``functions-framework`` console script beside this interpreter."""
    return Path(sys.executable).parent / "functions-framework"


@contextmanager
def real_server(env: DriverEnv) -> Iterator[Driver]:
    """``functions-framework --target handler`` (gunicorn) in a subprocess on a free port."""
    cli = framework_cli()
    if not cli.exists():
        servers.missing(f"the functions-framework server is not installed ({cli.name})")
    port = servers.free_port()
    command = [str(cli), "--target", TARGET, "--source", str(SOURCE),
               "--port", str(port), "--host", "127.0.0.1"]  # fmt: skip
    server_env = {**os.environ, "FAASPORT_STORE": env.store_url}
    with (env.tmp_path / "functions-framework.log").open("wb") as log:
        process = subprocess.Popen(
            command, cwd=servers.ROOT, env=server_env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            servers.wait_for_port(port, process=process)
            yield HttpDriver("127.0.0.1", port)
        finally:
            servers.stop(process)


DRIVERS: dict[str, DriverFactory] = {"gcp": in_process, "gcp-server": real_server}
