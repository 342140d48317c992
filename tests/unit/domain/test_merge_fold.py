"""fold_events is reduce(merge_events) with the fold of a known prefix reused."""

from __future__ import annotations

from functools import reduce

from sago.domain.event import Metric, SignificantEvent
from sago.domain.merge import fold_events, merge_events
from support.factories import event


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
