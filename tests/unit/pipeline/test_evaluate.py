"""Scoring exactly as shared/devset/README.md describes it."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sago.domain.batch import Batch
from sago.domain.event import EventType, SignificantEvent, event_id
from sago.domain.message import Message
from sago.extractors.base import ExtractionResult, Extractor
from sago.pipeline.evaluate import (
    ExpectedEvent,
    Trap,
    evaluate,
    extract_all,
    load_expected,
    load_traps,
    maximum_matching,
)
from sago.sources.normalise import chat_message, email_message

MOMENT = dt.datetime(2025, 7, 1, tzinfo=dt.UTC)


def event(kind: EventType, *sources: str | int, key: str = "") -> SignificantEvent:
    return SignificantEvent(
        id=event_id("c", kind, key or f"{kind}-{sources}"),
        company_id="c",
        event_type=kind,
        title="An event title",
        source_message_ids=[str(s) for s in sources],
    )


def gold(kind: EventType, *sources: int) -> ExpectedEvent:
    return ExpectedEvent(event_type=kind, source_ids=list(sources))


def test_loaders_read_the_devset_format(tmp_path: Path) -> None:
    expected = tmp_path / "expected.json"
    expected.write_text(
        json.dumps(
            [
                {
                    "event_type": "funding",
                    "title": "Closed seed",
                    "source_ids": [3, 7],
                    "key_metrics": {"amount_usd": 2000000},
                    "severity": "high",
                    "date": "2025-06-10",
                }
            ]
        )
    )
    traps = tmp_path / "traps.json"
    traps.write_text(
        json.dumps(
            [
                {"id": 5, "kind": "negated", "note": "lost it"},
                {"id": 9, "kind": "goal", "note": "plans", "event_types": ["funding"]},
            ]
        )
    )
    (loaded,) = load_expected(expected)
    assert loaded.source_ids == ["3", "7"]
    assert loaded.date == dt.date(2025, 6, 10)
    first, second = load_traps(traps)
    assert (first.id, first.kind, first.event_types) == ("5", "negated", None)
    assert second.event_types == [EventType.FUNDING]


def test_loader_rejects_a_non_list(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text("{}")
    with pytest.raises(ValueError, match="JSON list"):
        load_expected(path)


def test_match_needs_same_type_and_shared_source_ids_as_strings() -> None:
    report = evaluate(
        [event(EventType.FUNDING, 1), event(EventType.HIRING, 2), event(EventType.FUNDING, 9)],
        [gold(EventType.FUNDING, 1, 4), gold(EventType.PARTNERSHIP, 2)],
    )
    assert (report.micro.true_positives, report.micro.false_positives) == (1, 2)
    assert report.micro.false_negatives == 1
    assert report.micro.precision == pytest.approx(1 / 3)
    assert report.micro.recall == pytest.approx(1 / 2)
    assert report.micro.f1 == pytest.approx(0.4)
    assert report.missed == [1]


def test_maximum_matching_beats_a_greedy_pass() -> None:
    # E1 could take G1 or G2, E2 only G1: greedy in order gives E1→G1 and strands E2.
    extracted = [event(EventType.FUNDING, 1, 2), event(EventType.FUNDING, 1)]
    expected = [gold(EventType.FUNDING, 1), gold(EventType.FUNDING, 2)]
    report = evaluate(extracted, expected)
    assert report.micro.true_positives == 2
    assert report.micro.false_positives == 0


def test_duplicates_are_false_positives() -> None:
    extracted = [event(EventType.HIRING, 1, key="a"), event(EventType.HIRING, 2, key="b")]
    report = evaluate(extracted, [gold(EventType.HIRING, 1, 2)])
    assert (report.micro.true_positives, report.micro.false_positives) == (1, 1)
    assert len(report.false_positive_ids) == 1


def test_per_type_scores_cover_only_types_that_occur() -> None:
    report = evaluate([event(EventType.FUNDING, 1)], [gold(EventType.HIRING, 3)])
    types = {s.event_type: s for s in report.per_type}
    assert set(types) == {"funding", "hiring"}
    assert types["funding"].precision == 0.0
    assert types["hiring"].recall == 0.0
    assert report.micro.f1 == 0.0


def test_trap_violations_follow_the_rules() -> None:
    traps = [
        Trap(id="10", kind="negated"),
        Trap(id="11", kind="goal", event_types=[EventType.FUNDING]),
        Trap(id="12", kind="speculative"),
        Trap(id="13", kind="rumour"),
    ]
    extracted = [
        event(EventType.FUNDING, 10),  # unmatched, cites a trap: violated
        event(EventType.HIRING, 11),  # trap restricted to funding: not violated
        event(EventType.FUNDING, 11, key="x"),  # funding at trap 11: violated
        event(EventType.PARTNERSHIP, 12, 50),  # matched gold: never a violation
    ]
    report = evaluate(extracted, [gold(EventType.PARTNERSHIP, 50)], traps)
    assert report.traps_total == 4
    assert report.traps_violated == 2
    assert report.violations_by_kind == {"goal": 1, "negated": 1}
    assert report.traps_by_kind == {"goal": 1, "negated": 1, "rumour": 1, "speculative": 1}
    assert {v.trap_id for v in report.violations} == {"10", "11"}


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.integers(0, 4), max_size=4, unique=True), max_size=6))
def test_maximum_matching_is_maximum(edges: list[list[int]]) -> None:
    partner = maximum_matching(edges, 5)
    taken = [p for p in partner if p is not None]
    assert len(taken) == len(set(taken))
    assert all(p is None or p in edges[i] for i, p in enumerate(partner))
    best = 0
    for choice in itertools.product(*[[None, *e] for e in edges]):
        picked = [c for c in choice if c is not None]
        if len(picked) == len(set(picked)):
            best = max(best, len(picked))
    assert len(taken) == best


class _OnePerMessage(Extractor):
    """Reports one event per message, keyed by the message text, to observe batching."""

    name = "fake"

    def __init__(self) -> None:
        self.batches: list[Batch] = []

    def extract(self, batch: Batch) -> ExtractionResult:
        self.batches.append(batch)
        events = [
            SignificantEvent(
                id=event_id(batch.company_id, EventType.OTHER, m.text),
                company_id=batch.company_id,
                event_type=EventType.OTHER,
                title="Something happened",
                source_message_ids=[m.id],
            )
            for m in batch.messages
        ]
        return ExtractionResult(events=events)


def _messages() -> list[Message]:
    chats = [
        chat_message(native_id=str(i), company_id="c", sender="a", text=f"t{i % 3}", moment=MOMENT)
        for i in range(1, 6)
    ]
    mail = email_message(
        native_id="99", company_id="c", sender="x@y.z", subject="s", body="t0", moment=MOMENT
    )
    return [*chats[:2], mail, *chats[2:]]


def test_extract_all_batches_per_source_and_merges_same_ids() -> None:
    fake = _OnePerMessage()
    events = extract_all(_messages(), fake, batch_size=2)
    assert [len(b.messages) for b in fake.batches] == [2, 2, 1, 1]
    assert all(len({m.source for m in b.messages}) == 1 for b in fake.batches)
    merged = {e.id: e for e in events}
    assert len(merged) == 3
    assert sorted(merged[event_id("c", EventType.OTHER, "t0")].source_message_ids) == ["3", "99"]


def test_extract_all_rejects_a_zero_batch() -> None:
    with pytest.raises(ValueError, match="batch_size"):
        extract_all([], _OnePerMessage(), batch_size=0)


def test_report_json_carries_the_rates() -> None:
    report = evaluate([event(EventType.FUNDING, 1)], [gold(EventType.FUNDING, 1)])
    data = json.loads(report.model_dump_json())
    assert data["micro"]["f1"] == 1.0
    assert data["per_type"][0]["precision"] == 1.0
    assert data["traps_violated"] == 0


def test_metric_and_polarity_accuracy_of_matched_events() -> None:
    from sago.domain.event import Metric, Polarity

    found = event(EventType.REVENUE_MILESTONE, 1).model_copy(
        update={
            "metrics": [Metric(name="arr_usd", value=84_321.0)],
            "polarity": Polarity.NEGATIVE,
        }
    )
    wanted = ExpectedEvent(
        event_type=EventType.REVENUE_MILESTONE,
        source_ids=["1"],
        key_metrics={"arr": 84_000, "previous_arr": 91_000},
        polarity=Polarity.NEGATIVE,
    )
    report = evaluate([found], [wanted])
    # "$84k" carries 84,321 within rounding; the previous figure is missing.
    assert (report.metric_values, report.metric_values_right) == (2, 1)
    assert report.metric_accuracy == 0.5
    assert (report.polarity_checked, report.polarity_right) == (1, 1)
    unlabelled = evaluate([found], [gold(EventType.REVENUE_MILESTONE, 1)])
    assert unlabelled.metric_accuracy is None
    assert unlabelled.polarity_accuracy is None


def test_find_sets_reads_a_labelled_folder_or_a_folder_of_them(tmp_path: Path) -> None:
    from sago.pipeline.eval_suite import find_sets

    for name in ("b", "a"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "messages.csv").write_text(
            "id,is_chat,chat_sender,email_sender,timestamp,content\n"
        )
        (folder / "expected_events.json").write_text("[]")
    (tmp_path / "a" / "traps.json").write_text("[]")
    (tmp_path / "notes").mkdir()  # no messages.csv: not a set
    sets = find_sets(tmp_path)
    assert [s.name for s in sets] == ["a", "b"]
    assert sets[0].traps is not None
    assert sets[1].traps is None
    assert [s.name for s in find_sets(tmp_path / "b")] == ["b"]
