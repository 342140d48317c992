"""The event store contract for events that evolve: stages, corrections, sources that
change, in any order and in every adapter."""

from __future__ import annotations

import itertools

from sago.domain.event import EventStatus, EventType
from sago.eventstore.base import EventStore
from support.evolve import edited, report, said, usd, versions

T = EventType


def _round_reports() -> list:  # type: ignore[type-arg]
    sheet, signed, closed = said(1, "term sheet in"), said(3, "signed it"), said(9, "closed!")
    return [
        report(sheet, T.INVESTOR_INTEREST, stage="term_sheet", occurrence="round:seed",
               metrics=[usd("amount_usd", 4e6)], stakeholders=["Northpoint"]),
        report(signed, T.INVESTOR_INTEREST, stage="signed", occurrence="round:seed"),
        report(closed, T.FUNDING, stage="closed", occurrence="round:seed",
               metrics=[usd("amount_usd", 4e6)], stakeholders=["Northpoint Capital"]),
    ]  # fmt: skip


def test_a_round_is_one_event_per_stage_family_whatever_the_order(
    eventstore: EventStore,
) -> None:
    results = set()
    for order in itertools.permutations(_round_reports()):
        eventstore.flush()
        for one in order:
            eventstore.upsert([one])
        everything = eventstore.events(
            "acme", statuses=(EventStatus.ACTIVE, EventStatus.SUPERSEDED, EventStatus.RETRACTED)
        )
        results.add(tuple(e.model_dump_json() for e in everything))
    assert len(results) == 1
    [closed] = eventstore.events("acme")
    assert (closed.event_type, closed.stage) == (T.FUNDING, "closed")
    [sheet] = eventstore.events("acme", statuses=(EventStatus.SUPERSEDED,))
    assert sheet.superseded_by == closed.id
    assert sheet.stage == "signed"
    assert [h.kind for h in sheet.history] == ["reported", "stage", "superseded"]
    assert sheet.source_message_ids == ["1", "3"]
    stats = eventstore.statistics("acme")
    assert (stats.total, stats.active) == (2, 1)
    assert stats.by_status == {"active": 1, "superseded": 1}


def test_an_edit_takes_back_what_the_message_said(eventstore: EventStore) -> None:
    first, second = said(1, "closed the seed, $4M"), said(2, "yes! seed closed")
    eventstore.upsert(
        [report(first, T.FUNDING, occurrence="round:seed", metrics=[usd("amount_usd", 4e6)])],
        sources=versions(first),
    )
    eventstore.upsert(
        [report(second, T.FUNDING, occurrence="round:seed")], sources=versions(second)
    )
    [both] = eventstore.events("acme")
    assert both.source_message_ids == ["1", "2"]
    # Message 2 is edited to say the opposite: the event keeps message 1 only.
    changed = edited(second, "we did NOT close the seed")
    eventstore.upsert([], sources=versions(changed))
    [kept] = eventstore.events("acme")
    assert kept.id == both.id
    assert kept.source_message_ids == ["1"]
    assert kept.history[-1].kind == "edited"
    assert "1 other source(s) still state it" in kept.history[-1].change
    # Message 1 is deleted too: nothing states it, so it is retracted, saying why.
    gone = edited(first, "", deleted=True, hours=30)
    eventstore.upsert([], sources=versions(gone))
    assert eventstore.events("acme") == []
    [retracted] = eventstore.events("acme", statuses=(EventStatus.RETRACTED,))
    assert retracted.id == both.id
    assert [h.kind for h in retracted.history][-2:] == ["deleted", "retracted"]
    assert retracted.history[-1].change == (
        "retracted: its sources were edited or deleted and no longer state it"
    )
    # Re-sending what is already stored changes nothing; an older version is ignored.
    before = eventstore.get(both.id)
    eventstore.upsert([], sources=versions(gone, changed))
    eventstore.upsert([report(first, T.FUNDING, occurrence="round:seed")], sources=versions(first))
    assert eventstore.get(both.id) == before


def test_a_correction_wins_by_message_time_in_any_order(eventstore: EventStore) -> None:
    early, late = said(1, "seed closed at $4M"), said(4, "correction: $3.5M, not $4M")
    reports = [
        report(early, T.FUNDING, occurrence="round:seed", metrics=[usd("amount_usd", 4e6)]),
        report(late, T.FUNDING, occurrence="round:seed", metrics=[usd("amount_usd", 3.5e6)]),
    ]
    eventstore.upsert(reports[::-1])
    [event] = eventstore.events("acme")
    assert event.metric("amount_usd") == 3.5e6
    assert [h.kind for h in event.history] == ["reported", "correction"]
    assert "amount_usd $4,000,000 → $3,500,000" in event.history[1].change


def test_a_point_turns_bad_news_when_the_period_before_arrives_later(
    eventstore: EventStore,
) -> None:
    april = report(
        said(30, "April: ARR $1.1M"),
        T.REVENUE_MILESTONE,
        series="arr_usd",
        period="2025-04",
        metrics=[usd("arr_usd", 1.1e6)],
    )
    march = report(said(2, "March: ARR $1.2M"), T.REVENUE_MILESTONE, series="arr_usd",
                   period="2025-03", metrics=[usd("arr_usd", 1.2e6)])  # fmt: skip
    eventstore.upsert([april])
    [alone] = eventstore.events("acme")
    assert alone.polarity.value == "positive"
    eventstore.upsert([march])
    points = sorted(eventstore.events("acme"), key=lambda e: e.period or "")
    assert [(p.period, p.polarity.value) for p in points] == [
        ("2025-03", "positive"),
        ("2025-04", "negative"),
    ]
    # The same points in the other order store the same events.
    before = points
    eventstore.flush()
    eventstore.upsert([march])
    eventstore.upsert([april])
    assert sorted(eventstore.events("acme"), key=lambda e: e.period or "") == before


def test_reports_of_one_id_join_the_occurrence_one_of_them_names(
    eventstore: EventStore,
) -> None:
    # "term sheet from Northbeam" names no round; a later message of the same id does.
    vague = report(
        said(1, "term sheet from northbeam"),
        T.INVESTOR_INTEREST,
        key="northbeam",
        stage="term_sheet",
    )
    named = report(said(3, "Northbeam's Series A term sheet is signed"), T.INVESTOR_INTEREST,
                   key="northbeam", stage="signed", occurrence="round:series a")  # fmt: skip
    eventstore.upsert([vague])
    [alone] = eventstore.events("acme")
    assert alone.id == vague.id
    eventstore.upsert([named])
    everything = eventstore.events("acme", statuses=list(EventStatus))
    assert [(e.occurrence, e.stage, e.source_message_ids) for e in everything] == [
        ("round:series a", "signed", ["1", "3"])
    ]
    # The other order, and both at once, store the same.
    for batches in ([[named], [vague]], [[vague, named]]):
        eventstore.flush()
        for batch in batches:
            eventstore.upsert(batch)
        assert eventstore.events("acme", statuses=list(EventStatus)) == everything


def test_each_event_streams_what_events_returns_in_the_same_order(
    eventstore: EventStore,
) -> None:
    eventstore.upsert(_round_reports())
    everything = list(EventStatus)
    assert [e.model_dump_json() for e in eventstore.each_event("acme")] == [
        e.model_dump_json() for e in eventstore.events("acme")
    ]
    streamed = list(eventstore.each_event("acme", statuses=everything))
    assert streamed == eventstore.events("acme", statuses=everything)
    assert {e.status for e in streamed} == {EventStatus.ACTIVE, EventStatus.SUPERSEDED}
    assert list(eventstore.each_event("nobody")) == []
