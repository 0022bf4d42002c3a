"""The same two routes as a Starlette app behind Mangum (the ASGI adapter for AWS Lambda)."""

from __future__ import annotations

from typing import Any

from mangum import Mangum
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bench_peers.common import EnvStore, new_note
from core.errors import NotFound


def build(store: Any) -> Mangum:
    """A Mangum handler over a Starlette app with POST /notes and GET /notes/{id}."""

    async def create(request: Request) -> JSONResponse:
        note = store.create(new_note(await request.json()))
        return JSONResponse(note.to_json(), status_code=201)

    async def read(request: Request) -> JSONResponse:
        try:
            return JSONResponse(store.get(request.path_params["note_id"]).to_json())
        except NotFound:
            return JSONResponse({"error": "not found"}, status_code=404)

    app = Starlette(
        routes=[
            Route("/notes", create, methods=["POST"]),
            Route("/notes/{note_id}", read, methods=["GET"]),
        ]
    )
    return Mangum(app, lifespan="off")


handler = build(EnvStore())
