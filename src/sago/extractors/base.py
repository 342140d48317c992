"""The extractor port."""

from __future__ import annotations

from abc import ABC, abstractmethod

from pydantic import BaseModel, Field

from sago.domain.batch import Batch
from sago.domain.event import SignificantEvent
from sago.domain.run import Usage

__all__ = ["ExtractionError", "ExtractionResult", "Extractor", "Usage"]


class ExtractionResult(BaseModel):
    """Events found in a batch, and what was dropped for being ungrounded or invalid."""

    events: list[SignificantEvent] = Field(default_factory=list)
    dropped: list[str] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)


class ExtractionError(Exception):
    """Extraction of a batch failed (after the extractor's own retries)."""


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
