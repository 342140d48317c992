"""Significant events: the model and the deterministic id (the merge rule is in `merge`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator, model_validator


class EventType(StrEnum):
    USER_GROWTH = "user_growth"
    REVENUE_MILESTONE = "revenue_milestone"
    FUNDING = "funding"
    PARTNERSHIP = "partnership"
    PRODUCT_LAUNCH = "product_launch"
    HIRING = "hiring"
    ENTERPRISE_DEAL = "enterprise_deal"
    TECHNICAL_ACHIEVEMENT = "technical_achievement"
    MARKET_EXPANSION = "market_expansion"
    COMPLIANCE = "compliance"
    MEDIA_COVERAGE = "media_coverage"
    INVESTOR_INTEREST = "investor_interest"
    CUSTOMER_SUCCESS = "customer_success"
    OTHER = "other"


class EventSeverity(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        return {"low": 0, "medium": 1, "high": 2}[self.value]


class Polarity(StrEnum):
    """Good news or bad news: churn, a lost deal or a decline is `negative`."""

    POSITIVE = "positive"
    NEGATIVE = "negative"


class EventStatus(StrEnum):
    """Where an occurrence stands. Only `active` events are news; the others are history.

    `superseded`: a later stage of the same occurrence replaced it (a term sheet by the
    closed round); `superseded_by` names the event that did. `retracted`: its sources were
    deleted or now say it did not happen ("the Harvest deal fell through").
    """

    ACTIVE = "active"
    SUPERSEDED = "superseded"
    RETRACTED = "retracted"


class Metric(BaseModel):
    """A number an event carries. A list of these (not a dict) keeps LLM schemas portable.

    `as_of` is the time of the message that stated the value and `message_id` that
    message: a later statement corrects an earlier one ("closed at $3.5M, not $4M").
    """

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1, max_length=80)
    value: float | str
    unit: str | None = None
    as_of: dt.datetime | None = None
    message_id: str | None = None


# `edited`/`deleted`: a source message changed after it was first read (kept across
# re-resolutions, see `sago.domain.resolution`); the others are derived from the reports.
HistoryKind = Literal[
    "reported",
    "stage",
    "correction",
    "source",
    "superseded",
    "retracted",
    "conflict",
    "edited",
    "deleted",
]


class HistoryEntry(BaseModel):
    """One update of an event: when (the reporting message's time), what changed, and why.

    A `reported` entry is what one message said (its stage, polarity and figures, see
    `stamp_report`); the event store derives the others (`stage`, `correction`, ...) from
    the set of those, so an event's history does not depend on the order reports came in.
    """

    model_config = ConfigDict(frozen=True)

    at: dt.datetime
    kind: HistoryKind
    change: str = Field(min_length=1, max_length=500)
    source_message_ids: list[str] = Field(default_factory=list)
    stage: str | None = None
    polarity: Polarity | None = None
    metrics: list[Metric] = Field(default_factory=list)

    def sort_key(self) -> tuple[dt.datetime, str, tuple[tuple[int, int, str], ...], str]:
        return (self.at, self.kind, tuple(map(id_order, self.source_message_ids)), self.change)


class Evidence(BaseModel):
    """A verbatim quote from one source message."""

    model_config = ConfigDict(frozen=True)

    message_id: str
    quote: str = Field(min_length=1, max_length=2000)
    # Character offsets of the quote in the message's text: text[start:end] == quote.
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)


class SignificantEvent(BaseModel):
    """A business event grounded in the messages that state it."""

    model_config = ConfigDict(frozen=True)

    id: str
    company_id: str
    event_type: EventType
    title: str = Field(min_length=5, max_length=200)
    description: str = ""
    impact: str = ""
    metrics: list[Metric] = Field(default_factory=list)
    date: dt.date | None = None
    severity: EventSeverity = EventSeverity.MEDIUM
    stakeholders: list[str] = Field(default_factory=list)
    source_message_ids: list[str] = Field(min_length=1)
    evidence: list[Evidence] = Field(default_factory=list)
    confidence: float = Field(default=0.5, ge=0.0, le=1.0)
    extractor: str = "unknown"
    batch_id: str = ""
    created_at: dt.datetime = Field(default_factory=lambda: dt.datetime.now(dt.UTC))
    # How an occurrence evolves (see `sago.domain.lifecycle` once it exists):
    polarity: Polarity = Polarity.POSITIVE
    status: EventStatus = EventStatus.ACTIVE
    superseded_by: str | None = None
    # The lifecycle stage this report is at ("term_sheet", "closed", "pilot", "churned"...).
    stage: str | None = None
    # Normalised name of the thing that evolves across stages and types ("round:seed",
    # "customer:bluefin sushi"): reports with the same occurrence are one story.
    occurrence: str | None = None
    # A point of a metric series ("arr_usd"), and the period it is for ("2025-03").
    series: str | None = None
    period: str | None = None
    # Why reports of this event conflict and a person should look; None when they agree.
    review: str | None = None
    # Which detector and trigger (rules) or which model (LLM) produced it, for explanations.
    explanation: str = ""
    history: list[HistoryEntry] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _legacy_is_active(cls, data: Any) -> Any:
        # Stores written before `status` existed kept only `is_active`.
        if isinstance(data, dict) and "status" not in data and data.get("is_active") is False:
            data = {**data, "status": EventStatus.RETRACTED.value}
        return data

    @computed_field  # type: ignore[prop-decorator]
    @property
    def is_active(self) -> bool:
        """The seed's flag: true while the event is news (neither superseded nor retracted)."""
        return self.status is EventStatus.ACTIVE

    @field_validator("title")
    @classmethod
    def _clean_title(cls, value: str) -> str:
        return " ".join(value.split())

    def metric(self, name: str) -> float | str | None:
        for metric in self.metrics:
            if metric.name == name:
                return metric.value
        return None


_NON_WORD = re.compile(r"[^\w.$%]+", re.UNICODE)


def normalise_key(text: str) -> str:
    """Lower-case, accent-free, punctuation-free form of a key fact."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NON_WORD.sub(" ", folded.lower()).strip()


def event_id(company_id: str, event_type: EventType, key: str) -> str:
    """Deterministic id: the same fact reported twice gets the same id, so upserts merge."""
    digest = hashlib.sha256(
        f"{company_id}\x1f{event_type.value}\x1f{normalise_key(key)}".encode()
    ).hexdigest()
    return f"evt_{digest[:20]}"


def id_order(message_id: str) -> tuple[int, int, str]:
    """Sort key for message ids: numeric CSV ids by value, the rest as text."""
    return (0, int(message_id), message_id) if message_id.isdigit() else (1, 0, message_id)


def merge_history(*histories: list[HistoryEntry]) -> list[HistoryEntry]:
    """The union of history entries, in time order, each once."""
    unique = {entry.model_dump_json(): entry for history in histories for entry in history}
    return sorted(unique.values(), key=HistoryEntry.sort_key)
