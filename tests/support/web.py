"""A seeded dashboard over SQLite stores in a temp dir, for the web tests."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from sago.config import Settings
from sago.domain.event import EventSeverity, EventType, Evidence, Metric, SignificantEvent, event_id
from sago.domain.message import Source
from sago.eventstore.sqlite import SqliteEventStore
from sago.rawstore.sqlite import SqliteRawStore
from sago.web.app import create_app
from support.factories import message

COMPANY = "acme"
LOCAL = "http://127.0.0.1:8000"
TOKEN = "s3cret-token-for-the-web-tests"

SCRIPT_TEXT = "Heads up <script>alert(1)</script> we hit 5,000 DAU today"
JS_LINK_TEXT = (
    'MRR is $120k, docs <a href="javascript:alert(1)">here</a> and <javascript:alert(1)|here>'
)
ENTITY_TEXT = "Tom wrote &amp;lt;b&amp;gt; and &lt;i&gt; — MRR reached $150k"


def _event(
    key: str,
    event_type: EventType,
    *,
    source: str,
    quote: str,
    day: date,
    severity: EventSeverity = EventSeverity.MEDIUM,
    metrics: tuple[Metric, ...] = (),
    title: str | None = None,
    company: str = COMPANY,
) -> SignificantEvent:
    return SignificantEvent(
        id=event_id(company, event_type, key),
        company_id=company,
        event_type=event_type,
        title=title or f"Event {key}",
        metrics=list(metrics),
        date=day,
        severity=severity,
        source_message_ids=[source],
        evidence=[Evidence(message_id=source, quote=quote)],
        extractor="test",
    )


FUNDING = _event(
    "seed",
    EventType.FUNDING,
    source="1",
    quote="closed our $4M seed round",
    day=date(2025, 6, 3),
    severity=EventSeverity.HIGH,
    metrics=(Metric(name="amount", value=4_000_000.0, unit="USD"),),
    title="Closed the $4M seed round",
)
GROWTH = _event(
    "dau 5000",
    EventType.USER_GROWTH,
    source="2",
    quote="<script>alert(1)</script> we hit 5,000 DAU",
    day=date(2025, 6, 12),
    metrics=(Metric(name="DAU", value=5000.0),),
    title="Reached 5,000 DAU <script>alert(1)</script>",
)
MRR_JUNE = _event(
    "mrr 120k",
    EventType.REVENUE_MILESTONE,
    source="3",
    quote="MRR is $120k",
    day=date(2025, 6, 10),
    metrics=(Metric(name="MRR", value=120_000.0, unit="USD"),),
    title="MRR reached $120k",
)
MRR_JULY = _event(
    "mrr 150k",
    EventType.REVENUE_MILESTONE,
    source="4",
    quote="MRR reached $150k",
    day=date(2025, 7, 1),
    severity=EventSeverity.HIGH,
    metrics=(Metric(name="MRR", value=150_000.0, unit="USD"),),
    title="MRR reached $150k",
)
OTHER_COMPANY = _event(
    "elsewhere", EventType.FUNDING, source="1", quote="x", day=date(2025, 6, 1), company="other"
)
EVENTS = (FUNDING, GROWTH, MRR_JUNE, MRR_JULY)


def settings_for(tmp_path: Path, **overrides: Any) -> Settings:
    # Embedded backends whatever SAGO_* the environment exports (CI exports service addresses).
    embedded = {
        "queue": "embedded",
        "rawstore": "sqlite",
        "batcher": "memory",
        "eventstore": "sqlite",
    }
    return Settings(data_dir=tmp_path / "data", company_id=COMPANY, **(embedded | overrides))


def seed(settings: Settings) -> None:
    """Four messages (three hostile) and the events citing them."""
    raw = SqliteRawStore(settings.messages_db)
    events = SqliteEventStore(settings.events_db)
    try:
        raw.store(
            [
                message(1, company=COMPANY, text="We closed our $4M seed round with Atlas."),
                message(2, company=COMPANY, text=SCRIPT_TEXT),
                message(3, company=COMPANY, source=Source.GMAIL, text=JS_LINK_TEXT),
                message(4, company=COMPANY, source=Source.GMAIL, text=ENTITY_TEXT),
            ]
        )
        events.upsert([*EVENTS, OTHER_COMPANY])
    finally:
        raw.close()
        events.close()


@contextmanager
def dashboard(settings: Settings, **client_args: Any) -> Iterator[TestClient]:
    """The app started (stores connected by its lifespan, as `sago serve` does)."""
    client_args.setdefault("base_url", LOCAL)
    with TestClient(create_app(settings), **client_args) as client:
        yield client


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


class LiveMarkup(HTMLParser):
    """Collects what a browser would treat as active content."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts = 0
        self.handlers: list[str] = []
        self.js_urls: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag == "script":
            self.scripts += 1
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(name)
            live_url = (
                (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:"))
            )
            if name in {"href", "src", "action", "formaction"} and live_url:
                self.js_urls.append(value or "")


def live_markup(html: str) -> LiveMarkup:
    parser = LiveMarkup()
    parser.feed(html)
    parser.close()
    return parser
