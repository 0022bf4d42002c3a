"""Write claims for FerretDB 1.x, whose compare-and-set is a read then a separate write."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from pymongo.database import Database
from pymongo.errors import DuplicateKeyError

from core.errors import VersionConflict
from core.stores.mongo.client import Doc, utc_now


@contextmanager
def claimed(db: Database[Doc], claim: str, lease: float) -> Iterator[None]:
    """Hold ``claim`` (a unique ``_id``) for the block, or raise ``VersionConflict``.

    FerretDB 1.x applies ``findAndModify``/``delete`` as a read then a separate write, so
    two writers of one version could both win; one claim per note version serialises
    them. A claim older than ``lease`` outlived its writer (every call is bounded).
    """
    claims = db.write_claims
    taken = take(db, claim)
    if taken is None:
        held = claims.find_one({"_id": claim}) or {"at": utc_now()}
        if held["at"] > utc_now() - timedelta(seconds=lease):
            raise VersionConflict("The note is being changed; retry.")
        claims.delete_one({"_id": claim, "at": held["at"]})
        taken = take(db, claim)
        if taken is None:
            raise VersionConflict("The note is being changed; retry.")
    try:
        yield
    finally:
        # Only our own claim: after a lease ran out, another writer may hold a new one.
        claims.delete_one({"_id": claim, "at": taken})


def take(db: Database[Doc], claim: str) -> datetime | None:
    """Insert the claim; when it was taken, or None if another writer holds it."""
    at = utc_now()
    try:
        db.write_claims.insert_one({"_id": claim, "at": at})
    except DuplicateKeyError:
        return None
    return at
