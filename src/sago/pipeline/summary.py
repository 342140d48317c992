"""What a run did, for the report and the exit code."""

from __future__ import annotations

from pydantic import BaseModel, Field

from sago.extractors.base import Usage

MAX_LISTED_REJECTIONS = 50


class RunSummary(BaseModel):
    company_id: str
    inputs: list[str] = Field(default_factory=list)
    records_read: int = 0
    published: int = 0
    consumed: int = 0
    stored_new: int = 0
    already_stored: int = 0
    recovered: int = 0
    rejected: int = 0
    rejections: list[str] = Field(default_factory=list)
    batches: int = 0
    batch_failures: int = 0
    batches_dead_lettered: int = 0
    events_extracted: int = 0
    events_dropped: int = 0
    events_inserted: int = 0
    events_merged: int = 0
    events_total: int = 0
    messages_total: int = 0
    backlog: int = 0
    usage: Usage = Field(default_factory=Usage)
    seconds: float = 0.0

    def reject(self, reason: str) -> None:
        self.rejected += 1
        if len(self.rejections) < MAX_LISTED_REJECTIONS:
            self.rejections.append(reason)

    @property
    def messages_per_second(self) -> float:
        handled = self.consumed or self.published
        return handled / self.seconds if self.seconds > 0 else 0.0
