"""Notes use cases over the in-memory fake store."""

from __future__ import annotations

import pytest

from core.errors import IdempotencyConflict, NotFound, ValidationFailed, VersionConflict
from core.notes import service
from core.notes.models import NoteIn
from core.stores.memory import MemoryStore


def test_new_ids_are_24_hex_and_sort_by_creation() -> None:
    ids = [service.new_id() for _ in range(50)]
    assert all(service.ID_PATTERN.match(i) for i in ids)
    assert [i[:12] for i in ids] == sorted(i[:12] for i in ids)


def test_fingerprint_ignores_key_order_but_not_content() -> None:
    one = NoteIn.model_validate({"title": "a", "tags": ["x"]})
    same = NoteIn.model_validate({"tags": ["x"], "title": "a"})
    other = NoteIn.model_validate({"title": "b"})
    assert service.fingerprint(one) == service.fingerprint(same)
    assert service.fingerprint(one) != service.fingerprint(other)


def test_create_with_same_key_returns_first_note() -> None:
    store = MemoryStore()
    draft = NoteIn(title="t")
    first = service.create_note(store, draft, "key-1")
    assert service.create_note(store, draft, "key-1") == first
    with pytest.raises(IdempotencyConflict):
        service.create_note(store, NoteIn(title="u"), "key-1")


def test_merge_patch_follows_rfc_7386() -> None:
    content = NoteIn(title="t", description="d", tags=["a"])
    merged = service.merge(content, {"description": None, "tags": ["b", "b", "c"]})
    assert merged == NoteIn(title="t", description="", tags=["b", "c"])


def test_patch_without_if_match_retries_a_lost_race() -> None:
    store = MemoryStore()
    note = service.create_note(store, NoteIn(title="t"))
    real_update = store.update
    calls: list[int] = []

    def racing_update(note_id: str, changes: object, expected_version: int | None = None) -> object:
        if not calls:
            calls.append(1)  # another writer gets in first, once
            real_update(note_id, service.Changes({"title": "other"}, service.now()), None)
        return real_update(note_id, changes, expected_version)  # type: ignore[arg-type]

    store.update = racing_update  # type: ignore[method-assign]
    patched = service.patch_note(store, note.id, {"description": "d"}, None)
    assert (patched.title, patched.description, patched.version) == ("other", "d", 3)


def test_patch_with_stale_if_match_is_a_conflict() -> None:
    store = MemoryStore()
    note = service.create_note(store, NoteIn(title="t"))
    with pytest.raises(VersionConflict):
        service.patch_note(store, note.id, {"title": "x"}, expected_version=5)


@pytest.mark.parametrize("patch", [{"colour": "red"}, {"title": ""}, {"tags": "x"}])
def test_patch_rejects_invalid_documents(patch: dict[str, object]) -> None:
    store = MemoryStore()
    note = service.create_note(store, NoteIn(title="t"))
    with pytest.raises(ValidationFailed):
        service.patch_note(store, note.id, patch, None)


@pytest.mark.parametrize("note_id", ["", "abc", "G" * 24, "0" * 25, '{"$gt": ""}'])
def test_malformed_ids_are_not_found(note_id: str) -> None:
    with pytest.raises(NotFound):
        service.get_note(MemoryStore(), note_id)
