"""One occurrence, one event: the events a set of reports tells, whatever their order.

The event store keeps *parts*: per-message reports (`reports.split_by_message`). Parts
fall into *stories*, and each story resolves on its own:

- `series:<key>:<period>`: one point of a metric series (`series.settle_series` then
  gives each point its direction against the one before: a decline is bad news).
- `<kind>:<name>` (`round:seed`, `customer:bluefin sushi`): an occurrence, one event per
  event type and polarity. Where the lifecycle says so, parts naming different
  counterparties are different occurrences (two seed rounds led by different investors).
  Of the staged events, the latest stage stays active and the others are `superseded`
  by it (the term sheet by the closed round); a positive one that a later negative stage
  says did not happen ("the deal fell through") is `retracted`.
- `id:<event id>`: everything else, one event per id (the extractor's own key).

`resolve_story` depends on the set of a story's parts, never on the order they were
written in: batches taken by several workers in any order, or one batch extracted twice,
store the same events. What only the past knows comes from the events stored before:
which sources were since edited or deleted (`edited`/`deleted` history entries are kept),
and events whose every source is gone, which stay as `retracted`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet

from sago.domain.event import (
    EventStatus,
    HistoryEntry,
    SignificantEvent,
    id_order,
    merge_history,
)
from sago.domain.history import (
    conflicts,
    derive,
    first_time,
    report_time,
    review_of,
    slot_stage,
    statements,
)
from sago.domain.lifecycle import (
    Lifecycle,
    counterparties,
    lifecycle_of,
    normalise_occurrence,
    period_of,
    series_key,
)
from sago.domain.merge import fold_facts, merge_events
from sago.domain.past import with_past
from sago.domain.reports import SourceVersion, split_by_message
from sago.domain.series import point_period, settle_series


def story_of(event: SignificantEvent) -> str:
    """The story a report belongs to (see the module docstring)."""
    key = series_key(event.series) if event.series else ""
    occurrence = normalise_occurrence(event.occurrence)
    if not key and occurrence is not None and occurrence.startswith("metric:"):
        key = occurrence.partition(":")[2]
    if key:
        period = point_period(event) or period_of(report_time(event))
        return f"series:{key}:{period}"
    if occurrence is not None:
        return occurrence
    return f"id:{event.id}"


def series_of_story(story: str) -> str | None:
    """The series key of a `series:<key>:<period>` story, else None."""
    kind, _, rest = story.partition(":")
    return rest.rpartition(":")[0] or None if kind == "series" else None


def story_event_id(company_id: str, story: str, slot: str) -> str:
    """The id of a story's event: stable while reports of it come and go."""
    digest = hashlib.sha256(f"{company_id}\x1f{story}\x1f{slot}".encode()).hexdigest()
    return f"evt_{digest[:20]}"


def part_key(part: SignificantEvent) -> tuple[str, str]:
    """(message id, report id): the unit the store keeps and replaces."""
    return part.source_message_ids[0], part.id


def parts_of(reports: Iterable[SignificantEvent]) -> dict[tuple[str, str], SignificantEvent]:
    """Reports cut into per-message parts, parts with the same key merged."""
    parts: dict[tuple[str, str], SignificantEvent] = {}
    for report in reports:
        for part in split_by_message(report):
            key = part_key(part)
            known = parts.get(key)
            parts[key] = part if known is None else merge_events(known, part)
    return parts


def assign_stories(parts: Iterable[SignificantEvent]) -> dict[tuple[str, str], str]:
    """The story of each part (by `part_key`), for parts of one report id: its own, except
    that a part naming no occurrence joins the occurrence of the earliest part of the same
    report id that names one. One message says "the Series A term sheet", the next only
    "the term sheet": the extractor gave both one id, and they are one story."""
    ordered = sorted(parts, key=_order)
    own = {part_key(p): story_of(p) for p in ordered}
    named = [s for s in (own[part_key(p)] for p in ordered) if s.partition(":")[0] not in _OWN]
    if not named:
        return own
    return {key: named[0] if story.startswith("id:") else story for key, story in own.items()}


# Stories a part keeps whatever the rest of its report id says.
_OWN = frozenset({"id", "series"})


def parts_by_story(
    parts: Iterable[SignificantEvent],
) -> dict[tuple[str, str], list[SignificantEvent]]:
    """Parts grouped by (company, story), each report id's parts placed together."""
    by_report: dict[tuple[str, str], list[SignificantEvent]] = defaultdict(list)
    for part in parts:
        by_report[(part.company_id, part.id)].append(part)
    stories: dict[tuple[str, str], list[SignificantEvent]] = defaultdict(list)
    for (company_id, _), group in by_report.items():
        placed = assign_stories(group)
        for part in group:
            stories[(company_id, placed[part_key(part)])].append(part)
    return stories


def resolve_reports(reports: Iterable[SignificantEvent]) -> list[SignificantEvent]:
    """The events a set of reports tells (superseded ones included), with no stored past:
    what `sago eval` scores."""
    stories = parts_by_story(parts_of(reports).values())
    events: list[SignificantEvent] = []
    for (company_id, story), parts in sorted(stories.items()):
        events.extend(resolve_story(company_id, story, parts))
    return settle_every_series(events)


def settle_every_series(events: Iterable[SignificantEvent]) -> list[SignificantEvent]:
    """`series.settle_series` over each company's series; other events as they are."""
    points: dict[tuple[str, str], list[SignificantEvent]] = defaultdict(list)
    others: list[SignificantEvent] = []
    for event in events:
        if event.series and event.status is not EventStatus.RETRACTED:
            points[(event.company_id, event.series)].append(event)
        else:
            others.append(event)
    return others + [p for key in sorted(points) for p in settle_series(points[key])]


# -- one story ------------------------------------------------------------------------


def resolve_story(
    company_id: str,
    story: str,
    parts: Sequence[SignificantEvent],
    previous: Sequence[SignificantEvent] = (),
    changes: Mapping[str, SourceVersion] | None = None,
    reporting: AbstractSet[str] = frozenset(),
) -> list[SignificantEvent]:
    """Every event of one story: from its parts, plus what is kept of `previous` (the
    events stored for it so far) given the source `changes` of this write. `reporting`:
    messages that still report something in another story of this write (an event whose
    reports moved there is dropped here, not retracted)."""
    kind = story.partition(":")[0]
    produced: list[SignificantEvent] = []
    for slot, members in sorted(_slots(story, parts).items()):
        for label, cluster in _clusters(kind, slot, members):
            produced.append(_event(company_id, story, slot, label, cluster))
    if kind not in ("id", "series"):
        produced = _settle(produced)
    return with_past(produced, parts, previous, changes or {}, reporting)


def _slots(story: str, parts: Sequence[SignificantEvent]) -> dict[str, list[SignificantEvent]]:
    kind = story.partition(":")[0]
    slots: dict[str, list[SignificantEvent]] = defaultdict(list)
    for part in parts:
        if kind == "id":
            slot = "event"
        elif kind == "series":
            slot = story.rpartition(":")[2]
        else:
            slot = f"{part.event_type.value} {part.polarity.value}"
        slots[slot].append(part)
    return slots


def _order(part: SignificantEvent) -> tuple[dt.datetime, tuple[int, int, str], str]:
    return (report_time(part), id_order(part.source_message_ids[0]), part.id)


def _clusters(
    kind: str, slot: str, parts: list[SignificantEvent]
) -> list[tuple[str, list[SignificantEvent]]]:
    """Parts of one slot that are one occurrence, each group with its id label. Where the
    lifecycle splits by counterparty, a part joins the first (earliest) group none of whose
    parts names other counterparties than it; the first group keeps the plain label."""
    ordered = sorted(parts, key=_order)
    lifecycle = lifecycle_of(ordered[0].event_type)
    if kind in ("id", "series") or lifecycle is None or not lifecycle.split_on_counterparty:
        return [(slot, ordered)]
    groups: list[list[SignificantEvent]] = []
    for part in ordered:
        for group in groups:
            if not any(_counterparty_conflict(part, other) for other in group):
                group.append(part)
                break
        else:
            groups.append([part])
    labelled = [(slot, groups[0])]
    for group in groups[1:]:
        names = sorted({n for p in group for n in counterparties(p.stakeholders)})
        labelled.append((f"{slot} with {' '.join(names)}", group))
    return labelled


def _counterparty_conflict(first: SignificantEvent, second: SignificantEvent) -> bool:
    mine, theirs = counterparties(first.stakeholders), counterparties(second.stakeholders)
    return bool(mine and theirs and not mine & theirs)


def _event(
    company_id: str, story: str, slot: str, label: str, cluster: list[SignificantEvent]
) -> SignificantEvent:
    # The history is derived from what the parts said, below: the fold leaves it out.
    merged = fold_facts(cluster)
    said = statements(cluster)
    kind, _, name = story.partition(":")
    update: dict[str, object] = {
        "id": name if kind == "id" else story_event_id(company_id, story, label),
        "status": EventStatus.ACTIVE,
        "superseded_by": None,
    }
    if kind == "series":
        key = name.rpartition(":")[0]
        update |= {"series": key, "period": slot, "occurrence": f"metric:{key}"}
    elif kind != "id":
        update |= {"occurrence": story, "stage": slot_stage(merged, said)}
    event = merged.model_copy(update=update)
    found = conflicts(event, said)
    return event.model_copy(
        update={"history": merge_history(derive(event, said), found), "review": review_of(found)}
    )


# -- across the events of a story -----------------------------------------------------


def _settle(events: list[SignificantEvent]) -> list[SignificantEvent]:
    """Supersede earlier stages by the latest one; retract what a negative stage undoes.

    Staged events are taken in the order they were last reported. A later report takes
    over from an earlier compatible one when it reaches at least as far (positive stages)
    or when either is bad news (the later word stands: a launch delayed, then launched).
    """
    by_id = {e.id: e for e in events}
    displaced: dict[str, str] = {}
    for lifecycle, staged in _staged(events).items():
        heads: list[SignificantEvent] = []
        for event in sorted(staged, key=lambda e: (report_time(e), e.id)):
            rivals = [h for h in heads if not _counterparty_conflict(h, event)]
            beaten = [h for h in rivals if _takes_over(lifecycle, event, h)]
            if len(beaten) < len(rivals):
                displaced[event.id] = next(h for h in rivals if h not in beaten).id
                continue
            for head in beaten:
                displaced[head.id] = event.id
                heads.remove(head)
            heads.append(event)
    settled: list[SignificantEvent] = []
    for event in events:
        if event.id not in displaced:
            settled.append(event)
            continue
        winner = by_id[displaced[event.id]]
        while winner.id in displaced:
            winner = by_id[displaced[winner.id]]
        settled.append(_displace(event, winner, by_id[displaced[event.id]]))
    return settled


def _staged(events: list[SignificantEvent]) -> dict[Lifecycle, list[SignificantEvent]]:
    staged: dict[Lifecycle, list[SignificantEvent]] = defaultdict(list)
    for event in events:
        lifecycle = lifecycle_of(event.event_type)
        if lifecycle is not None and event.stage in lifecycle.all_stages:
            staged[lifecycle].append(event)
    return staged


def _takes_over(lifecycle: Lifecycle, later: SignificantEvent, earlier: SignificantEvent) -> bool:
    if lifecycle.is_negative(later.stage) or lifecycle.is_negative(earlier.stage):
        return True
    return (lifecycle.rank(later.stage) or 0) >= (lifecycle.rank(earlier.stage) or 0)


def _displace(
    event: SignificantEvent, winner: SignificantEvent, by: SignificantEvent
) -> SignificantEvent:
    lifecycle = lifecycle_of(event.event_type)
    undone = (
        lifecycle is not None
        and winner.stage is not None
        and event.stage is not None
        and lifecycle.is_negative(winner.stage)
        and lifecycle.retracts(winner.stage, event.stage)
    )
    status = EventStatus.RETRACTED if undone else EventStatus.SUPERSEDED
    verb = "retracted" if undone else "superseded"
    entry = HistoryEntry(
        at=first_time(by),
        kind=verb,
        change=f"{verb} by {winner.id} ({winner.stage}): {winner.title}"[:500],
        source_message_ids=list(by.source_message_ids),
    )
    return event.model_copy(
        update={
            "status": status,
            "superseded_by": winner.id,
            "history": merge_history(event.history, [entry]),
        }
    )
