"""The merge rule: two reports of one event fold into one, whatever order they come in.

Apart from `event` because it asks the lifecycle table which stage is later, and the
lifecycle table is itself built on the event model.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence

from sago.domain.event import (
    EventType,
    Metric,
    Polarity,
    SignificantEvent,
    id_order,
    merge_history,
)
from sago.domain.lifecycle import lifecycle_of


def _lead_key(event: SignificantEvent) -> tuple[tuple[int, int, str], str, str, str]:
    # Two reports from one message with the same title (a batch extracted twice, once per
    # crash) must still order the same way whichever arrives first, hence the later keys.
    first = id_order(min(event.source_message_ids, key=id_order))
    return (first, event.title, event.description, event.impact)


def _primary(a: SignificantEvent, b: SignificantEvent) -> tuple[SignificantEvent, SignificantEvent]:
    """The report that speaks first (earliest source message) leads; ties break on wording."""
    return (a, b) if _lead_key(a) <= _lead_key(b) else (b, a)


_EARLIEST = dt.datetime.min.replace(tzinfo=dt.UTC)


def _metric_rank(metric: Metric) -> tuple[dt.datetime, int, float, str, str, str]:
    # The latest statement wins: a correction beats what it corrects whatever its size.
    # Value, unit and message only break ties between statements of the same moment (or of
    # no known moment), so that which one survives never depends on merge order.
    value, unit = metric.value, metric.unit or ""
    when = metric.as_of or _EARLIEST
    source = metric.message_id or ""
    if isinstance(value, float):
        return (when, 1, value, "", unit, source)
    return (when, 0, 0.0, value, unit, source)


def _first(*values: str | None) -> str | None:
    return next((v for v in values if v), None)


def _later_stage(event_type: EventType, first: str | None, second: str | None) -> str | None:
    if first is None or second is None or first == second:
        return first or second
    lifecycle = lifecycle_of(event_type)
    order = lifecycle.all_stages if lifecycle is not None else ()

    def rank(stage: str) -> tuple[int, str]:
        return (order.index(stage) if stage in order else -1, stage)

    return max(first, second, key=rank)


def merge_events(existing: SignificantEvent, incoming: SignificantEvent) -> SignificantEvent:
    """Fold another report of an event into it.

    The result does not depend on the order reports arrive in, nor on how often one is
    merged: two workers extracting batches in any order, or a batch re-delivered after a
    crash, give the same event. The report with the earliest source message keeps its
    wording; sources, evidence, stakeholders and history accumulate (sorted); for a metric
    named twice the latest statement wins (`Metric.as_of`: "closed at $3.5M, not $4M"
    corrects the $4M); the earliest date, the highest severity and confidence, the later
    lifecycle stage and a negative polarity win.
    """
    lead, other = _primary(existing, incoming)
    metrics: dict[str, Metric] = {}
    for metric in [*lead.metrics, *other.metrics]:
        known = metrics.get(metric.name)
        if known is None or _metric_rank(metric) > _metric_rank(known):
            metrics[metric.name] = metric
    dates = [d for d in (lead.date, other.date) if d is not None]
    negative = Polarity.NEGATIVE in (lead.polarity, other.polarity)
    return lead.model_copy(
        update={
            "source_message_ids": sorted(
                {*lead.source_message_ids, *other.source_message_ids}, key=id_order
            ),
            "evidence": sorted(
                {*lead.evidence, *other.evidence},
                key=lambda e: (id_order(e.message_id), e.quote, e.start or 0, e.end or 0),
            ),
            "stakeholders": sorted({*lead.stakeholders, *other.stakeholders}),
            "metrics": sorted(metrics.values(), key=lambda m: m.name),
            "date": min(dates) if dates else None,
            "severity": max(lead.severity, other.severity, key=lambda s: s.rank),
            "confidence": max(lead.confidence, other.confidence),
            "description": lead.description or other.description,
            "impact": lead.impact or other.impact,
            "created_at": min(lead.created_at, other.created_at),
            "polarity": Polarity.NEGATIVE if negative else Polarity.POSITIVE,
            "stage": _later_stage(lead.event_type, lead.stage, other.stage),
            "occurrence": _first(lead.occurrence, other.occurrence),
            "series": _first(lead.series, other.series),
            "period": _first(lead.period, other.period),
            "review": _first(lead.review, other.review),
            "explanation": lead.explanation or other.explanation,
            "superseded_by": _first(lead.superseded_by, other.superseded_by),
            "history": merge_history(lead.history, other.history),
        }
    )


class _Folds:
    """Folds of ordered parts by the digest of their content, least recently used first.

    A story's parts arrive over many writes and mostly at its end, so each write folds
    only what is new onto the fold it made before, instead of folding the whole story
    again (issue 17: the re-fold was the biggest cost of a long run). A fold replaces the
    shorter one it extended, so a story keeps one fold, not one per write, and the cache
    is bounded by the parts its folds hold, not by their count: a hot story of a 1M-message
    store folds hundreds of parts, and 2,048 such folds held well over 100 MB.
    """

    def __init__(self, max_parts: int) -> None:
        self.max_parts = max_parts
        self._folds: OrderedDict[bytes, tuple[SignificantEvent, int]] = OrderedDict()
        self._parts = 0
        self._lock = threading.Lock()

    def longest(self, digests: Sequence[bytes]) -> tuple[int, SignificantEvent | None]:
        """How many leading parts a known fold covers (the most), and that fold."""
        with self._lock:
            for n in range(len(digests), 1, -1):
                known = self._folds.get(digests[n - 1])
                if known is not None:
                    self._folds.move_to_end(digests[n - 1])
                    return n, known[0]
        return 0, None

    def put(self, digest: bytes, fold: SignificantEvent, parts: int, extends: bytes | None) -> None:
        with self._lock:
            if extends is not None:
                self._drop(extends)
            self._drop(digest)
            self._folds[digest] = (fold, parts)
            self._parts += parts
            while self._parts > self.max_parts and len(self._folds) > 1:
                self._drop(next(iter(self._folds)))

    def _drop(self, digest: bytes) -> None:
        gone = self._folds.pop(digest, None)
        if gone is not None:
            self._parts -= gone[1]


# A part of a big fold is ~3 kB as models (its history entry, evidence and source id):
# 10,000 parts is ~30 MB. 50,000 held 260 MB half-way through a 1M-message run.
_FOLDS = _Folds(max_parts=10_000)


def fold_events(parts: Sequence[SignificantEvent]) -> SignificantEvent:
    """`reduce(merge_events, parts)`, reusing the fold of the longest prefix of `parts`
    folded before. Exact: a prefix is recognised by the digest of its parts' JSON, and
    merge_events neither reads nor changes anything but its two arguments."""
    digests: list[bytes] = []
    chain = hashlib.sha256()
    for part in parts:
        chain.update(part.model_dump_json().encode())
        chain.update(b"\x1e")
        digests.append(chain.copy().digest())
    start, known = _FOLDS.longest(digests)
    merged = known if known is not None else parts[0]
    for part in parts[max(start, 1) :]:
        merged = merge_events(merged, part)
    if len(parts) > 1:
        _FOLDS.put(digests[-1], merged, len(parts), digests[start - 1] if start else None)
    return merged


def fold_facts(parts: Sequence[SignificantEvent]) -> SignificantEvent:
    """`fold_events` of the parts without their history: the event a story's parts make,
    for a caller that derives the history from the parts' statements itself (resolution
    does). Folding histories pairwise re-serialised every entry at every step, so a story
    of n parts cost n² entry dumps; the rest of a merge never reads the history."""
    return fold_events([p.model_copy(update={"history": []}) if p.history else p for p in parts])
