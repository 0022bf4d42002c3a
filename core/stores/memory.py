"""An in-memory store: the fake of the port for unit tests and benchmarks."""

from __future__ import annotations

import bisect
import threading
import time

from core.errors import IdempotencyConflict, NotFound, VersionConflict
from core.notes.models import Note
from core.stores.port import Changes, Idempotency, Page, apply_changes


class MemoryStore:
    """Thread-safe dict-backed store; everything is lost when the process ends."""

    def __init__(self, idempotency_ttl_seconds: int = 24 * 3600) -> None:
        self._notes: dict[str, Note] = {}
        self._ids: list[str] = []  # sorted, for O(log n + page) listing
        self._keys: dict[str, tuple[Idempotency, str, float]] = {}
        self._ttl = idempotency_ttl_seconds
        self._lock = threading.Lock()

    def create(self, note: Note, idempotency: Idempotency | None = None) -> Note:
        """See ``NoteStore.create``."""
        with self._lock:
            if idempotency is not None:
                first = self._replay(idempotency)
                if first is not None:
                    return first
                self._keys[idempotency.key] = (idempotency, note.id, time.time())
            self._notes[note.id] = note
            bisect.insort(self._ids, note.id)
            return note

    def _replay(self, idempotency: Idempotency) -> Note | None:
        seen = self._keys.get(idempotency.key)
        if seen is None or time.time() - seen[2] > self._ttl:
            return None
        if seen[0].fingerprint != idempotency.fingerprint:
            raise IdempotencyConflict("This Idempotency-Key was used with another body.")
        note = self._notes.get(seen[1])
        if note is None:
            raise NotFound("The note created with this Idempotency-Key was deleted.")
        return note

    def get(self, note_id: str) -> Note:
        """See ``NoteStore.get``."""
        note = self._notes.get(note_id)
        if note is None:
            raise NotFound("No note with this id.")
        return note

    def list(self, limit: int, after: str | None = None, tag: str | None = None) -> Page:
        """See ``NoteStore.list``; a tag filter scans past non-matching notes."""
        with self._lock:
            start = bisect.bisect_right(self._ids, after) if after else 0
            items: list[Note] = []
            for note_id in self._ids[start:]:
                note = self._notes[note_id]
                if tag is None or tag in note.tags:
                    items.append(note)
                    if len(items) > limit:
                        break
        more = len(items) > limit
        items = items[:limit]
        return Page(items, items[-1].id if more else None)

    def update(self, note_id: str, changes: Changes, expected_version: int | None = None) -> Note:
        """See ``NoteStore.update``."""
        with self._lock:
            current = self._checked(note_id, expected_version)
            updated = apply_changes(current, changes)
            self._notes[note_id] = updated
            return updated

    def delete(self, note_id: str, expected_version: int | None = None) -> None:
        """See ``NoteStore.delete``."""
        with self._lock:
            self._checked(note_id, expected_version)
            del self._notes[note_id]
            self._ids.remove(note_id)

    def _checked(self, note_id: str, expected_version: int | None) -> Note:
        current = self.get(note_id)
        if expected_version is not None and current.version != expected_version:
            raise VersionConflict("The note has changed since that version.")
        return current

    def ping(self) -> None:
        """Always reachable."""

    def close(self) -> None:
        """Nothing to release."""
