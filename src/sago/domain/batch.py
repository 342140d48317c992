"""A batch of messages handed to an extractor, and what did not make it through."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from pydantic import BaseModel, ConfigDict, Field

from sago.domain.message import Message, Rejection, Source


def batch_id_for(company_id: str, message_ids: list[str]) -> str:
    """Deterministic: the same messages claimed again form the same batch."""
    joined = "\x1f".join([company_id, *sorted(message_ids)])
    return "bat_" + hashlib.sha256(joined.encode()).hexdigest()[:16]


class Batch(BaseModel):
    """Messages of one company and source, claimed together under a lease."""

    model_config = ConfigDict(frozen=True)

    id: str
    company_id: str
    source: Source
    messages: list[Message] = Field(min_length=1)
    attempts: int = 0
    claimed_at: datetime = Field(default_factory=lambda: datetime.now(UTC))

    @classmethod
    def of(
        cls, company_id: str, source: Source, messages: list[Message], attempts: int = 0
    ) -> Batch:
        ids = [m.id for m in messages]
        return cls(
            id=batch_id_for(company_id, ids),
            company_id=company_id,
            source=source,
            messages=messages,
            attempts=attempts,
        )

    @property
    def message_ids(self) -> list[str]:
        return [m.id for m in self.messages]


class DeadLetter(BaseModel):
    """Poison input kept aside with its reason: a rejected record or a batch that kept failing."""

    model_config = ConfigDict(frozen=True)

    company_id: str
    kind: str  # "record" | "batch"
    reason: str
    location: str = ""
    message_ids: list[str] = Field(default_factory=list)
    excerpt: str = ""
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))

    @classmethod
    def of_rejection(cls, rejection: Rejection, company_id: str) -> DeadLetter:
        """The one way a rejected record is kept aside, whichever path read it.

        The reason names the field when the reader knew it ("sent_at: not a date"), so a
        dead letter from the Kafka path reads the same as one from a file read in-process.
        """
        reason = rejection.reason
        if rejection.field is not None:
            reason = f"{rejection.field}: {reason}"
        return cls(
            company_id=company_id,
            kind="record",
            reason=reason,
            location=f"{rejection.file}:{rejection.position}",
            excerpt=rejection.excerpt,
        )
