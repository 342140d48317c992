"""Extract: a claimed batch → events upserted → messages marked → batch acknowledged."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sago.batching.base import Batcher
from sago.domain.batch import Batch, DeadLetter
from sago.domain.event import SignificantEvent
from sago.domain.message import MessageStatus
from sago.domain.reports import SourceVersion, stamp_batch
from sago.eventstore.base import EventStore
from sago.extractors.base import (
    ExtractionError,
    ExtractionResult,
    Extractor,
    ProviderUnavailableError,
)
from sago.pipeline.outages import Outages
from sago.pipeline.summary import RunSummary, timed
from sago.rawstore.base import RawStore

# Given a new event and the stored events of its company and type, the stored one it
# duplicates (a similar report under another id), or None.
DuplicateFinder = Callable[[SignificantEvent, Sequence[SignificantEvent]], SignificantEvent | None]

log = logging.getLogger(__name__)


@dataclass
class ExtractStage:
    """Runs one batch through the extractor and stores the result, effectively once.

    A batch that fails is released with exponential backoff and dead-lettered after
    `max_attempts` failures. A provider outage (ProviderUnavailableError) is no reason to
    give up on a batch: such a failure leads to a dead letter only when the provider served
    another batch since this one last failed, i.e. when the batch, not the provider, looks
    like the problem. `outages` is the run's tracker, shared with the guarded ports (the
    wiring wraps them): a backend outage keeps the batch and its events in hand until the
    write goes through.
    """

    extractor: Extractor
    eventstore: EventStore
    rawstore: RawStore
    batcher: Batcher
    max_attempts: int = 5
    backoff_base: float = 2.0
    backoff_cap: float = 60.0
    find_duplicate: DuplicateFinder | None = None
    outages: Outages = field(default_factory=Outages)
    clock: Callable[[], float] = time.monotonic
    _last_success: float = field(default=-math.inf, init=False)
    _failed_at: dict[str, float] = field(default_factory=dict, init=False)
    _provider_down: str | None = field(default=None, init=False)

    def process(self, batch: Batch, summary: RunSummary) -> bool:
        """True when the batch is done (stored or dead-lettered), False when it will be retried."""
        # A deleted message says nothing any more; its reports are replaced by none.
        live = [m for m in batch.messages if not m.deleted]
        try:
            with timed(summary, "extract"):
                result = (
                    self.extractor.extract(batch.model_copy(update={"messages": live}))
                    if live
                    else ExtractionResult()
                )
        except ProviderUnavailableError as exc:
            self._provider_down = self.outages.down(exc, f"extraction of batch {batch.id}")
            previous = self._failed_at.get(batch.id)
            self._failed_at[batch.id] = self.clock()
            blame_batch = previous is not None and self._last_success > previous
            return self._failed(batch, str(exc), summary, may_dead_letter=blame_batch)
        except ExtractionError as exc:
            return self._failed(batch, str(exc), summary, may_dead_letter=True)
        self._succeeded(batch)
        summary.usage = summary.usage + result.usage
        summary.drop(result.dropped)
        summary.drop_metrics(result.metrics_dropped)
        # Every report says which message stated what and when (corrections win by time),
        # and the upsert replaces what these versions of the batch's messages said before.
        reports = stamp_batch(result.events, {m.id: m for m in batch.messages})
        sources = [SourceVersion.of(m) for m in batch.messages]
        with timed(summary, "upsert"):
            outcome = self.eventstore.upsert(self._resolve_duplicates(reports), sources=sources)
        with timed(summary, "ack"):
            self._settle(batch, MessageStatus.EXTRACTED)
        summary.batches += 1
        summary.events_extracted += len(result.events)
        summary.events_inserted += outcome.inserted
        summary.events_merged += outcome.merged
        return True

    def _succeeded(self, batch: Batch) -> None:
        self._last_success = self.clock()
        self._failed_at.pop(batch.id, None)
        if self._provider_down is not None:
            self.outages.up(self._provider_down)
            self._provider_down = None

    def _failed(
        self, batch: Batch, reason: str, summary: RunSummary, *, may_dead_letter: bool
    ) -> bool:
        summary.batch_failures += 1
        delay = min(self.backoff_cap, self.backoff_base * 2**batch.attempts)
        attempts = self.batcher.release(batch, reason, retry_after=delay)
        if attempts < self.max_attempts or not may_dead_letter:
            # A provider outage has its own line (Outages.down); any other failure gets one
            # per retry, visible without --verbose.
            if may_dead_letter:
                log.warning(
                    "batch %s of %d messages failed (attempt %d of %d): %s; retrying in %.0f s",
                    batch.id, len(batch.messages), attempts, self.max_attempts,
                    " ".join(reason.split())[:300], delay,
                )  # fmt: skip
            return False
        log.warning(
            "batch %s of %d messages dead-lettered after %d failed attempts: %s",
            batch.id, len(batch.messages), attempts, " ".join(reason.split())[:300],
        )  # fmt: skip
        dead = DeadLetter(
            company_id=batch.company_id,
            kind="batch",
            reason=f"extraction failed {attempts} times: {reason}",
            location=batch.id,
            message_ids=batch.message_ids,
        )
        self.rawstore.add_dead_letter(dead)
        self._settle(batch, MessageStatus.DEAD_LETTERED)
        self._failed_at.pop(batch.id, None)
        summary.batches_dead_lettered += 1
        return True

    def _resolve_duplicates(self, events: list[SignificantEvent]) -> list[SignificantEvent]:
        """Give a new event the id of a stored one it duplicates, so the upsert merges them."""
        if self.find_duplicate is None:
            return events
        resolved: list[SignificantEvent] = []
        cache: dict[tuple[str, str], list[SignificantEvent]] = {}
        for event in events:
            key = (event.company_id, event.event_type.value)
            if key not in cache:
                cache[key] = self.eventstore.events(event.company_id, event_type=event.event_type)
            known = cache[key]
            if any(e.id == event.id for e in known):
                resolved.append(event)
                continue
            twin = self.find_duplicate(event, known)
            resolved.append(event if twin is None else _as_twin(event, twin))
        return resolved

    def _settle(self, batch: Batch, status: MessageStatus) -> None:
        """Mark the versions this batch carried (a newer version stays pending) and
        take the batch off the batcher: the last step, so a crash before it replays."""
        self.rawstore.set_status(
            batch.company_id, batch.message_ids, status, versions=_versions(batch)
        )
        self.batcher.ack(batch)


def _as_twin(event: SignificantEvent, twin: SignificantEvent) -> SignificantEvent:
    """`event` under its stored twin's id, in the twin's story, so the two resolve as one."""
    return event.model_copy(
        update={
            "id": twin.id,
            "occurrence": twin.occurrence,
            "series": twin.series,
            "period": twin.period if twin.series else event.period,
        }
    )


def _versions(batch: Batch) -> dict[str, int]:
    # A newer version stored while this one was extracted stays `stored`: its turn comes.
    return {m.id: m.version for m in batch.messages}
