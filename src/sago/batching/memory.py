"""In-memory batcher: the embedded default. Dies with the process; the raw store's
statuses let a restart re-batch whatever was not extracted."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sago.batching.base import Batcher
from sago.domain.batch import Batch
from sago.domain.message import Message, Source

_Key = tuple[str, Source]


@dataclass
class _Claim:
    batch: Batch
    deadline: float


class MemoryBatcher(Batcher):
    """Per (company, source) FIFO queues with the same claim/lease/ack rules as Redis."""

    def __init__(
        self,
        threshold: int = 200,
        max_wait: float = 30.0,
        lease: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(threshold=threshold, max_wait=max_wait, lease=lease)
        self._clock = clock
        self._queues: dict[_Key, OrderedDict[str, tuple[Message, float]]] = {}
        self._claims: dict[str, _Claim] = {}
        self._members: set[tuple[str, str]] = set()
        self._attempts: dict[str, int] = {}
        self._lock = threading.Lock()

    def add(self, messages: Sequence[Message]) -> int:
        now = self._clock()
        added = 0
        with self._lock:
            for message in messages:
                member = (message.company_id, message.id)
                if member in self._members:
                    continue
                self._members.add(member)
                queue = self._queues.setdefault((message.company_id, message.source), OrderedDict())
                queue[message.id] = (message, now)
                added += 1
        return added

    def claim(self, *, final: bool = False) -> Batch | None:
        now = self._clock()
        with self._lock:
            self._expire_leases(now)
            for key, queue in self._queues.items():
                if not queue:
                    continue
                oldest = next(iter(queue.values()))[1]
                ready = final or len(queue) >= self.threshold or now - oldest >= self.max_wait
                if not ready:
                    continue
                taken = [
                    queue.popitem(last=False)[1][0] for _ in range(min(self.threshold, len(queue)))
                ]
                batch = Batch.of(key[0], key[1], taken)
                batch = batch.model_copy(update={"attempts": self._attempts.get(batch.id, 0)})
                self._claims[batch.id] = _Claim(batch, now + self.lease)
                return batch
        return None

    def ack(self, batch: Batch) -> None:
        with self._lock:
            if self._claims.pop(batch.id, None) is None:
                return
            self._attempts.pop(batch.id, None)
            for message in batch.messages:
                self._members.discard((message.company_id, message.id))

    def release(self, batch: Batch, reason: str, retry_after: float = 0.0) -> int:
        with self._lock:
            attempts = self._attempts.get(batch.id, 0) + 1
            self._attempts[batch.id] = attempts
            claim = self._claims.get(batch.id)
            if claim is not None:
                # Still leased, with the lease cut to the back-off: it returns when that expires.
                claim.deadline = self._clock() + retry_after
            if retry_after <= 0:
                self._expire_leases(self._clock())
            return attempts

    def pending(self) -> int:
        with self._lock:
            return sum(len(q) for q in self._queues.values()) + sum(
                len(c.batch.messages) for c in self._claims.values()
            )

    def clear(self) -> None:
        with self._lock:
            self._queues.clear()
            self._claims.clear()
            self._members.clear()
            self._attempts.clear()

    def _expire_leases(self, now: float) -> None:
        for batch_id, claim in list(self._claims.items()):
            if claim.deadline <= now:
                del self._claims[batch_id]
                self._requeue(claim.batch, now)

    def _requeue(self, batch: Batch, now: float) -> None:
        # Back to the front, oldest first, and immediately ready: it already waited once.
        queue = self._queues.setdefault((batch.company_id, batch.source), OrderedDict())
        for message in reversed(batch.messages):
            queue[message.id] = (message, now - self.max_wait)
            queue.move_to_end(message.id, last=False)
