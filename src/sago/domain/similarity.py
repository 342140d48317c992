"""Is a newly reported event one we already have under another id?

The deterministic id catches a repeat only when the model words the key facts the same
way twice. Across batches it often does not ("Series A closed" vs "closed our $12M round"),
so before an upsert the pipeline asks `find_duplicate` with the company's stored events of
the same type, and stores the candidate under the twin's id so the two merge.

The check is conservative: a false merge loses an event from the investor update, a missed
merge only shows it twice. So it needs a compatible date and positive overlap (wording,
a shared metric value, a shared named party or a shared source message), not just the type.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from sago.domain.event import SignificantEvent, normalise_key
from sago.domain.lifecycle import normalise_occurrence, series_key
from sago.domain.merge import merge_events

DATE_WINDOW = dt.timedelta(days=21)
THRESHOLD = 0.6

# fmt: off
_STOPWORDS = frozenset({
    "a", "an", "and", "the", "of", "to", "for", "in", "on", "at", "by", "with", "from", "our",
    "we", "us", "is", "are", "was", "were", "has", "have", "had", "new", "first", "this",
    "that", "it", "its", "as", "be", "been", "into", "over", "per", "via", "after",
})
# fmt: on
_ENTITY = re.compile(r"\b[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*")
# fmt: off
_GENERIC_ENTITIES = frozenset({
    "we", "our", "the", "a", "an", "series", "seed", "round", "q1", "q2", "q3", "q4", "ceo",
    "cto", "cfo", "vp", "mrr", "arr", "nrr", "dau", "mau", "soc", "iso", "gdpr", "hipaa", "us",
    "eu", "uk", "usd", "eur",
})
# fmt: on


def title_tokens(text: str) -> set[str]:
    """Content words of a title or key, normalised, without stopwords."""
    return {t for t in normalise_key(text).split() if t not in _STOPWORDS and len(t) > 1}


def jaccard(first: set[str], second: set[str]) -> float:
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def _entities(event: SignificantEvent) -> set[str]:
    names = {normalise_key(s) for s in event.stakeholders}
    for text in (event.title, event.description):
        names.update(normalise_key(m) for m in _ENTITY.findall(text))
    return {n for n in names if n and n not in _GENERIC_ENTITIES and len(n) > 2}


def _metric_values(event: SignificantEvent) -> set[float]:
    # Zero and tiny counts ("1 customer") say nothing about identity.
    return {
        round(m.value, 6) for m in event.metrics if isinstance(m.value, float) and abs(m.value) > 10
    }


def _dates_compatible(
    first: SignificantEvent, second: SignificantEvent, window: dt.timedelta
) -> bool:
    if first.date is None or second.date is None:
        return True
    return abs(first.date - second.date) <= window


def _stories_apart(first: SignificantEvent, second: SignificantEvent) -> bool:
    """Both name their occurrence (or series point) and the names differ: "Bluefin Sushi"
    is not "Bluefin Seafood", March's ARR is not April's."""
    if first.series and second.series:
        return (series_key(first.series), first.period) != (
            series_key(second.series),
            second.period,
        )
    mine, theirs = normalise_occurrence(first.occurrence), normalise_occurrence(second.occurrence)
    return mine is not None and theirs is not None and mine != theirs


def similarity(first: SignificantEvent, second: SignificantEvent) -> float:
    """0 when the two cannot be the same occurrence; higher means more alike (1+ is sure)."""
    if first.company_id != second.company_id or first.event_type != second.event_type:
        return 0.0
    if _stories_apart(first, second):
        return 0.0
    score = jaccard(title_tokens(first.title), title_tokens(second.title))
    if _metric_values(first) & _metric_values(second):
        score += 0.35
    if _entities(first) & _entities(second):
        score += 0.3
    if set(first.source_message_ids) & set(second.source_message_ids):
        score += 0.2
    if {e.quote for e in first.evidence} & {e.quote for e in second.evidence}:
        score += 0.3
    return score


def find_duplicate(
    candidate: SignificantEvent,
    existing: Sequence[SignificantEvent],
    *,
    window: dt.timedelta = DATE_WINDOW,
    threshold: float = THRESHOLD,
) -> SignificantEvent | None:
    """The stored event `candidate` reports again, or None.

    `existing` is the company's stored events (any types; others are ignored). Same id wins
    outright; otherwise the most similar event of the same type within the date window, if
    it reaches the threshold.
    """
    best: SignificantEvent | None = None
    best_score = threshold
    for known in existing:
        if known.id == candidate.id:
            return known
        if not known.is_active or not _dates_compatible(candidate, known, window):
            continue
        score = similarity(candidate, known)
        if score >= best_score:
            best, best_score = known, score
    return best


def merge_into(
    candidate: SignificantEvent, existing: Iterable[SignificantEvent]
) -> SignificantEvent:
    """The event to upsert: the candidate folded into its stored twin, or the candidate."""
    twin = find_duplicate(candidate, list(existing))
    return candidate if twin is None else merge_events(twin, candidate)
