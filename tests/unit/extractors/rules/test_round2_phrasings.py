"""Failure classes found on text the rules were not tuned to (round 2), in invented
sentences: a falling figure's sign and a nationality read as a name (the moods are in
test_modality)."""

from __future__ import annotations

from sago.domain.event import EventType, SignificantEvent
from support.rules_text import rules_events


def events(text: str) -> list[SignificantEvent]:
    return rules_events(text, company="acme")


def test_a_falling_figure_carries_a_negative_change() -> None:
    found = events("MRR fell 4% to $96k from $100k")
    changes = [m.value for e in found for m in e.metrics if m.name.endswith("_pct")]
    assert changes
    assert all(isinstance(v, float) and v < 0 for v in changes)


def test_a_nationality_is_not_a_name() -> None:
    found = events("We started our first paid trial with a Danish bakery chain")
    assert [e.event_type for e in found] == [EventType.ENTERPRISE_DEAL]  # a pilot, no hire
    assert all("Danish joined" not in e.title for e in events("Our first Danish office opened"))


def test_an_installed_base_is_growth_but_a_count_in_an_aside_is_not() -> None:
    found = events("We passed 10,000 connected devices this morning")
    assert [e.event_type for e in found] == [EventType.USER_GROWTH]
    assert events("The new build passed the burn-in test (48 h, 60 sensors)") == []


def test_a_kpi_table_row_with_dot_leaders_is_one_sentence() -> None:
    text = "KPIs (end of June)\n  ARR ............ $2.1M   (May: $2.0M)\n  Headcount 31"
    found = [e for e in events(text) if e.event_type is EventType.REVENUE_MILESTONE]
    assert [m.value for m in found[0].metrics if m.name.startswith("arr")] == [2_100_000.0]


def test_our_first_is_a_hire_only_when_a_role_follows() -> None:
    found = events("We started our first paid pilot with a Danish grocer, DR Foods")
    assert EventType.HIRING not in {e.event_type for e in found}
    hires = events("Please welcome Maria Lopez, our first CFO!")
    assert [e.event_type for e in hires] == [EventType.HIRING]
