"""The measured phases. Each notes the memory high-water mark, then times only its own
work; `run_phase` is what a child process (or `--in-process`) calls.

Every phase streams its input, as `sago run` does: the RSS is what a run needs. The time
spent inside the reader is measured apart (`Clock.reading`), so the pipeline's own speed
can be compared with a reference that starts from the same bytes.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any, Protocol, runtime_checkable

from sago import bootstrap
from sago.bootstrap.harness import build_csv_source
from sago.config import Settings
from sago.devtools.bench.clock import Clock, peak_rss_mib, process_cpu
from sago.devtools.bench.model import DESCRIPTIONS, PhaseResult, PhaseSpec
from sago.domain.batch import Batch
from sago.domain.email import InvestorEmail
from sago.domain.message import Message, Rejection
from sago.extractors.base import ExtractionResult, Extractor
from sago.pipeline.ingest import Record
from sago.pipeline.runner import Pipeline
from sago.pipeline.summary import RunSummary
from sago.queue.base import MessageQueue

NO_EXTRACTOR: frozenset[str] = frozenset({"embedded", "kafka"})


class NoopExtractor(Extractor):
    """Finds nothing, instantly: the pipeline's cost with extraction taken out."""

    name = "none"

    def extract(self, batch: Batch) -> ExtractionResult:
        return ExtractionResult()


def stream_input(spec: PhaseSpec, settings: Settings) -> Iterator[Record]:
    # phase_settings gave the settings the spec's company id
    return islice(build_csv_source(settings, spec.csv).read(), spec.limit)


def phase_settings(spec: PhaseSpec) -> Settings:
    """The environment's settings with the phase's scratch folder and backends on top."""
    base: dict[str, Any] = {
        "company_id": spec.company_id,
        "data_dir": spec.data_dir,
        "rawstore": "sqlite",
        "batcher": "memory",
        "eventstore": "sqlite",
        "queue": "kafka" if spec.name == "kafka" else "embedded",
        # The email is one template render per run, not what is measured; an LLM email
        # would add one call per run to the LLM phases.
        "email_composer": "template",
    }
    return Settings(**{**base, **spec.overrides})


@dataclass
class Outcome:
    """What a phase's body hands back besides its timings."""

    messages: int
    counts: dict[str, int] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    llm_calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    events: int = 0


def run_phase(spec: PhaseSpec, *, isolated: bool) -> PhaseResult:
    settings = phase_settings(spec)
    bodies: dict[str, Callable[[PhaseSpec, Settings, Clock], Outcome]] = {
        "reference": _reference,
        "read": _read,
        "kafka-raw": _kafka_raw,
        "extractor": _extract_only,
    }
    clock = Clock()
    outcome = bodies.get(spec.name, _pipeline)(spec, settings, clock)
    return PhaseResult(
        name=spec.name,
        description=DESCRIPTIONS[spec.name],
        messages=outcome.messages,
        seconds=clock.seconds,
        cpu_seconds=clock.cpu_seconds,
        reader_seconds=clock.reader_seconds,
        reader_cpu_seconds=clock.reader_cpu_seconds,
        email_cpu_seconds=clock.email_cpu_seconds,
        baseline_rss_mib=clock.baseline_rss_mib,
        peak_rss_mib=peak_rss_mib(),
        isolated=isolated,
        stage_seconds=outcome.stage_seconds,
        llm_calls=outcome.llm_calls,
        input_tokens=outcome.input_tokens,
        output_tokens=outcome.output_tokens,
        events=outcome.events,
        counts=outcome.counts,
        extra_seconds=clock.extra,
    )


def _reference(spec: PhaseSpec, _settings: Settings, clock: Clock) -> Outcome:
    from sago.devtools.bench.reference import csv_to_sqlite

    spec.data_dir.mkdir(parents=True, exist_ok=True)
    with clock.timing():
        rows = csv_to_sqlite(spec.csv, spec.data_dir / "reference.sqlite3")
    return Outcome(messages=rows)


def _read(spec: PhaseSpec, settings: Settings, clock: Clock) -> Outcome:
    records = rejected = 0
    with clock.timing():
        for record in stream_input(spec, settings):
            records += 1
            rejected += isinstance(record, Rejection)
    return Outcome(messages=records, counts={"rejected": rejected})


def _extract_only(spec: PhaseSpec, settings: Settings, clock: Clock) -> Outcome:
    """The rules extractor on its own, as the pipeline feeds it (per company and source,
    `batch_size` messages at a time); parsing and batching happen before the timer."""
    messages = [r for r in stream_input(spec, settings) if isinstance(r, Message)]
    by_source: dict[tuple[str, str], list[Message]] = {}
    for message in messages:
        by_source.setdefault((message.company_id, message.source.value), []).append(message)
    size = settings.batch_size
    batches = [
        Batch.of(company, group[0].source, group[i : i + size])
        for (company, _), group in by_source.items()
        for i in range(0, len(group), size)
    ]
    extractor = bootstrap.build_extractor(settings)  # the plan sets llm="rules" for it
    events = 0
    with clock.timing():
        for batch in batches:
            events += len(extractor.extract(batch).events)
    return Outcome(messages=len(messages), counts={"batches": len(batches)}, events=events)


def _extractor(spec: PhaseSpec, settings: Settings) -> Extractor:
    if spec.name in NO_EXTRACTOR:
        return NoopExtractor()
    return bootstrap.build_extractor(settings)


def _pipeline(spec: PhaseSpec, settings: Settings, clock: Clock) -> Outcome:
    records = clock.reading(stream_input(spec, settings))
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    stores = bootstrap.build_stores(settings)
    parts = bootstrap.Components(
        queue=bootstrap.build_queue(settings),
        rawstore=bootstrap.build_rawstore(settings),
        batcher=bootstrap.build_batcher(settings),
        eventstore=stores.eventstore,
        emailstore=stores.emailstore,
        runlog=stores.runlog,
        extractor=_extractor(spec, settings),
        composer=bootstrap.build_composer(settings),
        redactor=bootstrap.build_redactor(settings),
    )
    try:
        if settings.queue == "kafka":
            clock.extra["group_join"] = _join(parts.queue, settings)
        pipeline = bootstrap.build_pipeline(settings, parts)
        _measure_email(pipeline, clock)
        with clock.timing():
            summary = pipeline.run([(str(spec.csv), records)])
    finally:
        parts.close()
    return Outcome(
        messages=summary.records_read,
        counts={
            "published": summary.published,
            "consumed": summary.consumed,
            "stored_new": summary.stored_new,
            "rejected": summary.rejected,
            "batches": summary.batches,
            "batch_failures": summary.batch_failures,
            "backlog": summary.backlog,
        },
        stage_seconds=dict(summary.stage_seconds),
        llm_calls=summary.usage.requests,
        input_tokens=summary.usage.input_tokens,
        output_tokens=summary.usage.output_tokens,
        events=summary.events_total,
    )


def _measure_email(pipeline: Pipeline, clock: Clock) -> None:
    """Note the email's CPU apart (the pipeline's stage timer measures wall time only)."""
    compose = pipeline.compose_email

    def measured(summary: RunSummary) -> InvestorEmail:
        cpu = process_cpu()
        try:
            return compose(summary)
        finally:
            clock.email_cpu_seconds += process_cpu() - cpu

    pipeline.compose_email = measured  # type: ignore[method-assign]


@runtime_checkable
class GroupMember(Protocol):
    """The part of the Kafka queue a group join needs (the port has no notion of a group)."""

    @property
    def topics(self) -> dict[Any, str]: ...

    def assignment(self) -> list[tuple[str, int]]: ...

    def poll(self, max_messages: int, timeout: float) -> list[Any]: ...


def _join(queue: MessageQueue, settings: Settings, timeout: float = 60.0) -> float:
    """Join the Kafka group before the timer, as the raw baseline does.

    Only on the fresh, empty topics the bench creates: a record polled here would be lost.
    """
    assert isinstance(queue, GroupMember), "the kafka phase runs on the Kafka queue"
    wanted = settings.kafka_partitions * len(queue.topics)
    started = time.perf_counter()
    while len(queue.assignment()) < wanted:
        if queue.poll(1, 0.1):
            raise RuntimeError("the bench topics were not empty: a record arrived before the timer")
        if time.perf_counter() - started > timeout:
            raise RuntimeError(f"no Kafka partition assignment within {timeout:.0f} s")
    return time.perf_counter() - started


def _kafka_raw(spec: PhaseSpec, settings: Settings, clock: Clock) -> Outcome:
    from sago.devtools.bench.kafka_raw import RawKafka, spool, unspool

    # The same bytes KafkaQueue.publish sends (the message's JSON, keyed by company),
    # spooled to a file before the timer and streamed back inside it.
    spec.data_dir.mkdir(parents=True, exist_ok=True)
    spooled = spec.data_dir / "records.bin"
    spool(
        (
            (spec.raw_topics[r.source.value], r.company_id.encode(), r.model_dump_json().encode())
            for r in stream_input(spec, settings)
            if isinstance(r, Message)
        ),
        spooled,
    )
    with RawKafka(settings, sorted(spec.raw_topics.values()), group=spec.raw_group) as raw:
        clock.extra["group_join"] = raw.join()
        with clock.timing():
            produced, consumed = raw.roundtrip(clock.reading(unspool(spooled)))
    return Outcome(messages=consumed, counts={"produced": produced})
