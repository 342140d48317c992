"""The PostgreSQL event store against a real server: concurrency, migration, JSONB, indexes."""

from __future__ import annotations

import random
import socket
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest

from sago.domain.event import EventSeverity, EventType, Metric, SignificantEvent
from sago.errors import ServiceUnavailableError, SetupError
from sago.eventstore import postgres as pg_module
from sago.eventstore.postgres import SCHEMA_VERSION, PostgresEventStore
from sago.eventstore.sqlite import SqliteEventStore
from support.factories import event
from support.postgres import drop_schema


@pytest.fixture
def schema(postgres_dsn: str, unique_name: str) -> Iterator[str]:
    yield unique_name
    drop_schema(postgres_dsn, unique_name)


@pytest.fixture
def store(postgres_dsn: str, schema: str) -> Iterator[PostgresEventStore]:
    made = PostgresEventStore(postgres_dsn, schema=schema)
    yield made
    made.close()


def _query(dsn: str, schema: str, query: str, *params: Any) -> list[tuple[Any, ...]]:
    with psycopg.connect(dsn, options=f"-c search_path={schema}") as conn:
        return conn.execute(query, params).fetchall()


@pytest.mark.postgres
def test_concurrent_upserts_of_one_event_accumulate_every_source(
    postgres_dsn: str, schema: str, store: PostgresEventStore
) -> None:
    workers, rounds = 6, 8
    results: list[tuple[int, int]] = []
    failures: list[BaseException] = []
    start = threading.Barrier(workers)

    def work(worker: int) -> None:
        # Each thread is a worker with its own pool, as separate processes would be.
        own = PostgresEventStore(postgres_dsn, schema=schema, max_size=1)
        try:
            start.wait()
            for n in range(rounds):
                # Two events per batch, in both orders: the id-ordered locking must not deadlock.
                batch = [
                    event("seed round", sources=(f"w{worker}-{n}",)),
                    event("vp sales", event_type=EventType.HIRING, sources=(f"w{worker}-{n}",)),
                ]
                outcome = own.upsert(batch if worker % 2 else batch[::-1])
                results.append((outcome.inserted, outcome.merged))
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            failures.append(exc)
        finally:
            own.close()

    threads = [threading.Thread(target=work, args=(w,)) for w in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    expected = {f"w{w}-{n}" for w in range(workers) for n in range(rounds)}
    stored = store.events("acme")
    assert len(stored) == 2
    for found in stored:
        assert set(found.source_message_ids) == expected
        assert len(found.source_message_ids) == len(expected)
        assert {e.message_id for e in found.evidence} == expected
    assert sum(i for i, _ in results) == 2
    assert sum(m for _, m in results) == 2 * workers * rounds - 2


@pytest.mark.postgres
def test_a_failing_batch_stores_nothing(
    store: PostgresEventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.upsert([event("seed round", sources=("1",))])
    real_row = pg_module._row
    calls = 0

    def flaky_row(ev: SignificantEvent, story: str) -> dict[str, Any]:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise RuntimeError("boom")
        return real_row(ev, story)

    monkeypatch.setattr(pg_module, "_row", flaky_row)
    with pytest.raises(RuntimeError, match="boom"):
        store.upsert([event("another deal", sources=("7",)), event("seed round", sources=("8",))])
    monkeypatch.undo()
    [only] = store.events("acme")
    assert only.source_message_ids == ["1"]


@pytest.mark.postgres
def test_the_same_upserts_give_the_same_events_as_sqlite(
    store: PostgresEventStore, tmp_path: Path
) -> None:
    sqlite = SqliteEventStore(tmp_path / "events.sqlite3")
    rng = random.Random(7)
    keys = ["seed", "series a", "acme corp deal", "vp sales", "soc 2"]
    types = list(EventType)
    for _ in range(30):
        batch = []
        for _ in range(rng.randint(1, 4)):
            n = rng.randrange(len(keys))
            batch.append(
                event(
                    keys[n],
                    event_type=types[n],
                    sources=tuple(str(rng.randint(1, 40)) for _ in range(rng.randint(1, 3))),
                    day=date(2025, rng.randint(1, 12), rng.randint(1, 28)),
                    severity=rng.choice(list(EventSeverity)),
                    metrics=(Metric(name=rng.choice(["amount", "users", "arr"]), value=1.5),),
                )
            )
        assert store.upsert(batch) == sqlite.upsert(batch)
    assert store.events("acme") == sqlite.events("acme")
    assert store.statistics("acme") == sqlite.statistics("acme")
    sqlite.close()


@pytest.mark.postgres
def test_migrating_twice_is_a_no_op(
    postgres_dsn: str, schema: str, store: PostgresEventStore
) -> None:
    store.upsert([event()])
    again = PostgresEventStore(postgres_dsn, schema=schema)
    assert again.events("acme") == store.events("acme")
    again.close()
    versions = _query(postgres_dsn, schema, "SELECT version FROM schema_version ORDER BY 1")
    assert versions == [(v,) for v in range(1, SCHEMA_VERSION + 1)]
    tables = _query(
        postgres_dsn,
        schema,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = %s"
        " ORDER BY table_name",
        schema,
    )
    # Emails and runs are the email store's and the run log's tables.
    assert [t for (t,) in tables] == [
        "event_reports",
        "event_sources",
        "schema_version",
        "significant_events",
    ]


@pytest.mark.postgres
def test_jsonb_columns_are_queryable(
    postgres_dsn: str, schema: str, store: PostgresEventStore
) -> None:
    store.upsert(
        [
            event("seed", sources=("1", "5")),
            event("vp sales", event_type=EventType.HIRING, metrics=(), sources=("2",)),
        ]
    )
    with_amount = _query(
        postgres_dsn,
        schema,
        "SELECT event_type FROM significant_events WHERE metrics @> %s::jsonb",
        '[{"name": "amount"}]',
    )
    assert with_amount == [("funding",)]
    citing_5 = _query(
        postgres_dsn,
        schema,
        "SELECT event_type FROM significant_events WHERE source_messages ? %s",
        "5",
    )
    assert citing_5 == [("funding",)]
    [(stakeholder, amount)] = _query(
        postgres_dsn,
        schema,
        "SELECT stakeholders->>0, (metrics->0->>'value')::float FROM significant_events"
        " WHERE event_type = 'funding'",
    )
    assert (stakeholder, amount) == ("Atlas Ventures", 4_000_000.0)


@pytest.mark.postgres
def test_the_seed_indexes_exist(postgres_dsn: str, schema: str, store: PostgresEventStore) -> None:
    rows = _query(
        postgres_dsn,
        schema,
        "SELECT a.attname FROM pg_index i"
        " JOIN pg_class t ON t.oid = i.indrelid"
        " JOIN pg_namespace n ON n.oid = t.relnamespace"
        " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = i.indkey[0]"
        " WHERE t.relname = 'significant_events' AND n.nspname = %s",
        schema,
    )
    leading = {name for (name,) in rows}
    assert {"id", "company_id", "event_type", "created_at", "severity", "is_active"} <= leading


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# A hang fails by pytest-timeout (no timed assertion: speed is the benchmarks' business).
@pytest.mark.timeout(30)
def test_an_unreachable_server_fails_fast_naming_the_setting() -> None:
    dsn = f"postgresql://sago:hunter2@127.0.0.1:{_closed_port()}/events_db"
    with pytest.raises(ServiceUnavailableError, match="SAGO_POSTGRES_DSN") as caught:
        PostgresEventStore(dsn)
    assert "PostgreSQL" in str(caught.value)
    assert "hunter2" not in str(caught.value)


@pytest.mark.postgres
def test_a_dsn_naming_a_missing_schema_is_one_line_naming_the_setting(
    postgres_dsn: str, unique_name: str
) -> None:
    separator = "&" if "?" in postgres_dsn else "?"
    dsn = f"{postgres_dsn}{separator}options=-csearch_path%3D{unique_name}"
    with pytest.raises(SetupError, match="SAGO_POSTGRES_DSN") as caught:
        PostgresEventStore(dsn)
    assert "\n" not in str(caught.value)
    with psycopg.connect(postgres_dsn) as conn:  # nothing was created on the user's behalf
        found = conn.execute(
            "SELECT 1 FROM pg_namespace WHERE nspname = %s", (unique_name,)
        ).fetchall()
    assert found == []


@pytest.mark.postgres
def test_a_deadlocked_upsert_is_retried(
    store: PostgresEventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Deadlocked halfway through the write: after the parts went in, inside the transaction.
    real_save = pg_module._Transaction.save_parts
    calls = 0

    def deadlock_once(self: Any, *args: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise psycopg.errors.DeadlockDetected("deadlock detected")
        return real_save(self, *args)

    monkeypatch.setattr(pg_module._Transaction, "save_parts", deadlock_once)
    result = store.upsert([event(sources=("1",))])
    assert (result.inserted, calls) == (1, 2)
    assert store.get(event().id) is not None
