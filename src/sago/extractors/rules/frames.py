"""The fact frame: what a detector read from a sentence, before it becomes an event.

Every candidate is one frame: actor, action, object, amount, counterparty and date. The
title is written from the frame, never copied from the text, and it names only what the
frame holds, so a mis-read word cannot turn into a title ("Term sheet from Here").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sago.domain.event import EventSeverity, EventType, Metric, Polarity
from sago.domain.presentation import format_figure, format_number
from sago.extractors.rules.entities import Entity
from sago.extractors.rules.quantities import Quantity


def money_text(q: Quantity) -> str:
    """ "$1.2M", "€620k", "3.2M PLN": short, as a person writes it."""
    return format_figure(q.value, q.unit, short=True)


def count_text(q: Quantity) -> str:
    return f"{format_number(q.value)} {q.noun or q.unit or ''}".strip()


@dataclass
class Frame:
    """Who did what to whom, for how much, when. Names are entities, never bare words."""

    action: str
    actor: Entity | None = None
    object: str | None = None  # a round, a product, a standard, a place, a role
    amount: Quantity | None = None
    counterparty: Entity | None = None
    date: dt.date | None = None
    previous: Quantity | None = None  # "down from $1.42M"

    def who(self) -> str | None:
        party = self.counterparty or self.actor
        return party.display if party else None


@dataclass
class Candidate:
    """One event stated by one sentence, with how it was found and how it is identified."""

    detector: str
    trigger: str
    event_type: EventType
    frame: Frame
    title: str
    key: str  # identity within the event type: same key, same event id
    quote: tuple[int, int]
    polarity: Polarity = Polarity.POSITIVE
    stage: str | None = None
    occurrence: str | None = None
    series: str | None = None
    period: str | None = None
    metrics: list[Metric] = field(default_factory=list)
    stakeholders: list[str] = field(default_factory=list)
    severity: EventSeverity = EventSeverity.MEDIUM
    confidence: float = 0.6
    # False when nothing names what the event is about (no customer, product, round...):
    # within its message it then joins a named report of the same type.
    named: bool = True

    @property
    def explanation(self) -> str:
        return f"rules:{self.detector} trigger={self.trigger!r}"


def title(*parts: str | None) -> str:
    """Join the non-empty parts into a title of at least five characters."""
    text = " ".join(p for p in parts if p).strip()
    return text if len(text) >= 5 else f"{text} event".strip()


def with_amount(text: str, amount: Quantity | None) -> str:
    return f"{text} ({money_text(amount)})" if amount is not None else text
