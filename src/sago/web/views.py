"""Read-only pages: the events timeline, one event, one message, metrics over time."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Annotated, TypeVar

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sago.domain.event import EventSeverity, EventType, SignificantEvent
from sago.domain.message import Message, Source
from sago.web.charts import build_charts
from sago.web.deps import WebContext, context, templates
from sago.web.security import Guard, set_session_cookie

router = APIRouter()
PAGE_SIZE = 100
E = TypeVar("E", bound=StrEnum)


@dataclass
class EventView:
    """An event with the stored messages it cites, for the templates."""

    event: SignificantEvent
    messages: dict[str, Message] = field(default_factory=dict)

    @property
    def sources(self) -> list[str]:
        return sorted({m.source.value for m in self.messages.values()})

    def quotes_in(self, message_id: str) -> list[str]:
        return [e.quote for e in self.event.evidence if e.message_id == message_id]


def _parse(kind: type[E], value: str, name: str) -> E | None:
    if not value:
        return None
    try:
        return kind(value)
    except ValueError:
        raise HTTPException(400, f"invalid {name}: {value[:40]!r}") from None


def _parse_date(value: str, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(400, f"invalid {name} {value[:40]!r}: use YYYY-MM-DD") from None


def _views(ctx: WebContext, events: list[SignificantEvent]) -> list[EventView]:
    ids = list(dict.fromkeys(i for e in events for i in e.source_message_ids))
    found = {m.id: m for m in ctx.stores.rawstore.get(ctx.company_id, ids)} if ids else {}
    return [EventView(e, {i: found[i] for i in e.source_message_ids if i in found}) for e in events]


def _event_or_404(ctx: WebContext, event_id: str) -> SignificantEvent:
    event = ctx.stores.eventstore.get(event_id)
    # The dashboard shows one company: another company's event id is as good as unknown.
    if event is None or event.company_id != ctx.company_id:
        raise HTTPException(404, "no such event")
    return event


@router.get("/", response_class=HTMLResponse)
def timeline(
    request: Request,
    event_type: Annotated[str, Query(alias="type")] = "",
    severity: str = "",
    since: str = "",
    until: str = "",
    source: str = "",
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    ctx = context(request)
    chosen_type = _parse(EventType, event_type, "type")
    chosen_severity = _parse(EventSeverity, severity, "severity")
    chosen_source = _parse(Source, source, "source")
    events = ctx.stores.eventstore.events(
        ctx.company_id,
        event_type=chosen_type,
        severity=chosen_severity,
        since=_parse_date(since, "since"),
        until=_parse_date(until, "until"),
    )
    if chosen_source is not None:
        views = [v for v in _views(ctx, events) if chosen_source.value in v.sources]
        total = len(views)
        views = views[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    else:
        total = len(events)
        views = _views(ctx, events[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    filters = {
        "type": event_type,
        "severity": severity,
        "since": since,
        "until": until,
        "source": source,
    }
    return templates(request).TemplateResponse(
        request,
        "timeline.html",
        {
            "views": views,
            "total": total,
            "page": page,
            "pages": max(1, -(-total // PAGE_SIZE)),
            "filters": filters,
            "event_types": [t.value for t in EventType],
            "severities": [s.value for s in EventSeverity],
            "sources": [s.value for s in Source],
            "company": ctx.company_id,
        },
    )


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str) -> Response:
    ctx = context(request)
    view = _views(ctx, [_event_or_404(ctx, event_id)])[0]
    return templates(request).TemplateResponse(
        request, "event.html", {"view": view, "company": ctx.company_id}
    )


@router.get("/message", response_class=HTMLResponse)
def message_page(
    request: Request, message_id: Annotated[str, Query(alias="id")], event: str = ""
) -> Response:
    ctx = context(request)
    found = ctx.stores.rawstore.get(ctx.company_id, [message_id])
    if not found:
        raise HTTPException(404, "no such message")
    message = found[0]
    if event:
        citing = [_event_or_404(ctx, event)]
    else:
        citing = [
            e
            for e in ctx.stores.eventstore.events(ctx.company_id)
            if message_id in e.source_message_ids
        ]
    quotes = [q.quote for e in citing for q in e.evidence if q.message_id == message_id]
    return templates(request).TemplateResponse(
        request,
        "message.html",
        {
            "message": message,
            "quotes": quotes,
            "citing": citing,
            "raw": json.dumps(message.raw, indent=2, ensure_ascii=False, default=str),
            "company": ctx.company_id,
        },
    )


@router.get("/charts", response_class=HTMLResponse)
def charts_page(request: Request) -> Response:
    ctx = context(request)
    charts = build_charts(ctx.stores.eventstore.events(ctx.company_id))
    return templates(request).TemplateResponse(
        request, "charts.html", {"charts": charts, "company": ctx.company_id}
    )


@router.post("/login")
def login(request: Request, token: Annotated[str, Form()] = "") -> Response:
    guard: Guard = request.app.state.guard
    if guard.token is None:
        return RedirectResponse("/", status_code=303)
    if not guard.token_ok(token):
        raise HTTPException(401, "wrong token")
    _, cookie = guard.new_session()
    response = RedirectResponse("/", status_code=303)
    set_session_cookie(request, response, cookie)
    return response
