"""Counted things in every lexicon language: a milestone of orders, devices or bookings is
user growth in any of them, and its series is named by one English key, so the same
metric told in two languages is one series (invented sentences, not from a labelled set)."""

from __future__ import annotations

import datetime as dt

import pytest

from sago.domain.batch import Batch
from sago.domain.event import EventType
from sago.domain.message import Source
from sago.extractors.rules import RulesExtractor
from sago.sources.normalise import chat_message


@pytest.mark.parametrize(
    ("text", "series"),
    [
        ("Superamos los 5.000 pedidos este mes 🎉", "orders"),
        ("Wir haben 2.000 Geräte überschritten", "devices"),
        ("On a dépassé les 3 000 commandes", "orders"),
        ("Abbiamo superato 1.000 prenotazioni", "bookings"),
        ("We zijn de 4.000 bestellingen gepasseerd", "orders"),
        ("Przekroczyliśmy 10 000 zamówień", "orders"),
        ("Passamos de 8.000 pedidos", "orders"),
        ("Vi har passerat 5 000 bokningar", "bookings"),
    ],
)
def test_a_count_milestone_is_growth_under_its_english_series(text: str, series: str) -> None:
    message = chat_message(
        native_id="1",
        company_id="c",
        sender="sam",
        text=text,
        moment=dt.datetime(2025, 7, 7, 10, tzinfo=dt.UTC),
    )
    found = RulesExtractor().extract(Batch.of("c", Source.SLACK, [message])).events
    assert [e.event_type for e in found] == [EventType.USER_GROWTH]
    assert found[0].series == series
