"""Every adapter of a port runs the same contract tests.

Each fixture is parametrised over the port's adapters: the embedded one always, the
real-server ones with their service marker (they skip, or fail under
SAGO_REQUIRE_SERVICES=1, when the server is absent).
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from sago.batching.base import Batcher
from sago.eventstore.base import EventStore
from sago.queue.base import MessageQueue
from sago.rawstore.base import RawStore

LEASE = 1.0
MAX_WAIT = 0.5


@pytest.fixture(
    params=[pytest.param("sqlite"), pytest.param("cassandra", marks=pytest.mark.cassandra)]
)
def rawstore(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RawStore]:
    store: RawStore
    if request.param == "sqlite":
        from sago.rawstore.sqlite import SqliteRawStore

        store = SqliteRawStore(tmp_path / "messages.sqlite3")
    elif request.param == "cassandra":
        from sago.rawstore.cassandra import CassandraRawStore

        # The session's keyspace, emptied by the flush below after each test.
        store = CassandraRawStore(
            request.getfixturevalue("cassandra_hosts"),
            keyspace=request.getfixturevalue("cassandra_keyspace"),
        )
    else:  # pragma: no cover - each real adapter adds its branch
        raise AssertionError(request.param)
    yield store
    store.flush()
    store.close()


def make_batcher(kind: str, request: pytest.FixtureRequest, threshold: int) -> Batcher:
    if kind == "memory":
        from sago.batching.memory import MemoryBatcher

        return MemoryBatcher(threshold=threshold, max_wait=MAX_WAIT, lease=LEASE)
    if kind == "redis":
        from sago.batching.redis import RedisBatcher

        # A key prefix per batcher: each factory call starts empty, like a new MemoryBatcher;
        # the factory's teardown clears it.
        return RedisBatcher(
            request.getfixturevalue("redis_url"),
            prefix=f"sago-test:{uuid.uuid4().hex[:12]}",
            threshold=threshold,
            max_wait=MAX_WAIT,
            lease=LEASE,
        )
    raise AssertionError(kind)  # pragma: no cover


@pytest.fixture(params=[pytest.param("memory"), pytest.param("redis", marks=pytest.mark.redis)])
def batcher_factory(request: pytest.FixtureRequest) -> Iterator[Callable[..., Batcher]]:
    made: list[Batcher] = []

    def factory(threshold: int = 5) -> Batcher:
        batcher = make_batcher(request.param, request, threshold)
        made.append(batcher)
        return batcher

    yield factory
    for batcher in made:
        batcher.clear()
        batcher.close()


@pytest.fixture(
    params=[pytest.param("sqlite"), pytest.param("postgres", marks=pytest.mark.postgres)]
)
def eventstore(
    request: pytest.FixtureRequest, tmp_path: Path, unique_name: str
) -> Iterator[EventStore]:
    store: EventStore
    cleanup: Callable[[], None] | None = None
    if request.param == "sqlite":
        from sago.eventstore.sqlite import SqliteEventStore

        store = SqliteEventStore(tmp_path / "events.sqlite3")
    elif request.param == "postgres":
        from sago.eventstore.postgres import PostgresEventStore
        from support.postgres import drop_schema

        # A schema per test (the store's search_path), dropped afterwards.
        dsn = request.getfixturevalue("postgres_dsn")
        store = PostgresEventStore(dsn, schema=unique_name)
        cleanup = functools.partial(drop_schema, dsn, unique_name)
    else:  # pragma: no cover
        raise AssertionError(request.param)
    yield store
    store.flush()
    store.close()
    if cleanup is not None:
        cleanup()


@pytest.fixture(params=[pytest.param("embedded"), pytest.param("kafka", marks=pytest.mark.kafka)])
def queue(request: pytest.FixtureRequest, unique_name: str) -> Iterator[MessageQueue]:
    q: MessageQueue
    if request.param == "embedded":
        from sago.queue.embedded import EmbeddedQueue

        q = EmbeddedQueue()
    elif request.param == "kafka":
        from sago.domain.message import Source
        from sago.queue.kafka import KafkaQueue

        # Own topics and group per test: no test sees another's records or offsets.
        q = KafkaQueue(
            request.getfixturevalue("kafka_bootstrap"),
            group=unique_name,
            topics={Source.SLACK: f"{unique_name}-slack", Source.GMAIL: f"{unique_name}-gmail"},
        )
    else:  # pragma: no cover
        raise AssertionError(request.param)
    yield q
    q.close()
