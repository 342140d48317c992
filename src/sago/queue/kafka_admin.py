"""The Kafka queue's admin side: its topics at start-up and its consumer group's lag.

Apart from `kafka.py` because none of it is on the per-message path: it runs once at
start-up and whenever the pipeline asks how much is left (`backlog`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from sago.errors import ServiceUnavailableError, missing_extra
from sago.queue.kafka_commit import SETTLING, why

try:
    from confluent_kafka import (
        ConsumerGroupTopicPartitions,
        KafkaError,
        KafkaException,
        TopicPartition,
    )
    from confluent_kafka.admin import AdminClient

    # Defined here; `confluent_kafka.admin` re-exports it without marking it public.
    from confluent_kafka.admin._listoffsets import OffsetSpec
    from confluent_kafka.cimpl import NewTopic
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise missing_extra("confluent-kafka", "kafka") from exc

SETTING = "SAGO_KAFKA_BOOTSTRAP"
DLQ_SUFFIX = ".dlq"
# Slices of the start-up metadata wait, so "all brokers down" ends it early.
_START_SLICE = 0.25
# Tries of a backlog read whose offsets hit a retriable broker error (0.2 s, 0.4 s, … apart).
_LAG_ATTEMPTS = 6


def dlq(topic: str) -> str:
    return topic + DLQ_SUFFIX


def _settling(exc: KafkaException) -> bool:
    """A broker answer meaning "not ready yet", worth asking again shortly."""
    error = exc.args[0] if exc.args else None
    return isinstance(error, KafkaError) and (error.retriable() or error.code() in SETTLING)


class KafkaAdmin:
    """An admin client for one group's topics.

    `down` reads what the queue's error callback noted ("all brokers down"), and
    `unavailable` turns a failure into the queue's ServiceUnavailableError.
    """

    def __init__(
        self,
        config: dict[str, Any],
        *,
        group: str,
        topics: Sequence[str],
        timeout: float,
        down: Callable[[], str | None],
        unavailable: Callable[[KafkaException | None], ServiceUnavailableError],
    ) -> None:
        self.client = AdminClient(config)
        self.group = group
        self.topics = list(topics)
        self.timeout = timeout
        self._down = down
        self._unavailable = unavailable

    def close(self) -> None:
        """Destroy the admin client now, on the caller's thread (see `kafka._weak`)."""
        self.client.__exit__(None, None, None)

    def ensure_topics(self, partitions: int, replication: int) -> None:
        """Create the missing source topics and DLQs; existing ones are left as they are.

        The metadata call doubles as the reachability check: no broker within the timeout
        is an error naming the setting, not a hang.
        """
        existing = set(self._first_metadata().topics)
        # Dead letters are rare and unordered: one partition is enough.
        wanted = [(t, partitions) for t in self.topics] + [(dlq(t), 1) for t in self.topics]
        missing = [
            NewTopic(name, num_partitions=count, replication_factor=replication)
            for name, count in wanted
            if name not in existing
        ]
        if not missing:
            return
        for topic, future in self.client.create_topics(
            missing, request_timeout=self.timeout
        ).items():
            try:
                future.result(timeout=self.timeout * 2)
            except KafkaException as exc:
                if exc.args[0].code() != KafkaError.TOPIC_ALREADY_EXISTS:  # a racing worker
                    raise ServiceUnavailableError(
                        "Kafka", SETTING, f"cannot create topic {topic!r}: {why(exc)}"
                    ) from exc

    def _first_metadata(self) -> Any:
        """Cluster metadata at start-up, or ServiceUnavailableError within `timeout`.

        Asked in short slices: when librdkafka reports every broker down (a refused
        connection) between two slices, the start fails at once instead of waiting out
        the whole timeout.
        """
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                return self.client.list_topics(timeout=_START_SLICE)
            except KafkaException as exc:
                self.client.poll(0)  # serves error_cb, which notes "all brokers down"
                if self._down() is None and time.monotonic() < deadline:
                    continue
                raise self._unavailable(exc) from exc

    def lag(self) -> int:
        """Messages published but not yet committed by the group, over all its topics.

        Offsets asked for right after a topic was created or a leader moved can come back
        NOT_LEADER_FOR_PARTITION while metadata settles: retriable, so ask again briefly.
        """
        for attempt in range(_LAG_ATTEMPTS):
            try:
                return self._lag()
            except KafkaException as exc:
                if not _settling(exc) or attempt == _LAG_ATTEMPTS - 1:
                    raise self._unavailable(exc) from exc
                time.sleep(0.2 * 2**attempt)
        raise AssertionError("unreachable")  # the loop returns or raises

    def _lag(self) -> int:
        partitions = self._partitions()
        if not partitions:
            return 0
        request = [ConsumerGroupTopicPartitions(self.group, partitions)]
        group = self.client.list_consumer_group_offsets(request, request_timeout=self.timeout)
        committed = {
            (tp.topic, tp.partition): tp.offset
            for tp in group[self.group].result(timeout=self.timeout * 2).topic_partitions
        }
        latest = self._offsets(partitions, OffsetSpec.latest())  # type: ignore[no-untyped-call]
        # No commit yet: the group would start at the earliest retained record.
        fresh = [tp for tp in partitions if committed.get((tp.topic, tp.partition), -1) < 0]
        earliest: dict[tuple[str, int], int] = {}
        if fresh:
            earliest = self._offsets(fresh, OffsetSpec.earliest())  # type: ignore[no-untyped-call]
        lag = 0
        for key, end in latest.items():
            start = committed.get(key, -1)
            start = earliest[key] if start < 0 else start
            lag += max(end - start, 0)
        return lag

    def _partitions(self) -> list[TopicPartition]:
        metadata = self.client.list_topics(timeout=self.timeout)
        return [
            TopicPartition(topic, partition)
            for topic in self.topics
            if topic in metadata.topics
            for partition in sorted(metadata.topics[topic].partitions)
        ]

    def _offsets(self, partitions: list[TopicPartition], spec: Any) -> dict[tuple[str, int], int]:
        futures = self.client.list_offsets(
            dict.fromkeys(partitions, spec), request_timeout=self.timeout
        )
        return {
            (tp.topic, tp.partition): future.result(timeout=self.timeout * 2).offset
            for tp, future in futures.items()
        }
