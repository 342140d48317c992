"""Scripted extractors for pipeline tests (the real ones have their own suites)."""

from __future__ import annotations

import re

from sago.domain.batch import Batch
from sago.domain.event import EventType, Evidence, SignificantEvent, event_id
from sago.extractors.base import ExtractionError, ExtractionResult, Extractor

_CLOSED = re.compile(r"closed (?P<what>[\w ]+?)(?:[.!]|$)")


class KeywordExtractor(Extractor):
    """One funding event per distinct 'closed <thing>' phrase; fails the first N calls."""

    name = "keyword"

    def __init__(self, fail_first: int = 0) -> None:
        self.calls = 0
        self.fail_first = fail_first

    def extract(self, batch: Batch) -> ExtractionResult:
        self.calls += 1
        if self.calls <= self.fail_first:
            raise ExtractionError(f"scripted failure {self.calls}")
        events = []
        for message in batch.messages:
            match = _CLOSED.search(message.text)
            if match is None:
                continue
            what = match.group("what")
            events.append(
                SignificantEvent(
                    id=event_id(batch.company_id, EventType.FUNDING, what),
                    company_id=batch.company_id,
                    event_type=EventType.FUNDING,
                    title=f"Closed {what}",
                    source_message_ids=[message.id],
                    evidence=[Evidence(message_id=message.id, quote=match.group(0))],
                    extractor=self.name,
                    batch_id=batch.id,
                    date=message.timestamp.date(),
                )
            )
        return ExtractionResult(events=events)
