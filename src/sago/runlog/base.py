"""The run log port: each finished run's counters, for the dashboard and /metrics."""

from __future__ import annotations

from abc import ABC, abstractmethod

from sago.domain.run import RunSummary


class RunLog(ABC):
    """Appends one summary per finished run and reads the recent ones back."""

    @abstractmethod
    def save(self, summary: RunSummary) -> None:
        """Keep a finished run's counters."""

    @abstractmethod
    def recent(self, company_id: str | None = None, limit: int = 100) -> list[RunSummary]:
        """Recent runs, newest first (of one company, or all)."""

    @abstractmethod
    def flush(self) -> None:
        """Delete every run."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""
