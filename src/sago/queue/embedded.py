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
        before = len(self._items)
        offsets = self._offsets
        self._items.extend(Delivery(next(offsets), message) for message in messages)
        return len(self._items) - before

    def flush(self, timeout: float = 30.0) -> None:
        return None

    def poll(self, max_messages: int, timeout: float) -> list[Delivery]:
        items = self._items
        taken = [items.popleft() for _ in range(min(max_messages, len(items)))]
        self._in_flight.update(delivery.token for delivery in taken)
        return taken

    def commit(self, deliveries: Sequence[Delivery]) -> None:
        self._in_flight.difference_update(delivery.token for delivery in deliveries)

    def dead_letter(self, rejection: Rejection, payload: bytes = b"") -> None:
        self.dead.append((rejection, payload))

    def backlog(self) -> int:
        return len(self._items) + len(self._in_flight)
