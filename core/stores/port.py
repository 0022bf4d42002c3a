"""The store port: what the notes service needs from any database.

The docstrings are the contract; ``tests/stores`` runs one suite against every store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from core.notes.models import Note

# The only note fields a write changes, and so the only names a store puts into a query.
EDITABLE = ("title", "description", "tags")


@dataclass(frozen=True, slots=True)
class Idempotency:
    """An ``Idempotency-Key`` and the fingerprint of the request body it first came with."""

    key: str
    fingerprint: str


@dataclass(frozen=True, slots=True)
class Page:
    """``items`` sorted by id ascending; ``next`` is the cursor after the last, or None."""

    items: list[Note]
    next: str | None


@dataclass(frozen=True, slots=True)
class Changes:
    """The fields a write replaces, and when it happened."""

    fields: Mapping[str, object]
    at: datetime


class NoteStore(Protocol):
    """Persistence of notes. Ids are opaque strings that sort in creation order."""

    def create(self, note: Note, idempotency: Idempotency | None = None) -> Note:
        """Insert ``note`` (version 1) and return it.

        With ``idempotency``: if the key was seen (and has not expired), return the note
        first created with it and insert nothing, even under concurrent calls; if the
        fingerprint differs, raise ``IdempotencyConflict``.
        """
        ...

    def get(self, note_id: str) -> Note:
        """The note with this id, or raise ``NotFound``."""
        ...

    def list(self, limit: int, after: str | None = None, tag: str | None = None) -> Page:
        """Up to ``limit`` notes with id > ``after``, optionally having ``tag``; O(limit)."""
        ...

    def update(self, note_id: str, changes: Changes, expected_version: int | None = None) -> Note:
        """Atomically set ``changes`` and bump ``version`` by one; return the new note.

        ``NotFound`` if absent; ``VersionConflict`` if ``expected_version`` is given and
        is not the current version (nothing is written then).
        """
        ...

    def delete(self, note_id: str, expected_version: int | None = None) -> None:
        """Atomically remove the note; same ``NotFound`` / ``VersionConflict`` rules."""
        ...

    def ping(self) -> None:
        """Return if the store answers, else raise ``StoreUnavailable``."""
        ...

    def close(self) -> None:
        """Release connections; the store may not be used afterwards."""
        ...


def apply_changes(note: Note, changes: Changes) -> Note:
    """The note after ``changes``: fields replaced, version bumped, ``updatedAt`` set."""
    return note.model_copy(
        update={**changes.fields, "version": note.version + 1, "updated_at": changes.at}
    )
