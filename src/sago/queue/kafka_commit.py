"""Offset commits that report an unreachable cluster instead of hanging, and the error codes
that tell a lost broker from a bad request.

librdkafka's synchronous commit waits as long as the group coordinator cannot be reached,
with no error and no timeout: a worker would sit silent through a whole Kafka outage. So
the commit runs on a helper thread and the caller waits a bounded time; past it, the
caller gets ServiceUnavailableError (the pipeline logs the outage, backs off and retries)
while the commit stays in flight. The next commit or poll waits for that one first, so at
most one commit is ever outstanding and offsets are still committed in order.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from sago.errors import ServiceUnavailableError, missing_extra

try:
    from confluent_kafka import KafkaError, KafkaException, TopicPartition
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise missing_extra("confluent-kafka", "kafka") from exc

log = logging.getLogger("sago.queue.kafka")

# Commit errors that mean "you no longer own this": the records will be redelivered to the
# new owner, so the worker logs and carries on instead of dying.
LOST_OWNERSHIP = {
    KafkaError.ILLEGAL_GENERATION,
    KafkaError.UNKNOWN_MEMBER_ID,
    KafkaError.REBALANCE_IN_PROGRESS,
    KafkaError._ASSIGNMENT_LOST,
}
# What librdkafka reports while it cannot talk to the cluster: an outage, not a bad record.
UNREACHABLE = {
    KafkaError._ALL_BROKERS_DOWN,
    KafkaError._TRANSPORT,
    KafkaError._RESOLVE,
    KafkaError._TIMED_OUT,
    KafkaError._WAIT_COORD,
    KafkaError.NETWORK_EXCEPTION,
    KafkaError.REQUEST_TIMED_OUT,
    KafkaError.COORDINATOR_NOT_AVAILABLE,
    KafkaError.NOT_COORDINATOR,
    KafkaError.COORDINATOR_LOAD_IN_PROGRESS,
}
# Answers that mean "not ready yet": a new topic's leader not elected, a group coordinator
# still loading its offsets. Admin reads get them right after a topic or group appears,
# whatever the client's retriable flag says.
SETTLING = {
    KafkaError.NOT_LEADER_FOR_PARTITION,
    KafkaError.LEADER_NOT_AVAILABLE,
    KafkaError.COORDINATOR_LOAD_IN_PROGRESS,
    KafkaError.COORDINATOR_NOT_AVAILABLE,
    KafkaError.NOT_COORDINATOR,
}

Unavailable = Callable[[KafkaException | None], ServiceUnavailableError]


class Committer:
    """Commits offsets for one consumer, waiting at most `timeout` seconds per call."""

    def __init__(self, consumer: Any, timeout: float, unavailable: Unavailable) -> None:
        self._consumer = consumer
        self._timeout = timeout
        self._unavailable = unavailable
        self._pending: Future[Any] | None = None

    def settle(self) -> None:
        """Wait (boundedly) for a commit still in flight. librdkafka blocks a poll while a
        synchronous commit is outstanding, so the consumer is not polled before this."""
        if self._pending is None:
            return
        previous, self._pending = self._pending, None
        try:
            previous.result(timeout=self._timeout)
        except TimeoutError:
            self._pending = previous
            raise self._unavailable(None) from None
        except KafkaException:
            pass  # it failed; a later commit carries the same or later offsets

    def commit(self, offsets: list[TopicPartition]) -> None:
        self.settle()
        future = self._start(offsets)
        try:
            future.result(timeout=self._timeout)
        except TimeoutError:
            self._pending = future
            raise self._unavailable(None) from None
        except KafkaException as exc:
            error = exc.args[0]
            if error.code() in LOST_OWNERSHIP:
                log.warning("kafka: commit after losing partitions (%s); redelivery", why(exc))
                return
            if error.fatal() or not (error.retriable() or error.code() in UNREACHABLE):
                raise
            # The coordinator is unreachable: the pipeline retries this commit.
            raise self._unavailable(exc) from exc

    def _start(self, offsets: list[TopicPartition]) -> Future[Any]:
        future: Future[Any] = Future()

        def run() -> None:
            try:
                future.set_result(self._consumer.commit(offsets=offsets, asynchronous=False))
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting caller
                future.set_exception(exc)

        # A daemon thread, not an executor: executors are joined at interpreter exit, and
        # a commit stuck on a dead cluster must not keep a stopping worker alive.
        threading.Thread(target=run, name="sago-kafka-commit", daemon=True).start()
        return future


def why(exc: KafkaException) -> str:
    error = exc.args[0] if exc.args else None
    return error.str() if isinstance(error, KafkaError) else str(exc)
