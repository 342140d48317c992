"""Each adapter, reached through a TCP proxy that is cut and restored: a lost server is a
ServiceUnavailableError naming the setting (what the pipeline retries), never a raw driver
error, and the adapter works again once the server is back."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import urlsplit, urlunsplit

import pytest

from sago.devtools.chaos.proxy import Proxy
from sago.domain.message import Source
from sago.errors import ServiceUnavailableError
from support.factories import message, messages

if TYPE_CHECKING:
    from sago.queue.kafka import KafkaQueue

T = TypeVar("T")


def through(url: str, proxy: Proxy) -> str:
    parts = urlsplit(url)
    auth = parts.netloc.rpartition("@")[0]
    netloc = f"{auth}@{proxy.address}" if auth else proxy.address
    return urlunsplit(parts._replace(netloc=netloc))


def endpoint(value: str) -> tuple[str, int]:
    if "://" in value:
        parts = urlsplit(value)
        return parts.hostname or "127.0.0.1", parts.port or 0
    host, _, port = value.split(",", maxsplit=1)[0].rpartition(":")
    return host, int(port)


def eventually(action: Callable[[], T], seconds: float = 60) -> T:
    """The action's result once it stops failing with ServiceUnavailableError."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return action()
        except ServiceUnavailableError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@pytest.mark.redis
def test_redis_batcher_across_a_cut(redis_url: str, unique_name: str) -> None:
    from sago.batching.redis import RedisBatcher

    with Proxy(*endpoint(redis_url)) as proxy:
        batcher = RedisBatcher(through(redis_url, proxy), prefix=unique_name, threshold=2)
        try:
            batcher.add(messages(2))
            proxy.cut()
            with pytest.raises(ServiceUnavailableError, match="SAGO_REDIS_URL"):
                batcher.claim()
            proxy.restore()
            batch = eventually(batcher.claim)
            assert batch is not None
            assert sorted(batch.message_ids) == ["1", "2"]
        finally:
            batcher.clear()
            batcher.close()


@pytest.fixture
def schema_dsn(postgres_dsn: str, unique_name: str) -> Iterator[str]:
    import psycopg
    from psycopg import sql

    from support.postgres import drop_schema

    with psycopg.connect(postgres_dsn, autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(unique_name)))
    yield unique_name
    drop_schema(postgres_dsn, unique_name)


@pytest.mark.postgres
def test_postgres_event_store_across_a_cut(postgres_dsn: str, schema_dsn: str) -> None:
    from sago.eventstore.postgres import PostgresEventStore
    from support.factories import event

    with Proxy(*endpoint(postgres_dsn)) as proxy:
        store = PostgresEventStore(through(postgres_dsn, proxy), schema=schema_dsn)
        try:
            store.upsert([event()])
            proxy.cut()
            with pytest.raises(ServiceUnavailableError, match="SAGO_POSTGRES_DSN"):
                store.events("acme")
            proxy.restore()
            assert len(eventually(lambda: store.events("acme"))) == 1
        finally:
            store.close()


@pytest.mark.cassandra
def test_cassandra_raw_store_across_a_cut(cassandra_hosts: str, cassandra_keyspace: str) -> None:
    from sago.rawstore.cassandra import CassandraRawStore

    with Proxy(*endpoint(cassandra_hosts)) as proxy:
        store = CassandraRawStore(proxy.address, keyspace=cassandra_keyspace, request_timeout=5)
        try:
            store.store(messages(2))
            proxy.cut()
            with pytest.raises(ServiceUnavailableError, match="SAGO_CASSANDRA_HOSTS"):
                store.store([message(3)])
            proxy.restore()
            eventually(lambda: store.store([message(3)]))
            assert store.count("acme") == 3
        finally:
            store.flush()
            store.close()


def poll_for(queue: KafkaQueue, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        queue.poll(10, 0.5)


@pytest.mark.kafka
def test_kafka_queue_across_a_cut(kafka_bootstrap: str, unique_name: str) -> None:
    from sago.queue.kafka import KafkaQueue

    topics = {Source.SLACK: f"{unique_name}-slack", Source.GMAIL: f"{unique_name}-gmail"}
    with Proxy(*endpoint(kafka_bootstrap), kafka=True) as proxy:
        queue = KafkaQueue(proxy.address, group=unique_name, topics=topics, partitions=1)
        try:
            queue.publish(messages(3))
            queue.flush()
            deliveries = []
            deadline = time.monotonic() + 60
            while len(deliveries) < 3 and time.monotonic() < deadline:
                deliveries += queue.poll(10, 1.0)
            assert len(deliveries) == 3
            proxy.cut()
            with pytest.raises(ServiceUnavailableError, match="SAGO_KAFKA_BOOTSTRAP"):
                queue.commit(deliveries)
            # Polling notices too (once librdkafka has seen every broker go), rather than
            # idling silently while the cluster is gone.
            with pytest.raises(ServiceUnavailableError, match="SAGO_KAFKA_BOOTSTRAP"):
                poll_for(queue, 30)
            proxy.restore()
            eventually(lambda: queue.poll(10, 0.5))
            eventually(lambda: queue.commit(deliveries))
            assert eventually(queue.backlog) == 0
        finally:
            queue.close()
    assert proxy.connections > 0


@pytest.mark.kafka
def test_kafka_start_against_a_refusing_port_fails_at_once(unique_name: str) -> None:
    from sago.queue.kafka import KafkaQueue

    with Proxy("127.0.0.1", 9) as proxy:
        proxy.cut()
        started = time.monotonic()
        with pytest.raises(ServiceUnavailableError, match="SAGO_KAFKA_BOOTSTRAP"):
            KafkaQueue(proxy.address, group=unique_name, connect_timeout=30)
        # Refused connections end the wait long before connect_timeout.
        assert time.monotonic() - started < 25
