"""An event's history and review flags, derived from what each of its messages said.

Every part of an event carries `reported` entries (`sago.domain.reports`): one message's
stage, polarity and figures at that message's time. Sorted by time, they tell the story:
the first report, then for each later message a stage change, a corrected figure or just
one more source. Figures two messages state differently at the same moment cannot be
settled by time, and a figure that jumps a lot may be another occurrence: those are
flagged for review instead.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Sequence

from sago.domain.event import (
    HistoryEntry,
    Metric,
    Polarity,
    SignificantEvent,
    merge_history,
)
from sago.domain.lifecycle import Lifecycle, lifecycle_of
from sago.domain.presentation import format_metric

# A money figure that more than doubles (or halves) between two reports of one round is
# more likely another round than a correction.
JUMP_RATIO = 2.0
_EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC)


def report_time(part: SignificantEvent) -> dt.datetime:
    """When a part was said: its latest `reported` entry, else its figures' or creation time."""
    times = [e.at for e in part.history if e.kind == "reported"]
    times = times or [m.as_of for m in part.metrics if m.as_of is not None]
    return max(times) if times else part.created_at


def first_time(event: SignificantEvent) -> dt.datetime:
    times = [e.at for e in event.history if e.kind == "reported"]
    return min(times) if times else event.created_at


def statements(parts: Iterable[SignificantEvent]) -> list[HistoryEntry]:
    """What each message said, in time order: the parts' `reported` entries. A report
    stored before reports were stamped has none and tells no history."""
    return merge_history([e for part in parts for e in part.history if e.kind == "reported"])


def _ids(entry: HistoryEntry) -> str:
    return ", ".join(entry.source_message_ids)


def _later_stage(lifecycle: Lifecycle | None, current: str | None, new: str | None) -> bool:
    if new is None or new == current:
        return False
    if current is None or lifecycle is None:
        return True
    if lifecycle.is_negative(new) or lifecycle.is_negative(current):
        return True
    rank_new, rank_now = lifecycle.rank(new), lifecycle.rank(current)
    return rank_new is not None and (rank_now is None or rank_new > rank_now)


def derive(event: SignificantEvent, said: Sequence[HistoryEntry]) -> list[HistoryEntry]:
    """The history of `event` from its statements: reported, then stage / correction /
    source entries, one per later message."""
    lifecycle = lifecycle_of(event.event_type)
    entries: list[HistoryEntry] = []
    stage: str | None = None
    figures: dict[str, Metric] = {}
    for index, entry in enumerate(said):
        changes: list[str] = []
        kind = "source"
        if _later_stage(lifecycle, stage, entry.stage) and index:
            changes.append(f"stage {stage or 'reported'} → {entry.stage}")
            kind = "stage"
        for metric in entry.metrics:
            known = figures.get(metric.name)
            if index and known is not None and known.value != metric.value:
                changes.append(
                    f"{metric.name} {format_metric(known)} → {format_metric(metric)}"
                    f" (message {_ids(entry)})"
                )
                kind = "stage" if kind == "stage" else "correction"
        if index == 0:
            entries.append(entry)
        elif changes:
            entries.append(entry.model_copy(update={"kind": kind, "change": "; ".join(changes)}))
        else:
            entries.append(
                entry.model_copy(update={"kind": "source", "change": f"also: {entry.change}"})
            )
        if _later_stage(lifecycle, stage, entry.stage):
            stage = entry.stage
        figures.update({m.name: m for m in entry.metrics})
    return entries


def slot_stage(event: SignificantEvent, said: Sequence[HistoryEntry]) -> str | None:
    """The stage an event is at: the furthest positive stage its messages reached, or for
    bad news the latest negative stage said."""
    lifecycle = lifecycle_of(event.event_type)
    if lifecycle is None:
        return event.stage
    stages = [e.stage for e in said if e.stage in lifecycle.all_stages]
    if event.polarity is Polarity.NEGATIVE:
        negative = [s for s in stages if lifecycle.is_negative(s)]
        return negative[-1] if negative else None
    ranked = [(lifecycle.rank(s), s) for s in stages if lifecycle.rank(s) is not None]
    if ranked:
        return max(ranked)[1]
    return lifecycle.default_stage.get(event.event_type)


def conflicts(event: SignificantEvent, said: Sequence[HistoryEntry]) -> list[HistoryEntry]:
    """`conflict` entries for figures that time cannot settle: two values of one figure
    stated at the same moment, and (where the lifecycle splits by counterparty) a money
    figure that jumps by more than JUMP_RATIO, which may be another occurrence."""
    lifecycle = lifecycle_of(event.event_type)
    found: list[HistoryEntry] = []
    by_name: dict[str, list[tuple[HistoryEntry, Metric]]] = {}
    for entry in said:
        for metric in entry.metrics:
            by_name.setdefault(metric.name, []).append((entry, metric))
    for name, stated in by_name.items():
        for (first, a), (second, b) in itertools.pairwise(stated):
            if a.value == b.value:
                continue
            if first.at == second.at:
                reason = (
                    f"{name}: {format_metric(a)} (message {_ids(first)}) and {format_metric(b)}"
                    f" (message {_ids(second)}) stated at the same time"
                )
            elif lifecycle is not None and lifecycle.split_on_counterparty and _jump(a, b):
                reason = (
                    f"{name}: {format_metric(a)} (message {_ids(first)}) then {format_metric(b)}"
                    f" (message {_ids(second)}): a correction, or another {lifecycle.kind}?"
                )
            else:
                continue
            found.append(
                HistoryEntry(
                    at=second.at,
                    kind="conflict",
                    change=reason[:500],
                    source_message_ids=sorted(
                        {*first.source_message_ids, *second.source_message_ids}
                    ),
                )
            )
    return found


def _jump(a: Metric, b: Metric) -> bool:
    if not (isinstance(a.value, float) and isinstance(b.value, float)):
        return False
    low, high = sorted((abs(a.value), abs(b.value)))
    return low > 0 and high / low > JUMP_RATIO


def review_of(entries: Iterable[HistoryEntry]) -> str | None:
    """The review note: every conflict, in time order; None when there is none."""
    reasons = list(dict.fromkeys(e.change for e in entries if e.kind == "conflict"))
    return "; ".join(reasons)[:2000] if reasons else None
