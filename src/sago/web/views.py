"""Read-only pages: the events timeline, lowlights, one event, one message, metrics."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sago.domain.event import EventSeverity, EventType, Polarity, SignificantEvent
from sago.domain.message import Message, Source
from sago.web.charts import build_charts
from sago.web.deps import context, templates
from sago.web.scope import Scope, scope_of
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


def _views(request: Request, company: str, events: list[SignificantEvent]) -> list[EventView]:
    ids = list(dict.fromkeys(i for e in events for i in e.source_message_ids))
    stores = context(request).stores
    found = {m.id: m for m in stores.rawstore.get(company, ids)} if ids else {}
    return [EventView(e, {i: found[i] for i in e.source_message_ids if i in found}) for e in events]


def _event_or_404(request: Request, scope: Scope, event_id: str) -> SignificantEvent:
    event = context(request).stores.eventstore.get(event_id)
    # A page shows one company: another company's event id is as good as unknown.
    if event is None or event.company_id != scope.company:
        raise HTTPException(404, "no such event")
    return event


def page(request: Request, name: str, scope: Scope, **values: Any) -> Response:
    """A template with the scope every page's header and links need."""
    return templates(request).TemplateResponse(
        request, name, {"scope": scope, "company": scope.company, **values}
    )


def _listing(
    request: Request,
    scope: Scope,
    events: list[SignificantEvent],
    source: Source | None,
    page_number: int,
) -> tuple[list[EventView], int]:
    if source is not None:
        views = [v for v in _views(request, scope.company, events) if source.value in v.sources]
        return views[(page_number - 1) * PAGE_SIZE : page_number * PAGE_SIZE], len(views)
    chosen = events[(page_number - 1) * PAGE_SIZE : page_number * PAGE_SIZE]
    return _views(request, scope.company, chosen), len(events)


@router.get("/", response_class=HTMLResponse)
def timeline(
    request: Request,
    event_type: Annotated[str, Query(alias="type")] = "",
    severity: str = "",
    source: str = "",
    page_number: Annotated[int, Query(alias="page", ge=1)] = 1,
) -> Response:
    scope = scope_of(request)
    chosen_type = _parse(EventType, event_type, "type")
    chosen_severity = _parse(EventSeverity, severity, "severity")
    chosen_source = _parse(Source, source, "source")
    events = scope.keep(
        context(request).stores.eventstore.events(
            scope.company, event_type=chosen_type, severity=chosen_severity
        )
    )
    views, total = _listing(request, scope, events, chosen_source, page_number)
    filters = {"type": event_type, "severity": severity, "source": source}
    return page(
        request,
        "timeline.html",
        scope,
        views=views,
        total=total,
        page=page_number,
        pages=max(1, -(-total // PAGE_SIZE)),
        filters=filters,
        event_types=[t.value for t in EventType],
        severities=[s.value for s in EventSeverity],
        sources=[s.value for s in Source],
    )


@router.get("/lowlights", response_class=HTMLResponse)
def lowlights(request: Request) -> Response:
    """The bad news, stated plainly: every negative event of the scope, newest first."""
    scope = scope_of(request)
    events = scope.keep(context(request).stores.eventstore.events(scope.company))
    negatives = [e for e in events if e.polarity is Polarity.NEGATIVE]
    return page(request, "lowlights.html", scope, views=_views(request, scope.company, negatives))


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, event_id: str) -> Response:
    scope = scope_of(request)
    view = _views(request, scope.company, [_event_or_404(request, scope, event_id)])[0]
    return page(request, "event.html", scope, view=view)


@router.get("/message", response_class=HTMLResponse)
def message_page(
    request: Request, message_id: Annotated[str, Query(alias="id")], event: str = ""
) -> Response:
    scope = scope_of(request)
    stores = context(request).stores
    found = stores.rawstore.get(scope.company, [message_id])
    if not found:
        raise HTTPException(404, "no such message")
    message = found[0]
    if event:
        citing = [_event_or_404(request, scope, event)]
    else:
        citing = [
            e for e in stores.eventstore.events(scope.company) if message_id in e.source_message_ids
        ]
    quotes = [q.quote for e in citing for q in e.evidence if q.message_id == message_id]
    return page(
        request,
        "message.html",
        scope,
        message=message,
        quotes=quotes,
        citing=citing,
        raw=json.dumps(message.raw, indent=2, ensure_ascii=False, default=str),
    )


@router.get("/charts", response_class=HTMLResponse)
def charts_page(request: Request) -> Response:
    scope = scope_of(request)
    events = scope.keep(context(request).stores.eventstore.events(scope.company))
    return page(request, "charts.html", scope, charts=build_charts(events))


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
