"""What an LLM extractor must answer: the output schema.

The output schema is deliberately looser than the domain model (plain strings for dates,
no length limits): a response that parses but breaks a domain rule drops one event with a
counted reason instead of re-asking for the whole batch. Only malformed JSON or a wrong
shape makes Pydantic AI re-ask the model.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from sago.domain.event import EventSeverity, EventType


class MetricOut(BaseModel):
    """A number the messages state, e.g. {name: "ARR", value: 1200000, unit: "USD"}."""

    name: str = Field(description="what is measured, e.g. ARR, MAU, round size")
    # A union keeps string facts ("Series A") possible; Gemini's schema accepts anyOf.
    value: float | str = Field(description="a plain number as stated, no currency symbols")
    unit: str | None = Field(default=None, description="USD, %, users, ... or null")


class QuoteOut(BaseModel):
    """A verbatim quote and the message it comes from."""

    message_id: str = Field(description="id of the message the quote is copied from")
    quote: str = Field(description="text copied character for character from that message")


class EventOut(BaseModel):
    """One significant event as the model reports it."""

    event_type: EventType
    key: str = Field(description="short stable key facts in lower case, e.g. 'series a 12m'")
    title: str = Field(description="a short headline, 5 to 200 characters")
    description: str = ""
    impact: str = ""
    date: str | None = Field(default=None, description="YYYY-MM-DD or null")
    severity: EventSeverity = EventSeverity.MEDIUM
    metrics: list[MetricOut] = Field(default_factory=list)
    stakeholders: list[str] = Field(default_factory=list)
    source_message_ids: list[str] = Field(description="ids of the messages stating the event")
    evidence: list[QuoteOut] = Field(description="verbatim quotes from those messages")
    confidence: float = Field(default=0.5, description="0 to 1")


class ExtractionOut(BaseModel):
    """The events stated as fact in the messages; empty when there are none."""

    events: list[EventOut] = Field(default_factory=list)
