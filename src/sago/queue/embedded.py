"""In-process queue: the embedded default. Same contract as Kafka, minus durability."""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Iterable, Sequence

from sago.domain.message import Message, Rejection
from sago.queue.base import Delivery, MessageQueue


class EmbeddedQueue(MessageQueue):
    """A FIFO in memory. Durability comes from re-reading the input: storage is idempotent."""

    def __init__(self) -> None:
        self._items: deque[Delivery] = deque()
        self._in_flight: set[object] = set()
        self._offsets = itertools.count()
        self.dead: list[tuple[Rejection, bytes]] = []

    def publish(self, messages: Iterable[Message]) -> int:
        sent = 0
        for message in messages:
            self._items.append(Delivery(token=next(self._offsets), message=message))
            sent += 1
        return sent

    def flush(self, timeout: float = 30.0) -> None:
        return None

    def poll(self, max_messages: int, timeout: float) -> list[Delivery]:
        taken: list[Delivery] = []
        while self._items and len(taken) < max_messages:
            delivery = self._items.popleft()
            self._in_flight.add(delivery.token)
            taken.append(delivery)
        return taken

    def commit(self, deliveries: Sequence[Delivery]) -> None:
        for delivery in deliveries:
            self._in_flight.discard(delivery.token)

    def dead_letter(self, rejection: Rejection, payload: bytes = b"") -> None:
        self.dead.append((rejection, payload))

    def backlog(self) -> int:
        return len(self._items) + len(self._in_flight)
