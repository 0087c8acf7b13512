"""The app's own records: conversations, feedback, query logs and ingest jobs, in one SQLite file.

Python's `sqlite3` does the work. The database lives at `<data dir>/app.sqlite3` in WAL mode with
one connection guarded by a lock, so every write from the API, the UI and background jobs goes
through a single writer and is committed before the call returns (it survives a restart).

The schema is versioned with `PRAGMA user_version`: `MIGRATIONS` is append-only, each script runs
in its own transaction together with the version bump, and a database written by newer code is
refused instead of being read wrongly.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from assistant.store_schema import MIGRATIONS  # append-only SQL scripts
from ingest.errors import AssistantError

SCHEMA_VERSION = len(MIGRATIONS)

JOB_STATUSES = ("queued", "running", "done", "failed")
MAX_COMMENT = 2000
FILE_NAME = "app.sqlite3"


_dumps = partial(json.dumps, ensure_ascii=False)  # Korean stays readable in the file


class Store:
    """One SQLite database with a single locked connection that every reader and writer shares."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._last_ts = 0.0
        # Autocommit mode: transactions are opened explicitly by `_write` and `_migrate`.
        self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        try:
            self._migrate()
        except BaseException:
            self._conn.close()
            raise

    # --- plumbing ------------------------------------------------------------------------
    @property
    def version(self) -> int:
        """The schema version recorded in the database file."""
        with self._lock:
            return self._conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        """Refuse a newer database (before touching it), set the pragmas, apply new migrations."""
        found = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if found > SCHEMA_VERSION:
            raise AssistantError(
                f"{self.path} has schema version {found}, but this version of the assistant "
                f"knows only up to {SCHEMA_VERSION}. Upgrade the assistant, or point it at "
                "another data directory."
            )
        for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON",
                       "busy_timeout=5000"):
            self._conn.execute(f"PRAGMA {pragma}")
        for version in range(found + 1, SCHEMA_VERSION + 1):
            script = MIGRATIONS[version - 1]
            try:
                self._conn.executescript(
                    f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {version};\nCOMMIT;"
                )
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise

    def _now(self) -> float:
        """Wall-clock time, strictly increasing across calls (call with the lock held)."""
        self._last_ts = max(time.time(), self._last_ts + 1e-6)
        return self._last_ts

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """Hold the lock and one transaction; commit on success, roll back on error."""
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def _read(self, sql: str, params: tuple, *json_fields: str) -> list[dict]:
        """Rows as dicts, with the named JSON columns decoded."""
        with self._lock:
            rows = self._conn.execute(sql, params).fetchall()
        return [{name: json.loads(value) if name in json_fields else value
                 for name, value in zip(row.keys(), row, strict=True)} for row in rows]

    def close(self) -> None:
        """Close the connection; the Store cannot be used afterwards."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- query log and feedback ------------------------------------------------------------
    def log_query(
        self, *, question: str, audience: str, language: str, refused: bool, decision: str,
        reason: str, chunk_ids: list[str], doc_ids: list[str], latency_ms: float,
        conversation_id: str = "", source: str = "ui",
    ) -> int:
        """Record one answered (or refused) question with its trace summary; return its id."""
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO queries (ts, question, audience, language, refused, decision, reason,"
                " chunk_ids, doc_ids, latency_ms, conversation_id, source)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (self._now(), question, audience, language, int(bool(refused)), decision,
                 reason, _dumps(list(chunk_ids)), _dumps(list(doc_ids)), float(latency_ms),
                 conversation_id, source),
            )
            return int(cursor.lastrowid)

    def add_feedback(
        self, *, rating: int, comment: str = "", query_id: int | None = None,
        question: str = "", answer: str = "",
    ) -> int:
        """Record a 👍 (+1) or 👎 (-1) on an answer; the question is copied from its query log."""
        if rating not in (1, -1) or isinstance(rating, bool):
            raise ValueError(f"rating must be +1 or -1, not {rating!r}")
        with self._write() as conn:
            if query_id is not None:
                sql = "SELECT question FROM queries WHERE id = ?"
                found = conn.execute(sql, (query_id,)).fetchone()
                if found is None:
                    raise ValueError(f"no logged query with id {query_id}")
                question = question or found["question"]
            cursor = conn.execute(
                "INSERT INTO feedback (ts, query_id, rating, comment, question, answer)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (self._now(), query_id, rating, comment[:MAX_COMMENT], question, answer),
            )
            return int(cursor.lastrowid)

    def queries(self, since: float = 0.0, limit: int = 10000) -> list[dict]:
        """The latest `limit` logged queries at or after `since`, oldest first."""
        rows = self._read(
            "SELECT * FROM (SELECT * FROM queries WHERE ts >= ? ORDER BY id DESC LIMIT ?)"
            " ORDER BY id",
            (since, limit), "chunk_ids", "doc_ids",
        )
        return [{**row, "refused": bool(row["refused"])} for row in rows]

    def feedback_rows(self, limit: int = 10000) -> list[dict]:
        """The latest `limit` feedback rows, oldest first."""
        return self._read(
            "SELECT * FROM (SELECT * FROM feedback ORDER BY id DESC LIMIT ?) ORDER BY id",
            (limit,),
        )

    def delete_older_than(self, ts: float) -> int:
        """Delete queries and feedback logged before `ts` (retention); return the rows deleted."""
        with self._write() as conn:
            deleted = conn.execute("DELETE FROM feedback WHERE ts < ?", (ts,)).rowcount
            deleted += conn.execute("DELETE FROM queries WHERE ts < ?", (ts,)).rowcount
            return deleted

    # --- conversations ---------------------------------------------------------------------
    def save_conversation(
        self, conversation_id: str, *, browser_id: str, title: str, audience: str,
        messages: list[dict],
    ) -> None:
        """Create or replace a conversation, keeping its creation time."""
        with self._write() as conn:
            now = self._now()
            conn.execute(
                "INSERT INTO conversations"
                " (id, browser_id, title, audience, messages, created, updated)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET browser_id = excluded.browser_id,"
                " title = excluded.title, audience = excluded.audience,"
                " messages = excluded.messages, updated = excluded.updated",
                (conversation_id, browser_id, title, audience, _dumps(messages), now, now),
            )

    def conversations(self, browser_id: str, limit: int = 50) -> list[dict]:
        """One browser's conversations (id, title, audience, updated), newest first."""
        return self._read(
            "SELECT id, title, audience, updated FROM conversations WHERE browser_id = ?"
            " ORDER BY updated DESC LIMIT ?",
            (browser_id, limit),
        )

    def conversation(self, conversation_id: str) -> dict | None:
        """One conversation with its messages decoded, or None if there is none."""
        rows = self._read(
            "SELECT * FROM conversations WHERE id = ?", (conversation_id,), "messages"
        )
        return rows[0] if rows else None

    def delete_conversation(self, conversation_id: str) -> None:
        """Delete a conversation; deleting one that does not exist is not an error."""
        with self._write() as conn:
            conn.execute("DELETE FROM conversations WHERE id = ?", (conversation_id,))

    # --- jobs ------------------------------------------------------------------------------
    def create_job(self, kind: str) -> str:
        """Record a queued background job of `kind` and return its id."""
        job_id = uuid.uuid4().hex
        with self._write() as conn:
            now = self._now()
            conn.execute(
                "INSERT INTO jobs (id, kind, status, progress, message, result, created, updated)"
                " VALUES (?, ?, 'queued', 0, '', 'null', ?, ?)",
                (job_id, kind, now, now),
            )
        return job_id

    def update_job(
        self, job_id: str, *, status: str | None = None, progress: float | None = None,
        message: str | None = None, result: Any = None,
    ) -> None:
        """Change the given fields of a job; raise KeyError if the job does not exist."""
        if status is not None and status not in JOB_STATUSES:
            raise ValueError(f"job status must be one of {', '.join(JOB_STATUSES)}: {status!r}")
        if progress is not None:
            progress = min(1.0, max(0.0, float(progress)))
        given = {"status": status, "progress": progress, "message": message,
                 "result": None if result is None else _dumps(result)}
        fields = {name: value for name, value in given.items() if value is not None}
        with self._write() as conn:
            fields["updated"] = self._now()
            assignments = ", ".join(f"{name} = ?" for name in fields)
            cursor = conn.execute(
                f"UPDATE jobs SET {assignments} WHERE id = ?", (*fields.values(), job_id)
            )
            if cursor.rowcount == 0:
                raise KeyError(f"no job with id {job_id!r}")

    def job(self, job_id: str) -> dict | None:
        """One job with its result decoded, or None if there is none."""
        rows = self._read("SELECT * FROM jobs WHERE id = ?", (job_id,), "result")
        return rows[0] if rows else None


    def last_job(self, kind: str) -> dict | None:
        """The newest job of a kind (e.g. the last re-index, for its failures), or None."""
        rows = self._read("SELECT * FROM jobs WHERE kind = ? ORDER BY created DESC LIMIT 1",
                          (kind,), "result")
        return rows[0] if rows else None

    def comment_feedback(self, feedback_id: int, comment: str) -> None:
        """Attach a comment (at most 2,000 characters) to a stored 👍/👎."""
        with self._write() as db:
            db.execute("UPDATE feedback SET comment = ? WHERE id = ?",
                       (comment.strip()[:2000], feedback_id))

def open_store(data_dir: Path) -> Store:
    """The Store of a data directory (`<data_dir>/app.sqlite3`), created and migrated if needed."""
    return Store(Path(data_dir) / FILE_NAME)
