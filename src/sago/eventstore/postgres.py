"""PostgreSQL event store: the scale path, shared by every worker.

The seed's `significant_events` table keeps each field in its own column (JSONB for the
lists) so it can be queried and indexed, plus the whole event as `body`, which is what
the store reads back: a round trip returns exactly the model that was written.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any

from sago.domain.event import SignificantEvent
from sago.errors import missing_extra
from sago.eventstore.base import UpsertResult
from sago.eventstore.sql import SqlDialect, SqlEventStore, SqlStoryTransaction
from sago.eventstore.writes import Stored, StoryTransaction, legacy_parts
from sago.sqldb.postgres import Connection, PostgresDatabase

try:
    from psycopg import errors, sql
    from psycopg.types.json import Jsonb
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise missing_extra("psycopg", "postgres") from exc

SCHEMA_VERSION = 4
_UPSERT_TRIES = 5

_MIGRATIONS: dict[int, str | Callable[[Connection], None]] = {
    1: """
CREATE TABLE IF NOT EXISTS significant_events (
    id              TEXT PRIMARY KEY,
    event_type      TEXT NOT NULL,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    impact          TEXT NOT NULL DEFAULT '',
    metrics         JSONB NOT NULL DEFAULT '[]',
    timeline        DATE,  -- the seed's name for the event's date
    source_messages JSONB NOT NULL,
    severity        TEXT NOT NULL,
    stakeholders    JSONB NOT NULL DEFAULT '[]',
    company_id      TEXT NOT NULL,
    evidence        JSONB NOT NULL DEFAULT '[]',
    confidence      DOUBLE PRECISION NOT NULL,
    extractor       TEXT NOT NULL,
    batch_id        TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    is_active       BOOLEAN NOT NULL DEFAULT TRUE,
    body            JSONB NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_events_company_id ON significant_events (company_id);
CREATE INDEX IF NOT EXISTS idx_events_event_type ON significant_events (event_type);
CREATE INDEX IF NOT EXISTS idx_events_created_at ON significant_events (created_at);
CREATE INDEX IF NOT EXISTS idx_events_severity ON significant_events (severity);
CREATE INDEX IF NOT EXISTS idx_events_is_active ON significant_events (is_active);
CREATE INDEX IF NOT EXISTS idx_events_company_timeline
    ON significant_events (company_id, timeline DESC NULLS LAST);
""",
    # Events that evolve: status, stage, occurrence, series and history as columns; the
    # per-message reports events are resolved from; the version of each source message.
    2: """
ALTER TABLE significant_events
    ADD COLUMN IF NOT EXISTS status        TEXT NOT NULL DEFAULT 'active',
    ADD COLUMN IF NOT EXISTS polarity      TEXT NOT NULL DEFAULT 'positive',
    ADD COLUMN IF NOT EXISTS superseded_by TEXT,
    ADD COLUMN IF NOT EXISTS stage         TEXT,
    ADD COLUMN IF NOT EXISTS occurrence    TEXT,
    ADD COLUMN IF NOT EXISTS series        TEXT,
    ADD COLUMN IF NOT EXISTS period        TEXT,
    ADD COLUMN IF NOT EXISTS review        TEXT,
    ADD COLUMN IF NOT EXISTS explanation   TEXT NOT NULL DEFAULT '',
    ADD COLUMN IF NOT EXISTS history       JSONB NOT NULL DEFAULT '[]',
    ADD COLUMN IF NOT EXISTS story         TEXT;
UPDATE significant_events SET status = 'retracted' WHERE NOT is_active;
UPDATE significant_events SET story = 'id:' || id WHERE story IS NULL;
ALTER TABLE significant_events ALTER COLUMN story SET NOT NULL;
CREATE INDEX IF NOT EXISTS idx_events_story ON significant_events (company_id, story);
CREATE INDEX IF NOT EXISTS idx_events_status ON significant_events (company_id, status);
CREATE INDEX IF NOT EXISTS idx_events_series ON significant_events (company_id, series, period);
CREATE TABLE IF NOT EXISTS event_reports (
    company_id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    report_id  TEXT NOT NULL,
    story      TEXT NOT NULL,
    body       JSONB NOT NULL,
    PRIMARY KEY (company_id, message_id, report_id)
);
CREATE INDEX IF NOT EXISTS idx_reports_story ON event_reports (company_id, story);
CREATE TABLE IF NOT EXISTS event_sources (
    company_id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    version    BIGINT NOT NULL,
    PRIMARY KEY (company_id, message_id)
);
""",
}

_COLUMNS = (
    "id, event_type, title, description, impact, metrics, timeline, source_messages, severity,"
    " stakeholders, company_id, evidence, confidence, extractor, batch_id, created_at,"
    " is_active, status, polarity, superseded_by, stage, occurrence, series, period, review,"
    " explanation, history, story, body"
)
_NAMES = [name.strip() for name in _COLUMNS.split(",")]
_SAVE_EVENT = (
    f"INSERT INTO significant_events ({_COLUMNS})"
    f" VALUES ({', '.join(f'%({n})s' for n in _NAMES)})"
    " ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{n} = EXCLUDED.{n}" for n in _NAMES[1:])
    + ", updated_at = now()"
)


class _Dialect(SqlDialect):
    mark = "%s"

    def one_of(self, column: str) -> str:
        return f"{column} = ANY(%s)"

    def values(self, items: Sequence[str]) -> list[str]:
        return list(items)

    def body(self, model: SignificantEvent) -> Jsonb:
        return Jsonb(model.model_dump(mode="json"))

    def event(self, body: Any) -> SignificantEvent:
        return SignificantEvent.model_validate(body)


_DIALECT = _Dialect()


class PostgresEventStore(SqlEventStore):
    """Events in the seed's `significant_events` table, shared by every worker.

    An upsert takes advisory locks on the messages and stories it touches (in one sorted
    order, so two writers never deadlock) and merges in Python (`eventstore.writes`), so
    the stored result equals the SQLite store's for the same sequence of upserts,
    whatever the interleaving of concurrent workers. `where` is a DSN, or a database
    shared with the email store and the run log.
    """

    dialect = _DIALECT
    date_column = "timeline"
    # COLLATE "C": byte order for the tie-break, as SQLite compares text.
    order = 'timeline DESC NULLS LAST, created_at DESC, id COLLATE "C"'

    def __init__(
        self,
        where: str | PostgresDatabase,
        *,
        schema: str | None = None,
        min_size: int = 1,
        max_size: int = 4,
        connect_timeout: float = 5.0,
    ) -> None:
        if isinstance(where, str):
            where = PostgresDatabase(
                where,
                schema=schema,
                min_size=min_size,
                max_size=max_size,
                connect_timeout=connect_timeout,
            )
        self._db = where.share()
        try:
            self._db.set_up(_migrate)
        except BaseException:
            self._db.release()
            raise

    def _write(self, work: Callable[[StoryTransaction], UpsertResult]) -> UpsertResult:
        for attempt in range(1, _UPSERT_TRIES + 1):
            try:
                with self._db.connection() as conn, conn.transaction():
                    return work(_Transaction(_DIALECT, conn))
            except (errors.DeadlockDetected, errors.SerializationFailure):
                # Only under a stricter server default isolation level, or lock orders
                # not of our making; the whole transaction rolled back, so retry it.
                if attempt == _UPSERT_TRIES:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _rows(self, query: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._db.connection() as conn:
            return conn.execute(query, params).fetchall()

    def _delete_all(self, tables: Sequence[str]) -> None:
        with self._db.connection() as conn, conn.transaction():
            for table in tables:
                conn.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table)))

    def close(self) -> None:
        self._db.release()


def _migrate(conn: Connection) -> None:
    """Create what is missing; a database already at SCHEMA_VERSION is left alone."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY,"
        " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
    )
    applied = {v for (v,) in conn.execute("SELECT version FROM schema_version")}
    for version, step in sorted(_MIGRATIONS.items()):
        if version not in applied:
            if isinstance(step, str):
                conn.execute(step)
            else:
                step(conn)
            conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (version,))


def _row(event: SignificantEvent, story: str) -> dict[str, Any]:
    body = event.model_dump(mode="json")
    return {
        "id": event.id,
        "event_type": event.event_type.value,
        "title": event.title,
        "description": event.description,
        "impact": event.impact,
        "metrics": Jsonb(body["metrics"]),
        "timeline": event.date,
        "source_messages": Jsonb(body["source_message_ids"]),
        "severity": event.severity.value,
        "stakeholders": Jsonb(body["stakeholders"]),
        "company_id": event.company_id,
        "evidence": Jsonb(body["evidence"]),
        "confidence": event.confidence,
        "extractor": event.extractor,
        "batch_id": event.batch_id,
        "created_at": event.created_at,
        "is_active": event.is_active,
        "status": event.status.value,
        "polarity": event.polarity.value,
        "superseded_by": event.superseded_by,
        "stage": event.stage,
        "occurrence": event.occurrence,
        "series": event.series,
        "period": event.period,
        "review": event.review,
        "explanation": event.explanation,
        "history": Jsonb(body["history"]),
        "story": story,
        "body": Jsonb(body),
    }


def _lock_keys(kind: str, company_id: str, names: Sequence[str]) -> list[int]:
    """Advisory lock keys (signed 64-bit) for messages or stories, in one global order."""
    keys = {
        int.from_bytes(
            hashlib.sha256(f"{kind}\x1f{company_id}\x1f{name}".encode()).digest()[:8],
            "big",
            signed=True,
        )
        for name in names
    }
    return sorted(keys)


class _Transaction(SqlStoryTransaction):
    """The write flow inside one PostgreSQL transaction (READ COMMITTED: once a lock is
    held, every later statement sees what the writer before us committed)."""

    def many(self, query: str, rows: Sequence[Any]) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(query, rows)

    def _lock(self, kind: str, company_id: str, names: Sequence[str]) -> None:
        keys = _lock_keys(kind, company_id, names)
        if keys:  # unnest keeps the array's (sorted) order, so every writer locks alike
            self.run("SELECT pg_advisory_xact_lock(k) FROM unnest(%s::bigint[]) k", (keys,))

    def lock_messages(self, company_id: str, message_ids: Sequence[str]) -> None:
        self._lock("message", company_id, message_ids)

    def lock_stories(self, company_id: str, stories: Sequence[str]) -> None:
        self._lock("story", company_id, stories)

    def events_under(self, company_id: str, prefix: str) -> list[Stored]:
        rows = self.rows(
            "SELECT story, body FROM significant_events"
            " WHERE company_id = %s AND starts_with(story, %s)",
            (company_id, prefix),
        )
        return [(str(story), _DIALECT.event(body)) for story, body in rows]

    def save_events(self, company_id: str, events: Sequence[Stored]) -> None:
        self.many(_SAVE_EVENT, [_row(event, story) for story, event in events])


def _backfill_parts(conn: Connection) -> None:
    """Schema 3: events stored before reports were kept become their own parts, so the
    next report of one merges with everything it had."""
    tx = _Transaction(_DIALECT, conn)
    rows = conn.execute("SELECT company_id, body FROM significant_events").fetchall()
    for company_id, body in rows:
        tx.save_parts(str(company_id), legacy_parts(SignificantEvent.model_validate(body)))


# A data step after the DDL: it needs the parts table and the model.
_MIGRATIONS[3] = _backfill_parts
# The parts of one report id are found together (they share a story).
_MIGRATIONS[4] = (
    "CREATE INDEX IF NOT EXISTS idx_reports_report ON event_reports (company_id, report_id)"
)
