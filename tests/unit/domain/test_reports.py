"""Stamped reports keep what each message said through merges, and split back by message."""

from __future__ import annotations

from sago.domain.event import EventType, Metric
from sago.domain.merge import merge_events
from sago.domain.reports import split_by_message, stamp_batch, stamp_report
from support.factories import event, message


def test_stamped_reports_survive_a_merge_and_split_back() -> None:
    first, second = message(1), message(50)
    sheet = stamp_report(
        event("seed", event_type=EventType.INVESTOR_INTEREST, sources=("1",)).model_copy(
            update={"stage": "term_sheet"}
        ),
        first,
    )
    signed = stamp_report(
        event(
            "seed",
            event_type=EventType.INVESTOR_INTEREST,
            sources=("50",),
            metrics=(Metric(name="amount", value=3_500_000.0, unit="USD"),),
        ).model_copy(update={"stage": "signed"}),
        second,
    )
    assert signed.metrics[0].as_of == second.timestamp
    assert signed.metrics[0].message_id == "50"
    merged = merge_events(signed, sheet)
    assert merged.stage == "signed"
    assert merged.metric("amount") == 3_500_000.0  # the later statement, not the larger one
    assert [e.kind for e in merged.history] == ["reported", "reported"]
    parts = {p.source_message_ids[0]: p for p in split_by_message(merged)}
    assert parts["1"].stage == "term_sheet"
    assert parts["1"].metric("amount") == 4_000_000.0
    assert parts["50"].stage == "signed"
    assert [e.message_id for e in parts["50"].evidence] == ["50"]


def test_stamp_batch_fills_in_what_the_extractor_left_out() -> None:
    report = event(sources=("1", "2"))
    (stamped,) = stamp_batch([report], {"1": message(1), "2": message(2)})
    assert {tuple(e.source_message_ids) for e in stamped.history} == {("1",), ("2",)}
    assert stamped.metrics[0].as_of == message(2).timestamp
    assert stamped.metrics[0].message_id is None  # two messages: the figure is the report's
    assert stamp_batch([stamped], {"1": message(1), "2": message(2)}) == [stamped]
    parts = split_by_message(stamped)
    assert [p.metric("amount") for p in parts] == [4_000_000.0, 4_000_000.0]
