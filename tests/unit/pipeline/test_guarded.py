"""The guarded ports: every call of every port rides out outages and passes its crash point."""

from __future__ import annotations

import inspect
from collections.abc import Collection, Iterator
from pathlib import Path

import pytest
from test_pipeline import corpus, make_pipeline

import sago.pipeline.crash_points as crash_points
from sago.batching.base import Batcher
from sago.domain.event import EventStatus, EventType, SignificantEvent
from sago.domain.message import Message
from sago.emailstore.base import EmailStore
from sago.errors import ServiceUnavailableError
from sago.eventstore.base import EventStore
from sago.eventstore.sqlite import SqliteEventStore
from sago.pipeline import guarded
from sago.pipeline.crash_points import CRASH_POINTS, CrashPoint
from sago.pipeline.outages import Outages
from sago.queue.base import MessageQueue
from sago.rawstore.base import RawStore
from sago.rawstore.sqlite import SqliteRawStore
from sago.runlog.base import RunLog
from support.extractors import KeywordExtractor
from support.factories import event, message

PAIRS = [
    (MessageQueue, guarded.GuardedQueue),
    (RawStore, guarded.GuardedRawStore),
    (Batcher, guarded.GuardedBatcher),
    (EventStore, guarded.GuardedEventStore),
    (EmailStore, guarded.GuardedEmailStore),
    (RunLog, guarded.GuardedRunLog),
]


@pytest.mark.parametrize(("port", "wrapper"), PAIRS, ids=lambda p: p.__name__)
def test_every_method_of_the_port_is_wrapped(port: type, wrapper: type) -> None:
    # A method the wrapper inherits would reach the port's default, unguarded and, for a
    # default built on other calls, answered by the wrapper's base class, not the adapter.
    public = {n for n, f in inspect.getmembers(port, inspect.isfunction) if not n.startswith("_")}
    assert public <= set(vars(wrapper)), public - set(vars(wrapper))


def test_every_crash_point_names_a_wrapped_call() -> None:
    wrapped = {
        f"{port}.{name}"
        for port, (_, wrapper) in zip(
            ("queue", "rawstore", "batcher", "eventstore", "emailstore", "runlog"),
            PAIRS,
            strict=True,
        )
        for name in vars(wrapper)
    }
    assert {call for call, _ in CRASH_POINTS.values()} <= wrapped


def test_an_unknown_crash_point_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"after_lunch.*after_store"):
        CrashPoint("after_lunch")


class DiedError(Exception):
    pass


@pytest.fixture
def dies(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """os._exit raises instead, so the test sees where the run would have died."""
    codes: list[int] = []

    def exit_(code: int) -> None:
        codes.append(code)
        raise DiedError(code)

    monkeypatch.setattr(crash_points.os, "_exit", exit_)
    return codes


@pytest.mark.parametrize("point", list(CRASH_POINTS))
def test_a_run_dies_once_at_each_crash_point(point: str, tmp_path: Path, dies: list[int]) -> None:
    pipeline = make_pipeline(tmp_path, KeywordExtractor(), crash=point)
    with pytest.raises(DiedError):
        pipeline.run([("in.csv", corpus())])
    assert dies == [crash_points.CRASH_EXIT_CODE]


def test_a_run_without_a_crash_point_never_dies(tmp_path: Path, dies: list[int]) -> None:
    make_pipeline(tmp_path, KeywordExtractor()).run([("in.csv", corpus())])
    assert dies == []


def test_after_store_dies_with_the_chunk_stored_and_nothing_extracted(
    tmp_path: Path, dies: list[int]
) -> None:
    pipeline = make_pipeline(tmp_path, KeywordExtractor(), crash="after_store")
    with pytest.raises(DiedError):
        pipeline.run([("in.csv", corpus())])
    assert pipeline.rawstore.count("acme") == 5
    assert pipeline.eventstore.count("acme") == 0
    assert pipeline.emailstore.latest("acme") is None


def test_during_email_dies_with_the_events_stored_and_no_email_saved(
    tmp_path: Path, dies: list[int]
) -> None:
    pipeline = make_pipeline(tmp_path, KeywordExtractor(), crash="during_email")
    with pytest.raises(DiedError):
        pipeline.run([("in.csv", corpus())])
    assert pipeline.eventstore.count("acme") == 2
    assert pipeline.emailstore.latest("acme") is None


class DropsMidStream(SqliteRawStore):
    """A connection that dies after two messages of a stream, the first `failures` times."""

    def __init__(self, path: Path, failures: int) -> None:
        super().__init__(path)
        self.failures = failures
        self.starts = 0

    def _dropping(self, stream: Iterator[Message]) -> Iterator[Message]:
        self.starts += 1
        for n, item in enumerate(stream):
            if n == 2 and self.failures > 0:
                self.failures -= 1
                raise ServiceUnavailableError("Cassandra", "SAGO_CASSANDRA_HOSTS", "reset")
            yield item

    def messages(self, *args: object, **kwargs: object) -> Iterator[Message]:
        return self._dropping(super().messages(*args, **kwargs))  # type: ignore[arg-type]

    def unfinished(self, company_id: str | None = None) -> Iterator[Message]:
        return self._dropping(super().unfinished(company_id))


def guarded_store(tmp_path: Path, failures: int) -> tuple[DropsMidStream, RawStore, Outages]:
    inner = DropsMidStream(tmp_path / "raw.sqlite3", failures)
    inner.store([message(n, text=f"m{n}") for n in range(1, 7)])
    outages = Outages(first_delay=0.0, max_delay=0.0)
    store = guarded.GuardedRawStore(inner, guarded.PortGuard(outages, CrashPoint(), "rawstore"))
    return inner, store, outages


def test_a_time_ordered_stream_resumes_after_an_outage_giving_each_message_once(
    tmp_path: Path,
) -> None:
    inner, store, outages = guarded_store(tmp_path, failures=2)
    ids = [m.id for m in store.messages("acme")]
    assert ids == ["1", "2", "3", "4", "5", "6"]
    assert (inner.starts, inner.failures, outages.count) == (3, 0, 1)


def test_the_unfinished_stream_starts_again_after_an_outage(tmp_path: Path) -> None:
    inner, store, _ = guarded_store(tmp_path, failures=1)
    ids = [m.id for m in store.unfinished("acme")]
    assert sorted(set(ids)) == ["1", "2", "3", "4", "5", "6"]
    assert inner.starts == 2


def test_a_stream_gives_up_when_asked_to_stop(tmp_path: Path) -> None:
    _, store, outages = guarded_store(tmp_path, failures=5)
    outages.should_stop = lambda: True
    with pytest.raises(ServiceUnavailableError):
        list(store.messages("acme"))


class EventsDropMidStream(SqliteEventStore):
    """An event store whose connection dies after two events of a stream, once."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.failures = 1
        self.starts = 0

    def each_event(
        self, company_id: str, *, statuses: Collection[EventStatus] | None = None
    ) -> Iterator[SignificantEvent]:
        self.starts += 1
        for n, item in enumerate(super().each_event(company_id, statuses=statuses)):
            if n == 2 and self.failures > 0:
                self.failures -= 1
                raise ServiceUnavailableError("PostgreSQL", "SAGO_POSTGRES_DSN", "reset")
            yield item


def test_the_event_stream_resumes_after_an_outage_giving_each_event_once(
    tmp_path: Path,
) -> None:
    inner = EventsDropMidStream(tmp_path / "events.sqlite3")
    inner.upsert([event(f"deal {n}", event_type=EventType.ENTERPRISE_DEAL) for n in range(5)])
    outages = Outages(first_delay=0.0, max_delay=0.0)
    store = guarded.GuardedEventStore(inner, guarded.PortGuard(outages, CrashPoint(), "events"))
    ids = [e.id for e in store.each_event("acme")]
    assert ids == [e.id for e in inner.events("acme")]
    assert len(ids) == 5
    assert (inner.starts, inner.failures, outages.count) == (2, 0, 1)
