"""The same two routes as a FastAPI app behind Mangum; the body is validated by a pydantic model.

Idiomatic FastAPI: the request body is ``NoteIn`` (the core's own model) and the answer is
declared as ``response_model=Note``, so FastAPI validates and serialises it.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, HTTPException
from mangum import Mangum

from bench_peers.common import EnvStore, new_note
from core.errors import NotFound
from core.notes.models import Note, NoteIn


def build(store: Any) -> Mangum:
    """A Mangum handler over a FastAPI app with POST /notes and GET /notes/{note_id}."""
    app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)

    @app.post("/notes", status_code=201, response_model=Note)
    async def create(draft: NoteIn) -> Note:
        return store.create(new_note(draft.model_dump()))

    @app.get("/notes/{note_id}", response_model=Note)
    async def read(note_id: str) -> Note:
        try:
            return store.get(note_id)
        except NotFound:
            raise HTTPException(404, "not found") from None

    return Mangum(app, lifespan="off")


handler = build(EnvStore())
