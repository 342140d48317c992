"""Extract: a claimed batch → events upserted → messages marked → batch acknowledged."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sago.batching.base import Batcher
from sago.domain.batch import Batch, DeadLetter
from sago.domain.event import SignificantEvent
from sago.domain.message import MessageStatus
from sago.eventstore.base import EventStore
from sago.extractors.base import ExtractionError, Extractor
from sago.pipeline.summary import RunSummary, timed
from sago.rawstore.base import RawStore

# Given a new event and the stored events of its company and type, the stored one it
# duplicates (a similar report under another id), or None.
DuplicateFinder = Callable[[SignificantEvent, Sequence[SignificantEvent]], SignificantEvent | None]


@dataclass
class ExtractStage:
    """Runs one batch through the extractor and stores the result, effectively once."""

    extractor: Extractor
    eventstore: EventStore
    rawstore: RawStore
    batcher: Batcher
    max_attempts: int = 5
    backoff_base: float = 2.0
    backoff_cap: float = 60.0
    find_duplicate: DuplicateFinder | None = None

    def process(self, batch: Batch, summary: RunSummary, crash: Callable[[str], None]) -> bool:
        """True when the batch is done (stored or dead-lettered), False when it will be retried."""
        crash("after_claim")
        try:
            with timed(summary, "extract"):
                result = self.extractor.extract(batch)
        except ExtractionError as exc:
            return self._failed(batch, str(exc), summary)
        summary.usage = summary.usage + result.usage
        summary.events_dropped += len(result.dropped)
        with timed(summary, "upsert"):
            events = self._resolve_duplicates(result.events)
            outcome = self.eventstore.upsert(events)
        crash("after_upsert")
        with timed(summary, "ack"):
            self.rawstore.set_status(batch.company_id, batch.message_ids, MessageStatus.EXTRACTED)
            self.batcher.ack(batch)
        crash("after_ack")
        summary.batches += 1
        summary.events_extracted += len(result.events)
        summary.events_inserted += outcome.inserted
        summary.events_merged += outcome.merged
        return True

    def _failed(self, batch: Batch, reason: str, summary: RunSummary) -> bool:
        summary.batch_failures += 1
        delay = min(self.backoff_cap, self.backoff_base * 2**batch.attempts)
        attempts = self.batcher.release(batch, reason, retry_after=delay)
        if attempts < self.max_attempts:
            return False
        self.rawstore.add_dead_letter(
            DeadLetter(
                company_id=batch.company_id,
                kind="batch",
                reason=f"extraction failed {attempts} times: {reason}",
                location=batch.id,
                message_ids=batch.message_ids,
            )
        )
        self.rawstore.set_status(batch.company_id, batch.message_ids, MessageStatus.DEAD_LETTERED)
        self.batcher.ack(batch)
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
            resolved.append(event if twin is None else event.model_copy(update={"id": twin.id}))
        return resolved
