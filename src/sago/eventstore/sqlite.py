"""SQLite event store: the embedded default."""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from sago.domain.email import InvestorEmail
from sago.domain.event import EventSeverity, EventType, SignificantEvent, merge_events
from sago.domain.run import RunSummary
from sago.eventstore.base import EventStatistics, EventStore, UpsertResult, filter_sql

_SCHEMA = """
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


class SqliteEventStore(EventStore):
    """Events as JSON rows with their filter columns alongside; upserts merge under a write lock."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._lock = threading.RLock()
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA busy_timeout=10000")
        self._db.executescript(_SCHEMA)

    def upsert(self, events: Sequence[SignificantEvent]) -> UpsertResult:
        result = UpsertResult()
        with self._lock:
            # IMMEDIATE takes the write lock first, so a concurrent writer cannot merge in between.
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for event in events:
                    row = self._db.execute(
                        "SELECT body FROM significant_events WHERE id = ?", (event.id,)
                    ).fetchone()
                    if row is None:
                        stored = event
                        result.inserted += 1
                    else:
                        stored = merge_events(SignificantEvent.model_validate_json(row[0]), event)
                        result.merged += 1
                    self._write(stored)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return result

    def _write(self, event: SignificantEvent) -> None:
        self._db.execute(
            "INSERT OR REPLACE INTO significant_events"
            " (id, company_id, event_type, severity, event_date, created_at, is_active, body)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                event.id,
                event.company_id,
                event.event_type.value,
                event.severity.value,
                event.date.isoformat() if event.date else None,
                event.created_at.isoformat(),
                int(event.is_active),
                event.model_dump_json(),
            ),
        )

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
    ) -> list[SignificantEvent]:
        where, params = filter_sql(
            "event_date", "?", event_type=event_type, severity=severity, since=since, until=until
        )
        query = "SELECT body FROM significant_events WHERE company_id = ? AND is_active = 1" + where
        query += " ORDER BY event_date DESC NULLS LAST, created_at DESC, id"
        with self._lock:
            rows = self._db.execute(query, [company_id, *params]).fetchall()
        return [SignificantEvent.model_validate_json(body) for (body,) in rows]

    def statistics(self, company_id: str) -> EventStatistics:
        events = self.events(company_id)
        dates = [e.date for e in events if e.date is not None]
        with self._lock:
            (total,) = self._db.execute(
                "SELECT COUNT(*) FROM significant_events WHERE company_id = ?", (company_id,)
            ).fetchone()
        return EventStatistics(
            total=int(total),
            active=len(events),
            by_type=dict(Counter(e.event_type.value for e in events)),
            by_severity=dict(Counter(e.severity.value for e in events)),
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
            self._db.execute("DELETE FROM runs")
            self._db.execute("DELETE FROM significant_events")
            self._db.execute("DELETE FROM investor_emails")

    def close(self) -> None:
        with self._lock:
            self._db.close()
