"""The investor update drafted from stored events."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, Field

from sago.domain.event import Metric


class InvestorEmail(BaseModel):
    """An investor update: every highlight and number comes from a stored event."""

    company_id: str
    subject: str = Field(min_length=1, max_length=300)
    body: str
    highlights: list[str] = Field(default_factory=list)
    key_metrics: list[Metric] = Field(default_factory=list)
    event_ids: list[str] = Field(default_factory=list)
    composer: str = "template"
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    approved: bool = False

    def as_markdown(self) -> str:
        return f"# {self.subject}\n\n{self.body.rstrip()}\n"
