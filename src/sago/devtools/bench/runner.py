"""Plans and runs the phases of `sago bench` on one generated dataset, in a scratch folder."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from sago.config import Settings
from sago.devtools.bench.model import BenchReport, PhaseName, PhaseResult, PhaseSpec
from sago.domain.message import Source

Overrides = dict[str, str | int | float | bool | None]


class BenchError(Exception):
    """A phase could not run; the message says which and why."""


@dataclass(frozen=True)
class BenchOptions:
    """What to measure. `llm_rows` None means every row for the stub, 1,000 for a live LLM."""

    rows: int = 20_000
    seed: int = 1
    batch_size: int | None = None
    kafka: bool = False
    llm_stub: bool = False
    llm_live: bool = False
    llm_rows: int | None = None
    isolate: bool = True


@dataclass(frozen=True)
class KafkaNames:
    """Fresh topics and groups for one run, so no earlier record or offset is in the way."""

    token: str

    def topic(self, source: Source, raw: bool = False) -> str:
        return f"sago-bench-{self.token}{'-raw' if raw else ''}-{source.value}"

    def group(self, raw: bool = False) -> str:
        return f"sago-bench-{self.token}{'-raw' if raw else ''}"

    def all_topics(self) -> list[str]:
        names = [self.topic(s, raw) for s in Source for raw in (False, True)]
        return names + [f"{self.topic(s)}.dlq" for s in Source]


LIVE_LLM_ROWS = 1_000


def plan(options: BenchOptions, settings: Settings, csv: Path, scratch: Path) -> list[PhaseSpec]:
    """The phases to run, in order, each with its own scratch folder."""
    common: Overrides = {"batch_size": options.batch_size or settings.batch_size}

    def spec(
        name: PhaseName,
        limit: int | None = None,
        overrides: Overrides | None = None,
        raw_topics: dict[str, str] | None = None,
        raw_group: str = "",
    ) -> PhaseSpec:
        return PhaseSpec(
            name=name,
            csv=csv,
            data_dir=scratch / name,
            limit=limit,
            overrides={**common, **(overrides or {})},
            raw_topics=raw_topics or {},
            raw_group=raw_group,
        )

    specs = [
        spec("reference"),
        spec("read"),
        spec("embedded"),
        spec("rules"),
        spec("extractor", overrides={"llm": "rules"}),
    ]
    if options.llm_stub:
        # The base URL is filled in once the stub listens (run_bench).
        overrides: Overrides = {"llm": "openai:bench-stub", "llm_max_retries": 0}
        specs.append(spec("llm-stub", options.llm_rows, overrides=overrides))
    if options.llm_live:
        if settings.llm == "rules":
            raise BenchError("--llm-live needs SAGO_LLM=gemini:<model> or openai:<model>")
        specs.append(spec("llm-live", options.llm_rows or LIVE_LLM_ROWS))
    if options.kafka:
        names = KafkaNames(uuid.uuid4().hex[:10])
        kafka: Overrides = {
            "kafka_bootstrap": settings.kafka_bootstrap,
            "kafka_partitions": settings.kafka_partitions,
            "kafka_session_timeout_ms": settings.kafka_session_timeout_ms,
        }
        raw_topics = {s.value: names.topic(s, raw=True) for s in Source}
        specs.append(spec("kafka-raw", None, kafka, raw_topics, names.group(raw=True)))
        topics = {f"kafka_topic_{s.value}": names.topic(s) for s in Source}
        specs.append(spec("kafka", overrides={**kafka, **topics, "kafka_group": names.group()}))
    return specs


def run_bench(
    options: BenchOptions,
    settings: Settings,
    on_phase: Callable[[str], None] = lambda _: None,
) -> BenchReport:
    """Generate the input, run every planned phase, clean up; the scratch folder is removed."""
    from sago.devtools.datagen import write_dataset

    with tempfile.TemporaryDirectory(prefix="sago-bench-") as tmp, ExitStack() as stack:
        scratch = Path(tmp)
        csv = scratch / "bench.csv"
        on_phase(f"generating {options.rows:,} messages")
        started = time.perf_counter()
        write_dataset(csv, rows=options.rows, seed=options.seed, traps=False)
        generated = time.perf_counter() - started
        specs = plan(options, settings, csv, scratch)
        if options.llm_stub:
            from sago.devtools.llm_stub import LLMStub, no_events_responder

            stub = stack.enter_context(LLMStub.running(no_events_responder, record=False))
            for spec in specs:
                if spec.name == "llm-stub":
                    spec.overrides["llm_base_url"] = stub.openai_url
        if options.kafka:
            _cleanup_kafka(stack, settings, specs)
        results: list[PhaseResult] = []
        for spec in specs:
            on_phase(f"{spec.name}: {spec.limit or options.rows:,} messages")
            results.append(run_child(spec) if options.isolate else _in_process(spec))
    return BenchReport(
        rows=options.rows,
        seed=options.seed,
        batch_size=int(specs[0].overrides["batch_size"] or settings.batch_size),
        machine=f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.platform(terse=True)}",
        python=platform.python_version(),
        generate_seconds=generated,
        phases=results,
        notes=_notes(options, results),
    )


def _cleanup_kafka(stack: ExitStack, settings: Settings, specs: list[PhaseSpec]) -> None:
    from sago.devtools.bench.kafka_raw import delete_topics

    topics: list[str] = []
    groups: list[str] = []
    for spec in specs:
        topics += spec.raw_topics.values()
        groups += [spec.raw_group] if spec.raw_group else []
        for key in ("kafka_topic_slack", "kafka_topic_gmail"):
            if key in spec.overrides:
                topics += [str(spec.overrides[key]), f"{spec.overrides[key]}.dlq"]
        if "kafka_group" in spec.overrides:
            groups.append(str(spec.overrides["kafka_group"]))
    stack.callback(delete_topics, settings, topics, groups)


def run_child(spec: PhaseSpec) -> PhaseResult:
    """The phase in a fresh interpreter (see child.py for why)."""
    done = subprocess.run(
        [sys.executable, "-m", "sago.devtools.bench.child"],
        input=spec.model_dump_json(),
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    if lines:
        payload = json.loads(lines[-1])
        if "error" in payload:
            raise BenchError(f"phase {spec.name}: {payload['error']}")
        if done.returncode == 0:
            return PhaseResult.model_validate(payload)
    tail = done.stderr.strip().splitlines()[-5:]
    raise BenchError(
        f"phase {spec.name} exited with {done.returncode}: " + (" | ".join(tail) or "no output")
    )


def _in_process(spec: PhaseSpec) -> PhaseResult:
    from sago.devtools.bench.phases import run_phase

    return run_phase(spec, isolated=False)


def _notes(options: BenchOptions, results: list[PhaseResult]) -> list[str]:
    notes = [
        "every phase streams its input; RSS is each phase's own high-water mark (a fresh "
        "process per phase, ru_maxrss)"
        if options.isolate
        else "peak RSS: one process for all phases, so each figure is the high-water mark so far",
        "reader: time inside the CSV reader (or, for kafka-raw, streaming the spooled "
        "records back), part of the phase's seconds; ratios marked 'reader excluded' leave "
        "it out of Sago's side only",
    ]
    if options.llm_stub:
        notes.append(
            "LLM stub: tokens are request/answer characters ÷ 4; the stub answers 'no events', "
            "so output tokens are a floor"
        )
    if any(r.name.startswith("kafka") for r in results):
        notes.append(
            "Kafka: group joins happen before the timer (extra_seconds.group_join); while the "
            "reader is excluded the client's own threads keep working"
        )
    return notes
