"""The queue port: at-least-once delivery with explicit commits."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from sago.domain.message import Message, Rejection


class Delivery(NamedTuple):
    """One consumed record. Either a valid message or the rejection of an invalid payload.

    `token` is the adapter's handle for committing (a Kafka topic/partition/offset). A
    tuple, not a frozen dataclass: one is built per message, at a third of the cost.
    """

    token: object
    message: Message | None = None
    rejection: Rejection | None = None
    # The message's JSON exactly as `model_dump_json` writes it, when the record carried
    # it (a Kafka record from Sago's own producer): stored as is, not serialised again.
    payload: str | None = None


class MessageQueue(ABC):
    """Decouples ingest from processing.

    A delivery is redelivered until `commit` covers it, so consumers commit only after
    what the message produced (raw row, batch entry) is stored.
    """

    @abstractmethod
    def publish(self, messages: Iterable[Message]) -> int:
        """Send messages to their source's topic; returns how many were sent."""

    @abstractmethod
    def flush(self, timeout: float = 30.0) -> None:
        """Block until everything published is durably accepted."""

    @abstractmethod
    def poll(self, max_messages: int, timeout: float) -> list[Delivery]:
        """Up to `max_messages` deliveries, waiting at most `timeout` seconds for the first."""

    @abstractmethod
    def commit(self, deliveries: Sequence[Delivery]) -> None:
        """Acknowledge deliveries: they will not be delivered again to this group."""

    @abstractmethod
    def dead_letter(self, rejection: Rejection, payload: bytes = b"") -> None:
        """Park an invalid record with its reason (a `*.dlq` topic on Kafka)."""

    @abstractmethod
    def backlog(self) -> int:
        """Messages published but not yet committed by this consumer group (the lag)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections; leave the consumer group."""
