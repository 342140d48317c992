"""The batcher port: per company+source queues, atomic claim under a lease, ack after store."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

from sago.domain.batch import Batch
from sago.domain.message import Message


class Batcher(ABC):
    """Groups messages per (company, source) and hands out batches.

    A batch is ready when its queue holds `threshold` messages, when its oldest message
    waited `max_wait` seconds, or at the end of input (`final=True`). A claimed batch is
    leased: it is removed only by `ack` (after its events are stored); `release` or an
    expired lease makes it claimable again, so a crash between claim and ack loses nothing.
    """

    # Whether queued batches outlive this process (Redis) or die with it (memory). Only a
    # durable batcher's messages are marked `batched` in the raw store: after a crash a
    # memory batcher holds nothing, so its messages are, truthfully, only `stored`.
    durable: bool = False

    def __init__(self, threshold: int = 200, max_wait: float = 30.0, lease: float = 300.0) -> None:
        if threshold < 1:
            raise ValueError("batch threshold must be at least 1")
        self.threshold = threshold
        self.max_wait = max_wait
        self.lease = lease

    @abstractmethod
    def add(self, messages: Sequence[Message]) -> int:
        """Queue messages; one already queued or claimed is ignored. Returns how many were new."""

    @abstractmethod
    def claim(self, *, final: bool = False) -> Batch | None:
        """Atomically take a ready batch (at most `threshold` messages) under a lease."""

    @abstractmethod
    def ack(self, batch: Batch) -> None:
        """The batch's events are stored: forget its messages for good."""

    @abstractmethod
    def release(self, batch: Batch, reason: str, retry_after: float = 0.0) -> int:
        """Extraction failed: the batch becomes claimable again after `retry_after` seconds.

        Returns how many times this batch has failed so far.
        """

    @abstractmethod
    def pending(self) -> int:
        """Messages queued or claimed but not yet acknowledged."""

    @abstractmethod
    def clear(self) -> None:
        """Drop everything (flush)."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""
