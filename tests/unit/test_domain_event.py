from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from sago.domain.event import (
    EventSeverity,
    EventType,
    Metric,
    event_id,
    merge_events,
    normalise_key,
)
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
