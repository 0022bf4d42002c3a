"""The MongoDB store when its server goes away: 503 problems in bounded time, then recovery."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.app import create_app
from core.config import Settings
from core.http import App, Headers, Invocation, Request, Response
from tests.mongo_server import FerretDB
from tests.servers import free_port

TIMEOUT_MS = 1500
MARGIN_S = 3.0  # generous: a behavioural bound (no hang), not a benchmark
JSON = Headers([("content-type", "application/json")])


@dataclass(frozen=True)
class Outcome:
    """One request during the fault test: when, how long, what came back."""

    phase: str
    seconds: float
    response: Response


@pytest.fixture
def server(tmp_path: Path) -> Iterator[FerretDB]:
    """A FerretDB of this test's own, so stopping it disturbs no other test."""
    ferret = FerretDB(tmp_path / "ferretdb")
    ferret.start()
    yield ferret
    ferret.stop()


def post(app: App, title: str) -> Response:
    body = json.dumps({"title": title}).encode()
    return app(Request("POST", "/notes", headers=JSON, body=body))


def test_mongo_store_answers_503_while_the_server_is_down_then_recovers(
    server: FerretDB,
) -> None:
    app = create_app(Settings(store_url=server.uri, database="faults",
                              store_timeout_ms=TIMEOUT_MS, log_level="CRITICAL"))  # fmt: skip
    phase = ["up"]
    outcomes: list[Outcome] = []
    running = threading.Event()
    running.set()

    def client(number: int) -> None:
        count = 0
        while running.is_set():
            count += 1
            started, current = time.monotonic(), phase[0]
            response = post(app, f"client {number} note {count}")
            outcomes.append(Outcome(current, time.monotonic() - started, response))

    clients = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    for thread in clients:
        thread.start()
    time.sleep(0.5)
    phase[0] = "down"
    server.kill()
    time.sleep(2 * TIMEOUT_MS / 1000)
    phase[0] = "restarting"
    server.start()  # same port, same data folder
    phase[0] = "restarted"
    time.sleep(1.5)
    running.clear()
    for thread in clients:
        thread.join()

    statuses = {(o.phase, o.response.status) for o in outcomes}
    unavailable = [o.response for o in outcomes if o.response.status == 503]
    acknowledged = [json.loads(o.response.body)["id"] for o in outcomes if o.response.status == 201]
    recovered = [o for o in outcomes[-4:] if o.phase == "restarted"]
    assert {status for _, status in statuses} == {201, 503}, statuses
    assert ("down", 503) in statuses, statuses
    assert ("restarted", 201) in statuses, statuses
    assert {(r.headers.get("retry-after"), r.headers.get("content-type")) for r in unavailable} == {
        ("1", "application/problem+json")
    }
    assert max(o.seconds for o in outcomes) < TIMEOUT_MS / 1000 + MARGIN_S
    assert [o.response.status for o in recovered] == [201] * len(recovered)
    missing = [i for i in acknowledged if app(Request("GET", f"/notes/{i}")).status != 200]
    assert missing == []


def test_mongo_store_answers_503_within_the_invocation_deadline() -> None:
    """With 200 ms left the 503 comes back then, not after the configured 5 s."""
    app = create_app(Settings(store_url=f"mongodb://127.0.0.1:{free_port()}/",
                              store_timeout_ms=5000, log_level="CRITICAL"))  # fmt: skip
    invocation = Invocation(deadline=time.time() + 0.2)
    started = time.monotonic()
    response = app(Request("GET", "/notes", invocation=invocation))
    elapsed = time.monotonic() - started
    assert (response.status, response.headers.get("retry-after")) == (503, "1")
    assert elapsed < 0.2 + 1.0, elapsed
