"""The event store contract: upsert merges by id, filters, statistics."""

from __future__ import annotations

from datetime import date, timedelta

from sago.domain.event import EventSeverity, EventType, Metric
from sago.eventstore.base import EventStore
from support.factories import event


def test_insert_then_get(eventstore: EventStore) -> None:
    original = event()
    result = eventstore.upsert([original])
    assert (result.inserted, result.merged) == (1, 0)
    assert eventstore.get(original.id) == original
    assert eventstore.get("evt_missing") is None


def test_upsert_of_a_known_id_merges_sources_and_evidence(eventstore: EventStore) -> None:
    eventstore.upsert([event(sources=("1", "2"))])
    result = eventstore.upsert([event(sources=("2", "5"))])
    assert (result.inserted, result.merged) == (0, 1)
    [stored] = eventstore.events("acme")
    assert stored.source_message_ids == ["1", "2", "5"]
    assert [e.message_id for e in stored.evidence] == ["1", "2", "5"]


def test_upserting_the_same_event_again_changes_nothing(eventstore: EventStore) -> None:
    eventstore.upsert([event(sources=("1", "2"))])
    before = eventstore.events("acme")
    eventstore.upsert([event(sources=("1", "2"))])
    assert eventstore.events("acme") == before


def test_merge_keeps_new_metric_names_and_the_earliest_date(eventstore: EventStore) -> None:
    eventstore.upsert([event(day=date(2025, 6, 10))])
    later = event(
        day=date(2025, 6, 3),
        sources=("9",),
        metrics=(Metric(name="amount", value=5.0), Metric(name="investors", value=3.0)),
    )
    eventstore.upsert([later])
    [stored] = eventstore.events("acme")
    assert stored.date == date(2025, 6, 3)
    assert stored.metric("amount") == 4_000_000.0
    assert stored.metric("investors") == 3.0


def test_one_batch_with_the_same_event_twice(eventstore: EventStore) -> None:
    result = eventstore.upsert([event(sources=("1",)), event(sources=("3",))])
    assert (result.inserted, result.merged) == (1, 1)
    [stored] = eventstore.events("acme")
    assert stored.source_message_ids == ["1", "3"]


def test_filters_and_newest_first(eventstore: EventStore) -> None:
    eventstore.upsert(
        [
            event("seed", day=date(2025, 6, 1)),
            event(
                "acme corp",
                event_type=EventType.ENTERPRISE_DEAL,
                day=date(2025, 7, 1),
                severity=EventSeverity.MEDIUM,
            ),
            event(
                "vp sales",
                event_type=EventType.HIRING,
                day=date(2025, 8, 1),
                severity=EventSeverity.LOW,
            ),
            event("other co", company="globex"),
        ]
    )
    assert [e.event_type for e in eventstore.events("acme")] == [
        EventType.HIRING,
        EventType.ENTERPRISE_DEAL,
        EventType.FUNDING,
    ]
    assert [e.event_type for e in eventstore.events("acme", event_type=EventType.FUNDING)] == [
        EventType.FUNDING
    ]
    assert len(eventstore.events("acme", severity=EventSeverity.MEDIUM)) == 1
    window = eventstore.events("acme", since=date(2025, 6, 15), until=date(2025, 7, 31))
    assert [e.event_type for e in window] == [EventType.ENTERPRISE_DEAL]


def test_companies_lists_every_company_with_events(eventstore: EventStore) -> None:
    assert eventstore.companies() == []
    eventstore.upsert([event("seed"), event("seed", company="zeta")])
    assert eventstore.companies() == ["acme", "zeta"]


def test_statistics(eventstore: EventStore) -> None:
    eventstore.upsert(
        [
            event("seed", day=date(2025, 6, 1)),
            event(
                "a", event_type=EventType.HIRING, day=date(2025, 8, 1), severity=EventSeverity.LOW
            ),
            event(
                "b", event_type=EventType.HIRING, day=date(2025, 7, 1), severity=EventSeverity.LOW
            ),
        ]
    )
    stats = eventstore.statistics("acme")
    assert stats.total == 3
    assert stats.by_type == {"funding": 1, "hiring": 2}
    assert stats.by_severity == {"high": 1, "low": 2}
    assert (stats.first_date, stats.last_date) == (date(2025, 6, 1), date(2025, 8, 1))


def test_count_is_the_number_of_active_events_of_the_company(eventstore: EventStore) -> None:
    assert eventstore.count("acme") == 0
    eventstore.upsert(
        [event("seed"), event("a", event_type=EventType.HIRING), event("x", company="other")]
    )
    assert eventstore.count("acme") == len(eventstore.events("acme")) == 2
    assert eventstore.count("other") == 1


def test_flush(eventstore: EventStore) -> None:
    eventstore.upsert([event()])
    eventstore.flush()
    assert eventstore.events("acme") == []
    assert eventstore.companies() == []
    # Nothing of what was kept to resolve it is left: the same report is new again.
    assert eventstore.upsert([event()]).inserted == 1


def test_each_event_streams_a_store_larger_than_one_read(eventstore: EventStore) -> None:
    first = date(2025, 1, 1)
    eventstore.upsert(
        [
            event(f"deal {n}", event_type=EventType.ENTERPRISE_DEAL, day=first + timedelta(days=n))
            for n in range(250)
        ]
    )
    days = [e.date for e in eventstore.each_event("acme")]
    assert days == [first + timedelta(days=n) for n in reversed(range(250))]
