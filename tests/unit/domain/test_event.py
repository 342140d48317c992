from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from sago.domain.event import (
    EventSeverity,
    EventType,
    Metric,
    event_id,
    normalise_key,
)
from sago.domain.merge import merge_events
from support.factories import event


def test_event_id_is_deterministic_and_normalised() -> None:
    a = event_id("acme", EventType.FUNDING, "Series A, $5M")
    b = event_id("acme", EventType.FUNDING, "  series a $5m ")
    assert a == b
    assert a != event_id("acme", EventType.PARTNERSHIP, "Series A, $5M")
    assert a != event_id("globex", EventType.FUNDING, "Series A, $5M")
    assert normalise_key("Crédit Agricole!") == "credit agricole"


def test_merge_accumulates_and_is_idempotent() -> None:
    first = event(sources=("1", "2"), day=date(2025, 6, 5), severity=EventSeverity.MEDIUM)
    second = event(
        sources=("2", "7"),
        day=date(2025, 6, 2),
        severity=EventSeverity.HIGH,
        metrics=(Metric(name="amount", value=1.0), Metric(name="lead", value="Atlas")),
    )
    merged = merge_events(first, second)
    assert merged.source_message_ids == ["1", "2", "7"]
    assert merged.date == date(2025, 6, 2)
    assert merged.severity is EventSeverity.HIGH
    assert [m.name for m in merged.metrics] == ["amount", "lead"]
    assert merged.metric("amount") == 4_000_000.0  # the first report's value stays
    assert merge_events(merged, second) == merged


def test_event_requires_a_source_and_a_real_title() -> None:
    with pytest.raises(ValidationError):
        event(sources=())
    with pytest.raises(ValidationError):
        event(title="hey")


def test_merge_does_not_depend_on_arrival_order() -> None:
    import itertools
    import random

    rng = random.Random(5)
    for _ in range(200):
        reports = [
            event(
                sources=tuple(str(rng.randint(1, 30)) for _ in range(rng.randint(1, 3))),
                day=date(2025, 6, rng.randint(1, 28)),
                severity=rng.choice(list(EventSeverity)),
                metrics=tuple(
                    Metric(
                        name=rng.choice(["amount", "lead", "investors"]),
                        value=float(rng.randint(1, 9)),
                    )
                    for _ in range(rng.randint(0, 2))
                ),
                title=f"Closed the seed round {rng.randint(1, 3)}",
            )
            for _ in range(3)
        ]
        results = set()
        for order in itertools.permutations(reports):
            merged = order[0]
            for report in order[1:]:
                merged = merge_events(merged, report)
            results.add(merged.model_dump_json())
        assert len(results) == 1


def test_merge_order_free_when_reports_tie() -> None:
    # A regression found by the chaos tests: a metric stated with and without its unit, and
    # two reports from one message under one title, used to keep whichever came first.
    import itertools

    plain = event(sources=("1",), metrics=())
    hours = event(sources=("2",), metrics=(Metric(name="downtime", value=4.0, unit="hour"),))
    bare = event(sources=("3",), metrics=(Metric(name="downtime", value=4.0),))
    reworded = plain.model_copy(update={"description": "Other words for it."})
    for reports in ([plain, hours, bare], [plain, reworded, hours]):
        results = set()
        for order in itertools.permutations(reports):
            left = merge_events(merge_events(order[0], order[1]), order[2])
            right = merge_events(order[0], merge_events(order[1], order[2]))
            results |= {left.model_dump_json(), right.model_dump_json()}
        assert len(results) == 1
