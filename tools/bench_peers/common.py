"""What every peer does the same way: build a Note from a JSON body, and a store opened on use."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.config import Settings
from core.notes.models import Note
from core.notes.service import new_id, now
from core.stores import NoteStore, open_store
from core.stores.port import Idempotency


def new_note(fields: Mapping[str, Any]) -> Note:
    """A version-1 note from the client's fields, as every peer builds it (pydantic validates)."""
    moment = now()
    return Note(
        id=new_id(),
        version=1,
        created_at=moment,
        updated_at=moment,
        title=fields["title"],
        description=fields.get("description", ""),
        tags=list(fields.get("tags", ())),
    )


class EnvStore:
    """The store named by ``FAASPORT_STORE``, opened on first use: what a peer's entry binds.

    Only the module-level handlers (the cold-start entries) use it; the benchmark hands each
    peer the same store object it hands faasport.
    """

    def __init__(self) -> None:
        self._store: NoteStore | None = None

    def _open(self) -> NoteStore:
        if self._store is None:
            self._store = open_store(Settings.from_env())
        return self._store

    def create(self, note: Note, idempotency: Idempotency | None = None) -> Note:
        """See ``NoteStore.create``."""
        return self._open().create(note, idempotency)

    def get(self, note_id: str) -> Note:
        """See ``NoteStore.get``."""
        return self._open().get(note_id)
