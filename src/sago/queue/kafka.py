"""Apache Kafka queue (confluent-kafka): one topic per source, a consumer group, a DLQ each.

Delivery semantics (DESIGN.md): offsets are never auto-committed. The pipeline polls a
chunk, stores and batches every message in it, and only then calls `commit`, which
synchronously commits max(offset)+1 per partition. A crash anywhere before that leaves the
chunk uncommitted, so the group delivers it again (at least once); storage is idempotent.

Rebalances: librdkafka runs the assign/revoke callbacks only inside `poll`, and the
pipeline commits each chunk before it polls again, so a revoked partition never holds
work that was stored but not committed. A chunk that straddles a rebalance may be
committed by its old owner after the new one re-read it: that costs a duplicate delivery,
never a loss, because every committed offset was processed by someone.
"""

from __future__ import annotations

import contextlib
import logging
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

from sago.domain.message import MAX_TEXT_CHARS, Message, Rejection, Source
from sago.errors import ServiceUnavailableError, missing_extra
from sago.queue import kafka_codec as codec
from sago.queue.base import Delivery, MessageQueue
from sago.queue.kafka_admin import DLQ_SUFFIX, SETTING, KafkaAdmin, dlq
from sago.queue.kafka_commit import UNREACHABLE, Committer, why

try:
    from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
    from confluent_kafka.cimpl import Message as KafkaRecord
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise missing_extra("confluent-kafka", "kafka") from exc

log = logging.getLogger(__name__)
# librdkafka's own log lines (one per failed reconnect while a broker is down): the CLI
# shows them only with --verbose; outages reach the user as one pipeline line instead.
client_log = log.getChild("client")

DEFAULT_TOPICS: Mapping[Source, str] = {
    Source.SLACK: "slack-messages",
    Source.GMAIL: "gmail-messages",
}
# A member that stops polling for this long is dropped from the group and its partitions
# move on; commits it makes afterwards fail and its chunk is redelivered (a duplicate).
MAX_POLL_INTERVAL_MS = 600_000
# Idempotence: the broker drops retried duplicates and keeps per-partition order. Shared
# with `sago bench`'s raw baseline, so its ratio compares like with like.
PRODUCER_SETTINGS: dict[str, Any] = {
    "enable.idempotence": True,
    "acks": "all",
    "linger.ms": 20,
    "compression.type": "lz4",
}


def consumer_settings(group: str, session_timeout_ms: int) -> dict[str, Any]:
    """The group consumer's settings (also the bench baseline's)."""
    return {
        "group.id": group,
        # Offsets move only through commit(), after the pipeline stored the chunk.
        "enable.auto.commit": False,
        "auto.offset.reset": "earliest",
        # Short sessions: a dead worker's partitions move within seconds.
        "session.timeout.ms": session_timeout_ms,
        "heartbeat.interval.ms": max(session_timeout_ms // 4, 250),
        "max.poll.interval.ms": MAX_POLL_INTERVAL_MS,
        # Round robin over both topics' partitions gives every worker a share of each
        # source; the sticky assignor tended to hand one worker all of Slack.
        "partition.assignment.strategy": "roundrobin",
    }


class Token(NamedTuple):
    """Where a delivery came from: what `commit` needs."""

    topic: str
    partition: int
    offset: int


def _weak(method: Callable[..., Any]) -> Callable[..., Any]:
    """A callback that does not keep its queue alive.

    A bound method handed to librdkafka makes a reference cycle (queue -> client ->
    callback -> queue), which only Python's cyclic GC frees. That GC can run on any thread,
    including a client's own librdkafka thread while an admin result is delivered, and a
    client destroyed from its own thread aborts the process (confluent-kafka-python #2129).
    Without the cycle, the queue and its clients are freed where the last reference drops.
    """
    ref = weakref.WeakMethod(method)

    def call(*args: Any) -> Any:
        bound = ref()
        return None if bound is None else bound(*args)

    return call


class KafkaQueue(MessageQueue):
    """Messages on Kafka, keyed by company id, consumed by one consumer group.

    `consume=False` opens a producer only (`sago produce`): no group membership, and
    `poll`/`commit` refuse. `backlog()` is the group's lag over both topics, computed with
    the admin API (listed latest offsets minus committed ones), not the consumer's cached
    watermarks, which can be stale.
    """

    def __init__(
        self,
        bootstrap: str,
        *,
        group: str = "sago-workers",
        topics: Mapping[Source, str] | None = None,
        partitions: int = 3,
        replication: int = 1,
        consume: bool = True,
        session_timeout_ms: int = 6000,
        max_record_bytes: int = 1_000_000,
        max_text_chars: int = MAX_TEXT_CHARS,
        connect_timeout: float = 5.0,
        client_id: str = "sago",
    ) -> None:
        self.bootstrap = bootstrap
        self.group = group
        self.topics: dict[Source, str] = dict(topics or DEFAULT_TOPICS)
        self._sources = {topic: source for source, topic in self.topics.items()}
        self.max_record_bytes = max_record_bytes
        self.max_text_chars = max_text_chars
        self.timeout = connect_timeout
        self._undelivered: list[str] = []
        self._closed = False
        # Set by error_cb when librdkafka loses every broker; cleared once one answers.
        self._down: str | None = None
        common: dict[str, Any] = {
            "bootstrap.servers": bootstrap,
            "client.id": client_id,
            "logger": client_log,
            "error_cb": _weak(self._on_error),
        }
        self._admin = KafkaAdmin(
            common,
            group=group,
            topics=list(self.topics.values()),
            timeout=connect_timeout,
            down=_weak(self._down_reason),
            unavailable=_weak(self._unavailable),
        )
        self._admin.ensure_topics(partitions, replication)
        self.producer_config: dict[str, Any] = {
            "bootstrap.servers": bootstrap,
            **PRODUCER_SETTINGS,
            "message.max.bytes": max(max_record_bytes + 4096, 1_000_000),
        }
        self._producer = Producer({**common, **self.producer_config})
        self._delivered = _weak(self._on_delivery)
        self._consumer: Consumer | None = None
        self._committer: Committer | None = None
        if consume:
            self._consumer = Consumer({**common, **consumer_settings(group, session_timeout_ms)})
            self._consumer.subscribe(
                list(self.topics.values()),
                on_assign=_weak(self._on_assign),
                on_revoke=_weak(self._on_revoke),
            )

    # -- start-up ----------------------------------------------------------------------

    def _unavailable(self, exc: KafkaException | None = None) -> ServiceUnavailableError:
        detail = self._down or (why(exc) if exc is not None else "no broker answers")
        return ServiceUnavailableError("Kafka", SETTING, f"{self.bootstrap}: {detail}")

    def _check_reachable(self, consumer: Consumer) -> None:
        """While librdkafka reports every broker down, poll raises instead of idling silently,
        so the pipeline logs the outage and backs off; one answered metadata call ends it."""
        if self._down is None:
            return
        try:
            consumer.list_topics(timeout=1.0)
        except KafkaException as exc:
            raise self._unavailable(exc) from exc
        self._down = None

    dlq = staticmethod(dlq)

    def _down_reason(self) -> str | None:
        return self._down

    # -- producing ---------------------------------------------------------------------

    def publish(self, messages: Iterable[Message]) -> int:
        sent = 0
        for message in messages:
            topic = self.topics[message.source]
            key, value, headers = codec.encode(message)
            if len(value) > self.max_record_bytes:
                # The broker would refuse it and fail the whole flush: park it instead.
                log.warning("kafka: message %s is %s bytes; dead-lettered", message.id, len(value))
                reason = (
                    f"record of {len(value):,} bytes is over the {self.max_record_bytes:,} limit"
                )
                self.dead_letter(codec.rejection(topic, message.id, reason, value), value[:4096])
                continue
            self._produce(topic, key=key, value=value, headers=headers)
            sent += 1
        self._producer.poll(0)
        return sent

    def _produce(self, topic: str, *, key: bytes | None, value: bytes, headers: list[Any]) -> None:
        while True:
            try:
                self._producer.produce(
                    topic, value=value, key=key, headers=headers, on_delivery=self._delivered
                )
                return
            except BufferError:
                # The local queue is full: let librdkafka send some, then retry.
                self._producer.poll(0.1)

    def _on_delivery(self, err: KafkaError | None, record: KafkaRecord) -> None:
        if err is not None:
            self._undelivered.append(f"{record.topic()}: {err.str()}")

    def flush(self, timeout: float = 30.0) -> None:
        left = self._producer.flush(timeout)
        if left or self._undelivered:
            failed, self._undelivered = self._undelivered, []
            detail = f"{left} messages still queued after {timeout:.0f} s" if left else ""
            detail += f"{'; ' if detail else ''}{len(failed)} not delivered" if failed else ""
            if failed:
                detail += f" (first: {failed[0]})"
            raise ServiceUnavailableError("Kafka", SETTING, f"{self.bootstrap}: {detail}")

    def dead_letter(self, rejection: Rejection, payload: bytes = b"") -> None:
        topic = rejection.file.removeprefix("kafka:")
        if topic not in self._sources:
            # Not from a consumed record (e.g. an unreadable input row): no source is known.
            topic = self.topics[Source.SLACK]
        self._produce(
            self.dlq(topic), key=None, value=payload, headers=codec.dlq_headers(rejection)
        )

    # -- consuming ---------------------------------------------------------------------

    def _need_consumer(self) -> Consumer:
        if self._consumer is None:
            raise RuntimeError("this Kafka queue was opened for producing only (consume=False)")
        return self._consumer

    def poll(self, max_messages: int, timeout: float) -> list[Delivery]:
        consumer = self._need_consumer()
        if self._committer is not None:
            self._committer.settle()
        self._check_reachable(consumer)
        # poll() returns at the first record; consume(timeout=0) then takes what is already
        # fetched. A single consume(n, timeout) would wait the whole timeout for n records.
        # Nothing below raises once records are taken: they would be skipped until a
        # rebalance, and a later commit past them would lose them.
        first = consumer.poll(timeout)
        if first is None:
            return []
        records = [first]
        if max_messages > 1:
            records += consumer.consume(max_messages - 1, 0)
        deliveries: list[Delivery] = []
        for record in records:
            error = record.error()
            if error is not None:
                if error.fatal():
                    raise ServiceUnavailableError("Kafka", SETTING, error.str())
                if error.code() in UNREACHABLE:
                    self._down = self._down or error.str()  # reported by the next poll
                else:
                    log.warning("kafka: %s", error.str())
                continue
            deliveries.append(self._decode(record))
        if any(d.rejection is not None for d in deliveries):
            self._producer.poll(0)
        return deliveries

    def _decode(self, record: KafkaRecord) -> Delivery:
        topic, partition, offset = record.topic() or "", record.partition(), record.offset()
        token = Token(topic, partition or 0, offset or 0)
        value = record.value() or b""
        decoded, payload = codec.read(
            value,
            record.headers(),
            source=self._sources.get(topic),
            max_record_bytes=self.max_record_bytes,
            max_text_chars=self.max_text_chars,
        )
        if isinstance(decoded, Message):
            return Delivery(token=token, message=decoded, payload=payload)
        refused = codec.rejection(topic, f"partition {partition} offset {offset}", decoded, value)
        self.dead_letter(refused, value[: self.max_record_bytes])
        return Delivery(token=token, rejection=refused)

    def commit(self, deliveries: Sequence[Delivery]) -> None:
        consumer = self._need_consumer()
        if not deliveries:
            return
        # A rejected record's DLQ copy must be durable before its offset moves past it.
        if any(d.rejection is not None for d in deliveries):
            self.flush(self.timeout * 6)
        ends: dict[tuple[str, int], int] = {}
        for delivery in deliveries:
            token = delivery.token
            if not isinstance(token, Token):
                raise TypeError(f"not a delivery of this queue: {delivery!r}")
            key = (token.topic, token.partition)
            ends[key] = max(ends.get(key, -1), token.offset + 1)
        offsets = [TopicPartition(t, p, end) for (t, p), end in sorted(ends.items())]
        if self._committer is None:
            self._committer = Committer(consumer, self.timeout, _weak(self._unavailable))
        self._committer.commit(offsets)

    def backlog(self) -> int:
        return self._admin.lag()

    def assignment(self) -> list[tuple[str, int]]:
        """The partitions this member owns now (tests, logs)."""
        return sorted((tp.topic, tp.partition) for tp in self._need_consumer().assignment())

    # -- lifecycle ---------------------------------------------------------------------

    def _on_assign(self, _consumer: Consumer, partitions: list[TopicPartition]) -> None:
        log.info("kafka: assigned %s", _names(partitions))

    def _on_revoke(self, _consumer: Consumer, partitions: list[TopicPartition]) -> None:
        # Nothing to save: every chunk handed out was committed before this poll (see top).
        log.info("kafka: revoked %s", _names(partitions))

    def _on_error(self, error: KafkaError) -> None:
        if error.code() == KafkaError._ALL_BROKERS_DOWN:
            self._down = error.str()
        elif error.code() == KafkaError._TRANSPORT and self._down is not None:
            self._down = error.str()  # names the address and the reason ("refused")
        log.log(logging.ERROR if error.fatal() else logging.DEBUG, "kafka: %s", error.str())

    def close(self) -> None:
        """Flush pending sends, leave the group now (its partitions move at once) and
        destroy the clients here, on the caller's thread, not later in a GC pass."""
        if self._closed:
            return
        self._closed = True
        try:
            self._producer.flush(self.timeout * 2)
            if self._committer is not None:
                with contextlib.suppress(ServiceUnavailableError):
                    self._committer.settle()  # closing under a pending commit can block
        finally:
            self._committer = None
            if self._consumer is not None:
                self._consumer.close()
            # A record still queued was never confirmed to anyone (only flush() confirms,
            # and it raises for such records), so it is dropped here rather than letting
            # the producer's close wait on a dead broker; the caller resends it.
            if len(self._producer):
                self._producer.purge()
                self._producer.poll(0)
            self._producer.close()
            self._admin.close()


def _names(partitions: list[TopicPartition]) -> str:
    return ", ".join(f"{tp.topic}[{tp.partition}]" for tp in partitions) or "nothing"


__all__ = ["DLQ_SUFFIX", "SETTING", "KafkaQueue", "Token"]
