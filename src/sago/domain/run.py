"""What a pipeline run did: counts, LLM usage and time per stage."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from pydantic import BaseModel, Field

MAX_LISTED_REJECTIONS = 50


class Usage(BaseModel):
    """LLM traffic of one or more calls."""

    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_usd: float = 0.0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            requests=self.requests + other.requests,
            input_tokens=self.input_tokens + other.input_tokens,
            output_tokens=self.output_tokens + other.output_tokens,
            cost_usd=self.cost_usd + other.cost_usd,
        )

    def __sub__(self, other: Usage) -> Usage:
        """What was spent since `other`, an earlier reading of the same counter."""
        return Usage(
            requests=self.requests - other.requests,
            input_tokens=self.input_tokens - other.input_tokens,
            output_tokens=self.output_tokens - other.output_tokens,
            cost_usd=self.cost_usd - other.cost_usd,
        )


class RunSummary(BaseModel):
    """Counters of one `sago run` or one worker's lifetime; kept for the report and /metrics."""

    company_id: str
    started_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    inputs: list[str] = Field(default_factory=list)
    records_read: int = 0
    published: int = 0
    consumed: int = 0
    stored_new: int = 0
    already_stored: int = 0
    recovered: int = 0
    rejected: int = 0
    rejections: list[str] = Field(default_factory=list)
    # Records a source skipped on purpose, by reason ("no text": joins, empty file shares).
    skipped: dict[str, int] = Field(default_factory=dict)
    # Kept but worth a look: text cut at the size limit, mbox separators ≠ messages read.
    warned: int = 0
    warnings: list[str] = Field(default_factory=list)
    batches: int = 0
    batch_failures: int = 0
    batches_dead_lettered: int = 0
    events_extracted: int = 0
    events_dropped: int = 0
    # Why events were dropped (ungrounded, or quarantined as prompt injection), first ones.
    dropped: list[str] = Field(default_factory=list)
    # Metrics an LLM reported that no cited message states (removed, the event kept).
    metrics_dropped: int = 0
    events_inserted: int = 0
    events_merged: int = 0
    events_total: int = 0
    messages_total: int = 0
    backlog: int = 0
    # The newest message read (the investor update covers the month it falls in).
    last_message_at: datetime | None = None
    usage: Usage = Field(default_factory=Usage)
    stage_seconds: dict[str, float] = Field(default_factory=dict)
    seconds: float = 0.0

    def reject(self, reason: str) -> None:
        self.rejected += 1
        if len(self.rejections) < MAX_LISTED_REJECTIONS:
            self.rejections.append(reason)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def warn(self, reason: str) -> None:
        self.warned += 1
        if len(self.warnings) < MAX_LISTED_REJECTIONS:
            self.warnings.append(reason)

    def drop(self, reasons: Sequence[str]) -> None:
        """Count events an extractor dropped and keep the first reasons for the report."""
        self.events_dropped += len(reasons)
        room = MAX_LISTED_REJECTIONS - len(self.dropped)
        self.dropped.extend(reasons[: max(room, 0)])

    def drop_metrics(self, reasons: Sequence[str]) -> None:
        """Count metrics an extractor removed (no cited message states their number)."""
        self.metrics_dropped += len(reasons)

    def timed(self, stage: str, seconds: float) -> None:
        self.stage_seconds[stage] = self.stage_seconds.get(stage, 0.0) + seconds

    @property
    def messages_per_second(self) -> float:
        handled = self.consumed or self.published
        return handled / self.seconds if self.seconds > 0 else 0.0
