"""Significant events: the model, the deterministic id, and the merge rule."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from enum import StrEnum
from typing import TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

T = TypeVar("T")


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


class Metric(BaseModel):
    """A number an event carries. A list of these (not a dict) keeps LLM schemas portable."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1, max_length=80)
    value: float | str
    unit: str | None = None


class Evidence(BaseModel):
    """A verbatim quote from one source message."""

    model_config = ConfigDict(frozen=True)

    message_id: str
    quote: str = Field(min_length=1, max_length=2000)


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
    is_active: bool = True

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


def _union(first: list[T], second: list[T]) -> list[T]:
    seen = set(first)
    merged = list(first)
    for item in second:
        if item not in seen:
            seen.add(item)
            merged.append(item)
    return merged


def merge_events(existing: SignificantEvent, incoming: SignificantEvent) -> SignificantEvent:
    """Fold a new report of an event into the stored one.

    The first report keeps its wording; sources, evidence, stakeholders and metric names
    accumulate; the earliest date and the highest severity and confidence win. The result
    does not depend on how often the same report is merged, so re-delivery is harmless.
    """
    known_metrics = {metric.name for metric in existing.metrics}
    metrics = existing.metrics + [m for m in incoming.metrics if m.name not in known_metrics]
    dates = [d for d in (existing.date, incoming.date) if d is not None]
    severity = max(existing.severity, incoming.severity, key=lambda s: s.rank)
    return existing.model_copy(
        update={
            "source_message_ids": _union(existing.source_message_ids, incoming.source_message_ids),
            "evidence": _union(existing.evidence, incoming.evidence),
            "stakeholders": _union(existing.stakeholders, incoming.stakeholders),
            "metrics": metrics,
            "date": min(dates) if dates else None,
            "severity": severity,
            "confidence": max(existing.confidence, incoming.confidence),
            "description": existing.description or incoming.description,
            "impact": existing.impact or incoming.impact,
        }
    )
