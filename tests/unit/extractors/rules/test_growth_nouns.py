"""Counted things in every lexicon language: a milestone of orders, devices or bookings is
user growth in any of them, and its series is named by one English key, so the same
metric told in two languages is one series (invented sentences, not from a labelled set)."""

from __future__ import annotations

import pytest

from sago.domain.event import EventType
from support.rules_text import rules_events


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
    found = rules_events(text)
    assert [e.event_type for e in found] == [EventType.USER_GROWTH]
    assert found[0].series == series
