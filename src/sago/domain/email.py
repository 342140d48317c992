"""The investor update drafted from stored events."""

from __future__ import annotations

from datetime import UTC, date, datetime

from pydantic import BaseModel, ConfigDict, Field

from sago.domain.event import Metric


class SourceRef(BaseModel):
    """Where a cited message came from, as a footnote names it."""

    model_config = ConfigDict(frozen=True)

    message_id: str
    source: str  # "slack", "gmail"
    where: str = ""  # "#general" for a chat message, the sender for an email
    at: datetime | None = None

    @property
    def label(self) -> str:
        """ "slack #general, 2025-08-14" / "email from ceo@acme.example, 2025-08-14"."""
        kind = "email" if self.source == "gmail" else self.source
        if self.where:
            kind = f"{kind} {self.where}" if self.where.startswith("#") else f"{kind}, {self.where}"
        return f"{kind}, {self.at:%Y-%m-%d}" if self.at else kind


class Footnote(BaseModel):
    """What a mark ([1]) in the update cites: an event and its messages, or a message."""

    model_config = ConfigDict(frozen=True)

    mark: int = Field(ge=1)
    event_id: str | None = None
    title: str
    sources: list[SourceRef] = Field(default_factory=list)


class WithheldNote(BaseModel):
    """Something redaction kept out of the update, for the founder to review."""

    model_config = ConfigDict(frozen=True)

    category: str
    reason: str
    text: str
    where: str  # "event evt_… title", "ask from message 12"


class InvestorEmail(BaseModel):
    """An investor update: every highlight and number comes from a stored event.

    `body` is Markdown (what a person edits); the footnotes name what each mark in it
    cites. Stores written before periods and citations existed read with empty defaults.
    """

    company_id: str
    subject: str = Field(min_length=1, max_length=300)
    body: str
    highlights: list[str] = Field(default_factory=list)
    key_metrics: list[Metric] = Field(default_factory=list)
    event_ids: list[str] = Field(default_factory=list)
    composer: str = "template"
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    approved: bool = False
    period_start: date | None = None
    period_end: date | None = None
    period_label: str = ""
    footnotes: list[Footnote] = Field(default_factory=list)
    withheld: list[WithheldNote] = Field(default_factory=list)
    # Why the LLM composer's draft lost sentences or fell back to the template.
    notes: list[str] = Field(default_factory=list)

    def as_markdown(self) -> str:
        return f"# {self.subject}\n\n{self.body.rstrip()}\n"

    def footnote(self, mark: int) -> Footnote | None:
        return next((f for f in self.footnotes if f.mark == mark), None)
