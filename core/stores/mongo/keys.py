"""Idempotency keys in MongoDB: reserved before the note, replayed, taken over when stale.

A key is a document in ``idempotency_keys`` whose unique ``_id`` is the key, so two racing
creators cannot both reserve it; the loser waits for the winner's note and returns it.
"""

from __future__ import annotations

import time
from datetime import timedelta

from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from core.errors import IdempotencyConflict, NotFound
from core.notes.models import Note
from core.stores.mongo.client import Doc, utc_now
from core.stores.mongo.documents import to_doc, to_note
from core.stores.port import Idempotency


def create_once(
    db: Database[Doc], note: Note, idempotency: Idempotency, ttl: float, lease: float
) -> Note:
    """Insert ``note`` under a fresh key, or return the note the key already names.

    ``ttl``: how long a key is remembered; ``lease``: how long a creator may take before
    another request takes its reservation over (every call is bounded by the timeout).
    """
    while True:  # each turn does I/O under pymongo.timeout, which ends a stuck loop
        seen = reserve(db, note, idempotency, ttl)
        if seen is None:
            db.notes.insert_one(to_doc(note))
            marked = db.idempotency_keys.update_one(
                {"_id": idempotency.key, "noteId": note.id}, {"$set": {"done": True}}
            )
            if marked.matched_count == 1:
                return note
            # Our reservation was taken over after it went stale: the other note counts.
            db.notes.delete_one({"_id": note.id})
            continue
        first = replay(db, seen, idempotency, lease)
        if first is not None:
            return first


def reserve(db: Database[Doc], note: Note, idempotency: Idempotency, ttl: float) -> Doc | None:
    """Reserve the key for ``note`` (None), or the live reservation that holds it."""
    now = utc_now()
    reservation = {"_id": idempotency.key, "fingerprint": idempotency.fingerprint,
                   "noteId": note.id, "at": now, "done": False}  # fmt: skip
    try:
        db.idempotency_keys.insert_one(reservation)
        return None
    except DuplicateKeyError:
        seen = db.idempotency_keys.find_one({"_id": idempotency.key})
    # The TTL monitor runs only every minute (and FerretDB has none): expire on read.
    if seen is not None and seen["at"] > now - timedelta(seconds=ttl):
        return seen
    if seen is not None:
        db.idempotency_keys.delete_one({"_id": idempotency.key, "at": seen["at"]})
    return reserve(db, note, idempotency, ttl)


def replay(db: Database[Doc], seen: Doc, idempotency: Idempotency, lease: float) -> Note | None:
    """The first note for a reused key; None while its creator is still writing it."""
    if seen["fingerprint"] != idempotency.fingerprint:
        raise IdempotencyConflict("This Idempotency-Key was used with another body.")
    found = db.notes.find_one({"_id": seen["noteId"]})
    if found is not None:
        return to_note(found)
    if seen["done"]:
        raise NotFound("The note created with this Idempotency-Key was deleted.")
    if seen["at"] < utc_now() - timedelta(seconds=lease):
        # Its creator gave up: take the key over.
        db.idempotency_keys.delete_one({"_id": seen["_id"], "noteId": seen["noteId"]})
    else:
        time.sleep(0.02)
    return None
