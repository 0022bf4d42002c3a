"""``MongoStore``: the store port on MongoDB.

Every store call runs under ``pymongo.timeout`` bounded by the invocation's deadline, and
pymongo's failures are translated in one place (``client.translate_errors``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC

import pymongo
from bson.codec_options import CodecOptions
from pymongo import ReturnDocument
from pymongo.database import Database
from pymongo.errors import OperationFailure

from core.config import Settings
from core.deadline import remaining_seconds
from core.errors import NotFound, VersionConflict
from core.logs import logger
from core.notes.models import Note
from core.stores.mongo.claims import claimed
from core.stores.mongo.client import (
    Doc,
    client_for,
    database_name,
    release_client,
    to_ms,
    translate_errors,
)
from core.stores.mongo.documents import exact, to_doc, to_note, value, version_filter
from core.stores.mongo.keys import create_once
from core.stores.port import EDITABLE, Changes, Idempotency, Page

Write = Callable[[Doc], "Doc | None"]
NOT_IMPLEMENTED = 238  # FerretDB has no TTL indexes; expired keys are ignored on read anyway
OPTIONS_CONFLICT = (85, 86)  # IndexOptionsConflict, IndexKeySpecsConflict
AFTER = ReturnDocument.AFTER
CODECS: CodecOptions[Doc] = CodecOptions(tz_aware=True, tzinfo=UTC)

# (url, database) -> whether writes need claims; present once the indexes exist.
_prepared: dict[tuple[str, str], bool] = {}
_lock = threading.Lock()


class MongoStore:
    """Notes in a ``notes`` collection keyed by id; idempotency keys in their own collection."""

    def __init__(
        self,
        url: str,
        database: str = "",
        idempotency_ttl_seconds: int = 24 * 3600,
        timeout_ms: int = 5000,
    ) -> None:
        self.url = url
        self.database = database_name(url, database)
        self._ttl = idempotency_ttl_seconds
        self._timeout = timeout_ms / 1000

    @classmethod
    def from_settings(cls, settings: Settings) -> MongoStore:
        """A store for ``settings``; no client and no connection yet."""
        return cls(
            settings.store_url,
            settings.database,
            settings.idempotency_ttl_seconds,
            settings.store_timeout_ms,
        )

    @contextmanager
    def _operation(self) -> Iterator[Database[Doc]]:
        """The database, with every call inside bounded by the deadline and translated."""
        with pymongo.timeout(remaining_seconds(self._timeout)), translate_errors():
            db = client_for(self.url).get_database(self.database, codec_options=CODECS)
            if (self.url, self.database) not in _prepared:
                self._prepare(db)
            yield db

    def _prepare(self, db: Database[Doc]) -> None:
        """Create the indexes and learn the server's kind, once per process and database."""
        db.notes.create_index([("tags", 1), ("_id", 1)])
        self._expire_keys(db)
        build = db.client.admin.command("buildInfo")
        claims = str(build.get("ferretdbVersion", "")).startswith("v1.")
        with _lock:
            _prepared[(self.url, self.database)] = claims

    def _expire_keys(self, db: Database[Doc]) -> None:
        """The TTL index on ``idempotency_keys.at``; best effort, since reads expire too."""
        try:
            db.idempotency_keys.create_index("at", expireAfterSeconds=self._ttl)
        except OperationFailure as error:
            if error.code == NOT_IMPLEMENTED:  # FerretDB: no TTL indexes
                return
            if error.code not in OPTIONS_CONFLICT:
                raise
            # The configured TTL changed: retune the index. A readWrite-only user may not
            # run collMod; the old TTL then only decides when keys are cleaned up.
            retune = {"keyPattern": {"at": 1}, "expireAfterSeconds": self._ttl}
            try:
                db.command("collMod", "idempotency_keys", index=retune)
            except OperationFailure:
                logger.warning("could not change the idempotency key TTL index", exc_info=True)

    def create(self, note: Note, idempotency: Idempotency | None = None) -> Note:
        """See ``NoteStore.create``: the key is reserved (unique ``_id``) before the note."""
        note = exact(note)
        with self._operation() as db:
            if idempotency is None:
                db.notes.insert_one(to_doc(note))
                return note
            return create_once(db, note, idempotency, self._ttl, lease=self._timeout + 1)

    def get(self, note_id: str) -> Note:
        """See ``NoteStore.get``."""
        with self._operation() as db:
            found = db.notes.find_one({"_id": value(note_id)})
        if found is None:
            raise NotFound("No note with this id.")
        return to_note(found)

    def list(self, limit: int, after: str | None = None, tag: str | None = None) -> Page:
        """See ``NoteStore.list``: a range on ``_id`` (and ``tags``) served by an index."""
        query: Doc = {"_id": {"$gt": value(after or "")}}
        if tag is not None:
            query["tags"] = value(tag)
        with self._operation() as db:
            docs = list(db.notes.find(query).sort("_id", 1).limit(limit + 1))
        items = [to_note(doc) for doc in docs[:limit]]
        return Page(items, items[-1].id if len(docs) > limit else None)

    def update(self, note_id: str, changes: Changes, expected_version: int | None = None) -> Note:
        """See ``NoteStore.update``: one compare-and-set ``find_one_and_update``."""
        fields: Doc = {name: changes.fields[name] for name in EDITABLE if name in changes.fields}
        fields["updatedAt"] = to_ms(changes.at)
        change = {"$set": fields, "$inc": {"version": 1}}

        def replace(query: Doc) -> Doc | None:
            return db.notes.find_one_and_update(query, change, return_document=AFTER)

        with self._operation() as db:
            return to_note(self._write(db, note_id, expected_version, replace))

    def delete(self, note_id: str, expected_version: int | None = None) -> None:
        """See ``NoteStore.delete``: one ``delete_one`` with the version in the filter."""

        def remove(query: Doc) -> Doc | None:
            return query if db.notes.delete_one(query).deleted_count == 1 else None

        with self._operation() as db:
            self._write(db, note_id, expected_version, remove)

    def _write(self, db: Database[Doc], note_id: str, expected: int | None, write: Write) -> Doc:
        """Run ``write`` on the note's version filter; explain a miss."""
        if not _prepared.get((self.url, self.database)):
            found = write(version_filter(note_id, expected))  # atomic on the server
            if found is None:
                raise self._missed(db, note_id)
            return found
        while True:  # bounded by pymongo.timeout, like every loop here
            version = expected if expected is not None else self._version(db, note_id)
            try:
                with claimed(db, f"{note_id}@{version}", self._timeout + 1):
                    found = write(version_filter(note_id, version))
                if found is None:
                    raise self._missed(db, note_id)
                return found
            except VersionConflict:
                if expected is not None:
                    raise
                time.sleep(0.002)  # another writer holds the version: read it again

    @staticmethod
    def _version(db: Database[Doc], note_id: str) -> int:
        found = db.notes.find_one({"_id": value(note_id)}, {"version": 1})
        if found is None:
            raise NotFound("No note with this id.")
        return int(found["version"])

    @staticmethod
    def _missed(db: Database[Doc], note_id: str) -> NotFound | VersionConflict:
        """Why a write matched nothing: no such note, or a stale version."""
        if db.notes.find_one({"_id": note_id}, {"_id": 1}) is None:
            return NotFound("No note with this id.")
        return VersionConflict("The note has changed since that version.")

    def ping(self) -> None:
        """See ``NoteStore.ping``."""
        with self._operation() as db:
            db.command("ping")

    def close(self) -> None:
        """Close the process's client for this URL; a later store opens a new one."""
        release_client(self.url)
