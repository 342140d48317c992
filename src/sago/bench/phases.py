"""The measured phases. Each loads its input, notes the memory high-water mark, then times
only its own work; `run_phase` is what a child process (or `--in-process`) calls."""

from __future__ import annotations

import resource
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from sago import bootstrap
from sago.bench.model import DESCRIPTIONS, STREAMED, PhaseResult, PhaseSpec
from sago.config import Settings
from sago.domain.batch import Batch
from sago.domain.message import Message, Rejection
from sago.extractors.base import ExtractionResult, Extractor
from sago.pipeline.ingest import Record
from sago.queue.base import MessageQueue
from sago.sources.csv import CsvSource

MIB = 1024.0  # ru_maxrss is in KiB on Linux


class NoopExtractor(Extractor):
    """Finds nothing, instantly: the pipeline's cost with extraction taken out."""

    name = "none"

    def extract(self, batch: Batch) -> ExtractionResult:
        return ExtractionResult()


@dataclass
class Clock:
    """Wall and CPU time of the timed part, and the memory high-water mark before it."""

    baseline_rss_mib: float = 0.0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    extra: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def timing(self) -> Iterator[None]:
        self.baseline_rss_mib = peak_rss_mib()
        cpu, wall = _cpu(), time.perf_counter()
        try:
            yield
        finally:
            self.seconds = time.perf_counter() - wall
            self.cpu_seconds = _cpu() - cpu


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / MIB


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def stream_input(spec: PhaseSpec, settings: Settings) -> Iterator[Record]:
    source = CsvSource(spec.csv, spec.company_id, max_chars=settings.max_message_chars)
    return islice(source.read(), spec.limit)


def read_input(spec: PhaseSpec, settings: Settings) -> list[Record]:
    return list(stream_input(spec, settings))


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
        "read": _read,
        "kafka-raw": _kafka_raw,
    }
    clock = Clock()
    outcome = bodies.get(spec.name, _pipeline)(spec, settings, clock)
    return PhaseResult(
        name=spec.name,
        description=DESCRIPTIONS[spec.name],
        messages=outcome.messages,
        seconds=clock.seconds,
        cpu_seconds=clock.cpu_seconds,
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


def _read(spec: PhaseSpec, settings: Settings, clock: Clock) -> Outcome:
    with clock.timing():
        records = read_input(spec, settings)
    rejected = sum(1 for r in records if isinstance(r, Rejection))
    return Outcome(messages=len(records), counts={"rejected": rejected})


def _extractor(spec: PhaseSpec, settings: Settings) -> Extractor:
    if spec.name in {"embedded", "kafka"}:
        return NoopExtractor()
    return bootstrap.build_extractor(settings)


def _pipeline(spec: PhaseSpec, settings: Settings, clock: Clock) -> Outcome:
    streamed = spec.name in STREAMED
    records = stream_input(spec, settings) if streamed else iter(read_input(spec, settings))
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    parts = bootstrap.Components(
        queue=bootstrap.build_queue(settings),
        rawstore=bootstrap.build_rawstore(settings),
        batcher=bootstrap.build_batcher(settings),
        eventstore=bootstrap.build_eventstore(settings),
        extractor=_extractor(spec, settings),
        composer=bootstrap.build_composer(settings),
        redactor=bootstrap.build_redactor(settings),
    )
    try:
        if settings.queue == "kafka":
            clock.extra["group_join"] = _join(parts.queue, settings)
        pipeline = bootstrap.build_pipeline(settings, parts)
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


def _join(queue: MessageQueue, settings: Settings, timeout: float = 60.0) -> float:
    """Join the Kafka group before the timer, as the raw baseline does.

    Only on the fresh, empty topics the bench creates: a record polled here would be lost.
    """
    from sago.queue.kafka import KafkaQueue

    assert isinstance(queue, KafkaQueue)
    wanted = settings.kafka_partitions * len(queue.topics)
    started = time.perf_counter()
    while len(queue.assignment()) < wanted:
        if queue.poll(1, 0.1):
            raise RuntimeError("the bench topics were not empty: a record arrived before the timer")
        if time.perf_counter() - started > timeout:
            raise RuntimeError(f"no Kafka partition assignment within {timeout:.0f} s")
    return time.perf_counter() - started


def _kafka_raw(spec: PhaseSpec, settings: Settings, clock: Clock) -> Outcome:
    from sago.bench.kafka_raw import RawKafka

    # The same bytes KafkaQueue.publish sends: the message's JSON, keyed by company.
    items = [
        (spec.raw_topics[r.source.value], r.company_id.encode(), r.model_dump_json().encode())
        for r in read_input(spec, settings)
        if isinstance(r, Message)
    ]
    with RawKafka(
        settings.kafka_bootstrap,
        sorted(spec.raw_topics.values()),
        group=spec.raw_group,
        partitions=settings.kafka_partitions,
        session_timeout_ms=settings.kafka_session_timeout_ms,
    ) as raw:
        clock.extra["group_join"] = raw.join()
        with clock.timing():
            consumed = raw.roundtrip(items)
    return Outcome(messages=consumed, counts={"produced": len(items)})
