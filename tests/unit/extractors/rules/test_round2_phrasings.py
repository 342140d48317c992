"""Failure classes found on text the rules were not tuned to (round 2), in invented
sentences: a falling figure's sign and a nationality read as a name (the moods are in
test_modality)."""

from __future__ import annotations

import datetime as dt

from sago.domain.batch import Batch
from sago.domain.event import EventType, SignificantEvent
from sago.domain.message import Source
from sago.extractors.rules import RulesExtractor
from sago.sources.normalise import chat_message


def events(text: str) -> list[SignificantEvent]:
    message = chat_message(
        native_id="1",
        company_id="acme",
        sender="sam",
        text=text,
        moment=dt.datetime(2025, 7, 7, 10, tzinfo=dt.UTC),
    )
    return RulesExtractor().extract(Batch.of("acme", Source.SLACK, [message])).events


def test_a_falling_figure_carries_a_negative_change() -> None:
    found = events("MRR fell 4% to $96k from $100k")
    changes = [m.value for e in found for m in e.metrics if m.name.endswith("_pct")]
    assert changes
    assert all(isinstance(v, float) and v < 0 for v in changes)


def test_a_nationality_is_not_a_name() -> None:
    found = events("We started our first paid trial with a Danish bakery chain")
    assert [e.event_type for e in found] == [EventType.ENTERPRISE_DEAL]  # a pilot, no hire
    assert all("Danish joined" not in e.title for e in events("Our first Danish office opened"))
