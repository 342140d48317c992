"""Small builders for domain objects."""

from __future__ import annotations

import base64
import json
import tempfile
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from sago.config import Settings
from sago.domain.email import SourceRef
from sago.domain.event import (
    EventSeverity,
    EventType,
    Evidence,
    Metric,
    Polarity,
    SignificantEvent,
    event_id,
)
from sago.domain.kpis import kpi_rows
from sago.domain.message import Message, Source
from sago.domain.period import Period
from sago.domain.update import Ask, UpdateFacts
from sago.redact.presidio import PresidioRedactor
from sago.sources.gmail_json import GmailJsonSource
from sago.sources.normalise import chat_message, email_message

T0 = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)


def settings(**fields: Any) -> Settings:
    """Settings from these fields (and any SAGO_* in the environment they do not name);
    a developer's .env file is never read."""
    return Settings(**fields, _env_file=None)  # type: ignore[call-arg]


def message(
    n: int,
    *,
    company: str = "acme",
    source: Source = Source.SLACK,
    text: str | None = None,
    minutes: int | None = None,
) -> Message:
    moment = T0 + timedelta(minutes=n if minutes is None else minutes)
    body = text if text is not None else f"message {n} about ünïcode ✓"
    if source is Source.SLACK:
        return chat_message(
            native_id=str(n), company_id=company, sender="Maya", text=body, moment=moment
        )
    return email_message(
        native_id=str(n),
        company_id=company,
        sender="ceo@acme.example",
        subject=f"Update {n}",
        body=body,
        moment=moment,
    )


def messages(count: int, **kwargs: object) -> list[Message]:
    return [message(n, **kwargs) for n in range(1, count + 1)]  # type: ignore[arg-type]


def event(
    key: str = "seed round",
    *,
    company: str = "acme",
    event_type: EventType = EventType.FUNDING,
    sources: tuple[str, ...] = ("1",),
    day: date | None = date(2025, 6, 3),
    severity: EventSeverity = EventSeverity.HIGH,
    metrics: tuple[Metric, ...] = (Metric(name="amount", value=4_000_000.0, unit="USD"),),
    title: str | None = None,
) -> SignificantEvent:
    return SignificantEvent(
        id=event_id(company, event_type, key),
        company_id=company,
        event_type=event_type,
        title=title or f"Closed the {key}",
        description=f"We closed the {key}.",
        metrics=list(metrics),
        date=day,
        severity=severity,
        stakeholders=["Atlas Ventures"],
        source_message_ids=list(sources),
        evidence=[Evidence(message_id=s, quote=f"quote from {s}") for s in sources],
        confidence=0.8,
        extractor="test",
        batch_id="bat_test",
    )


def june_events() -> list[SignificantEvent]:
    """A month of six events, one of them bad news: the round, ARR, a churned customer,
    a hire, a launch and a deal."""
    seed = event("seed", metrics=(Metric(name="amount_usd", value=3_500_000.0, unit="USD"),))
    arr = event(
        "arr june",
        event_type=EventType.REVENUE_MILESTONE,
        sources=("2",),
        title="ARR reached $1.5M",
        metrics=(Metric(name="arr_usd", value=1_500_000.0, unit="USD"),),
        day=date(2025, 6, 20),
    )
    churn = event(
        "bright dental churned",
        event_type=EventType.CUSTOMER_SUCCESS,
        sources=("3",),
        title="Lost Bright Dental to a cheaper competitor",
        metrics=(),
    ).model_copy(update={"polarity": Polarity.NEGATIVE})
    hire = event(
        "vp sales",
        event_type=EventType.HIRING,
        sources=("4",),
        title="Hired a VP Sales",
        metrics=(),
    )
    launch = event(
        "recall", event_type=EventType.PRODUCT_LAUNCH, sources=("5",), title="Launched Recall"
    )
    deal = event(
        "smilecare", event_type=EventType.ENTERPRISE_DEAL, sources=("6",), title="Signed SmileCare"
    )
    return [seed, arr, churn, hire, launch, deal]


def oversize_message(chars: int = 1_160_000, limit: int = 50_000) -> Message:
    """A list digest far over the size limit, read as Gmail JSON: stored truncated."""
    body = ("digest line with numbers 12345 and words\n" * (chars // 41 + 1))[:chars]
    data = base64.urlsafe_b64encode(body.encode()).decode()
    html = base64.urlsafe_b64encode(f"<p>{body}</p>".encode()).decode()
    obj = {
        "id": "digest-1",
        "threadId": "digest-1",
        "internalDate": str(int(T0.timestamp() * 1000)),
        "payload": {
            "mimeType": "multipart/alternative",
            "headers": [
                {"name": "From", "value": "list@lists.example"},
                {"name": "Subject", "value": "Digest"},
                {"name": "Date", "value": "Mon, 2 Jun 2025 09:00:00 +0000"},
            ],
            "parts": [
                {"mimeType": "text/plain", "body": {"data": data}},
                {"mimeType": "text/html", "body": {"data": html}},
            ],
        },
    }
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "digest.json"
        path.write_text(json.dumps(obj))
        found = list(GmailJsonSource(path, "acme", max_chars=limit).read())
    [message] = [r for r in found if isinstance(r, Message)]
    return message


@cache
def shared_redactor() -> PresidioRedactor:
    """One redactor for the whole run: Presidio's analyzer takes seconds to build."""
    return PresidioRedactor(["Gruppo Sorriso", "Project Falcon"])


def facts(
    events: list[SignificantEvent],
    period: Period | None = None,
    *,
    context: list[SignificantEvent] | None = None,
    asks: list[Ask] | None = None,
    name: str | None = None,
) -> UpdateFacts:
    """The facts of a period as the pipeline gathers them (one message per source id)."""
    chosen = period or Period.month(2025, 6)
    cited = [*events, *(context or [])]
    return UpdateFacts(
        company_id=cited[0].company_id if cited else "acme",
        company_name=name,
        period=chosen,
        events=events,
        context=context or [],
        sources={
            e.id: [
                SourceRef(message_id=i, source="slack", where="#general", at=T0)
                for i in e.source_message_ids
            ]
            for e in cited
        },
        kpis=kpi_rows(cited, chosen),
        asks=asks or [],
    )
