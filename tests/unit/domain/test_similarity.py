"""Cross-batch merge: a repeat report under another key finds its stored twin."""

from __future__ import annotations

from datetime import date

from sago.domain.event import EventStatus, EventType, Evidence, Metric
from sago.domain.merge import merge_events
from sago.domain.similarity import find_duplicate, jaccard, merge_into, similarity, title_tokens
from support.factories import event

ROUND = (Metric(name="round size", value=12_000_000.0, unit="USD"),)


def test_same_id_is_a_duplicate_whatever_the_rest() -> None:
    stored = event("series a")
    again = event("series a", title="Something else entirely", day=date(2024, 1, 1))
    assert find_duplicate(again, [stored]) is stored


def test_reworded_report_with_shared_metric_and_investor_merges() -> None:
    stored = event("series a 12m atlas", title="Closed a $12M Series A led by Atlas", metrics=ROUND)
    reworded = event(
        "a round 12 million",
        title="Series A of $12M is closed",
        sources=("7",),
        day=date(2025, 6, 10),
        metrics=ROUND,
    )
    assert reworded.id != stored.id
    assert find_duplicate(reworded, [stored]) is stored


def test_different_type_never_merges() -> None:
    stored = event("acme contract", event_type=EventType.ENTERPRISE_DEAL, metrics=ROUND)
    other = event("acme contract", event_type=EventType.PARTNERSHIP, metrics=ROUND)
    assert find_duplicate(other, [stored]) is None


def test_far_apart_dates_never_merge() -> None:
    stored = event("seed", title="Closed the seed round", day=date(2025, 1, 5), metrics=ROUND)
    later = event("seed 2", title="Closed the seed round", day=date(2025, 6, 5), metrics=ROUND)
    assert find_duplicate(later, [stored]) is None


def test_unrelated_events_of_one_type_stay_apart() -> None:
    first = event(
        "globex",
        event_type=EventType.ENTERPRISE_DEAL,
        title="Signed Globex to a 3-year contract",
        metrics=(Metric(name="acv", value=400_000.0, unit="USD"),),
    )
    second = event(
        "initech",
        event_type=EventType.ENTERPRISE_DEAL,
        title="Initech renewed their license",
        metrics=(Metric(name="acv", value=90_000.0, unit="USD"),),
    ).model_copy(update={"stakeholders": ["Initech"]})
    assert find_duplicate(second, [first]) is None


def test_best_match_wins_among_several() -> None:
    weak = event("seed", title="Closed the seed extension", metrics=())
    strong = event("series a", title="Closed the Series A round", metrics=ROUND)
    candidate = event("a round", title="Series A round closed", metrics=ROUND, sources=("9",))
    assert find_duplicate(candidate, [weak, strong]) is strong


def test_inactive_events_are_not_merge_targets() -> None:
    stored = event("series a", title="Closed the Series A", metrics=ROUND)
    stored = stored.model_copy(update={"status": EventStatus.RETRACTED})
    assert find_duplicate(event("a", title="Closed the Series A", metrics=ROUND), [stored]) is None


def test_shared_evidence_quote_counts() -> None:
    quote = Evidence(message_id="1", quote="we closed our Series A")
    first = event("x", title="Series A closed").model_copy(update={"evidence": [quote]})
    second = event("y", title="Funding round done").model_copy(update={"evidence": [quote]})
    assert similarity(first, second) >= 0.6


def test_similarity_is_symmetric_and_zero_across_companies() -> None:
    first = event("series a", title="Closed the Series A", metrics=ROUND)
    second = event("a round", title="Series A is closed", metrics=ROUND)
    assert similarity(first, second) == similarity(second, first)
    assert similarity(first, event("series a", company="globex")) == 0.0


def test_merge_into_folds_into_the_twin_and_is_idempotent() -> None:
    stored = event("series a", title="Closed the Series A", metrics=ROUND)
    again = event("a round", title="Series A is closed", metrics=ROUND, sources=("2",))
    merged = merge_into(again, [stored])
    assert merged.id == stored.id
    assert merged.source_message_ids == ["1", "2"]
    assert merge_into(again, [merged]) == merge_events(merged, again)
    assert merge_into(again, []) is again


def test_title_tokens_drop_stopwords_and_case() -> None:
    assert title_tokens("Closed the Series A with Atlas!") == {"closed", "series", "atlas"}
    assert jaccard({"a", "b"}, {"b", "c"}) == 1 / 3
    assert jaccard(set(), {"a"}) == 0.0


def test_events_naming_different_occurrences_never_match() -> None:
    sushi = event("bluefin", event_type=EventType.ENTERPRISE_DEAL, title="Signed Bluefin Sushi")
    seafood = sushi.model_copy(
        update={"id": "evt_other", "title": "Signed Bluefin Seafood", "source_message_ids": ["9"]}
    )
    assert similarity(sushi, seafood) > 0
    assert (
        similarity(
            sushi.model_copy(update={"occurrence": "customer:bluefin sushi"}),
            seafood.model_copy(update={"occurrence": "customer:Bluefin Seafood"}),
        )
        == 0
    )
    march = sushi.model_copy(update={"series": "arr_usd", "period": "2025-03"})
    assert similarity(march, march.model_copy(update={"period": "2025-04"})) == 0
