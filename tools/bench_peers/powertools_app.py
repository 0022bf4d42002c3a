"""The same two routes with Powertools for AWS Lambda's ``APIGatewayHttpResolver`` (HTTP API)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types

from bench_peers.common import EnvStore, new_note
from core.errors import NotFound

Handler = Callable[[Mapping[str, Any], Any], dict[str, Any]]


def build(store: Any) -> Handler:
    """A Lambda handler: a resolver with POST /notes and GET /notes/<id> over ``store``."""
    resolver = APIGatewayHttpResolver()

    @resolver.post("/notes")
    def create() -> Response[str]:
        note = store.create(new_note(resolver.current_event.json_body))
        return _json(201, note.to_json())

    @resolver.get("/notes/<note_id>")
    def read(note_id: str) -> Response[str]:
        try:
            return _json(200, store.get(note_id).to_json())
        except NotFound:
            return _json(404, {"error": "not found"})

    def handler(event: Mapping[str, Any], context: Any) -> dict[str, Any]:
        return resolver.resolve(dict(event), context)

    return handler


def _json(status: int, data: object) -> Response[str]:
    return Response(status, content_types.APPLICATION_JSON, json.dumps(data))


handler = build(EnvStore())
