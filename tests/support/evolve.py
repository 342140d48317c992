"""Stamped reports of evolving events, as an extractor would send them to the store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sago.domain.event import (
    EventType,
    Evidence,
    Metric,
    Polarity,
    SignificantEvent,
    event_id,
)
from sago.domain.message import Message
from sago.domain.reports import SourceVersion, stamp_report
from support.factories import T0, message

DAY = timedelta(days=1)


def said(n: int, text: str | None = None, *, days: float | None = None) -> Message:
    """Message `n`, sent `n` days (or `days`) after T0."""
    return message(n, text=text, minutes=round((days if days is not None else n) * 24 * 60))


def report(
    source: Message,
    event_type: EventType,
    *,
    stage: str | None = None,
    occurrence: str | None = None,
    metrics: Sequence[Metric] = (),
    stakeholders: Sequence[str] = (),
    negative: bool = False,
    series: str | None = None,
    period: str | None = None,
    key: str | None = None,
    title: str | None = None,
) -> SignificantEvent:
    """What `source` says, stamped as an extractor's report."""
    key = key or f"{occurrence or series or event_type.value} {source.id}"
    event = SignificantEvent(
        id=event_id(source.company_id, event_type, key),
        company_id=source.company_id,
        event_type=event_type,
        title=title or f"{event_type.value.replace('_', ' ')} {stage or ''} {key}".strip(),
        metrics=list(metrics),
        stakeholders=list(stakeholders),
        source_message_ids=[source.id],
        evidence=[Evidence(message_id=source.id, quote=source.text[:200] or "(deleted)")],
        date=source.timestamp.date(),
        stage=stage,
        occurrence=occurrence,
        polarity=Polarity.NEGATIVE if negative else Polarity.POSITIVE,
        series=series,
        period=period,
        extractor="test",
        created_at=source.timestamp,
    )
    return stamp_report(event, source)


def usd(name: str, value: float) -> Metric:
    return Metric(name=name, value=value, unit="USD")


def versions(*messages: Message) -> list[SourceVersion]:
    return [SourceVersion.of(m) for m in messages]


def edited(source: Message, text: str, *, hours: float = 2, deleted: bool = False) -> Message:
    """`source` edited (or deleted) `hours` after it was sent."""
    return source.model_copy(
        update={
            "text": "" if deleted else text,
            "edited_at": source.timestamp + timedelta(hours=hours),
            "deleted": deleted,
        }
    )


__all__ = ["DAY", "T0", "edited", "report", "said", "usd", "versions"]
