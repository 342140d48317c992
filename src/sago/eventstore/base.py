"""The event store port: upsert that merges, queries, statistics (emails and runs have
their own ports, `emailstore` and `runlog`)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Iterator, Sequence
from datetime import date

from pydantic import BaseModel, Field

from sago.domain.event import EventSeverity, EventStatus, EventType, SignificantEvent
from sago.domain.reports import SourceVersion


class UpsertResult(BaseModel):
    inserted: int = 0
    merged: int = 0


class EventStatistics(BaseModel):
    """The seed's get_event_statistics(): counts by type and severity."""

    total: int = 0
    active: int = 0
    by_type: dict[str, int] = Field(default_factory=dict)
    by_severity: dict[str, int] = Field(default_factory=dict)
    # Every stored event by status: superseded stages and retracted events included.
    by_status: dict[str, int] = Field(default_factory=dict)
    first_date: date | None = None
    last_date: date | None = None


class EventStore(ABC):
    """Stores what extractors report and the events it tells (`eventstore.writes`).

    Reports are kept per message; every upsert resolves the stories it touches again
    (`domain.resolution`): one event per occurrence and stage family, earlier stages
    superseded, figures corrected by message time, series points by period. So the same
    event reported by several batches, or by one batch delivered twice, is stored once,
    and the stored events do not depend on the order batches arrive in.
    """

    @abstractmethod
    def upsert(
        self, events: Sequence[SignificantEvent], *, sources: Sequence[SourceVersion] | None = None
    ) -> UpsertResult:
        """Store reports and resolve their stories, all or nothing.

        With `sources` (the messages of the batch the reports come from, each with its
        version), the reports are all those messages now say: what older versions said
        is dropped (an event left with no source is retracted), and reports of a version
        older than one already stored are ignored. Without, reports only add.
        """

    @abstractmethod
    def get(self, event_id: str) -> SignificantEvent | None:
        """One event by id."""

    @abstractmethod
    def events(
        self,
        company_id: str,
        *,
        event_type: EventType | None = None,
        severity: EventSeverity | None = None,
        since: date | None = None,
        until: date | None = None,
        statuses: Collection[EventStatus] | None = None,
    ) -> list[SignificantEvent]:
        """A company's events, newest date first, optionally filtered.

        By default the active ones: each occurrence once, at its latest stage, as the
        email and the dashboard show them. `statuses` picks others, e.g. active and
        superseded for scoring against labels that count every stage."""

    def each_event(
        self, company_id: str, *, statuses: Collection[EventStatus] | None = None
    ) -> Iterator[SignificantEvent]:
        """`events`, in the same order, as an iterator a store may parse one at a time:
        the end of a big run writes every event without holding them all as models
        (3,897 events of a 1M-message store are 26 MB of JSON and ~300 MB of models)."""
        return iter(self.events(company_id, statuses=statuses))

    def count(self, company_id: str) -> int:
        """How many active events a company has (a store may count without loading them)."""
        return len(self.events(company_id))

    @abstractmethod
    def statistics(self, company_id: str) -> EventStatistics:
        """Counts by type and severity."""

    @abstractmethod
    def companies(self) -> list[str]:
        """Every company with an event, sorted."""

    @abstractmethod
    def flush(self) -> None:
        """Delete every event and everything kept to resolve them."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release connections."""
