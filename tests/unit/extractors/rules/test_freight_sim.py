"""A second, smaller labelled set in another domain (freight software), written apart from
the dev set: 38 messages, 14 events stated across chat, email and a monthly update, and
7 traps. It checks that reports of one event in different channels and words share an id."""

from __future__ import annotations

from pathlib import Path

from sago.domain.message import Message
from sago.extractors.rules import RulesExtractor
from sago.pipeline.evaluate import evaluate, extract_all, load_expected, load_traps
from sago.sources.csv import CsvSource

HERE = Path(__file__).resolve().parents[3] / "fixtures" / "freight_sim"


def test_rules_extractor_on_the_freight_set() -> None:
    messages = [
        m for m in CsvSource(HERE / "messages.csv", "default").read() if isinstance(m, Message)
    ]
    events = extract_all(messages, RulesExtractor(), batch_size=200)
    expected = load_expected(HERE / "expected_events.json")
    report = evaluate(events, expected, load_traps(HERE / "traps.json"))
    assert report.micro.f1 >= 0.95
    assert report.violations == []
    # Most sources of each event are found, not just one.
    found = {s for e in events for s in e.source_message_ids}
    wanted = {s for g in expected for s in g.source_ids}
    assert len(found & wanted) / len(wanted) >= 0.9
