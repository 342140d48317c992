"""What one message says about an event: stamped reports, and reports split by message.

An extractor's event is a *report*. Before reports of one occurrence are folded together
(`sago.domain.resolution`), each must say which message stated what and when, because a
correction wins by message time and a history lists what each message changed:

- `stamp_report(event, message)` marks a one-message report: its figures get the
  message's time and id (`Metric.as_of`, `Metric.message_id`) and a `reported` history
  entry keeps that message's stage, polarity and figures. These survive any merge, so
  an extractor may merge reports of several messages and nothing is lost.
- `stamp_batch` does the same for reports an extractor did not stamp (from the batch's
  messages), so every report reaching the event store is stamped.
- `split_by_message` cuts a report into one part per source message: the unit the
  event store keeps, so that a message edited or deleted later takes back exactly what
  it said.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from pydantic import BaseModel, ConfigDict

from sago.domain.event import HistoryEntry, Metric, SignificantEvent, merge_history
from sago.domain.message import Message

_CHANGE_CHARS = 300


class SourceVersion(BaseModel):
    """The version of a source message whose reports an extraction is (`Message.version`)."""

    model_config = ConfigDict(frozen=True)

    company_id: str
    message_id: str
    version: int
    deleted: bool = False
    at: dt.datetime

    @classmethod
    def of(cls, message: Message) -> SourceVersion:
        return cls(
            company_id=message.company_id,
            message_id=message.id,
            version=message.version,
            deleted=message.deleted,
            at=message.said_at,
        )


def _stamp_metrics(
    metrics: Sequence[Metric], message: Message, *, own: bool = True
) -> list[Metric]:
    """Figures without a time get the message's; `own`: and its id (the message said it)."""
    update = {"as_of": message.said_at, "message_id": message.id if own else None}
    return [m if m.as_of is not None else m.model_copy(update=update) for m in metrics]


def reported_entry(event: SignificantEvent, message: Message) -> HistoryEntry:
    """The `reported` history entry of `message` stating `event` as it now stands."""
    said = event.title if event.stage is None else f"{event.stage}: {event.title}"
    return HistoryEntry(
        at=message.said_at,
        kind="reported",
        change=said[:_CHANGE_CHARS],
        source_message_ids=[message.id],
        stage=event.stage,
        polarity=event.polarity,
        metrics=_stamp_metrics(event.metrics, message),
    )


def stamp_report(event: SignificantEvent, message: Message) -> SignificantEvent:
    """A report of `event` by `message` alone, stamped with the message's time and id."""
    metrics = _stamp_metrics(event.metrics, message)
    stamped = event.model_copy(update={"metrics": metrics})
    entry = reported_entry(stamped, message)
    return stamped.model_copy(update={"history": merge_history(event.history, [entry])})


def reported_ids(event: SignificantEvent) -> set[str]:
    """Messages that have a `reported` entry in the event's history."""
    return {
        message_id
        for entry in event.history
        if entry.kind == "reported"
        for message_id in entry.source_message_ids
    }


def stamp_batch(
    events: Sequence[SignificantEvent], messages: Mapping[str, Message]
) -> list[SignificantEvent]:
    """Stamp what the extractor left unstamped, from the batch's messages.

    A report citing several messages whose figures carry no time gets the latest cited
    message's time: of what it cites, that is the statement that stands.
    """
    stamped: list[SignificantEvent] = []
    for event in events:
        cited = [messages[i] for i in event.source_message_ids if i in messages]
        if not cited:
            stamped.append(event)
            continue
        latest = max(cited, key=lambda m: (m.said_at, m.id))
        # Of several cited messages none alone said the figure: it stays on every part.
        metrics = _stamp_metrics(event.metrics, latest, own=len(cited) == 1)
        report = event.model_copy(update={"metrics": metrics})
        have = reported_ids(report)
        entries = [reported_entry(report, m) for m in cited if m.id not in have]
        history = merge_history(report.history, entries)
        stamped.append(report.model_copy(update={"history": history}))
    return stamped


def split_by_message(event: SignificantEvent) -> list[SignificantEvent]:
    """One part per source message: what that message says of the event.

    A part keeps the report's wording; its stage, polarity and figures are the message's
    own when its `reported` entry has them. Figures not tied to one message stay on
    every part.
    """
    parts: list[SignificantEvent] = []
    for message_id in event.source_message_ids:
        entries = [e for e in event.history if message_id in e.source_message_ids]
        own = [e for e in entries if e.kind == "reported" and e.source_message_ids == [message_id]]
        update: dict[str, object] = {
            "source_message_ids": [message_id],
            "evidence": [e for e in event.evidence if e.message_id == message_id],
            "history": [e.model_copy(update={"source_message_ids": [message_id]}) for e in entries],
        }
        if own:
            said = max(own, key=HistoryEntry.sort_key)
            update["stage"] = said.stage if said.stage is not None else event.stage
            update["polarity"] = said.polarity or event.polarity
            update["metrics"] = _own_metrics(event.metrics, said.metrics, message_id)
        else:
            update["metrics"] = [m for m in event.metrics if m.message_id in (None, message_id)]
        parts.append(event.model_copy(update=update))
    return parts


def _own_metrics(report: Sequence[Metric], said: Sequence[Metric], message_id: str) -> list[Metric]:
    named = {m.name: m for m in said}
    for metric in report:
        if metric.name not in named and metric.message_id in (None, message_id):
            named[metric.name] = metric
    return sorted(named.values(), key=lambda m: m.name)
