"""SQLite event store: the embedded default."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sago.domain.event import SignificantEvent
from sago.eventstore.base import UpsertResult
from sago.eventstore.sql import SqlDialect, SqlEventStore, SqlStoryTransaction
from sago.eventstore.writes import Stored, StoryTransaction, legacy_parts
from sago.sqldb.sqlite import SqliteDatabase, shared, statements

SCHEMA_VERSION = 3  # kept in PRAGMA user_version; 0 is a store from before versions

_EVENTS_V1 = """
CREATE TABLE IF NOT EXISTS significant_events (
    id TEXT PRIMARY KEY,
    company_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    severity TEXT NOT NULL,
    event_date TEXT,
    created_at TEXT NOT NULL,
    is_active INTEGER NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_company ON significant_events (company_id, event_type);
"""
# v2: an event's status and story as columns; the per-message reports (parts) events are
# resolved from, and the version of each message whose reports are kept.
_V2 = """
ALTER TABLE significant_events ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE significant_events ADD COLUMN story TEXT NOT NULL DEFAULT '';
UPDATE significant_events
    SET status = CASE WHEN is_active THEN 'active' ELSE 'retracted' END, story = 'id:' || id;
CREATE INDEX IF NOT EXISTS events_by_story ON significant_events (company_id, story);
CREATE INDEX IF NOT EXISTS events_by_status ON significant_events (company_id, status);
CREATE TABLE IF NOT EXISTS event_reports (
    company_id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    report_id TEXT NOT NULL,
    story TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (company_id, message_id, report_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS reports_by_story ON event_reports (company_id, story);
CREATE TABLE IF NOT EXISTS event_sources (
    company_id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (company_id, message_id)
) WITHOUT ROWID;
"""
# v3: the parts of one report id are found together (they share a story).
_V3 = """
CREATE INDEX IF NOT EXISTS reports_by_report ON event_reports (company_id, report_id);
"""


class _Dialect(SqlDialect):
    mark = "?"

    def one_of(self, column: str) -> str:
        # A JSON array as one parameter: no chunks below SQLite's variable limit.
        return f"{column} IN (SELECT value FROM json_each(?))"

    def table(self, table: str, column: str) -> str:
        # Without statistics SQLite's planner reads a company's parts through the primary
        # key (company_id alone) rather than the story or report index: every part of the
        # store on every write, a cost that grew with the store (#17). Name the index.
        index = _INDEXES.get((table, column))
        return f"{table} INDEXED BY {index}" if index else table

    def values(self, items: Sequence[str]) -> str:
        return json.dumps(list(items))

    def body(self, model: SignificantEvent) -> str:
        return model.model_dump_json()

    def event(self, body: Any) -> SignificantEvent:
        return SignificantEvent.model_validate_json(body)


_INDEXES = {
    ("event_reports", "story"): "reports_by_story",
    ("event_reports", "report_id"): "reports_by_report",
    ("significant_events", "story"): "events_by_story",
}
_DIALECT = _Dialect()


class _Transaction(SqlStoryTransaction):
    """The write flow on one connection; BEGIN IMMEDIATE already made this the only
    writer, so the locks are not needed."""

    def many(self, query: str, rows: Sequence[Any]) -> None:
        self.conn.executemany(query, rows)

    def events_under(self, company_id: str, prefix: str) -> list[Stored]:
        # A range on the story index: every story that starts with the prefix.
        rows = self.rows(
            "SELECT story, body FROM significant_events"
            " WHERE company_id = ? AND story >= ? AND story < ?",
            (company_id, prefix, prefix + "\U0010ffff"),
        )
        return [(story, _DIALECT.event(body)) for story, body in rows]

    def save_events(self, company_id: str, events: Sequence[Stored]) -> None:
        self.many(
            "INSERT OR REPLACE INTO significant_events (id, company_id, event_type, severity,"
            " event_date, created_at, is_active, status, story, body)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    e.id,
                    e.company_id,
                    e.event_type.value,
                    e.severity.value,
                    e.date.isoformat() if e.date else None,
                    e.created_at.isoformat(),
                    int(e.is_active),
                    e.status.value,
                    story,
                    e.model_dump_json(),
                )
                for story, e in events
            ],
        )


class SqliteEventStore(SqlEventStore):
    """Events as JSON rows with their filter columns alongside; upserts resolve under the
    database's write lock. A store from before schema version 2 is migrated in place.
    `where` is the file, or a database shared with the email store and the run log."""

    dialect = _DIALECT
    date_column = "event_date"
    order = "event_date DESC NULLS LAST, created_at DESC, id"

    def __init__(self, where: Path | SqliteDatabase) -> None:
        self._db = shared(where)
        try:
            self._migrate()
        except BaseException:
            self._db.release()
            raise

    def _migrate(self) -> None:
        with self._db.transaction() as db:
            (version,) = db.execute("PRAGMA user_version").fetchone()
            if version < 2:
                for statement in statements(_EVENTS_V1 + _V2):
                    db.execute(statement)
                _backfill_parts(db)
            if version < SCHEMA_VERSION:
                for statement in statements(_V3):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def _write(self, work: Callable[[StoryTransaction], UpsertResult]) -> UpsertResult:
        with self._db.transaction() as db:
            return work(_Transaction(_DIALECT, db))

    def _rows(self, query: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._db.rows(query, params)

    def _delete_all(self, tables: Sequence[str]) -> None:
        with self._db.transaction() as db:
            for table in tables:
                db.execute(f"DELETE FROM {table}")

    def close(self) -> None:
        self._db.release()


def _backfill_parts(db: sqlite3.Connection) -> None:
    """Events stored before v2 become their own parts, so later reports merge in."""
    tx = _Transaction(_DIALECT, db)
    rows = db.execute("SELECT company_id, body FROM significant_events").fetchall()
    for company_id, body in rows:
        tx.save_parts(company_id, legacy_parts(SignificantEvent.model_validate_json(body)))
