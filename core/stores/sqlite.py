"""The embedded default store: stdlib ``sqlite3`` in WAL mode, one file, no server."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from core.deadline import remaining_seconds
from core.errors import IdempotencyConflict, NotFound, StoreUnavailable, VersionConflict
from core.notes.models import Note
from core.stores.port import EDITABLE, Changes, Idempotency, Page

SCHEMA = """
CREATE TABLE IF NOT EXISTS notes (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, description TEXT NOT NULL,
    tags TEXT NOT NULL, version INTEGER NOT NULL,
    created_at TEXT NOT NULL, updated_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS note_tags (
    tag TEXT NOT NULL, note_id TEXT NOT NULL, PRIMARY KEY (tag, note_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS idempotency_keys (
    key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, note_id TEXT NOT NULL,
    created_at REAL NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS idempotency_keys_by_age ON idempotency_keys (created_at);
"""
COLUMNS = "id, title, description, tags, version, created_at, updated_at"


@contextmanager
def translate_errors() -> Iterator[None]:
    """Map sqlite3 failures (locked too long, unopenable file) to ``StoreUnavailable``."""
    try:
        yield
    except sqlite3.OperationalError as error:
        raise StoreUnavailable("The database is unavailable; retry shortly.") from error


class SQLiteStore:
    """Notes in one SQLite file; safe across threads (a connection each) and processes."""

    def __init__(
        self, path: str | Path, idempotency_ttl_seconds: int = 24 * 3600, timeout_ms: int = 5000
    ) -> None:
        self.path = Path(path)
        self._ttl = idempotency_ttl_seconds
        self._timeout = timeout_ms / 1000
        self._local = threading.local()
        self._connections: dict[int, sqlite3.Connection] = {}  # by thread id
        self._lock = threading.Lock()

    def _db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            db = self._connect()
            self._local.db = db
        return db

    def _connect(self) -> sqlite3.Connection:
        with translate_errors():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Each thread uses only its own connection; close() may run on another thread.
            db = sqlite3.connect(
                self.path, timeout=self._timeout, isolation_level=None, check_same_thread=False
            )
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(SCHEMA)
        with self._lock:
            self._close_orphans()
            self._connections[threading.get_ident()] = db
        return db

    def _close_orphans(self) -> None:
        """Close the connections of threads that ended (a server starts one per client)."""
        alive = {thread.ident for thread in threading.enumerate()}
        for ident in [ident for ident in self._connections if ident not in alive]:
            self._connections.pop(ident).close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction that takes the file's write lock up front."""
        db = self._db()
        with translate_errors():
            # Wait for the write lock no longer than the invocation has left.
            busy_ms = int(remaining_seconds(self._timeout) * 1000)
            db.execute(f"PRAGMA busy_timeout = {busy_ms}")
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def create(self, note: Note, idempotency: Idempotency | None = None) -> Note:
        """See ``NoteStore.create``."""
        with self._write() as db:
            if idempotency is not None:
                first = self._replay(db, idempotency)
                if first is not None:
                    return first
                now = time.time()
                # Expired keys go with the next keyed create: the table stays small.
                db.execute("DELETE FROM idempotency_keys WHERE created_at <= ?", (now - self._ttl,))
                db.execute(
                    "INSERT INTO idempotency_keys VALUES (?, ?, ?, ?)",
                    (idempotency.key, idempotency.fingerprint, note.id, now),
                )
            db.execute(f"INSERT INTO notes ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)", _row(note))
            _insert_tags(db, note)
        return note

    def _replay(self, db: sqlite3.Connection, idempotency: Idempotency) -> Note | None:
        found = db.execute(
            "SELECT fingerprint, note_id FROM idempotency_keys WHERE key = ? AND created_at > ?",
            (idempotency.key, time.time() - self._ttl),
        ).fetchone()
        if found is None:
            return None
        if found[0] != idempotency.fingerprint:
            raise IdempotencyConflict("This Idempotency-Key was used with another body.")
        return self._get(db, found[1], "The note created with this Idempotency-Key was deleted.")

    def get(self, note_id: str) -> Note:
        """See ``NoteStore.get``."""
        with translate_errors():
            return self._get(self._db(), note_id, "No note with this id.")

    @staticmethod
    def _get(db: sqlite3.Connection, note_id: str, missing: str) -> Note:
        row = db.execute(f"SELECT {COLUMNS} FROM notes WHERE id = ?", (note_id,)).fetchone()
        if row is None:
            raise NotFound(missing)
        return _note(row)

    def list(self, limit: int, after: str | None = None, tag: str | None = None) -> Page:
        """See ``NoteStore.list``; both forms walk a primary-key index from ``after``."""
        if tag is None:
            sql = f"SELECT {COLUMNS} FROM notes WHERE id > ? ORDER BY id LIMIT ?"
            args: tuple[object, ...] = (after or "", limit + 1)
        else:
            sql = (
                f"SELECT {', '.join('n.' + c.strip() for c in COLUMNS.split(','))} "
                "FROM note_tags t JOIN notes n ON n.id = t.note_id "
                "WHERE t.tag = ? AND t.note_id > ? ORDER BY t.note_id LIMIT ?"
            )
            args = (tag, after or "", limit + 1)
        with translate_errors():
            rows = self._db().execute(sql, args).fetchall()
        items = [_note(row) for row in rows[:limit]]
        return Page(items, items[-1].id if len(rows) > limit else None)

    def update(self, note_id: str, changes: Changes, expected_version: int | None = None) -> Note:
        """See ``NoteStore.update``: one compare-and-set UPDATE on ``version``."""
        fields = {name: changes.fields[name] for name in EDITABLE if name in changes.fields}
        if "tags" in fields:
            fields["tags"] = json.dumps(fields["tags"])
        assignments = ", ".join(f"{name} = ?" for name in fields)
        with self._write() as db:
            cursor = db.execute(
                f"UPDATE notes SET {assignments}, version = version + 1, updated_at = ? "
                "WHERE id = ? AND (? IS NULL OR version = ?)",
                (*fields.values(), _iso(changes.at), note_id, expected_version, expected_version),
            )
            self._check_written(db, cursor.rowcount, note_id)
            note = self._get(db, note_id, "No note with this id.")
            if "tags" in changes.fields:
                db.execute("DELETE FROM note_tags WHERE note_id = ?", (note_id,))
                _insert_tags(db, note)
        return note

    def delete(self, note_id: str, expected_version: int | None = None) -> None:
        """See ``NoteStore.delete``."""
        with self._write() as db:
            cursor = db.execute(
                "DELETE FROM notes WHERE id = ? AND (? IS NULL OR version = ?)",
                (note_id, expected_version, expected_version),
            )
            self._check_written(db, cursor.rowcount, note_id)
            db.execute("DELETE FROM note_tags WHERE note_id = ?", (note_id,))

    @staticmethod
    def _check_written(db: sqlite3.Connection, rowcount: int, note_id: str) -> None:
        """Zero rows written means either no such note or a stale version."""
        if rowcount == 1:
            return
        if db.execute("SELECT 1 FROM notes WHERE id = ?", (note_id,)).fetchone() is None:
            raise NotFound("No note with this id.")
        raise VersionConflict("The note has changed since that version.")

    def ping(self) -> None:
        """See ``NoteStore.ping``."""
        with translate_errors():
            self._db().execute("SELECT 1 FROM notes LIMIT 1").fetchall()

    def close(self) -> None:
        """Close every thread's connection."""
        with self._lock:
            for db in self._connections.values():
                db.close()
            self._connections.clear()
        self._local = threading.local()


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _row(note: Note) -> tuple[object, ...]:
    return (
        note.id,
        note.title,
        note.description,
        json.dumps(note.tags),
        note.version,
        _iso(note.created_at),
        _iso(note.updated_at),
    )


def _note(row: tuple[str, str, str, str, int, str, str]) -> Note:
    note_id, title, description, tags, version, created, updated = row
    # Rows were validated on the way in; constructing skips validating them again.
    return Note.model_construct(
        id=note_id,
        title=title,
        description=description,
        tags=json.loads(tags),
        version=version,
        created_at=datetime.fromisoformat(created),
        updated_at=datetime.fromisoformat(updated),
    )


def _insert_tags(db: sqlite3.Connection, note: Note) -> None:
    db.executemany("INSERT INTO note_tags VALUES (?, ?)", [(tag, note.id) for tag in note.tags])
