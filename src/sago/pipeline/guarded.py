"""One guarded wrapper per port: every call rides out an outage and passes its crash points.

The wiring wraps each port once (`guard_ports`), so the pipeline calls ports plainly and
never says `guard(…)` or `crash(…)` itself (pydantic-ai's `WrapperModel` is the pattern).
Each wrapper is the port it wraps: it answers to the same ABC, forwards every call to the
adapter inside it through `Outages.guard` under the step name an outage line reports, and
dies at the call a `CrashPoint` names. Every port call is idempotent (see `outages.py`),
which is what makes retrying any of them safe.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar

from sago.batching.base import Batcher
from sago.domain.batch import Batch, DeadLetter
from sago.domain.email import InvestorEmail
from sago.domain.event import EventSeverity, EventStatus, EventType, SignificantEvent
from sago.domain.message import Message, MessageStatus, Rejection
from sago.domain.reports import SourceVersion
from sago.domain.run import RunSummary
from sago.emailstore.base import EmailStore
from sago.eventstore.base import EventStatistics, EventStore, UpsertResult
from sago.pipeline.crash_points import CrashPoint, When
from sago.pipeline.outages import Outages
from sago.pipeline.ports import Ports
from sago.queue.base import Delivery, MessageQueue
from sago.rawstore.base import RawStore
from sago.runlog.base import RunLog

T = TypeVar("T")


@dataclass
class PortGuard:
    """What every wrapper shares: the run's outage tracker and its crash point."""

    outages: Outages
    crash: CrashPoint
    port: str

    def __call__(self, step: str, action: Callable[[], T], call: str = "") -> T:
        self.reached(call, "before")
        result = self.outages.guard(step, action)
        self.reached(call, "after")
        return result

    def reached(self, call: str, when: When) -> None:
        if call:
            self.crash.reached(f"{self.port}.{call}", when)


class GuardedQueue(MessageQueue):
    def __init__(self, inner: MessageQueue, guard: PortGuard) -> None:
        self.inner, self.guard = inner, guard

    def publish(self, messages: Iterable[Message]) -> int:
        batch = list(messages)  # a retry must publish the same messages again
        return self.guard("publishing", lambda: self.inner.publish(batch), "publish")

    def flush(self, timeout: float = 30.0) -> None:
        self.guard("queue flush", lambda: self.inner.flush(timeout))

    def poll(self, max_messages: int, timeout: float) -> list[Delivery]:
        return self.guard("queue poll", lambda: self.inner.poll(max_messages, timeout))

    def commit(self, deliveries: Sequence[Delivery]) -> None:
        self.guard("offset commit", lambda: self.inner.commit(deliveries), "commit")

    def dead_letter(self, rejection: Rejection, payload: bytes = b"") -> None:
        self.guard("dead-lettering", lambda: self.inner.dead_letter(rejection, payload))

    def backlog(self) -> int:
        return self.guard("queue lag", self.inner.backlog)

    def close(self) -> None:
        self.inner.close()


class GuardedRawStore(RawStore):
    def __init__(self, inner: RawStore, guard: PortGuard) -> None:
        self.inner, self.guard = inner, guard

    def store(
        self, messages: Sequence[Message], bodies: Sequence[str] | None = None
    ) -> dict[str, MessageStatus]:
        return self.guard("raw store", lambda: self.inner.store(messages, bodies), "store")

    def versions(self, company_id: str, message_id: str) -> list[Message]:
        return self.guard("raw store read", lambda: self.inner.versions(company_id, message_id))

    def get(self, company_id: str, ids: Sequence[str]) -> list[Message]:
        return self.guard("raw store read", lambda: self.inner.get(company_id, ids))

    def messages(
        self, company_id: str, since: datetime | None = None, until: datetime | None = None
    ) -> Iterator[Message]:
        # Time order is the port's promise, so a stream started again after an outage
        # skips to past the last message it gave: none twice, none left out.
        last: tuple[datetime, str] | None = None
        starts = 0

        def start() -> Iterator[Message]:
            nonlocal last, starts
            starts += 1
            for message in self.inner.messages(company_id, since, until):
                key = (message.timestamp, message.id)
                if starts > 1 and last is not None and key <= last:
                    continue
                last = key
                yield message

        return self.guard.outages.stream("raw store read", start)

    def set_status(
        self,
        company_id: str,
        ids: Sequence[str],
        status: MessageStatus,
        versions: Mapping[str, int] | None = None,
    ) -> None:
        self.guard(
            "status update", lambda: self.inner.set_status(company_id, ids, status, versions)
        )

    def statuses(self, company_id: str, ids: Sequence[str]) -> dict[str, MessageStatus]:
        return self.guard("raw store read", lambda: self.inner.statuses(company_id, ids))

    def unfinished(self, company_id: str | None = None) -> Iterator[Message]:
        # No order is promised here, so after an outage the stream starts again and may
        # repeat messages: its one use, re-batching, ignores what the batcher holds.
        return self.guard.outages.stream("recovery", lambda: self.inner.unfinished(company_id))

    def count(self, company_id: str, status: MessageStatus | None = None) -> int:
        return self.guard("totals", lambda: self.inner.count(company_id, status))

    def add_dead_letter(self, dead: DeadLetter) -> None:
        self.guard("dead-lettering", lambda: self.inner.add_dead_letter(dead))

    def dead_letters(self, company_id: str) -> list[DeadLetter]:
        return self.guard("raw store read", lambda: self.inner.dead_letters(company_id))

    def flush(self) -> None:
        self.guard("raw store flush", self.inner.flush)

    def close(self) -> None:
        self.inner.close()


class GuardedBatcher(Batcher):
    def __init__(self, inner: Batcher, guard: PortGuard) -> None:
        # No super().__init__: the batcher inside validated its sizes; these mirror them.
        self.inner, self.guard = inner, guard
        self.durable = inner.durable
        self.threshold, self.max_wait, self.lease = inner.threshold, inner.max_wait, inner.lease

    def add(self, messages: Sequence[Message]) -> int:
        return self.guard("batching", lambda: self.inner.add(messages))

    def claim(self, *, final: bool = False) -> Batch | None:
        batch = self.guard("batch claim", lambda: self.inner.claim(final=final))
        if batch is not None:  # only a claim that took something is a point to die after
            self.guard.reached("claim", "after")
        return batch

    def ack(self, batch: Batch) -> None:
        self.guard("batch ack", lambda: self.inner.ack(batch), "ack")

    def release(self, batch: Batch, reason: str, retry_after: float = 0.0) -> int:
        return self.guard("batch release", lambda: self.inner.release(batch, reason, retry_after))

    def pending(self) -> int:
        return self.guard("batch count", self.inner.pending)

    def clear(self) -> None:
        self.guard("batcher flush", self.inner.clear)

    def close(self) -> None:
        self.inner.close()


class GuardedEventStore(EventStore):
    def __init__(self, inner: EventStore, guard: PortGuard) -> None:
        self.inner, self.guard = inner, guard

    def upsert(
        self, events: Sequence[SignificantEvent], *, sources: Sequence[SourceVersion] | None = None
    ) -> UpsertResult:
        return self.guard(
            "event upsert", lambda: self.inner.upsert(events, sources=sources), "upsert"
        )

    def get(self, event_id: str) -> SignificantEvent | None:
        return self.guard("event read", lambda: self.inner.get(event_id))

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
        return self.guard(
            "event read",
            lambda: self.inner.events(
                company_id,
                event_type=event_type,
                severity=severity,
                since=since,
                until=until,
                statuses=statuses,
            ),
        )

    def each_event(
        self, company_id: str, *, statuses: Collection[EventStatus] | None = None
    ) -> Iterator[SignificantEvent]:
        # The store's order is fixed, so a stream started again after an outage skips
        # the events it already gave: none twice, none left out.
        given = 0

        def start() -> Iterator[SignificantEvent]:
            nonlocal given
            for n, event in enumerate(self.inner.each_event(company_id, statuses=statuses)):
                if n >= given:
                    given += 1
                    yield event

        return self.guard.outages.stream("event read", start)

    def count(self, company_id: str) -> int:
        return self.guard("totals", lambda: self.inner.count(company_id))

    def statistics(self, company_id: str) -> EventStatistics:
        return self.guard("event read", lambda: self.inner.statistics(company_id))

    def companies(self) -> list[str]:
        return self.guard("event read", self.inner.companies)

    def flush(self) -> None:
        self.guard("event store flush", self.inner.flush)

    def close(self) -> None:
        self.inner.close()


class GuardedEmailStore(EmailStore):
    def __init__(self, inner: EmailStore, guard: PortGuard) -> None:
        self.inner, self.guard = inner, guard

    def save(self, email: InvestorEmail) -> None:
        self.guard("email", lambda: self.inner.save(email), "save")

    def latest(self, company_id: str, *, approved: bool | None = None) -> InvestorEmail | None:
        return self.guard("email", lambda: self.inner.latest(company_id, approved=approved))

    def companies(self) -> list[str]:
        return self.guard("email", self.inner.companies)

    def flush(self) -> None:
        self.guard("email store flush", self.inner.flush)

    def close(self) -> None:
        self.inner.close()


class GuardedRunLog(RunLog):
    def __init__(self, inner: RunLog, guard: PortGuard) -> None:
        self.inner, self.guard = inner, guard

    def save(self, summary: RunSummary) -> None:
        self.guard("run record", lambda: self.inner.save(summary))

    def recent(self, company_id: str | None = None, limit: int = 100) -> list[RunSummary]:
        return self.guard("run record", lambda: self.inner.recent(company_id, limit))

    def flush(self) -> None:
        self.guard("run log flush", self.inner.flush)

    def close(self) -> None:
        self.inner.close()


def guard_ports(ports: Ports, outages: Outages, crash: CrashPoint | None = None) -> Ports:
    """Every port wrapped once, sharing one outage tracker (one line per outage)."""
    crash = crash or CrashPoint()

    def guard(port: str) -> PortGuard:
        return PortGuard(outages, crash, port)

    return Ports(
        queue=GuardedQueue(ports.queue, guard("queue")),
        rawstore=GuardedRawStore(ports.rawstore, guard("rawstore")),
        batcher=GuardedBatcher(ports.batcher, guard("batcher")),
        eventstore=GuardedEventStore(ports.eventstore, guard("eventstore")),
        emailstore=GuardedEmailStore(ports.emailstore, guard("emailstore")),
        runlog=GuardedRunLog(ports.runlog, guard("runlog")),
    )
