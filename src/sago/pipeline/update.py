"""The investor update of one period: gather the facts, redact them, compose, check.

Only the period's active events are news, each occurrence once at its latest stage.
Everything that reaches the composer (and so a cloud model, for the LLM composer) or the
email is redacted for investors first; the finished body is checked again, and whatever
either pass withheld is listed on the email for the founder to review.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sago.domain.asks import find_asks
from sago.domain.email import InvestorEmail, SourceRef
from sago.domain.event import SignificantEvent
from sago.domain.kpis import Point, rows_of, series_points
from sago.domain.message import Message, Source
from sago.domain.period import Period
from sago.domain.update import Ask, UpdateFacts
from sago.email.base import EmailComposer
from sago.eventstore.base import EventStore
from sago.pipeline.redaction import EventRedactor
from sago.rawstore.base import RawStore
from sago.redact.base import Redactor


def in_period(event: SignificantEvent, period: Period) -> bool:
    if event.period is not None and period.covers_key(event.period):
        return True
    return event.date is not None and period.contains(event.date)


def latest_per_occurrence(events: Sequence[SignificantEvent]) -> list[SignificantEvent]:
    """Each occurrence once, at its latest report (a term sheet and the closed round are
    one story); events without an occurrence stand alone."""
    latest: dict[str, SignificantEvent] = {}
    alone: list[SignificantEvent] = []
    for event in events:
        if not event.is_active:
            continue
        if event.occurrence is None:
            alone.append(event)
            continue
        known = latest.get(event.occurrence)
        if known is None or (event.date or known.date, event.id) > (known.date, known.id):
            latest[event.occurrence] = event
    return sorted([*alone, *latest.values()], key=lambda e: e.id)


def source_ref(message: Message, shown: EventRedactor) -> SourceRef:
    where = (
        f"#{message.channel}"
        if message.source is Source.SLACK and message.channel
        else shown.text(message.sender, f"sender of message {message.id}")
    )
    return SourceRef(
        message_id=message.id, source=message.source.value, where=where, at=message.timestamp
    )


def _bounds(period: Period) -> tuple[datetime, datetime]:
    start = datetime.combine(period.start, time(), UTC)
    return start, datetime.combine(period.end + timedelta(days=1), time(), UTC)


def gather(
    *,
    eventstore: EventStore,
    rawstore: RawStore,
    redactor: Redactor,
    company_id: str,
    period: Period,
    company_name: str | None = None,
) -> UpdateFacts:
    """The facts of `period`, redacted for investors."""
    # One streamed pass: the period's events whole, every other event only as the points
    # the KPI table reads. A big store's events, histories and all, never sit in memory.
    candidates: list[SignificantEvent] = []
    points: list[Point] = []
    for event in eventstore.each_event(company_id):
        if in_period(event, period):
            candidates.append(event)
        if event.date is None or event.date <= period.end:
            points += series_points([event])
    news = latest_per_occurrence(candidates)
    kpis = rows_of(points, period)
    shown = EventRedactor(redactor, "investor")
    news_ids = {e.id for e in news}
    # The events behind the KPI rows that are not news, in the store's order (the order
    # their points were taken in).
    wanted = {i for k in kpis for i in k.event_ids} - news_ids
    behind = list(dict.fromkeys(p.event_id for p in points if p.event_id in wanted))
    context = [whole for i in behind if (whole := eventstore.get(i)) is not None]
    cited = [*news, *context]
    ids = list(dict.fromkeys(i for e in cited for i in e.source_message_ids))
    messages = {m.id: m for m in rawstore.get(company_id, ids)} if ids else {}
    sources = {
        e.id: [source_ref(messages[i], shown) for i in e.source_message_ids if i in messages]
        for e in cited
    }
    since, until = _bounds(period)
    asks = [
        Ask(text=shown.text(text, f"ask in message {m.id}"), source=source_ref(m, shown))
        for text, m in find_asks(rawstore.messages(company_id, since, until))
    ]
    return UpdateFacts(
        company_id=company_id,
        company_name=company_name,
        period=period,
        events=[shown.event(e) for e in news],
        context=[shown.event(e) for e in context],
        sources=sources,
        kpis=kpis,
        asks=asks,
        withheld=shown.notes,
    )


def check_email(email: InvestorEmail, redactor: Redactor) -> InvestorEmail:
    """The last pass: whatever the composer wrote, nothing withheld reaches investors."""
    checker = EventRedactor(redactor, "investor")
    subject = checker.text(email.subject, "subject")
    body = checker.text(email.body, "body")
    if not checker.notes:
        return email
    return email.model_copy(
        update={"subject": subject, "body": body, "withheld": [*email.withheld, *checker.notes]}
    )


@dataclass
class UpdateWriter:
    """Drafts the update of a period from the stores: gather, redact, compose, check.
    The CLI, the dashboard and a run share this one path."""

    eventstore: EventStore
    rawstore: RawStore
    composer: EmailComposer
    redactor: Redactor
    company_name: str | None = None

    def draft(self, company_id: str, period: Period) -> InvestorEmail:
        """The update of `period` (not stored)."""
        facts = gather(
            eventstore=self.eventstore,
            rawstore=self.rawstore,
            redactor=self.redactor,
            company_id=company_id,
            period=period,
            company_name=self.company_name,
        )
        return check_email(self.composer.compose(facts), self.redactor)
