"""Notes use cases as ``verb_noun`` functions that take the store first."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
import time
from collections.abc import Mapping
from datetime import UTC, datetime

from pydantic import ValidationError

from core.errors import BadRequest, NotFound, ValidationFailed, VersionConflict
from core.notes.models import Note, NoteIn, NotePatch
from core.stores.port import Changes, Idempotency, NoteStore, Page

ID_PATTERN = re.compile(r"[0-9a-f]{24}\Z")
PATCH_RETRIES = 5


def new_id() -> str:
    """A 24-hex-digit id: milliseconds since the epoch, then randomness; sorts by time."""
    return f"{time.time_ns() // 1_000_000:012x}{secrets.token_hex(6)}"


def check_id(note_id: str) -> str:
    """``note_id`` if well formed; a malformed id cannot name a note, so NotFound."""
    if not ID_PATTERN.match(note_id):
        raise NotFound("No note with this id.")
    return note_id


def check_cursor(after: str) -> str:
    """``after`` if it can be a cursor (an id), else 400."""
    if not ID_PATTERN.match(after):
        raise BadRequest("'after' must be the 'next' cursor of a previous page.")
    return after


def now() -> datetime:
    """The current time in UTC, to the millisecond (what every store can keep)."""
    moment = datetime.now(UTC)
    return moment.replace(microsecond=moment.microsecond // 1000 * 1000)


def fingerprint(draft: NoteIn) -> str:
    """A stable digest of a request body, to tell an honest retry from a reused key."""
    canonical = json.dumps(draft.model_dump(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def create_note(store: NoteStore, draft: NoteIn, idempotency_key: str | None = None) -> Note:
    """Store a new note; a repeated ``idempotency_key`` returns the first note instead."""
    moment = now()
    note = Note(id=new_id(), version=1, created_at=moment, updated_at=moment, **draft.model_dump())
    key = Idempotency(idempotency_key, fingerprint(draft)) if idempotency_key else None
    return store.create(note, key)


def get_note(store: NoteStore, note_id: str) -> Note:
    """The note with ``note_id``."""
    return store.get(check_id(note_id))


def list_notes(store: NoteStore, limit: int, after: str | None, tag: str | None) -> Page:
    """A page of notes after the cursor ``after``, optionally filtered by ``tag``."""
    return store.list(limit, after, tag)


def replace_note(
    store: NoteStore, note_id: str, draft: NoteIn, expected_version: int | None
) -> Note:
    """Replace every editable field of a note (PUT)."""
    return store.update(check_id(note_id), Changes(draft.model_dump(), now()), expected_version)


def patch_note(
    store: NoteStore, note_id: str, patch: Mapping[str, object], expected_version: int | None
) -> Note:
    """Apply a JSON merge patch; without ``expected_version`` retry lost races safely."""
    check_id(note_id)
    validate_patch(patch)
    for _ in range(PATCH_RETRIES):
        current = store.get(note_id)
        if expected_version is not None and current.version != expected_version:
            raise VersionConflict("The note has changed since that version.")
        draft = merge(current.content(), patch)
        try:
            # The read version guards the write, so a concurrent writer is never overwritten.
            return store.update(note_id, Changes(draft.model_dump(), now()), current.version)
        except VersionConflict:
            if expected_version is not None:
                raise
    raise VersionConflict("The note kept changing; retry the request.")


def delete_note(store: NoteStore, note_id: str, expected_version: int | None) -> None:
    """Delete a note."""
    store.delete(check_id(note_id), expected_version)


def validate_patch(patch: Mapping[str, object]) -> None:
    """Reject unknown fields and bad values in a merge patch before touching the store."""
    try:
        NotePatch.model_validate(patch)
    except ValidationError as error:
        raise ValidationFailed(safe_errors(error)) from None


def merge(content: NoteIn, patch: Mapping[str, object]) -> NoteIn:
    """RFC 7386 merge of ``patch`` into ``content``; ``null`` restores the default."""
    merged: dict[str, object] = content.model_dump()
    for name, value in patch.items():
        if value is None:
            merged.pop(name, None)
        else:
            merged[name] = value
    try:
        return NoteIn.model_validate(merged)
    except ValidationError as error:
        raise ValidationFailed(safe_errors(error)) from None


def safe_errors(error: ValidationError) -> list[dict[str, object]]:
    """Pydantic errors reduced to location, message and type; input values never leave."""
    return [
        {"loc": list(item["loc"]), "msg": item["msg"], "type": item["type"]}
        for item in error.errors(include_url=False, include_input=False, include_context=False)
    ]
