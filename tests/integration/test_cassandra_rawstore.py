"""The Cassandra raw store against a real Apache Cassandra node: paging, races, settings."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from cassandra.concurrent import execute_concurrent_with_args

from sago.domain.message import Message, MessageStatus, Source
from sago.errors import ServiceUnavailableError
from sago.rawstore.cassandra import CassandraRawStore
from sago.rawstore.sqlite import SqliteRawStore
from support.cassandra import connect, drop_keyspace, run_cql
from support.factories import T0, message

_REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def open_store(
    cassandra_hosts: str, cassandra_keyspace: str
) -> Iterator[Callable[..., CassandraRawStore]]:
    """Stores on the session's keyspace (one per simulated worker), emptied afterwards."""
    made: list[CassandraRawStore] = []

    def factory(**kwargs: object) -> CassandraRawStore:
        store = CassandraRawStore(cassandra_hosts, keyspace=cassandra_keyspace, **kwargs)  # type: ignore[arg-type]
        made.append(store)
        return store

    yield factory
    made[0].flush()
    for store in made:
        store.close()


@pytest.fixture
def store(open_store: Callable[..., CassandraRawStore]) -> CassandraRawStore:
    return open_store()


def _spread(count: int, company: str = "acme") -> list[Message]:
    """Messages over several days, both sources, with some timestamps shared across sources."""
    result = []
    for n in range(count):
        source = Source.GMAIL if n % 3 == 0 else Source.SLACK
        result.append(message(n, company=company, source=source, minutes=(n // 2) * 37))
    return result


@pytest.mark.cassandra
def test_time_range_pages_through_every_row_in_order(
    open_store: Callable[..., CassandraRawStore], tmp_path: Path
) -> None:
    batch = _spread(1200)
    store = open_store(fetch_size=7)  # a page is 7 rows: every partition spans many pages
    store.store(batch)
    reference = SqliteRawStore(tmp_path / "ref.sqlite3")
    reference.store(batch)
    assert len({m.timestamp.date() for m in batch}) > 10
    assert [m.id for m in store.messages("acme")] == [m.id for m in reference.messages("acme")]
    since, until = T0 + timedelta(hours=30), T0 + timedelta(days=9, minutes=5)
    window = [m.id for m in store.messages("acme", since=since, until=until)]
    assert window == [m.id for m in reference.messages("acme", since=since, until=until)]
    assert 0 < len(window) < len(batch)
    assert all(since <= m.timestamp < until for m in store.messages("acme", since, until))
    reference.close()


@pytest.mark.cassandra
def test_concurrent_stores_of_the_same_ids_keep_one_copy_and_every_status(
    open_store: Callable[..., CassandraRawStore],
) -> None:
    batch = _spread(300)
    ids = [m.id for m in batch]
    workers = [open_store(), open_store()]
    workers[0].store(batch)
    workers[0].set_status("acme", ids[:100], MessageStatus.EXTRACTED)
    workers[0].set_status("acme", ids[100:200], MessageStatus.BATCHED)
    errors: list[BaseException] = []

    def restore(worker: CassandraRawStore) -> None:
        try:
            for _ in range(5):
                worker.store(batch)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=restore, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert workers[1].count("acme") == 300
    assert len(list(workers[1].messages("acme"))) == 300
    statuses = workers[1].statuses("acme", ids)
    assert {statuses[i] for i in ids[:100]} == {MessageStatus.EXTRACTED}
    assert {statuses[i] for i in ids[100:200]} == {MessageStatus.BATCHED}
    assert {statuses[i] for i in ids[200:]} == {MessageStatus.STORED}
    assert sorted(m.id for m in workers[1].unfinished("acme")) == sorted(ids[100:])


@pytest.mark.cassandra
def test_an_old_worker_cannot_move_a_status_back(
    open_store: Callable[..., CassandraRawStore], monkeypatch: pytest.MonkeyPatch
) -> None:
    current, old = open_store(), open_store()
    batch = _spread(50)
    ids = [m.id for m in batch]
    current.store(batch)
    stale = old._metadata("acme", ids)  # what the old worker read before the others moved on
    current.set_status("acme", ids, MessageStatus.BATCHED)
    current.set_status("acme", ids, MessageStatus.EXTRACTED)
    # Its forward-only check passes on the stale read, so its writes really reach Cassandra.
    monkeypatch.setattr(old, "_metadata", lambda company, wanted: stale)
    old.set_status("acme", ids, MessageStatus.BATCHED)
    assert set(current.statuses("acme", ids).values()) == {MessageStatus.EXTRACTED}
    assert list(current.unfinished("acme")) == []
    assert current.store(batch) == dict.fromkeys(ids, MessageStatus.EXTRACTED)


@pytest.mark.cassandra
def test_racing_batched_and_extracted_always_ends_extracted(
    open_store: Callable[..., CassandraRawStore],
) -> None:
    first, second = open_store(), open_store()
    for round_ in range(4):
        batch = [message(round_ * 1000 + n) for n in range(150)]
        ids = [m.id for m in batch]
        first.store(batch)
        threads = [
            threading.Thread(target=first.set_status, args=("acme", ids, MessageStatus.EXTRACTED)),
            threading.Thread(target=second.set_status, args=("acme", ids, MessageStatus.BATCHED)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert set(second.statuses("acme", ids).values()) == {MessageStatus.EXTRACTED}


@pytest.mark.cassandra
def test_large_messages_round_trip_in_size_capped_batches(store: CassandraRawStore) -> None:
    big = [
        message(n, source=Source.GMAIL, text=f"{n} " + "ü" * 90_000, minutes=n) for n in range(40)
    ]
    store.store(big)
    assert store.get("acme", [m.id for m in big]) == big
    assert [m.id for m in store.messages("acme")] == [m.id for m in big]


@pytest.mark.cassandra
def test_unfinished_across_companies_and_flush_leaves_a_usable_store(
    store: CassandraRawStore,
) -> None:
    store.store(_spread(40) + _spread(10, company="globex"))
    done = [m.id for m in _spread(40)[:30]]
    store.set_status("acme", done, MessageStatus.EXTRACTED)
    pending = [(m.company_id, m.id) for m in store.unfinished()]
    assert len(pending) == 20
    assert [c for c, _ in pending] == ["acme"] * 10 + ["globex"] * 10
    acme = list(store.unfinished("acme"))
    assert [m.timestamp for m in acme] == sorted(m.timestamp for m in acme)
    store.flush()
    assert list(store.unfinished()) == []
    assert store.store([message(1)]) == {"1": MessageStatus.STORED}
    assert store.count("acme") == 1


@pytest.mark.cassandra
def test_replication_and_consistency_settings_are_applied(
    cassandra_hosts: str, unique_name: str
) -> None:
    simple, topology = f"{unique_name}_simple", f"{unique_name}_nts"
    try:
        CassandraRawStore(cassandra_hosts, keyspace=simple, replication_factor=1).close()
        CassandraRawStore(
            cassandra_hosts, keyspace=topology, replication_factor=1, datacenter="datacenter1"
        ).close()
        [rows] = run_cql(
            cassandra_hosts,
            "SELECT keyspace_name, replication FROM system_schema.keyspaces",
        )
        replication = {row.keyspace_name: row.replication for row in rows}
        assert replication[simple] == {
            "class": "org.apache.cassandra.locator.SimpleStrategy",
            "replication_factor": "1",
        }
        assert replication[topology] == {
            "class": "org.apache.cassandra.locator.NetworkTopologyStrategy",
            "datacenter1": "1",
        }
        # One node cannot hold three replicas: LOCAL_QUORUM (2 of 3) fails and says which
        # setting to change, ONE succeeds.
        drop_keyspace(cassandra_hosts, simple)
        quorum = CassandraRawStore(cassandra_hosts, keyspace=simple, replication_factor=3)
        with pytest.raises(ServiceUnavailableError, match="SAGO_CASSANDRA_CONSISTENCY") as err:
            quorum.store([message(1)])
        assert "LOCAL_QUORUM needs 2 replicas, 1 alive" in str(err.value)
        quorum.close()
        one = CassandraRawStore(cassandra_hosts, keyspace=simple, consistency="ONE")
        assert one.store([message(1)]) == {"1": MessageStatus.STORED}
        one.close()
    finally:
        drop_keyspace(cassandra_hosts, simple)
        drop_keyspace(cassandra_hosts, topology)


def test_bad_settings_fail_before_connecting() -> None:
    with pytest.raises(ValueError, match="consistency 'QUORAM'"):
        CassandraRawStore("127.0.0.1:9042", consistency="QUORAM")
    with pytest.raises(ValueError, match="SAGO_CASSANDRA_KEYSPACE"):
        CassandraRawStore("127.0.0.1:9042", keyspace="drop table x;")
    with pytest.raises(ValueError, match="SAGO_CASSANDRA_HOSTS"):
        CassandraRawStore("127.0.0.1:port")


@pytest.mark.cassandra
@pytest.mark.slow
def test_store_throughput(cassandra_hosts: str, store: CassandraRawStore) -> None:
    batch = _spread(10_000)
    ids = [m.id for m in batch]
    started = time.perf_counter()
    for start in range(0, len(batch), 500):  # the size of a Kafka poll or CSV chunk
        store.store(batch[start : start + 500])
    stored = time.perf_counter() - started
    started = time.perf_counter()
    store.set_status("acme", ids, MessageStatus.BATCHED)
    statused = time.perf_counter() - started
    started = time.perf_counter()
    assert sum(1 for _ in store.messages("acme")) == 10_000
    read = time.perf_counter() - started
    started = time.perf_counter()
    again = store.store(batch)
    restored = time.perf_counter() - started
    assert set(again.values()) == {MessageStatus.BATCHED}
    assert store.count("acme") == 10_000
    # For comparison: a lightweight transaction per message, as an `IF NOT EXISTS` design
    # would need, on a table shaped like message_metadata.
    with connect(cassandra_hosts) as session:
        session.execute(
            f"CREATE TABLE IF NOT EXISTS {store.keyspace}.lwt_probe"
            " (company_id text, id text, status text, PRIMARY KEY ((company_id, id)))"
        )
        insert = session.prepare(
            f"INSERT INTO {store.keyspace}.lwt_probe (company_id, id, status)"
            " VALUES ('acme', ?, 'stored') IF NOT EXISTS"
        )
        started = time.perf_counter()
        execute_concurrent_with_args(session, insert, [(i,) for i in ids[:3000]], concurrency=64)
        lwt = time.perf_counter() - started
        session.execute(f"DROP TABLE {store.keyspace}.lwt_probe")
    print(
        f"\nCassandra raw store, 10,000 messages: store {10_000 / stored:,.0f}/s,"
        f" set_status {10_000 / statused:,.0f}/s, messages() {10_000 / read:,.0f}/s,"
        f" re-store {10_000 / restored:,.0f}/s; LWT INSERT IF NOT EXISTS alone"
        f" {3000 / lwt:,.0f}/s"
    )


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_an_unreachable_node_fails_fast_naming_the_setting() -> None:
    started = time.monotonic()
    with pytest.raises(ServiceUnavailableError, match="SAGO_CASSANDRA_HOSTS") as caught:
        CassandraRawStore(f"127.0.0.1:{_closed_port()}")
    assert time.monotonic() - started < 5.0
    assert "Cassandra" in str(caught.value)


def test_a_node_that_never_answers_fails_within_five_seconds() -> None:
    # Accepts the TCP connection (the kernel does) but never speaks the protocol.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        started = time.monotonic()
        with pytest.raises(ServiceUnavailableError, match="SAGO_CASSANDRA_HOSTS"):
            CassandraRawStore(f"127.0.0.1:{silent.getsockname()[1]}")
        assert time.monotonic() - started < 5.0


def test_without_the_driver_the_error_names_the_extra() -> None:
    code = (
        "import sys; sys.modules['cassandra'] = None\n"
        "try:\n    import sago.rawstore.cassandra\n"
        "except ImportError as exc:\n    print(exc)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=_REPO
    )
    assert "pip install 'sago[cassandra]'" in out.stdout


@pytest.mark.cassandra
def test_a_keyspace_from_before_message_versions_migrates_in_place(
    cassandra_hosts: str, cassandra_keyspace: str, open_store: Callable[..., CassandraRawStore]
) -> None:
    first = open_store()
    old = message(1, text="we closed the seed")
    first.store([old])
    first.set_status("acme", ["1"], MessageStatus.EXTRACTED)
    # As the store left it before versions: no version column (rows read back as version 0).
    run_cql(cassandra_hosts, f"ALTER TABLE {cassandra_keyspace}.message_metadata DROP version")
    try:
        second = open_store()
        assert second.get("acme", ["1"]) == [old]
        assert second.store([old]) == {"1": MessageStatus.EXTRACTED}
        changed = old.model_copy(
            update={"text": "we did NOT close", "edited_at": T0 + timedelta(hours=3)}
        )
        assert second.store([changed]) == {"1": MessageStatus.STORED}
        assert [m.text for m in second.versions("acme", "1")] == [
            "we closed the seed",
            "we did NOT close",
        ]
    finally:
        # The session's keyspace keeps its column for the tests after this one.
        open_store()
