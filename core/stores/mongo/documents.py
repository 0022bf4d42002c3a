"""Notes as MongoDB documents, and filters that only ever hold values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.notes.models import Note
from core.stores.mongo.client import Doc, to_ms


def value(text: str) -> str:
    """``text`` if it is a string: what goes into a filter is a value, never an operator."""
    if not isinstance(text, str):
        raise TypeError(f"a filter value must be a string, got {type(text).__name__}")
    return text


def version_filter(note_id: str, expected_version: int | None) -> Doc:
    """Match the note, and its version when one is expected."""
    query: Doc = {"_id": value(note_id)}
    if expected_version is not None:
        query["version"] = int(expected_version)
    return query


def exact(note: Note) -> Note:
    """``note`` as it will read back: times truncated to milliseconds."""
    return note.model_copy(
        update={"created_at": to_ms(note.created_at), "updated_at": to_ms(note.updated_at)}
    )


def to_doc(note: Note) -> Doc:
    """The document stored for ``note``."""
    return {"_id": note.id, "title": note.title, "description": note.description,
            "tags": list(note.tags), "version": note.version,
            "createdAt": note.created_at, "updatedAt": note.updated_at}  # fmt: skip


def to_note(doc: Mapping[str, Any]) -> Note:
    """The note a stored document holds (validated on the way in, so not again)."""
    return Note.model_construct(
        id=doc["_id"],
        title=doc["title"],
        description=doc["description"],
        tags=list(doc["tags"]),
        version=doc["version"],
        created_at=doc["createdAt"],
        updated_at=doc["updatedAt"],
    )
