"""A simple loopback load on `faasport serve` from a second process: requests/s and errors.

Starts the server in a subprocess on a free port with a fresh SQLite file, then runs
``--workers`` keep-alive clients for ``--seconds`` doing a mix of reads and creates.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    """Parse arguments, run the load, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--write-every", type=int, default=5, help="one create per N requests")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        port = _free_port()
        server = _start(port, f"sqlite:///{data}/notes.db")
        try:
            note_id = _seed(port)
            results = _run(port, note_id, args.workers, args.seconds, args.write_every)
        finally:
            server.send_signal(signal.SIGINT)
            server.wait(10)
    ok, errors, elapsed = results
    total = ok + errors
    figures = {"workers": args.workers, "seconds": round(elapsed, 2), "requests": total,
               "requests_per_second": round(total / elapsed, 1), "errors": errors}  # fmt: skip
    print(json.dumps(figures))
    return 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(port: int, store: str) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "deployments.cli",
        "serve",
        "--port",
        str(port),
        "--store",
        store,
    ]
    quiet = {**os.environ, "FAASPORT_LOG_LEVEL": "WARNING"}
    server = subprocess.Popen(command, cwd=ROOT, env=quiet, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise SystemExit("the server did not start")


def _seed(port: int) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port)
    body = json.dumps({"title": "seed"})
    connection.request("POST", "/notes", body, {"content-type": "application/json"})
    note_id: str = json.loads(connection.getresponse().read())["id"]
    connection.close()
    return note_id


def _run(
    port: int, note_id: str, workers: int, seconds: float, every: int
) -> tuple[int, int, float]:
    counts = [[0, 0] for _ in range(workers)]
    stop_at = time.monotonic() + seconds

    def client(slot: list[int]) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        n = 0
        while time.monotonic() < stop_at:
            n += 1
            try:
                if n % every == 0:
                    connection.request("POST", "/notes", '{"title": "load"}',
                                       {"content-type": "application/json"})  # fmt: skip
                    expected = 201
                else:
                    connection.request("GET", f"/notes/{note_id}")
                    expected = 200
                response = connection.getresponse()
                response.read()
                slot[0 if response.status == expected else 1] += 1
            except OSError:
                slot[1] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.close()

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(slot,)) for slot in counts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(c[0] for c in counts), sum(c[1] for c in counts), time.monotonic() - started


if __name__ == "__main__":
    sys.exit(main())
