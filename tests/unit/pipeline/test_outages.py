"""A backend or the LLM provider going away mid-run: one log line, backoff, nothing lost."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest
from test_pipeline import corpus, make_pipeline

from sago.domain.batch import Batch
from sago.domain.event import SignificantEvent
from sago.domain.message import Message, MessageStatus
from sago.domain.reports import SourceVersion
from sago.errors import ServiceUnavailableError
from sago.eventstore.base import UpsertResult
from sago.eventstore.sqlite import SqliteEventStore
from sago.extractors.base import ExtractionResult, ProviderUnavailableError
from sago.pipeline.outages import Outages
from sago.rawstore.sqlite import SqliteRawStore
from support.extractors import KeywordExtractor
from support.factories import message


class Clock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def outages(clock: Clock) -> Outages:
    return Outages(first_delay=0.5, max_delay=2.0, sleep=clock.sleep, clock=clock)


def down(service: str = "Redis") -> ServiceUnavailableError:
    return ServiceUnavailableError(service, "SAGO_REDIS_URL", "connection refused\n  (hint)")


def test_guard_retries_with_capped_backoff_and_logs_the_outage_once(
    caplog: pytest.LogCaptureFixture,
) -> None:
    clock, failures = Clock(), iter([down(), down(), down(), down()])

    def flaky() -> str:
        error = next(failures, None)
        if error is not None:
            raise error
        return "done"

    caplog.set_level(logging.INFO, logger="sago.outage")
    assert outages(clock).guard("batch claim", flaky) == "done"
    assert sum(clock.slept) == pytest.approx(0.5 + 1.0 + 2.0 + 2.0)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "Redis unavailable during batch claim" in warnings[0]
    assert "SAGO_REDIS_URL" in warnings[0]
    assert "\n" not in warnings[0]
    assert any("Redis is back after" in r.getMessage() for r in caplog.records)


def fails_once() -> Callable[[], None]:
    failures = iter([down()])

    def action() -> None:
        error = next(failures, None)
        if error is not None:
            raise error

    return action


def test_a_second_outage_gets_its_own_line(caplog: pytest.LogCaptureFixture) -> None:
    tracker = outages(Clock())
    tracker.guard("ack", fails_once())
    tracker.guard("ack", lambda: None)
    tracker.guard("ack", fails_once())
    assert tracker.count == 2
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 2


def test_guard_gives_up_when_asked_to_stop() -> None:
    clock = Clock()
    tracker = outages(clock)
    tracker.should_stop = lambda: True

    def always() -> None:
        raise down()

    with pytest.raises(ServiceUnavailableError):
        tracker.guard("poll", always)


class FlakyRawStore(SqliteRawStore):
    """Refuses `store` and `set_status` a few times, as a server going away would."""

    def __init__(self, path: Path, failures: int) -> None:
        super().__init__(path)
        self.failures = failures

    def _maybe_fail(self) -> None:
        if self.failures > 0:
            self.failures -= 1
            raise ServiceUnavailableError("Cassandra", "SAGO_CASSANDRA_HOSTS", "reset by peer")

    def store(
        self, messages: Sequence[Message], bodies: Sequence[str] | None = None
    ) -> dict[str, MessageStatus]:
        self._maybe_fail()
        return super().store(messages, bodies)

    def set_status(
        self,
        company_id: str,
        ids: Sequence[str],
        status: MessageStatus,
        versions: Mapping[str, int] | None = None,
    ) -> None:
        self._maybe_fail()
        super().set_status(company_id, ids, status, versions)


class FlakyEventStore(SqliteEventStore):
    def __init__(self, path: Path, failures: int) -> None:
        super().__init__(path)
        self.failures = failures

    def upsert(
        self, events: Sequence[SignificantEvent], *, sources: Sequence[SourceVersion] | None = None
    ) -> UpsertResult:
        if self.failures > 0:
            self.failures -= 1
            raise ServiceUnavailableError("PostgreSQL", "SAGO_POSTGRES_DSN", "server closed")
        return super().upsert(events, sources=sources)


def fast(pipeline_outages: Outages) -> None:
    pipeline_outages.first_delay = pipeline_outages.max_delay = 0.0


def test_a_run_rides_out_store_outages_and_loses_nothing(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    clean = make_pipeline(tmp_path / "clean", KeywordExtractor())
    clean.run([("in.csv", corpus())])

    flaky_raw = FlakyRawStore(tmp_path / "flaky" / "raw.sqlite3", failures=3)
    flaky_events = FlakyEventStore(tmp_path / "flaky" / "ev.sqlite3", failures=2)
    pipeline = make_pipeline(
        tmp_path / "flaky", KeywordExtractor(), rawstore=flaky_raw, eventstore=flaky_events
    )
    fast(pipeline.outages)
    summary = pipeline.run([("in.csv", corpus())])

    assert (flaky_raw.failures, flaky_events.failures) == (0, 0)
    assert summary.stored_new == 5  # the chunk was stored once, though its store was retried
    assert flaky_raw.count("acme", MessageStatus.EXTRACTED) == 5
    assert [e.source_message_ids for e in flaky_events.events("acme")] == [
        e.source_message_ids for e in clean.eventstore.events("acme")
    ]
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert [line.split(" unavailable")[0] for line in lines] == ["Cassandra", "PostgreSQL"]


class ProviderDown(KeywordExtractor):
    """Answers 5xx (ProviderUnavailableError) while `down`, as an LLM provider outage."""

    def __init__(self) -> None:
        super().__init__()
        self.down = True

    def extract(self, batch: Batch) -> ExtractionResult:
        if self.down:
            self.calls += 1
            raise ProviderUnavailableError("LLM provider stub", "ModelServerError: 500")
        return super().extract(batch)


def test_provider_outage_longer_than_max_attempts_dead_letters_nothing(tmp_path: Path) -> None:
    extractor = ProviderDown()
    pipeline = make_pipeline(tmp_path, extractor, threshold=10, attempts=2)
    original = extractor.extract

    def recovering(batch: Batch) -> ExtractionResult:
        if extractor.calls >= 6:  # three times max_attempts, then the provider is back
            extractor.down = False
        return original(batch)

    extractor.extract = recovering  # type: ignore[method-assign]
    summary = pipeline.run([("in.csv", corpus())])
    assert summary.batch_failures == 6
    assert summary.batches_dead_lettered == 0
    assert pipeline.rawstore.count("acme", MessageStatus.EXTRACTED) == 5
    assert summary.events_total == 2


def test_a_batch_the_provider_fails_while_serving_others_is_dead_lettered(tmp_path: Path) -> None:
    class OneBadBatch(KeywordExtractor):
        def extract(self, batch: Batch) -> ExtractionResult:
            if "1" in batch.message_ids:
                self.calls += 1
                raise ProviderUnavailableError("LLM provider stub", "500 on this batch only")
            return super().extract(batch)

    extractor = OneBadBatch()
    pipeline = make_pipeline(tmp_path, extractor, threshold=1, attempts=2)
    summary = pipeline.run([("in.csv", [message(n, text=f"closed deal {n}") for n in range(1, 4)])])
    assert summary.batches_dead_lettered == 1
    assert pipeline.rawstore.statuses("acme", ["1"]) == {"1": MessageStatus.DEAD_LETTERED}
    assert pipeline.rawstore.count("acme", MessageStatus.EXTRACTED) == 2


def test_llm_errors_that_mean_the_provider_is_unavailable() -> None:
    from pydantic_ai.exceptions import ModelHTTPError, ModelServerError

    from sago.extractors.llm import provider_unavailable

    server = ModelHTTPError.for_category(ModelServerError, status_code=500, model_name="m")
    assert provider_unavailable(server)
    assert provider_unavailable(ModelHTTPError(503, "m"))
    assert provider_unavailable(ModelHTTPError(429, "m"))
    assert not provider_unavailable(ModelHTTPError(400, "m"))
    assert not provider_unavailable(ModelHTTPError(401, "m"))
