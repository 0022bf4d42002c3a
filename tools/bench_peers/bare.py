"""The floor: a hand-written AWS Lambda handler for HTTP API (2.0) events, no framework at all.

It parses the event, calls the store and dumps the result: what any handler must do at the
least. No validation beyond the Note model, no error table, no logging.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping
from typing import Any

from bench_peers.common import EnvStore, new_note
from core.errors import NotFound
from core.notes.models import Note

JSON = {"content-type": "application/json"}
Handler = Callable[[Mapping[str, Any], Any], dict[str, Any]]


def build(store: Any) -> Handler:
    """A Lambda handler serving POST /notes and GET /notes/{id} over ``store``."""

    def handler(event: Mapping[str, Any], context: Any) -> dict[str, Any]:
        method = event["requestContext"]["http"]["method"]
        path = event["rawPath"]
        if method == "POST" and path == "/notes":
            body = event.get("body") or ""
            raw = base64.b64decode(body) if event.get("isBase64Encoded") else body
            return _result(201, store.create(new_note(json.loads(raw))))
        if method == "GET" and path.startswith("/notes/"):
            try:
                return _result(200, store.get(path[len("/notes/") :]))
            except NotFound:
                return {"statusCode": 404, "headers": JSON, "body": '{"error":"not found"}'}
        return {"statusCode": 404, "headers": JSON, "body": '{"error":"no route"}'}

    return handler


def _result(status: int, note: Note) -> dict[str, Any]:
    return {"statusCode": status, "headers": JSON, "body": json.dumps(note.to_json())}


handler = build(EnvStore())
