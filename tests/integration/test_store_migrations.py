"""Stores written by the code before events evolved open, migrated in place, with every
event and message intact; later reports merge into what they held."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg.types.json import Jsonb

from sago.domain.email import InvestorEmail
from sago.domain.event import EventStatus, SignificantEvent
from sago.domain.message import MessageStatus
from sago.domain.run import RunSummary
from sago.emailstore.base import EmailStore
from sago.emailstore.postgres import PostgresEmailStore
from sago.emailstore.sqlite import SqliteEmailStore
from sago.eventstore import postgres as pg_module
from sago.eventstore.postgres import PostgresEventStore
from sago.eventstore.sqlite import SqliteEventStore
from sago.rawstore import sqlite_schema
from sago.rawstore.sqlite import SqliteRawStore
from sago.runlog.base import RunLog
from sago.runlog.postgres import PostgresRunLog
from sago.runlog.sqlite import SqliteRunLog
from support.evolve import edited, said
from support.factories import event
from support.postgres import drop_schema

# What SqliteEventStore created before schema versions (verbatim).
_EVENTS_V1 = """
CREATE TABLE significant_events (
    id TEXT PRIMARY KEY, company_id TEXT NOT NULL, event_type TEXT NOT NULL,
    severity TEXT NOT NULL, event_date TEXT, created_at TEXT NOT NULL,
    is_active INTEGER NOT NULL, body TEXT NOT NULL
);
CREATE INDEX events_by_company ON significant_events (company_id, event_type);
CREATE TABLE runs (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, company_id TEXT NOT NULL, body TEXT NOT NULL
);
CREATE TABLE investor_emails (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, company_id TEXT NOT NULL,
    approved INTEGER NOT NULL, body TEXT NOT NULL
);
"""
# The emails and runs tables of PostgresEventStore's schema version 1 (verbatim), before
# they had their own ports.
_PG_V1_EMAILS_RUNS = """
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
"""
_OLD_EMAIL = InvestorEmail(company_id="acme", subject="May update", body="kept", approved=True)
_OLD_RUN = RunSummary(company_id="acme", records_read=12)
_NEW_FIELDS = (
    "polarity", "status", "superseded_by", "stage", "occurrence", "series", "period",
    "review", "explanation", "history",
)  # fmt: skip


def _v1_body(found: SignificantEvent, *, active: bool = True) -> dict[str, Any]:
    """The JSON an event had before it evolved: no status, history or metric times."""
    body = found.model_dump(mode="json")
    for name in _NEW_FIELDS:
        body.pop(name)
    body["is_active"] = active
    for metric in body["metrics"]:
        metric.pop("as_of")
        metric.pop("message_id")
    for quote in body["evidence"]:
        quote.pop("start")
        quote.pop("end")
    return body


def _assert_emails_and_runs_kept(emails: EmailStore, runs: RunLog) -> None:
    """The email store and run log open the tables the event store used to keep, as
    they are, and add to them."""
    try:
        assert emails.latest("acme") == _OLD_EMAIL
        assert runs.recent("acme") == [_OLD_RUN]
        emails.save(InvestorEmail(company_id="acme", subject="June draft", body="new"))
        latest = emails.latest("acme")
        assert latest is not None
        assert latest.subject == "June draft"
        assert emails.latest("acme", approved=True) == _OLD_EMAIL
    finally:
        emails.close()
        runs.close()


def _old_events() -> tuple[SignificantEvent, SignificantEvent]:
    return event("seed round", sources=("1", "2")), event("old deal", sources=("4",))


def test_an_old_sqlite_event_store_migrates_in_place(tmp_path: Path) -> None:
    path = tmp_path / "events.sqlite3"
    seed, retired = _old_events()
    with sqlite3.connect(path) as db:
        db.executescript(_EVENTS_V1)
        for found, active in ((seed, True), (retired, False)):
            db.execute(
                "INSERT INTO significant_events VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (found.id, "acme", found.event_type.value, found.severity.value,
                 found.date.isoformat() if found.date else None, found.created_at.isoformat(),
                 int(active), json.dumps(_v1_body(found, active=active))),
            )  # fmt: skip
        db.execute(
            "INSERT INTO investor_emails (company_id, approved, body) VALUES ('acme', 1, ?)",
            (_OLD_EMAIL.model_dump_json(),),
        )
        db.execute(
            "INSERT INTO runs (company_id, body) VALUES ('acme', ?)", (_OLD_RUN.model_dump_json(),)
        )
    _assert_emails_and_runs_kept(SqliteEmailStore(path), SqliteRunLog(path))
    store = SqliteEventStore(path)
    try:
        [kept] = store.events("acme")
        assert kept.id == seed.id
        assert kept.status is EventStatus.ACTIVE
        assert kept.source_message_ids == ["1", "2"]
        retracted = store.get(retired.id)
        assert retracted is not None
        assert retracted.status is EventStatus.RETRACTED
        # A new report of the old event merges with everything it had.
        store.upsert([event("seed round", sources=("7",))])
        [merged] = store.events("acme")
        assert merged.source_message_ids == ["1", "2", "7"]
        assert store.statistics("acme").by_status == {"active": 1, "retracted": 1}
    finally:
        store.close()
    # Opening it again migrates nothing twice.
    again = SqliteEventStore(path)
    assert [e.source_message_ids for e in again.events("acme")] == [["1", "2", "7"]]
    again.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (3,)


def test_an_old_sqlite_raw_store_migrates_in_place(tmp_path: Path) -> None:
    # The layout before message versions (2); test_rawstore_sqlite_upgrade.py goes from 0.
    path = tmp_path / "messages.sqlite3"
    old = said(1, "we closed the seed")
    with sqlite3.connect(path) as db:
        for statement in filter(None, (s.strip() for s in sqlite_schema._TABLES.split(";"))):
            db.execute(statement)
        db.execute("PRAGMA user_version = 2")
        db.execute(
            "INSERT INTO messages VALUES (?, ?, ?, ?, ?)",
            ("acme", "1", "slack", old.timestamp.timestamp(), old.model_dump_json()),
        )
        db.execute("INSERT INTO message_status VALUES ('acme', '1', 'extracted')")
    store = SqliteRawStore(path)
    try:
        assert store.get("acme", ["1"]) == [old]
        assert store.store([old]) == {"1": MessageStatus.EXTRACTED}  # unchanged: nothing to do
        assert store.store([edited(old, "we did not close")]) == {"1": MessageStatus.STORED}
        assert [m.text for m in store.versions("acme", "1")] == [
            "we closed the seed",
            "we did not close",
        ]
        assert store.count("acme") == 1
    finally:
        store.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (sqlite_schema.VERSION,)


@pytest.fixture
def old_postgres(postgres_dsn: str, unique_name: str) -> Iterator[str]:
    """A schema as PostgresEventStore left it at schema version 1, with two events."""
    seed, retired = _old_events()
    with psycopg.connect(postgres_dsn) as conn, conn.transaction():
        conn.execute(f"CREATE SCHEMA {unique_name}")
        conn.execute(f"SET LOCAL search_path = {unique_name}")
        conn.execute(str(pg_module._MIGRATIONS[1]))
        conn.execute(_PG_V1_EMAILS_RUNS)
        conn.execute(
            "INSERT INTO investor_emails (company_id, approved, created_at, body)"
            " VALUES ('acme', true, now(), %s)",
            (Jsonb(_OLD_EMAIL.model_dump(mode="json")),),
        )
        conn.execute(
            "INSERT INTO runs (company_id, started_at, body) VALUES ('acme', now(), %s)",
            (Jsonb(_OLD_RUN.model_dump(mode="json")),),
        )
        conn.execute(
            "CREATE TABLE schema_version (version INTEGER PRIMARY KEY,"
            " applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        conn.execute("INSERT INTO schema_version (version) VALUES (1)")
        for found, active in ((seed, True), (retired, False)):
            body = _v1_body(found, active=active)
            conn.execute(
                "INSERT INTO significant_events (id, event_type, title, metrics, timeline,"
                " source_messages, severity, company_id, confidence, extractor, created_at,"
                " is_active, body) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                (found.id, found.event_type.value, found.title, Jsonb(body["metrics"]),
                 found.date, Jsonb(body["source_message_ids"]), found.severity.value, "acme",
                 found.confidence, found.extractor, found.created_at, active, Jsonb(body)),
            )  # fmt: skip
    yield unique_name
    drop_schema(postgres_dsn, unique_name)


@pytest.mark.postgres
def test_an_old_postgres_event_store_migrates_in_place(
    postgres_dsn: str, old_postgres: str
) -> None:
    seed, retired = _old_events()
    _assert_emails_and_runs_kept(
        PostgresEmailStore(postgres_dsn, schema=old_postgres),
        PostgresRunLog(postgres_dsn, schema=old_postgres),
    )
    store = PostgresEventStore(postgres_dsn, schema=old_postgres)
    try:
        [kept] = store.events("acme")
        assert (kept.id, kept.source_message_ids) == (seed.id, ["1", "2"])
        found = store.get(retired.id)
        assert found is not None
        assert found.status is EventStatus.RETRACTED
        store.upsert([event("seed round", sources=("7",))])
        [merged] = store.events("acme")
        assert merged.source_message_ids == ["1", "2", "7"]
        with psycopg.connect(postgres_dsn, options=f"-c search_path={old_postgres}") as conn:
            rows = conn.execute(
                "SELECT status, polarity, jsonb_array_length(history) FROM significant_events"
                " ORDER BY status"
            ).fetchall()
            versions = conn.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()
        assert rows == [("active", "positive", 0), ("retracted", "positive", 0)]
        assert versions == [(1,), (2,), (3,), (4,)]
    finally:
        store.close()
