"""The extractor port."""

from __future__ import annotations

from abc import ABC, abstractmethod

from pydantic import BaseModel, Field

from sago.domain.batch import Batch
from sago.domain.event import SignificantEvent
from sago.domain.run import Usage

__all__ = [
    "ExtractionError",
    "ExtractionResult",
    "Extractor",
    "ProviderUnavailableError",
    "Usage",
]


class ExtractionResult(BaseModel):
    """Events found in a batch, and what was dropped for being ungrounded or invalid."""

    events: list[SignificantEvent] = Field(default_factory=list)
    dropped: list[str] = Field(default_factory=list)
    # Metrics removed from kept events because no cited message states the number.
    metrics_dropped: list[str] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)


class ExtractionError(Exception):
    """Extraction of a batch failed (after the extractor's own retries)."""


class ProviderUnavailableError(ExtractionError):
    """The model provider is down or overloaded (5xx, 429, timeouts, refused connections)
    after the SDK's own retries. The batch itself is fine, so an outage must not use up its
    attempts: the pipeline waits and retries it (see `sago.pipeline.extract`)."""

    def __init__(self, service: str, detail: str) -> None:
        super().__init__(f"{service}: {detail}")
        self.service = service


class Extractor(ABC):
    """Reads a batch and reports the significant events its messages state as fact.

    Message text is data, never instructions. Every event cites the ids of messages in
    the batch and quotes them verbatim.
    """

    name: str = "extractor"

    @abstractmethod
    def extract(self, batch: Batch) -> ExtractionResult:
        """Events of the batch; raises ExtractionError when it cannot be done now."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release clients."""
