"""SQLite event store: the embedded default."""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Collection, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path

from sago.domain.email import InvestorEmail
from sago.domain.event import EventSeverity, EventStatus, EventType, SignificantEvent
from sago.domain.reports import SourceVersion
from sago.domain.run import RunSummary
from sago.eventstore.base import EventStatistics, EventStore, UpsertResult, filter_sql
from sago.eventstore.writes import Stored, StoryTransaction, legacy_parts, write_reports

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
CREATE TABLE IF NOT EXISTS runs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id TEXT NOT NULL,
    body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS investor_emails (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    company_id TEXT NOT NULL,
    approved INTEGER NOT NULL,
    body TEXT NOT NULL
);
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
_CHUNK = 400


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class _Transaction(StoryTransaction):
    """The write flow's reads and writes on one connection; BEGIN IMMEDIATE already made
    this the only writer, so the locks are not needed."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def _in(self, sql: str, company_id: str, values: Sequence[str]) -> list[tuple[str, ...]]:
        rows: list[tuple[str, ...]] = []
        for chunk in _chunks(list(values)):
            marks = ",".join("?" * len(chunk))
            rows += self.db.execute(sql.format(marks=marks), (company_id, *chunk)).fetchall()
        return rows

    def versions(self, company_id: str, message_ids: Sequence[str]) -> dict[str, int]:
        sql = "SELECT message_id, version FROM event_sources WHERE company_id = ?"
        rows = self._in(sql + " AND message_id IN ({marks})", company_id, message_ids)
        return {str(i): int(v) for i, v in rows}

    def save_versions(self, company_id: str, versions: Mapping[str, int]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO event_sources (company_id, message_id, version)"
            " VALUES (?, ?, ?)",
            [(company_id, i, v) for i, v in versions.items()],
        )

    def stories_of_messages(self, company_id: str, message_ids: Sequence[str]) -> set[str]:
        sql = "SELECT DISTINCT story FROM event_reports WHERE company_id = ?"
        return {
            s for (s,) in self._in(sql + " AND message_id IN ({marks})", company_id, message_ids)
        }

    def reports_of_messages(self, company_id: str, message_ids: Sequence[str]) -> set[str]:
        sql = "SELECT DISTINCT report_id FROM event_reports WHERE company_id = ?"
        rows = self._in(sql + " AND message_id IN ({marks})", company_id, message_ids)
        return {report_id for (report_id,) in rows}

    def stories_of_reports(self, company_id: str, report_ids: Sequence[str]) -> set[str]:
        sql = "SELECT DISTINCT story FROM event_reports WHERE company_id = ?"
        rows = self._in(sql + " AND report_id IN ({marks})", company_id, report_ids)
        return {story for (story,) in rows}

    def delete_parts_of(self, company_id: str, message_ids: Sequence[str]) -> None:
        for chunk in _chunks(list(message_ids)):
            self.db.execute(
                "DELETE FROM event_reports WHERE company_id = ?"
                f" AND message_id IN ({','.join('?' * len(chunk))})",
                (company_id, *chunk),
            )

    def parts(self, company_id: str, stories: Sequence[str]) -> list[Stored]:
        sql = "SELECT story, body FROM event_reports WHERE company_id = ? AND story IN ({marks})"
        return [
            (story, SignificantEvent.model_validate_json(body))
            for story, body in self._in(sql, company_id, stories)
        ]

    def save_parts(self, company_id: str, parts: Sequence[Stored]) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO event_reports"
            " (company_id, message_id, report_id, story, body) VALUES (?, ?, ?, ?, ?)",
            [
                (company_id, p.source_message_ids[0], p.id, story, p.model_dump_json())
                for story, p in parts
            ],
        )

    def events(self, company_id: str, stories: Sequence[str]) -> list[Stored]:
        sql = "SELECT story, body FROM significant_events WHERE company_id = ?"
        return [
            (story, SignificantEvent.model_validate_json(body))
            for story, body in self._in(sql + " AND story IN ({marks})", company_id, stories)
        ]

    def events_under(self, company_id: str, prefix: str) -> list[Stored]:
        # A range on the story index: every story that starts with the prefix.
        rows = self.db.execute(
            "SELECT story, body FROM significant_events"
            " WHERE company_id = ? AND story >= ? AND story < ?",
            (company_id, prefix, prefix + "\U0010ffff"),
        ).fetchall()
        return [(story, SignificantEvent.model_validate_json(body)) for story, body in rows]

    def save_events(self, company_id: str, events: Sequence[Stored]) -> None:
        self.db.executemany(
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

    def delete_events(self, company_id: str, event_ids: Sequence[str]) -> None:
        for chunk in _chunks(list(event_ids)):
            self.db.execute(
                f"DELETE FROM significant_events WHERE id IN ({','.join('?' * len(chunk))})",
                tuple(chunk),
            )


class SqliteEventStore(EventStore):
    """Events as JSON rows with their filter columns alongside; upserts resolve under the
    database's write lock. A store from before schema version 2 is migrated in place."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._lock = threading.RLock()
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA busy_timeout=10000")
        self._migrate()

    def _migrate(self) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                (version,) = self._db.execute("PRAGMA user_version").fetchone()
                if version < 2:
                    for statement in _statements(_EVENTS_V1 + _V2):
                        self._db.execute(statement)
                    self._backfill_parts()
                if version < SCHEMA_VERSION:
                    for statement in _statements(_V3):
                        self._db.execute(statement)
                    self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def _backfill_parts(self) -> None:
        """Events stored before v2 become their own parts, so later reports merge in."""
        tx = _Transaction(self._db)
        rows = self._db.execute("SELECT company_id, body FROM significant_events").fetchall()
        for company_id, body in rows:
            tx.save_parts(company_id, legacy_parts(SignificantEvent.model_validate_json(body)))

    def upsert(
        self, events: Sequence[SignificantEvent], *, sources: Sequence[SourceVersion] | None = None
    ) -> UpsertResult:
        with self._lock:
            # IMMEDIATE takes the write lock first, so a concurrent writer cannot merge in between.
            self._db.execute("BEGIN IMMEDIATE")
            try:
                result = write_reports(_Transaction(self._db), events, sources)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return result

    def get(self, event_id: str) -> SignificantEvent | None:
        with self._lock:
            row = self._db.execute(
                "SELECT body FROM significant_events WHERE id = ?", (event_id,)
            ).fetchone()
        return None if row is None else SignificantEvent.model_validate_json(row[0])

    def events(
        self,
        company_id: str,
        *,
        event_type: EventType | None = None,
        severity: EventSeverity | None = None,
        since: date | None = None,
        until: date | None = None,
        statuses: Collection[EventStatus] | None = None,
    ) -> list[SignificantEvent]:
        where, params = filter_sql(
            "event_date",
            "?",
            event_type=event_type,
            severity=severity,
            since=since,
            until=until,
            statuses=statuses,
        )
        query = "SELECT body FROM significant_events WHERE company_id = ?" + where
        query += " ORDER BY event_date DESC NULLS LAST, created_at DESC, id"
        with self._lock:
            rows = self._db.execute(query, [company_id, *params]).fetchall()
        return [SignificantEvent.model_validate_json(body) for (body,) in rows]

    def statistics(self, company_id: str) -> EventStatistics:
        events = self.events(company_id)
        dates = [e.date for e in events if e.date is not None]
        with self._lock:
            by_status = dict(
                self._db.execute(
                    "SELECT status, COUNT(*) FROM significant_events WHERE company_id = ?"
                    " GROUP BY status",
                    (company_id,),
                ).fetchall()
            )
        return EventStatistics(
            total=sum(int(n) for n in by_status.values()),
            active=len(events),
            by_type=dict(Counter(e.event_type.value for e in events)),
            by_severity=dict(Counter(e.severity.value for e in events)),
            by_status={str(k): int(n) for k, n in sorted(by_status.items())},
            first_date=min(dates) if dates else None,
            last_date=max(dates) if dates else None,
        )

    def companies(self) -> list[str]:
        with self._lock:
            rows = self._db.execute(
                "SELECT company_id FROM significant_events UNION"
                " SELECT company_id FROM investor_emails ORDER BY company_id"
            ).fetchall()
        return [str(r[0]) for r in rows]

    def save_email(self, email: InvestorEmail) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO investor_emails (company_id, approved, body) VALUES (?, ?, ?)",
                (email.company_id, int(email.approved), email.model_dump_json()),
            )

    def latest_email(
        self, company_id: str, *, approved: bool | None = None
    ) -> InvestorEmail | None:
        query = "SELECT body FROM investor_emails WHERE company_id = ?"
        params: list[object] = [company_id]
        if approved is not None:
            query += " AND approved = ?"
            params.append(int(approved))
        with self._lock:
            row = self._db.execute(query + " ORDER BY seq DESC LIMIT 1", params).fetchone()
        return None if row is None else InvestorEmail.model_validate_json(row[0])

    def save_run(self, summary: RunSummary) -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO runs (company_id, body) VALUES (?, ?)",
                (summary.company_id, summary.model_dump_json()),
            )

    def runs(self, company_id: str | None = None, limit: int = 100) -> list[RunSummary]:
        query = "SELECT body FROM runs"
        params: list[object] = []
        if company_id is not None:
            query += " WHERE company_id = ?"
            params.append(company_id)
        with self._lock:
            rows = self._db.execute(
                query + " ORDER BY seq DESC LIMIT ?", [*params, limit]
            ).fetchall()
        return [RunSummary.model_validate_json(body) for (body,) in rows]

    def flush(self) -> None:
        with self._lock:
            for table in (
                "runs",
                "significant_events",
                "investor_emails",
                "event_reports",
                "event_sources",
            ):
                self._db.execute(f"DELETE FROM {table}")

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _statements(script: str) -> list[str]:
    """A script's statements, to run one by one inside the migration's transaction
    (sqlite3's executescript would commit first)."""
    return [s.strip() for s in script.split(";") if s.strip()]
