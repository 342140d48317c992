"""Two `sago worker` processes in one consumer group do exactly the work of one embedded run,
also when one of them dies between storing a chunk and committing its offsets.

All on real servers: Apache Kafka (queue), Redis (shared batcher), Apache Cassandra (shared
raw store) and PostgreSQL (shared event store).
"""

from __future__ import annotations

import csv
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sago.domain.message import Source
from sago.rawstore.base import RawStore

pytest.importorskip("confluent_kafka")
pytestmark = [
    pytest.mark.kafka,
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.cassandra,
    pytest.mark.slow,
]

COMPANY = "northwind"
ROWS = 2000
STOPPED = re.compile(r"stopped \((\w+)\).*consumed ([\d,]+), stored new ([\d,]+)")

FACTS = (
    "We closed our $4M seed round led by Sequoia.",
    "Revenue crossed $1M ARR this month.",
    "We signed a partnership with Stripe.",
    "We hired Dana Lee as VP of Engineering.",
    "We launched our mobile app today.",
    "We passed 10,000 active users.",
    "We achieved SOC 2 Type II compliance.",
    "We opened our Berlin office to expand into Germany.",
    "TechCrunch covered our launch.",
    "Globex signed a $250k annual enterprise contract.",
)
CHATTER = ("lunch?", "standup moved to 10", "can someone review my PR", "thanks!", "ok")


def write_input(path: Path) -> None:
    """`sago generate` when it exists; otherwise a seeded CSV in the seed's format."""
    try:
        from sago.devtools.datagen import write_dataset
    except ImportError:
        pass
    else:
        write_dataset(path, rows=ROWS, seed=7)
        return
    rnd = random.Random(7)
    start = datetime(2025, 1, 1, 9, tzinfo=UTC)
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "is_chat", "chat_sender", "email_sender", "timestamp", "content"])
        for n in range(1, ROWS + 1):
            chat = rnd.random() < 0.7
            text = rnd.choice(FACTS) if rnd.random() < 0.1 else rnd.choice(CHATTER)
            moment = (start + timedelta(minutes=7 * n)).isoformat()
            if chat:
                out.writerow([n, True, "maya", "", moment, text])
            else:
                out.writerow([n, False, "", "ceo@northwind.example", moment, f"Update\n\n{text}"])


def sago(*args: str, env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sago.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def event_keys(events: list) -> set[tuple[str, tuple[str, ...]]]:  # type: ignore[type-arg]
    return {(e.event_type.value, tuple(sorted(e.source_message_ids))) for e in events}


def clean_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAGO_")}
    env.update({"SAGO_COMPANY_ID": COMPANY, "SAGO_CONFIG": str(tmp / "none.yaml")})
    return env


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[tuple[str, tuple]]]:  # type: ignore[type-arg]
    """The input, and the events one embedded `sago run` finds in it."""
    from sago.eventstore.sqlite import SqliteEventStore

    tmp = tmp_path_factory.mktemp("reference")
    data = tmp / "input.csv"
    write_input(data)
    env = {**clean_env(tmp), "SAGO_DATA_DIR": str(tmp / "embedded")}
    done = sago("run", str(data), "--out", str(tmp / "out"), env=env)
    assert done.returncode == 0, done.stderr
    store = SqliteEventStore(tmp / "embedded" / "events.sqlite3")
    expected = event_keys(store.events(COMPANY))
    store.close()
    assert expected, "the input should hold events"
    return data, expected


@pytest.fixture
def postgres_schema(postgres_dsn: str, unique_name: str) -> Iterator[str]:
    """A DSN whose search_path is this test's own schema (the workers see only that)."""
    from support.postgres import schema_dsn

    with schema_dsn(postgres_dsn, unique_name) as dsn:
        yield dsn


class Group:
    """`sago worker` processes on this test's topics, group, Redis prefix and schema."""

    def __init__(self, tmp: Path, env: dict[str, str], name: str) -> None:
        from sago.batching.redis import RedisBatcher
        from sago.queue.kafka import KafkaQueue

        self.tmp, self.env, self.name = tmp, env, name
        self.topics = {Source.SLACK: f"{name}-slack", Source.GMAIL: f"{name}-gmail"}
        self.lag = KafkaQueue(
            env["SAGO_KAFKA_BOOTSTRAP"], group=name, topics=self.topics, consume=False
        )
        self.batcher = RedisBatcher(env["SAGO_REDIS_URL"], prefix=name)
        self.workers: list[subprocess.Popen[bytes]] = []
        self.logs: list[Path] = []

    def start(self, **extra_env: str) -> subprocess.Popen[bytes]:
        log = self.tmp / f"worker-{len(self.workers) + 1}.log"
        with log.open("w") as out:  # the child keeps its own copy of the descriptor
            worker = subprocess.Popen(
                [sys.executable, "-m", "sago.cli", "worker"],
                env={**self.env, **extra_env},
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.workers.append(worker)
        self.logs.append(log)
        return worker

    def output(self) -> list[str]:
        return [log.read_text() for log in self.logs]

    def assignments(self, members: int) -> list[set[tuple[str, int]]]:
        """Wait until `members` members own all six partitions between them."""
        from confluent_kafka.admin import AdminClient

        admin = AdminClient({"bootstrap.servers": self.env["SAGO_KAFKA_BOOTSTRAP"]})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            info = admin.describe_consumer_groups([self.name])[self.name].result(timeout=10)
            owned = [
                {(tp.topic, tp.partition) for tp in m.assignment.topic_partitions}
                for m in info.members
            ]
            if len(owned) == members and all(owned) and sum(map(len, owned)) == 6:
                return owned
            time.sleep(0.5)
        raise AssertionError(f"no stable assignment: {self.output()}")

    def wait_drained(self, may_exit: frozenset[int] = frozenset()) -> None:
        """Until the group has no lag and the shared batcher nothing pending (twice running)."""
        deadline, quiet = time.monotonic() + 120, 0
        while quiet < 2:
            assert time.monotonic() < deadline, f"the workers did not drain: {self.output()}"
            alive = [w.poll() is None for n, w in enumerate(self.workers) if n not in may_exit]
            assert all(alive), self.output()
            drained = self.lag.backlog() == 0 and self.batcher.pending() == 0
            quiet = quiet + 1 if drained else 0
            time.sleep(0.5)

    def stop(self) -> list[int | None]:
        for worker in self.workers:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
        return [w.wait(timeout=30) for w in self.workers]

    def close(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.kill()
                worker.wait()
        self.lag.close()
        self.batcher.clear()
        self.batcher.close()


@pytest.fixture
def group(
    tmp_path: Path,
    kafka_bootstrap: str,
    redis_url: str,
    postgres_schema: str,
    cassandra_hosts: str,
    cassandra_keyspace: str,
    unique_name: str,
) -> Iterator[Group]:
    env = {
        **clean_env(tmp_path),
        "SAGO_QUEUE": "kafka",
        "SAGO_KAFKA_BOOTSTRAP": kafka_bootstrap,
        "SAGO_KAFKA_TOPIC_SLACK": f"{unique_name}-slack",
        "SAGO_KAFKA_TOPIC_GMAIL": f"{unique_name}-gmail",
        "SAGO_KAFKA_GROUP": unique_name,
        "SAGO_BATCHER": "redis",
        "SAGO_REDIS_URL": redis_url,
        "SAGO_REDIS_PREFIX": unique_name,
        "SAGO_EVENTSTORE": "postgres",
        "SAGO_POSTGRES_DSN": postgres_schema,
        "SAGO_RAWSTORE": "cassandra",
        "SAGO_CASSANDRA_HOSTS": cassandra_hosts,
        # The session's keyspace (creating one per test is a slow schema change), emptied
        # after the test like the contract tests do.
        "SAGO_CASSANDRA_KEYSPACE": cassandra_keyspace,
        "SAGO_DATA_DIR": str(tmp_path / "shared"),
        # Workers never see an end of input: each source's last partial batch goes after
        # this wait.
        "SAGO_BATCH_MAX_WAIT": "1",
    }
    made = Group(tmp_path, env, unique_name)
    yield made
    made.close()
    raw = rawstore(env)
    raw.flush()
    raw.close()


def rawstore(env: dict[str, str]) -> RawStore:
    from sago.rawstore.cassandra import CassandraRawStore

    return CassandraRawStore(env["SAGO_CASSANDRA_HOSTS"], keyspace=env["SAGO_CASSANDRA_KEYSPACE"])


def assert_same_work(group: Group, expected: set[tuple[str, tuple]]) -> None:  # type: ignore[type-arg]
    """Every message stored once and extracted; the events equal the embedded run's."""
    from sago.eventstore.postgres import PostgresEventStore

    raw = rawstore(group.env)
    try:
        assert raw.count(COMPANY) == ROWS
        assert list(raw.unfinished(COMPANY)) == []
    finally:
        raw.close()
    events = PostgresEventStore(group.env["SAGO_POSTGRES_DSN"])
    try:
        assert event_keys(events.events(COMPANY)) == expected
    finally:
        events.close()


def stops(outputs: list[str]) -> list[tuple[str, int, int]]:
    found = [STOPPED.search(text) for text in outputs]
    assert all(found), outputs
    return [
        (m.group(1), int(m.group(2).replace(",", "")), int(m.group(3).replace(",", "")))
        for m in found
        if m
    ]


def test_two_workers_split_the_partitions_and_match_an_embedded_run(
    group: Group,
    reference: tuple[Path, set[tuple[str, tuple]]],  # type: ignore[type-arg]
) -> None:
    data, expected = reference
    group.start()
    group.start()
    # Both members join before any record exists, so the split is the group's doing.
    one, two = group.assignments(members=2)
    assert one.isdisjoint(two)
    assert one | two == {(t, p) for t in group.topics.values() for p in range(3)}

    produced = sago("produce", str(data), env=group.env)
    assert produced.returncode == 0, produced.stderr
    assert f"published {ROWS:,} of {ROWS:,} records" in produced.stdout
    group.wait_drained()
    assert group.stop() == [0, 0], group.output()

    stopped = stops(group.output())
    assert [reason for reason, _, _ in stopped] == ["SIGTERM", "SIGTERM"]
    assert all(consumed for _, consumed, _ in stopped), f"a worker did nothing: {stopped}"
    # No message was stored twice: the workers' "stored new" add up to the input.
    assert sum(new for _, _, new in stopped) == ROWS
    assert_same_work(group, expected)


@pytest.mark.chaos
def test_a_worker_dying_before_its_commit_loses_nothing(
    group: Group,
    reference: tuple[Path, set[tuple[str, tuple]]],  # type: ignore[type-arg]
) -> None:
    from sago.pipeline.crash_points import CRASH_EXIT_CODE

    data, expected = reference
    doomed = group.start(SAGO_CRASH_AT="after_store")  # dies like kill -9 after storing
    group.start()
    group.assignments(members=2)

    produced = sago("produce", str(data), env=group.env)
    assert produced.returncode == 0, produced.stderr
    assert doomed.wait(timeout=60) == CRASH_EXIT_CODE
    # Its chunk was stored but never committed: the survivor gets it again after the
    # session times out, finds it already stored and batches it.
    group.wait_drained(may_exit=frozenset({0}))
    assert group.stop() == [CRASH_EXIT_CODE, 0], group.output()
    [(reason, consumed, _)] = stops(group.output()[1:])
    assert reason == "SIGTERM"
    # The survivor read everything, the dead worker's stored-but-uncommitted chunk too.
    assert consumed == ROWS
    assert_same_work(group, expected)


def test_sago_run_on_kafka_produces_and_consumes_in_one_process(
    group: Group,
    reference: tuple[Path, set[tuple[str, tuple]]],  # type: ignore[type-arg]
) -> None:
    data, expected = reference
    done = sago("run", str(data), "--out", str(group.tmp / "out"), env=group.env)
    assert done.returncode == 0, done.stderr
    assert group.lag.backlog() == 0
    assert "queue backlog" not in done.stdout  # drained: the summary shows no lag
    assert_same_work(group, expected)


def test_produce_reports_and_dead_letters_rejected_rows(group: Group) -> None:
    data = group.tmp / "bad.csv"
    data.write_text(
        "id,is_chat,chat_sender,email_sender,timestamp,content\n"
        "1,True,maya,,2025-01-01T09:00:00,We launched our app.\n"
        "2,maybe,maya,,2025-01-01T09:05:00,broken row\n"
    )
    done = sago("produce", str(data), env=group.env)
    assert done.returncode == 1, done.stderr
    assert "published 1 of 2 records (1 rejected)" in done.stdout
    assert "row 3" in done.stderr
    assert "is_chat" in done.stderr
    assert group.lag.backlog() == 1
    raw = rawstore(group.env)
    try:
        [dead] = raw.dead_letters(COMPANY)
    finally:
        raw.close()
    assert dead.location == f"{data}:row 3"
