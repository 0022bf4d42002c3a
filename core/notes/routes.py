"""HTTP handlers of the notes API and their route table."""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError

from core.errors import BadRequest, ValidationFailed, VersionConflict
from core.http import Headers, Request, Response
from core.notes import service
from core.notes.models import Note, NoteIn, NotePage, NotePatch
from core.parsing import (
    JSON_TYPES,
    MERGE_PATCH_TYPES,
    etag,
    if_match_versions,
    none_match,
    query_int,
    read_json_object,
)
from core.routing import Params, Route
from core.stores.port import NoteStore

MAX_IDEMPOTENCY_KEY = 255
ID_PARAM: dict[str, object] = {
    "name": "id",
    "in": "path",
    "required": True,
    "schema": {"type": "string"},
}
IF_MATCH: dict[str, object] = {"name": "If-Match", "in": "header", "schema": {"type": "string"}}
IF_NONE_MATCH: dict[str, object] = {
    "name": "If-None-Match",
    "in": "header",
    "schema": {"type": "string"},
}
LIST_PARAMS: tuple[dict[str, object], ...] = (
    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
    {"name": "after", "in": "query", "schema": {"type": "string"}},
    {"name": "tag", "in": "query", "schema": {"type": "string"}},
)


class NotesApi:
    """The notes handlers over a lazily opened store and a body size limit."""

    def __init__(self, store: Callable[[], NoteStore], max_body_bytes: int) -> None:
        self.store = store
        self.max_body_bytes = max_body_bytes

    def create(self, request: Request, params: Params) -> Response:
        """POST /notes."""
        draft = self._draft(request)
        key = request.headers.get("idempotency-key")
        if key is not None and not 0 < len(key) <= MAX_IDEMPOTENCY_KEY:
            raise BadRequest(f"Idempotency-Key must be 1 to {MAX_IDEMPOTENCY_KEY} characters.")
        note = service.create_note(self.store(), draft, key)
        # Relative to the request URI (RFC 9110 10.2.2), so it stays right behind any stage,
        # route prefix or base path the provider puts in front of the API root.
        return note_response(note, 201, (("location", f"notes/{note.id}"),))

    def list_notes(self, request: Request, params: Params) -> Response:
        """GET /notes."""
        limit = query_int(request, "limit", default=20, low=1, high=100)
        after = request.query.get("after")
        if after is not None:
            service.check_cursor(after)
        page = service.list_notes(self.store(), limit, after, request.query.get("tag"))
        items = [note.to_json() for note in page.items]
        return Response.json({"items": items, "next": page.next})

    def read(self, request: Request, params: Params) -> Response:
        """GET /notes/{id}; 304 when If-None-Match names the current version."""
        note = service.get_note(self.store(), params["id"])
        if none_match(request, note.version):
            return Response(304, Headers((("etag", etag(note.version)),)))
        return note_response(note)

    def replace(self, request: Request, params: Params) -> Response:
        """PUT /notes/{id}."""
        draft = self._draft(request)
        version = self._expected_version(request, params["id"])
        return note_response(service.replace_note(self.store(), params["id"], draft, version))

    def patch(self, request: Request, params: Params) -> Response:
        """PATCH /notes/{id} with a JSON merge patch."""
        patch = read_json_object(request, self.max_body_bytes, MERGE_PATCH_TYPES)
        version = self._expected_version(request, params["id"])
        return note_response(service.patch_note(self.store(), params["id"], patch, version))

    def delete(self, request: Request, params: Params) -> Response:
        """DELETE /notes/{id}."""
        version = self._expected_version(request, params["id"])
        service.delete_note(self.store(), params["id"], version)
        return Response(204)

    def _expected_version(self, request: Request, note_id: str) -> int | None:
        """The version a conditional write must find (None: unconditional).

        With several tags in If-Match, the current version decides which one applies;
        the store's compare-and-set still guards the write.
        """
        versions = if_match_versions(request)
        if versions is None or len(versions) == 1:
            return next(iter(versions)) if versions else None
        current = service.get_note(self.store(), note_id).version
        if current not in versions:
            raise VersionConflict("The note has changed since those versions.")
        return current

    def _draft(self, request: Request) -> NoteIn:
        data = read_json_object(request, self.max_body_bytes, JSON_TYPES)
        try:
            return NoteIn.model_validate(data)
        except ValidationError as error:
            raise ValidationFailed(service.safe_errors(error)) from None

    def routes(self) -> list[Route]:
        """The route table of the notes API, with what the OpenAPI document needs."""
        return [
            Route("POST", "/notes", self.create, "Create a note", "createNote", NoteIn,
                  response_model=Note, responses={201: "Created", 413: "", 415: "", 422: ""},
                  parameters=({"name": "Idempotency-Key", "in": "header",
                               "schema": {"type": "string", "maxLength": MAX_IDEMPOTENCY_KEY}},)),
            Route("GET", "/notes", self.list_notes, "List notes", "listNotes",
                  response_model=NotePage, responses={200: "A page of notes", 400: ""},
                  parameters=LIST_PARAMS),
            Route("GET", "/notes/{id}", self.read, "Read a note", "getNote",
                  response_model=Note, responses={200: "The note", 304: "", 404: ""},
                  parameters=(ID_PARAM, IF_NONE_MATCH)),
            Route("PUT", "/notes/{id}", self.replace, "Replace a note", "replaceNote", NoteIn,
                  response_model=Note, responses={200: "Replaced", 404: "", 412: "", 422: ""},
                  parameters=(ID_PARAM, IF_MATCH)),
            Route("PATCH", "/notes/{id}", self.patch, "Patch a note", "patchNote", NotePatch,
                  request_media_types=MERGE_PATCH_TYPES, response_model=Note,
                  responses={200: "Patched", 404: "", 412: "", 422: ""},
                  parameters=(ID_PARAM, IF_MATCH)),
            Route("DELETE", "/notes/{id}", self.delete, "Delete a note", "deleteNote",
                  responses={204: "Deleted", 404: "", 412: ""}, parameters=(ID_PARAM, IF_MATCH)),
        ]  # fmt: skip


def note_response(
    note: Note, status: int = 200, extra: tuple[tuple[str, str], ...] = ()
) -> Response:
    """A note as JSON with its ETag."""
    return Response.json(note.to_json(), status, (("etag", etag(note.version)), *extra))
