"""What an LLM extractor must answer: the output schema, built per request.

`request_schema(ids, ...)` narrows the static models below for one request: message ids
become an `enum` of that request's own ids, so constrained decoding (llama.cpp, OpenAI
strict mode, Gemini's response schema) cannot invent or confuse one, and every array gets
`maxItems` and every string `maxLength`, so a small model that starts repeating itself
runs into the schema instead of the output limit. The caps are schema hints for the
decoder, not validation: an answer over one (a provider that does not constrain
decoding) keeps its events rather than being re-asked. The ids are validated.

Otherwise the schema is deliberately looser than the domain model (plain strings for
dates, free-form names): a response that parses but breaks a domain rule drops one event
with a counted reason instead of re-asking for the whole batch. Malformed JSON or a wrong
shape (an id that is not in the request) makes Pydantic AI re-ask the model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal, cast

from pydantic import BaseModel, Field, create_model

from sago.domain.event import EventSeverity, EventType, Polarity
from sago.domain.lifecycle import LIFECYCLES

# Every stage name of the lifecycle table, positive and negative; the model may only pick one.
STAGE_NAMES: tuple[str, ...] = tuple(
    dict.fromkeys(stage for lifecycle in LIFECYCLES for stage in lifecycle.all_stages)
)


def most(chars: int) -> dict[str, Any]:
    """A maxLength for constrained decoding only: an answer over it is not re-asked."""
    return {"maxLength": chars}


def cap(items: int, least: int = 0) -> dict[str, Any]:
    """A maxItems (and minItems) for constrained decoding only (see `most`)."""
    return {"maxItems": items, "minItems": least} if least else {"maxItems": items}


MAX_QUOTE_CHARS = 300
MAX_EVIDENCE = 3
MAX_METRICS = 4


class MetricOut(BaseModel):
    """A number the messages state, e.g. {name: "ARR", value: 1200000, unit: "USD"}."""

    name: str = Field(
        json_schema_extra=most(60), description="what is measured, e.g. ARR, MAU, round size"
    )
    # A union keeps string facts ("Series A") possible; Gemini's schema accepts anyOf.
    value: float | str = Field(description="a plain number as stated, no currency symbols")
    unit: str | None = Field(
        default=None, json_schema_extra=most(20), description="USD, %, users, ... or null"
    )


class QuoteOut(BaseModel):
    """A verbatim quote and the message it comes from."""

    message_id: str = Field(description="id of the message the quote is copied from")
    quote: str = Field(
        json_schema_extra=most(MAX_QUOTE_CHARS), description="text copied exactly from that message"
    )


class EventOut(BaseModel):
    """One significant event as the model reports it."""

    event_type: EventType
    polarity: Polarity = Polarity.POSITIVE
    title: str = Field(
        json_schema_extra=most(200), description="a short headline, 5 to 200 characters"
    )
    key: str = Field(
        default="", json_schema_extra=most(80), description="short stable words naming it"
    )
    source_message_ids: list[str] = Field(description="ids of the messages stating the event")
    evidence: list[QuoteOut] = Field(description="verbatim quotes from those messages")
    stage: str | None = Field(default=None, description="a lifecycle stage name")
    occurrence: str | None = Field(
        default=None, json_schema_extra=most(80), description="kind:name"
    )
    metrics: list[MetricOut] = Field(default_factory=list, json_schema_extra=cap(MAX_METRICS))
    series: str | None = Field(
        default=None, json_schema_extra=most(40), description="metric key, arr_usd"
    )
    period: str | None = Field(default=None, json_schema_extra=most(7), description="YYYY-MM")
    date: str | None = Field(
        default=None, json_schema_extra=most(10), description="YYYY-MM-DD or null"
    )
    severity: EventSeverity = EventSeverity.MEDIUM
    confidence: float = Field(default=0.5, description="0 to 1")
    description: str = Field(default="", json_schema_extra=most(300))
    impact: str = Field(default="", json_schema_extra=most(200))
    stakeholders: list[str] = Field(default_factory=list, json_schema_extra=cap(6))


class ExtractionOut(BaseModel):
    """The events stated as fact in the messages; empty when there are none."""

    events: list[EventOut] = Field(default_factory=list)


def max_events_for(messages: int) -> int:
    """How many events a request of `messages` may report: one per four messages and one
    more (real traffic has about one per seven), never fewer than two, never more than 8."""
    return max(2, min(8, 1 + messages // 4))


def request_schema(ids: Sequence[str], max_events: int | None = None) -> type[ExtractionOut]:
    """ExtractionOut narrowed to one request: ids are an enum of `ids`, arrays are capped."""
    if not ids:
        raise ValueError("a request needs at least one message id")
    message_id: Any = cast(Any, Literal)[tuple(dict.fromkeys(ids))]
    quote: Any = create_model(
        "QuoteOut",
        __base__=QuoteOut,
        __doc__=QuoteOut.__doc__,
        message_id=(message_id, Field(description="id of the message the quote is copied from")),
    )
    stage: Any = cast(Any, Literal)[STAGE_NAMES]
    sources = min(len(ids), 5)
    source_ids: Any = Annotated[list[message_id], Field(json_schema_extra=cap(sources, 1))]
    quotes: Any = Annotated[list[quote], Field(json_schema_extra=cap(MAX_EVIDENCE, 1))]
    event: Any = create_model(
        "EventOut",
        __base__=EventOut,
        __doc__=EventOut.__doc__,
        source_message_ids=(
            source_ids,
            Field(description="ids of the messages stating the event"),
        ),
        evidence=(
            quotes,
            Field(description="verbatim quotes from those messages"),
        ),
        stage=(stage | None, Field(default=None, description="a lifecycle stage name")),
    )
    limit = max_events or max_events_for(len(ids))
    events: Any = Annotated[list[event], Field(json_schema_extra=cap(limit))]
    return create_model(
        "ExtractionOut",
        __base__=ExtractionOut,
        __doc__=ExtractionOut.__doc__,
        events=(events, Field(default_factory=list)),
    )
