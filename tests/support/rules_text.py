"""The rules extractor on one invented chat message, as the phrasing tests read it."""

from __future__ import annotations

import datetime as dt

from sago.domain.batch import Batch
from sago.domain.event import SignificantEvent
from sago.domain.message import Source
from sago.extractors.rules import RulesExtractor
from sago.sources.normalise import chat_message

MOMENT = dt.datetime(2025, 7, 7, 10, tzinfo=dt.UTC)


def rules_events(text: str, *, company: str = "c") -> list[SignificantEvent]:
    message = chat_message(
        native_id="1", company_id=company, sender="sam", text=text, moment=MOMENT
    )
    return RulesExtractor().extract(Batch.of(company, Source.SLACK, [message])).events
