"""The baseline for the Kafka ratio: bare confluent-kafka on the same broker and bytes.

It mirrors the shape of Sago's loop (produce a chunk, take what has arrived, repeat; then
flush and drain) and the client settings KafkaQueue uses (idempotent producer, acks=all,
lz4, linger 20 ms, round-robin group, no auto-commit), so the ratio measures Sago's own
work — JSON encode/decode and validation, headers, per-chunk synchronous commits, the raw
store and the batcher — not a difference in configuration. It commits once, at the end.
Being the reference, it talks to confluent-kafka itself; only its client settings come from
`sago.bootstrap.harness`, which takes them from the queue adapter.
"""

from __future__ import annotations

import contextlib
import logging
import struct
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType

from sago.bootstrap.harness import (
    kafka_client_config,
    kafka_consumer_config,
    kafka_producer_config,
)
from sago.config import Settings
from sago.errors import ServiceUnavailableError, missing_extra

try:
    from confluent_kafka import Consumer, KafkaException, Producer
    from confluent_kafka.admin import AdminClient
    from confluent_kafka.cimpl import NewTopic
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise missing_extra("confluent-kafka", "kafka") from exc

SETTING = "SAGO_KAFKA_BOOTSTRAP"
log = logging.getLogger(__name__)
CHUNK = 500  # the pipeline's INGEST_CHUNK and POLL_CHUNK
Item = tuple[str, bytes, bytes]  # topic, key, value


class RawKafka:
    """A producer and a group consumer on fresh topics; `join()` first, then `roundtrip()`."""

    def __init__(self, settings: Settings, topics: Sequence[str], *, group: str) -> None:
        self.bootstrap = settings.kafka_bootstrap
        self.topics = list(topics)
        self.partitions = settings.kafka_partitions
        _create_topics(settings, self.topics, self.partitions)
        self._producer = Producer(kafka_producer_config(settings, log))
        self._consumer = Consumer(kafka_consumer_config(settings, group, log))
        self._consumer.subscribe(self.topics)

    def __enter__(self) -> RawKafka:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._consumer.close()

    def join(self, timeout: float = 60.0) -> float:
        """Poll until every partition is assigned; returns how long that took.

        A join costs seconds whatever the volume, so both Kafka phases take it untimed.
        """
        started = time.perf_counter()
        while len(self._consumer.assignment()) < self.partitions * len(self.topics):
            record = self._consumer.poll(0.1)
            if record is not None and record.error() is None:
                raise RuntimeError("the bench topics were not empty: a record arrived early")
            if time.perf_counter() - started > timeout:
                raise ServiceUnavailableError(
                    "Kafka", SETTING, f"no partition assignment within {timeout:.0f} s"
                )
        return time.perf_counter() - started

    def roundtrip(self, items: Iterable[Item], timeout: float = 600.0) -> tuple[int, int]:
        """Produce every item and consume them back; returns (produced, consumed)."""
        produced = consumed = 0
        for topic, key, value in items:
            self._produce(topic, key, value)
            produced += 1
            if produced % CHUNK == 0:
                self._producer.poll(0)
                consumed += self._take(0)
        if self._producer.flush(timeout):
            raise ServiceUnavailableError("Kafka", SETTING, f"{self.bootstrap}: produce timed out")
        deadline = time.perf_counter() + timeout
        while consumed < produced and time.perf_counter() < deadline:
            consumed += self._take(0.2)
        self._consumer.commit(asynchronous=False)
        return produced, consumed

    def _produce(self, topic: str, key: bytes, value: bytes) -> None:
        while True:
            try:
                self._producer.produce(topic, value=value, key=key)
                return
            except BufferError:
                self._producer.poll(0.1)  # the local queue is full: let librdkafka send some

    def _take(self, wait: float) -> int:
        # As KafkaQueue.poll: poll() waits for the first record, consume(timeout=0) takes
        # what is already fetched.
        first = self._consumer.poll(wait)
        if first is None:
            return 0
        records = [first, *self._consumer.consume(CHUNK - 1, 0)]
        for record in records:
            error = record.error()
            if error is not None and error.fatal():
                raise ServiceUnavailableError("Kafka", SETTING, error.str())
        return sum(1 for r in records if r.error() is None)


_HEAD = struct.Struct(">HII")  # topic, key and value lengths


def spool(items: Iterable[Item], path: Path) -> int:
    """Write the records to a file before the timer, so the timed part streams them back
    without holding the input in memory; returns how many."""
    count = 0
    with path.open("wb") as out:
        for topic, key, value in items:
            name = topic.encode()
            out.write(_HEAD.pack(len(name), len(key), len(value)) + name + key + value)
            count += 1
    return count


def unspool(path: Path) -> Iterator[Item]:
    with path.open("rb") as handle:
        while head := handle.read(_HEAD.size):
            sizes = _HEAD.unpack(head)
            topic, key, value = (handle.read(size) for size in sizes)
            yield topic.decode(), key, value


def _create_topics(settings: Settings, topics: Sequence[str], partitions: int) -> None:
    bootstrap = settings.kafka_bootstrap
    admin = AdminClient(kafka_client_config(settings, log))
    try:
        admin.list_topics(timeout=5)
    except KafkaException as exc:
        raise ServiceUnavailableError("Kafka", SETTING, f"{bootstrap}: {exc}") from exc
    wanted = [NewTopic(t, num_partitions=partitions, replication_factor=1) for t in topics]
    for topic, future in admin.create_topics(wanted, request_timeout=10).items():
        try:
            future.result(timeout=20)
        except KafkaException as exc:
            raise ServiceUnavailableError(
                "Kafka", SETTING, f"{bootstrap}: cannot create topic {topic!r}: {exc}"
            ) from exc


def delete_topics(settings: Settings, topics: Sequence[str], groups: Sequence[str]) -> None:
    """Best effort: the bench leaves no topics or groups behind, but cleanup never fails it."""
    admin = AdminClient(kafka_client_config(settings, log))
    with contextlib.suppress(KafkaException, ValueError):
        for future in admin.delete_topics(list(topics), request_timeout=10).values():
            with contextlib.suppress(KafkaException):
                future.result(timeout=20)
    with contextlib.suppress(KafkaException, ValueError):
        for future in admin.delete_consumer_groups(list(groups), request_timeout=10).values():
            with contextlib.suppress(KafkaException):
                future.result(timeout=20)
