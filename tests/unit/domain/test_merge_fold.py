"""fold_events is reduce(merge_events) with the fold of a known prefix reused."""

from __future__ import annotations

from functools import reduce

from sago.domain.event import Metric, SignificantEvent
from sago.domain.merge import _Folds, fold_events, fold_facts, merge_events
from sago.domain.reports import stamp_report
from support.factories import event, message


def _parts(count: int) -> list[SignificantEvent]:
    return [
        event("seed round", sources=(str(i),), metrics=(Metric(name="amount", value=float(i)),))
        for i in range(1, count + 1)
    ]


def test_a_fold_equals_the_plain_reduce_and_a_longer_one_reuses_it() -> None:
    parts = _parts(6)
    assert fold_events(parts[:4]) == reduce(merge_events, parts[:4])
    # The first four are folded already: the same result as folding all six afresh.
    assert fold_events(parts) == reduce(merge_events, parts)
    assert fold_events(parts).source_message_ids == ["1", "2", "3", "4", "5", "6"]


def test_a_changed_part_is_not_taken_for_the_one_folded_before() -> None:
    parts = _parts(3)
    fold_events(parts)
    changed = [*parts[:2], parts[2].model_copy(update={"title": "Seed round, corrected"})]
    assert fold_events(changed) == reduce(merge_events, changed)
    assert fold_events(parts[:1]) == parts[0]


def test_the_cache_keeps_one_fold_per_story_and_stays_within_its_parts() -> None:
    folds = _Folds(max_parts=10)
    parts = _parts(8)
    digests = [bytes([n]) for n in range(8)]
    for n in range(2, 6):
        start, _ = folds.longest(digests[:n])
        folds.put(digests[n - 1], parts[n - 1], n, digests[start - 1] if start else None)
    # Each write extended the last one: one fold of 5 parts is left, not four folds.
    assert folds.longest(digests[:8]) == (5, parts[4])
    assert folds.longest(digests[:4]) == (0, None)
    other = [bytes([100 + n]) for n in range(8)]
    folds.put(other[7], parts[7], 8, None)
    # 5 + 8 parts is over the budget of 10: the least recently used fold goes.
    assert folds.longest(digests[:8]) == (0, None)
    assert folds.longest(other) == (8, parts[7])


def test_fold_facts_is_the_fold_without_the_history() -> None:
    parts = [stamp_report(p, message(n, text=f"m{n}")) for n, p in enumerate(_parts(4), 1)]
    assert all(p.history for p in parts)
    whole = reduce(merge_events, parts)
    assert len(whole.history) == 4
    assert fold_facts(parts) == whole.model_copy(update={"history": []})
