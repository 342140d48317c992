"""The pipeline over embedded adapters, with a scripted extractor."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from sago import bootstrap
from sago.batching.memory import MemoryBatcher
from sago.bootstrap import Components
from sago.config import Settings
from sago.domain.message import Message, MessageStatus, Rejection
from sago.email.template import TemplateComposer
from sago.emailstore.sqlite import SqliteEmailStore
from sago.eventstore.base import EventStore
from sago.eventstore.sqlite import SqliteEventStore
from sago.pipeline.outages import Outages
from sago.pipeline.runner import Pipeline
from sago.queue.embedded import EmbeddedQueue
from sago.rawstore.base import RawStore
from sago.rawstore.sqlite import SqliteRawStore
from sago.runlog.sqlite import SqliteRunLog
from support.extractors import KeywordExtractor
from support.factories import message, shared_redactor


def make_pipeline(
    data: Path,
    extractor: KeywordExtractor,
    *,
    threshold: int = 3,
    attempts: int = 3,
    rawstore: RawStore | None = None,
    eventstore: EventStore | None = None,
    outages: Outages | None = None,
    crash: str | None = None,
) -> Pipeline:
    """The pipeline as `sago run` assembles it (`bootstrap.build_pipeline`, every port
    guarded once), over embedded adapters and a scripted extractor."""
    settings = Settings(
        data_dir=data,
        company_id="acme",
        company_names=[],
        batch_max_attempts=attempts,
        batch_backoff_base=0.01,
        batch_backoff_cap=0.05,
        crash_at=crash,
    )
    components = Components(
        queue=EmbeddedQueue(),
        rawstore=rawstore or SqliteRawStore(data / "messages.sqlite3"),
        batcher=MemoryBatcher(threshold=threshold, max_wait=60),
        eventstore=eventstore or SqliteEventStore(data / "events.sqlite3"),
        emailstore=SqliteEmailStore(data / "events.sqlite3"),
        runlog=SqliteRunLog(data / "events.sqlite3"),
        extractor=extractor,
        composer=TemplateComposer(),
        redactor=shared_redactor(),
    )
    return bootstrap.build_pipeline(settings, components, outages=outages)


def corpus() -> list[Message | Rejection]:
    return [
        message(1, text="we closed the seed round!"),
        message(2, text="lunch?"),
        Rejection(file="in.csv", position="row 4", field="timestamp", reason="is empty"),
        message(3, text="Update: closed the seed round."),
        message(4, text="and closed Acme Corp."),
        message(5, text="nice"),
    ]


def test_run_extracts_merges_and_reports(tmp_path: Path) -> None:
    pipeline = make_pipeline(tmp_path, KeywordExtractor())
    summary = pipeline.run([("in.csv", corpus())])
    assert (summary.records_read, summary.rejected, summary.stored_new) == (6, 1, 5)
    assert summary.rejections == ["in.csv:row 4: field 'timestamp': is empty"]
    assert summary.batches == 2  # 3 by threshold, 2 at the final flush
    events = {e.title: e for e in pipeline.eventstore.events("acme")}
    assert sorted(events) == ["Closed Acme Corp", "Closed the seed round"]
    assert events["Closed the seed round"].source_message_ids == ["1", "3"]
    assert pipeline.rawstore.count("acme", MessageStatus.EXTRACTED) == 5
    email = pipeline.emailstore.latest("acme")
    assert email is not None
    assert "Closed the seed round" in email.body
    [dead] = pipeline.rawstore.dead_letters("acme")
    assert (dead.kind, dead.location) == ("record", "in.csv:row 4")


def test_running_twice_doubles_nothing(tmp_path: Path) -> None:
    first = make_pipeline(tmp_path, KeywordExtractor()).run([("in.csv", corpus())])
    extractor = KeywordExtractor()
    pipeline = make_pipeline(tmp_path, extractor)
    second = pipeline.run([("in.csv", corpus())])
    assert second.stored_new == 0
    assert second.already_stored == 5
    assert extractor.calls == 0  # every message was already extracted
    assert second.events_total == first.events_total == 2
    assert pipeline.rawstore.count("acme") == 5


def test_stored_but_unextracted_messages_are_finished_on_restart(tmp_path: Path) -> None:
    # A crash after the raw store but before extraction: the messages sit in "batched".
    crashed = make_pipeline(tmp_path, KeywordExtractor())
    crashed.rawstore.store([message(1, text="we closed the seed round")])
    crashed.rawstore.set_status("acme", ["1"], MessageStatus.BATCHED)
    pipeline = make_pipeline(tmp_path, KeywordExtractor())
    summary = pipeline.run([])
    assert summary.recovered == 1
    assert [e.title for e in pipeline.eventstore.events("acme")] == ["Closed the seed round"]
    assert pipeline.rawstore.statuses("acme", ["1"]) == {"1": MessageStatus.EXTRACTED}


def test_rereading_stored_input_still_finishes_extraction(tmp_path: Path) -> None:
    crashed = make_pipeline(tmp_path, KeywordExtractor())
    crashed.rawstore.store([message(1, text="we closed the seed round")])
    pipeline = make_pipeline(tmp_path, KeywordExtractor())
    pipeline.run([("in.csv", [message(1, text="we closed the seed round")])])
    assert len(pipeline.eventstore.events("acme")) == 1


def test_failed_extraction_is_retried(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    extractor = KeywordExtractor(fail_first=2)
    pipeline = make_pipeline(tmp_path, extractor, attempts=3)
    with caplog.at_level(logging.WARNING, logger="sago.pipeline.extract"):
        summary = pipeline.run([("in.csv", corpus())])
    # One visible line per retry, saying which batch, which attempt and what happens next.
    retries = [r.getMessage() for r in caplog.records if "retrying in" in r.getMessage()]
    assert len(retries) == 2
    assert all(line.startswith("batch bat_") for line in retries)
    assert all("failed (attempt 1 of 3): scripted failure" in line for line in retries)
    assert summary.batch_failures == 2
    assert summary.batches_dead_lettered == 0
    assert summary.events_total == 2
    assert pipeline.rawstore.count("acme", MessageStatus.EXTRACTED) == 5


def test_a_batch_failing_every_time_is_dead_lettered(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    pipeline = make_pipeline(tmp_path, KeywordExtractor(fail_first=10**6), threshold=10, attempts=3)
    with caplog.at_level(logging.WARNING, logger="sago.pipeline.extract"):
        summary = pipeline.run([("in.csv", corpus())])
    assert "dead-lettered after 3 failed attempts" in caplog.records[-1].getMessage()
    assert summary.batches_dead_lettered == 1
    assert summary.batch_failures == 3
    assert pipeline.rawstore.count("acme", MessageStatus.DEAD_LETTERED) == 5
    batch_letters = [d for d in pipeline.rawstore.dead_letters("acme") if d.kind == "batch"]
    assert len(batch_letters) == 1
    assert "failed 3 times" in batch_letters[0].reason
    assert sorted(batch_letters[0].message_ids) == ["1", "2", "3", "4", "5"]
    # A dead-lettered message is not re-batched by the next run.
    assert list(pipeline.rawstore.unfinished("acme")) == []


class RewordingExtractor(KeywordExtractor):
    """Reports the same event under a new id in every batch, as an LLM's wording varies."""

    def extract(self, batch):  # type: ignore[no-untyped-def]
        result = super().extract(batch)
        events = [e.model_copy(update={"id": f"{e.id}-{self.calls}"}) for e in result.events]
        return result.model_copy(update={"events": events})


def test_similar_reports_merge_into_the_stored_event(tmp_path: Path) -> None:
    from sago.domain.similarity import find_duplicate

    pipeline = make_pipeline(tmp_path, RewordingExtractor(), threshold=2)
    pipeline.extract.find_duplicate = find_duplicate
    pipeline.run(
        [
            (
                "in.csv",
                [
                    message(1, text="we closed the seed round"),
                    message(2, text="lunch?"),
                    message(3, text="reminder: we closed the seed round"),
                    message(4, text="ok"),
                ],
            )
        ]
    )
    [event] = pipeline.eventstore.events("acme")
    assert event.source_message_ids == ["1", "3"]


def test_every_stage_is_timed(tmp_path: Path) -> None:
    summary = make_pipeline(tmp_path, KeywordExtractor()).run([("in.csv", corpus())])
    stages = {"ingest", "consume", "store", "batch", "commit", "extract", "upsert", "ack", "email"}
    assert stages <= summary.stage_seconds.keys()
    assert all(seconds >= 0 for seconds in summary.stage_seconds.values())
