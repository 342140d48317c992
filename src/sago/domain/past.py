"""What only the past knows: the history a source's edit or deletion leaves on an event.

`resolution.resolve_story` derives a story's events afresh from its parts; this module
lays the events stored before over them. Edit and deletion notes are kept (nothing else
records them), and an event none of whose sources still states it stays, retracted,
saying why, instead of vanishing from the record.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet

from sago.domain.event import EventStatus, HistoryEntry, SignificantEvent, id_order, merge_history
from sago.domain.history import report_time
from sago.domain.reports import SourceVersion

# History entries the store writes when a source changes; the rest is derived afresh.
KEPT_KINDS = frozenset({"edited", "deleted"})


def with_past(
    produced: list[SignificantEvent],
    parts: Sequence[SignificantEvent],
    previous: Sequence[SignificantEvent],
    changes: Mapping[str, SourceVersion],
    elsewhere: AbstractSet[str],
) -> list[SignificantEvent]:
    """The produced events with their kept history; stored events no report backs, retracted.

    `elsewhere` names sources whose reports now live in other stories: an old event whose
    sources moved there is not retracted, it was re-told under another story.
    """
    before = {e.id: e for e in previous}
    reporting = {p.source_message_ids[0] for p in parts} | elsewhere
    result: list[SignificantEvent] = []
    for event in produced:
        old = before.pop(event.id, None)
        if old is None:
            result.append(event)
            continue
        lost = set(old.source_message_ids) - set(event.source_message_ids)
        kept = [e for e in old.history if e.kind in KEPT_KINDS]
        notes = _change_notes(lost, changes, remaining=len(event.source_message_ids))
        result.append(
            event.model_copy(update={"history": merge_history(event.history, kept, notes)})
        )
    for old in sorted(before.values(), key=lambda e: e.id):
        if set(old.source_message_ids) & reporting:
            continue  # its reports live on in other events
        result.append(retract(old, changes))
    return result


def _change_notes(
    lost: Iterable[str], changes: Mapping[str, SourceVersion], *, remaining: int
) -> list[HistoryEntry]:
    notes: list[HistoryEntry] = []
    for message_id in sorted(lost, key=id_order):
        change = changes.get(message_id)
        if change is None:
            continue
        what = "deleted" if change.deleted else "edited and no longer states it"
        tail = f"; {remaining} other source(s) still state it" if remaining else ""
        notes.append(
            HistoryEntry(
                at=change.at,
                kind="deleted" if change.deleted else "edited",
                change=f"message {message_id} was {what}{tail}",
                source_message_ids=[message_id],
            )
        )
    return notes


def retract(old: SignificantEvent, changes: Mapping[str, SourceVersion]) -> SignificantEvent:
    """An event none of whose sources state it any more stays, retracted, saying why."""
    notes = _change_notes(old.source_message_ids, changes, remaining=0)
    history = merge_history(old.history, notes)
    if old.status is not EventStatus.RETRACTED or notes:
        kinds = {e.kind for e in history if e.kind in KEPT_KINDS}
        why = (
            "its only sources were deleted"
            if kinds == {"deleted"}
            else "its sources were edited or deleted and no longer state it"
            if kinds
            else "its sources no longer state it"
        )
        at = max((n.at for n in notes), default=report_time(old))
        entry = HistoryEntry(
            at=at,
            kind="retracted",
            change=f"retracted: {why}",
            source_message_ids=list(old.source_message_ids),
        )
        history = merge_history(history, [entry])
    return old.model_copy(
        update={"status": EventStatus.RETRACTED, "superseded_by": None, "history": history}
    )
