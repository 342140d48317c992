"""PostgreSQL event store: the scale path, shared by every worker.

The seed's `significant_events` table keeps each field in its own column (JSONB for the
lists) so it can be queried and indexed, plus the whole event as `body`, which is what
the store reads back: a round trip returns exactly the model that was written.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

from sago.domain.email import InvestorEmail
from sago.domain.event import EventSeverity, EventStatus, EventType, SignificantEvent
from sago.domain.reports import SourceVersion
from sago.domain.run import RunSummary
from sago.errors import ServiceUnavailableError, missing_extra
from sago.eventstore.base import EventStatistics, EventStore, UpsertResult, filter_sql
from sago.eventstore.writes import Stored, StoryTransaction, legacy_parts, write_reports

try:
    import psycopg
    from psycopg import errors, sql
    from psycopg.conninfo import conninfo_to_dict
    from psycopg.types.json import Jsonb
    from psycopg_pool import ConnectionPool
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise missing_extra("psycopg", "postgres") from exc

SCHEMA_VERSION = 4
# Serialises migrations of concurrently starting workers: two sessions running
# CREATE TABLE IF NOT EXISTS at once can still collide on the catalog's unique indexes.
_MIGRATION_LOCK = 0x5A90_E7E5
_UPSERT_TRIES = 5
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,62}")

_Connection = psycopg.Connection[tuple[Any, ...]]
_MIGRATIONS: dict[int, str | Callable[[_Connection], None]] = {
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
CREATE TABLE IF NOT EXISTS investor_emails (
    seq        BIGSERIAL PRIMARY KEY,
    company_id TEXT NOT NULL,
    approved   BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    body       JSONB NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_emails_company ON investor_emails (company_id, approved, seq);
CREATE TABLE IF NOT EXISTS runs (
    seq        BIGSERIAL PRIMARY KEY,
    company_id TEXT NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    body       JSONB NOT NULL
);
CREATE INDEX IF NOT EXISTS idx_runs_company ON runs (company_id, seq);
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
_SAVE_PART = (
    "INSERT INTO event_reports (company_id, message_id, report_id, story, body)"
    " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (company_id, message_id, report_id)"
    " DO UPDATE SET story = EXCLUDED.story, body = EXCLUDED.body"
)


class PostgresEventStore(EventStore):
    """Events in the seed's `significant_events` table, shared by every worker.

    An upsert locks the rows it touches (`SELECT … FOR UPDATE`, in id order so two
    writers never deadlock) and merges in Python with `merge_events`, so the stored
    result equals the SQLite store's for the same sequence of upserts, whatever the
    interleaving of concurrent workers.
    """

    def __init__(
        self,
        dsn: str,
        *,
        schema: str | None = None,
        min_size: int = 1,
        max_size: int = 4,
        connect_timeout: float = 5.0,
    ) -> None:
        if schema is not None and not _IDENTIFIER.fullmatch(schema):
            raise ValueError(f"invalid PostgreSQL schema name {schema!r}")
        self.schema = schema
        kwargs: dict[str, Any] = {
            # libpq counts whole seconds and treats anything below 2 as 2.
            "connect_timeout": max(2, round(connect_timeout)),
            "application_name": "sago",
        }
        if schema is not None:
            kwargs["options"] = f"-c search_path={schema}"
        self._dsn = dsn
        self._connect_kwargs = kwargs
        # How long one call waits for a pooled connection: as long as connecting may take.
        # During an outage the call then fails with ServiceUnavailableError, and the
        # pipeline logs it, backs off and retries.
        self._wait = connect_timeout
        self._migrate()
        self._pool: ConnectionPool[psycopg.Connection[tuple[Any, ...]]] = ConnectionPool(
            dsn,
            min_size=min_size,
            max_size=max_size,
            kwargs=kwargs,
            open=False,
            check=ConnectionPool.check_connection,
            name="sago-events",
            # The pool's own reconnect backoff doubles without a cap (for 5 minutes by
            # default), so after an outage it could stay asleep for a minute with the
            # server back. Giving up early lets the next request start a fresh attempt.
            reconnect_timeout=self._wait,
        )
        try:
            self._pool.open(wait=True, timeout=connect_timeout + 1)
        except Exception as exc:
            self._pool.close()
            raise self._unavailable(exc) from exc

    # -- start-up -----------------------------------------------------------------------

    def _migrate(self) -> None:
        """Create what is missing; a database already at SCHEMA_VERSION is left alone."""
        try:
            conn = psycopg.connect(self._dsn, **self._connect_kwargs)
        except psycopg.OperationalError as exc:
            raise self._unavailable(exc) from exc
        with conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            if self.schema is not None:
                conn.execute(
                    sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(self.schema))
                )
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

    def _unavailable(self, exc: Exception) -> ServiceUnavailableError:
        detail = str(exc).strip() or type(exc).__name__
        try:
            params = conninfo_to_dict(self._dsn)
        except psycopg.ProgrammingError:
            params = {}
        password = params.get("password")
        if password:  # libpq does not echo it, but never risk a secret in a log line
            detail = detail.replace(str(password), "***")
        where = f"{params.get('host', 'localhost')}:{params.get('port', 5432)}"
        return ServiceUnavailableError("PostgreSQL", "SAGO_POSTGRES_DSN", f"{where}: {detail}")

    @contextmanager
    def _connection(self) -> Iterator[psycopg.Connection[tuple[Any, ...]]]:
        try:
            with self._pool.connection(timeout=self._wait) as conn:
                yield conn
        except psycopg.OperationalError as exc:
            if not _lost_server(exc):
                raise  # e.g. a deadlock or a cancelled query: the server is fine
            raise self._unavailable(exc) from exc

    # -- events -------------------------------------------------------------------------

    def upsert(
        self, events: Sequence[SignificantEvent], *, sources: Sequence[SourceVersion] | None = None
    ) -> UpsertResult:
        for attempt in range(1, _UPSERT_TRIES + 1):
            try:
                with self._connection() as conn, conn.transaction():
                    return self._upsert(conn, events, sources)
            except (errors.DeadlockDetected, errors.SerializationFailure):
                # Only under a stricter server default isolation level, or lock orders
                # not of our making; the whole transaction rolled back, so retry it.
                if attempt == _UPSERT_TRIES:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _upsert(
        self,
        conn: _Connection,
        events: Sequence[SignificantEvent],
        sources: Sequence[SourceVersion] | None,
    ) -> UpsertResult:
        return write_reports(_Transaction(conn), events, sources)

    def get(self, event_id: str) -> SignificantEvent | None:
        with self._connection() as conn:
            row = conn.execute(
                "SELECT body FROM significant_events WHERE id = %s", (event_id,)
            ).fetchone()
        return None if row is None else SignificantEvent.model_validate(row[0])

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
            "timeline",
            "%s",
            event_type=event_type,
            severity=severity,
            since=since,
            until=until,
            statuses=statuses,
        )
        query = "SELECT body FROM significant_events WHERE company_id = %s" + where
        # COLLATE "C": byte order for the tie-break, as SQLite compares text.
        query += ' ORDER BY timeline DESC NULLS LAST, created_at DESC, id COLLATE "C"'
        with self._connection() as conn:
            rows = conn.execute(query, [company_id, *params]).fetchall()
        return [SignificantEvent.model_validate(body) for (body,) in rows]

    def statistics(self, company_id: str) -> EventStatistics:
        """The seed's get_event_statistics(): counts over the company's active events."""
        with self._connection() as conn:
            total, active, first, last = conn.execute(
                "SELECT count(*), count(*) FILTER (WHERE is_active),"
                " min(timeline) FILTER (WHERE is_active), max(timeline) FILTER (WHERE is_active)"
                " FROM significant_events WHERE company_id = %s",
                (company_id,),
            ).fetchone() or (0, 0, None, None)
            by_type = conn.execute(
                "SELECT event_type, count(*) FROM significant_events"
                " WHERE company_id = %s AND is_active GROUP BY event_type",
                (company_id,),
            ).fetchall()
            by_severity = conn.execute(
                "SELECT severity, count(*) FROM significant_events"
                " WHERE company_id = %s AND is_active GROUP BY severity",
                (company_id,),
            ).fetchall()
            by_status = conn.execute(
                "SELECT status, count(*) FROM significant_events"
                " WHERE company_id = %s GROUP BY status ORDER BY status",
                (company_id,),
            ).fetchall()
        return EventStatistics(
            total=int(total),
            active=int(active),
            by_type={str(k): int(n) for k, n in by_type},
            by_severity={str(k): int(n) for k, n in by_severity},
            by_status={str(k): int(n) for k, n in by_status},
            first_date=first,
            last_date=last,
        )

    # -- emails and runs ----------------------------------------------------------------

    def companies(self) -> list[str]:
        with self._connection() as conn:
            rows = conn.execute(
                "SELECT company_id FROM significant_events UNION"
                " SELECT company_id FROM investor_emails ORDER BY company_id"
            ).fetchall()
        return [str(r[0]) for r in rows]

    def save_email(self, email: InvestorEmail) -> None:
        with self._connection() as conn:
            conn.execute(
                "INSERT INTO investor_emails (company_id, approved, created_at, body)"
                " VALUES (%s, %s, %s, %s)",
                (email.company_id, email.approved, email.created_at, Jsonb(_json(email))),
            )

    def latest_email(
        self, company_id: str, *, approved: bool | None = None
    ) -> InvestorEmail | None:
        query = "SELECT body FROM investor_emails WHERE company_id = %s"
        params: list[Any] = [company_id]
        if approved is not None:
            query += " AND approved = %s"
            params.append(approved)
        with self._connection() as conn:
            row = conn.execute(query + " ORDER BY seq DESC LIMIT 1", params).fetchone()
        return None if row is None else InvestorEmail.model_validate(row[0])

    def save_run(self, summary: RunSummary) -> None:
        with self._connection() as conn:
            conn.execute(
                "INSERT INTO runs (company_id, started_at, body) VALUES (%s, %s, %s)",
                (summary.company_id, summary.started_at, Jsonb(_json(summary))),
            )

    def runs(self, company_id: str | None = None, limit: int = 100) -> list[RunSummary]:
        query = "SELECT body FROM runs"
        params: list[Any] = []
        if company_id is not None:
            query += " WHERE company_id = %s"
            params.append(company_id)
        with self._connection() as conn:
            rows = conn.execute(query + " ORDER BY seq DESC LIMIT %s", [*params, limit]).fetchall()
        return [RunSummary.model_validate(body) for (body,) in rows]

    def flush(self) -> None:
        with self._connection() as conn, conn.transaction():
            for table in (
                "runs",
                "significant_events",
                "investor_emails",
                "event_reports",
                "event_sources",
            ):
                conn.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(table)))

    def close(self) -> None:
        self._pool.close()


def _lost_server(exc: psycopg.OperationalError) -> bool:
    """No server answered (no SQLSTATE: refused, pool timeout), or it dropped us (08xxx,
    shutdown). Deadlocks and serialisation failures are OperationalErrors too, but retryable."""
    state = exc.sqlstate
    return state is None or state.startswith("08") or state in {"57P01", "57P02", "57P03"}


def _json(model: Any) -> Any:
    return model.model_dump(mode="json")


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


class _Transaction(StoryTransaction):
    """The write flow inside one PostgreSQL transaction (READ COMMITTED: once a lock is
    held, every later statement sees what the writer before us committed)."""

    def __init__(self, conn: _Connection) -> None:
        self.conn = conn

    def _lock(self, kind: str, company_id: str, names: Sequence[str]) -> None:
        keys = _lock_keys(kind, company_id, names)
        if keys:  # unnest keeps the array's (sorted) order, so every writer locks alike
            self.conn.execute(
                "SELECT pg_advisory_xact_lock(k) FROM unnest(%s::bigint[]) k", (keys,)
            )

    def lock_messages(self, company_id: str, message_ids: Sequence[str]) -> None:
        self._lock("message", company_id, message_ids)

    def lock_stories(self, company_id: str, stories: Sequence[str]) -> None:
        self._lock("story", company_id, stories)

    def versions(self, company_id: str, message_ids: Sequence[str]) -> dict[str, int]:
        rows = self.conn.execute(
            "SELECT message_id, version FROM event_sources"
            " WHERE company_id = %s AND message_id = ANY(%s)",
            (company_id, list(message_ids)),
        ).fetchall()
        return {str(i): int(v) for i, v in rows}

    def save_versions(self, company_id: str, versions: Mapping[str, int]) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO event_sources (company_id, message_id, version) VALUES (%s, %s, %s)"
                " ON CONFLICT (company_id, message_id) DO UPDATE SET version = EXCLUDED.version",
                [(company_id, i, v) for i, v in versions.items()],
            )

    def stories_of_messages(self, company_id: str, message_ids: Sequence[str]) -> set[str]:
        rows = self.conn.execute(
            "SELECT DISTINCT story FROM event_reports"
            " WHERE company_id = %s AND message_id = ANY(%s)",
            (company_id, list(message_ids)),
        ).fetchall()
        return {str(story) for (story,) in rows}

    def reports_of_messages(self, company_id: str, message_ids: Sequence[str]) -> set[str]:
        rows = self.conn.execute(
            "SELECT DISTINCT report_id FROM event_reports"
            " WHERE company_id = %s AND message_id = ANY(%s)",
            (company_id, list(message_ids)),
        ).fetchall()
        return {str(report_id) for (report_id,) in rows}

    def stories_of_reports(self, company_id: str, report_ids: Sequence[str]) -> set[str]:
        rows = self.conn.execute(
            "SELECT DISTINCT story FROM event_reports"
            " WHERE company_id = %s AND report_id = ANY(%s)",
            (company_id, list(report_ids)),
        ).fetchall()
        return {str(story) for (story,) in rows}

    def delete_parts_of(self, company_id: str, message_ids: Sequence[str]) -> None:
        self.conn.execute(
            "DELETE FROM event_reports WHERE company_id = %s AND message_id = ANY(%s)",
            (company_id, list(message_ids)),
        )

    def parts(self, company_id: str, stories: Sequence[str]) -> list[Stored]:
        rows = self.conn.execute(
            "SELECT story, body FROM event_reports WHERE company_id = %s AND story = ANY(%s)",
            (company_id, list(stories)),
        ).fetchall()
        return [(str(story), SignificantEvent.model_validate(body)) for story, body in rows]

    def save_parts(self, company_id: str, parts: Sequence[Stored]) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(
                _SAVE_PART,
                [
                    (company_id, p.source_message_ids[0], p.id, story, Jsonb(_json(p)))
                    for story, p in parts
                ],
            )

    def events(self, company_id: str, stories: Sequence[str]) -> list[Stored]:
        rows = self.conn.execute(
            "SELECT story, body FROM significant_events WHERE company_id = %s AND story = ANY(%s)",
            (company_id, list(stories)),
        ).fetchall()
        return [(str(story), SignificantEvent.model_validate(body)) for story, body in rows]

    def events_under(self, company_id: str, prefix: str) -> list[Stored]:
        rows = self.conn.execute(
            "SELECT story, body FROM significant_events"
            " WHERE company_id = %s AND starts_with(story, %s)",
            (company_id, prefix),
        ).fetchall()
        return [(str(story), SignificantEvent.model_validate(body)) for story, body in rows]

    def save_events(self, company_id: str, events: Sequence[Stored]) -> None:
        rows = [_row(event, story) for story, event in events]
        with self.conn.cursor() as cur:
            cur.executemany(_SAVE_EVENT, rows)

    def delete_events(self, company_id: str, event_ids: Sequence[str]) -> None:
        self.conn.execute("DELETE FROM significant_events WHERE id = ANY(%s)", (list(event_ids),))


def _backfill_parts(conn: _Connection) -> None:
    """Schema 3: events stored before reports were kept become their own parts, so the
    next report of one merges with everything it had."""
    tx = _Transaction(conn)
    rows = conn.execute("SELECT company_id, body FROM significant_events").fetchall()
    for company_id, body in rows:
        tx.save_parts(str(company_id), legacy_parts(SignificantEvent.model_validate(body)))


# A data step after the DDL: it needs the parts table and the model.
_MIGRATIONS[3] = _backfill_parts
# The parts of one report id are found together (they share a story).
_MIGRATIONS[4] = (
    "CREATE INDEX IF NOT EXISTS idx_reports_report ON event_reports (company_id, report_id)"
)
