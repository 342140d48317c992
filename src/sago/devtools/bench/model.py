"""What a benchmark run reports: one `PhaseResult` per phase and the figures derived from them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, computed_field

PhaseName = Literal[
    "reference",
    "read",
    "embedded",
    "rules",
    "extractor",
    "llm-stub",
    "llm-live",
    "kafka-raw",
    "kafka",
]

DESCRIPTIONS: dict[PhaseName, str] = {
    "reference": "bare csv → json.dumps → SQLite executemany loop, one transaction per 500 rows",
    "read": "parse the generated CSV into messages (the source alone)",
    "embedded": "as `sago run` with a no-op extractor: CSV → queue → raw store → batch → ack",
    "rules": "as `sago run`: CSV streamed through the whole pipeline, rules extractor",
    "extractor": "the rules extractor alone: batches of parsed messages held in memory",
    "llm-stub": "as rules, with the LLM extractor against a local stub server",
    "llm-live": "as rules, with the configured SAGO_LLM (spends real tokens)",
    "kafka-raw": "the same bytes KafkaQueue sends → bare confluent-kafka produce + consume",
    "kafka": "CSV → KafkaQueue publish + consume → raw store → batch, no-op extractor",
}


class PhaseSpec(BaseModel):
    """Everything a phase needs, small enough to hand to a child process as JSON."""

    name: PhaseName
    csv: Path
    data_dir: Path
    company_id: str = "bench"
    limit: int | None = None  # read only the first N messages (the LLM phases)
    # Settings fields, on top of what the environment and config.yaml give.
    overrides: dict[str, str | int | float | bool | None] = Field(default_factory=dict)
    raw_topics: dict[str, str] = Field(default_factory=dict)  # source → topic (kafka-raw)
    raw_group: str = ""


class PhaseResult(BaseModel):
    """One phase's figures. `seconds` is the wall time of the timed part only."""

    name: PhaseName
    description: str
    messages: int
    seconds: float
    cpu_seconds: float
    # Spent inside the input reader (CSV parsing, or streaming spooled records back); part
    # of `seconds`. The reader's CPU is its thread's (background client threads run on).
    reader_seconds: float = 0.0
    reader_cpu_seconds: float = 0.0
    email_cpu_seconds: float = 0.0  # the email's CPU; its wall time is stage_seconds["email"]
    # High-water marks (ru_maxrss): after imports and loading the input, and at the end.
    baseline_rss_mib: float
    peak_rss_mib: float
    isolated: bool  # ran in its own process, so the peak is this phase's alone
    stage_seconds: dict[str, float] = Field(default_factory=dict)
    llm_calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    events: int = 0
    counts: dict[str, int] = Field(default_factory=dict)
    extra_seconds: dict[str, float] = Field(default_factory=dict)  # untimed set-up, e.g. joins

    @computed_field  # type: ignore[prop-decorator]
    @property
    def messages_per_second(self) -> float:
        return self.messages / self.seconds if self.seconds > 0 else 0.0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def pipeline_messages_per_second(self) -> float:
        """Throughput of the path from the input to the batch: the timed part without the
        reader's time and without the investor email drafted at the end (one per run,
        whatever the volume)."""
        seconds = self.seconds - self.reader_seconds - self.stage_seconds.get("email", 0.0)
        return self.messages / seconds if seconds > 0 else 0.0

    @property
    def pipeline_cpu_seconds(self) -> float:
        spent = self.reader_cpu_seconds + self.email_cpu_seconds
        return max(self.cpu_seconds - spent, 0.0)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def llm_calls_per_1k(self) -> float:
        return self._per_1k(self.llm_calls)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def tokens_per_1k(self) -> float:
        return self._per_1k(self.input_tokens + self.output_tokens)

    def _per_1k(self, value: int) -> float:
        return value * 1000 / self.messages if self.messages else 0.0


class BenchReport(BaseModel):
    """The whole run: its input, every phase, and the Kafka ratio when Kafka was measured."""

    rows: int
    seed: int
    batch_size: int
    machine: str
    python: str
    generate_seconds: float
    phases: list[PhaseResult]
    notes: list[str] = Field(default_factory=list)

    def phase(self, name: PhaseName) -> PhaseResult | None:
        return next((p for p in self.phases if p.name == name), None)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def ratios(self) -> list[Ratio]:
        """Each of Sago's paths ÷ its reference, from the phases this run measured."""
        found: list[Ratio] = []
        for spec in RATIOS:
            sago, reference = self.phase(spec.sago), self.phase(spec.reference)
            if sago is None or reference is None:
                continue
            found.append(spec.measure(sago, reference))
        return found

    def ratio(self, name: str) -> Ratio | None:
        return next((r for r in self.ratios if r.name == name), None)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def kafka_ratio(self) -> float | None:
        """Sago's Kafka path throughput ÷ raw confluent-kafka throughput (1.0 = no overhead)."""
        found = self.ratio("kafka")
        return found.value if found else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def kafka_cpu_ratio(self) -> float | None:
        """The same ratio on CPU seconds (raw ÷ sago): steadier than wall time on a busy host."""
        found = self.ratio("kafka")
        return found.cpu_value if found else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def non_extractor_us_per_message(self) -> float | None:
        """What a message costs `sago run` besides extraction (the no-op extractor run)."""
        embedded = self.phase("embedded")
        if embedded is None or embedded.messages == 0:
            return None
        return embedded.seconds / embedded.messages * 1e6

    @computed_field  # type: ignore[prop-decorator]
    @property
    def extractor_budget_us_per_message(self) -> float | None:
        """How long the extractor may take per message for the whole run to meet its goal."""
        reference, other = self.phase("reference"), self.non_extractor_us_per_message
        if reference is None or other is None or reference.messages_per_second == 0:
            return None
        return 1e6 / (WHOLE_RUN_GOAL * reference.messages_per_second) - other

    @computed_field  # type: ignore[prop-decorator]
    @property
    def peak_rss_mib(self) -> float:
        return max((p.peak_rss_mib for p in self.phases), default=0.0)


class Ratio(BaseModel):
    """Sago's throughput ÷ its reference's in the same run (1.0 = as fast as the reference)."""

    name: str
    label: str
    sago: PhaseName
    reference: PhaseName
    sago_per_second: float
    reference_per_second: float
    value: float
    # The same on CPU seconds (reference ÷ Sago): steadier than wall time on a busy host.
    cpu_value: float | None
    goal: float | None


@dataclass(frozen=True)
class RatioSpec:
    name: str
    label: str
    sago: PhaseName
    reference: PhaseName
    goal: float | None
    # Leave the reader's time out of Sago's side (the reference reads the same bytes).
    without_reader: bool = False

    def measure(self, sago: PhaseResult, reference: PhaseResult) -> Ratio:
        if self.without_reader:
            speed, cpu = sago.pipeline_messages_per_second, sago.pipeline_cpu_seconds
        else:
            speed, cpu = sago.messages_per_second, sago.cpu_seconds
        # A reference's reader is a spooled file (kafka-raw) or part of its loop (reference).
        own = reference.pipeline_messages_per_second
        cpu_value = None
        if cpu > 0 and sago.messages:
            # CPU per message, so phases of different sizes (an LLM limit) still compare.
            per_message = reference.pipeline_cpu_seconds / max(reference.messages, 1)
            cpu_value = per_message / (cpu / sago.messages)
        return Ratio(
            name=self.name,
            label=self.label,
            sago=self.sago,
            reference=self.reference,
            sago_per_second=speed,
            reference_per_second=own,
            value=speed / own if own > 0 else 0.0,
            cpu_value=cpu_value,
            goal=self.goal,
        )


WHOLE_RUN_GOAL = 0.25
RATIOS = (
    RatioSpec("whole", "whole `sago run`, rules ÷ csv→SQLite loop", "rules", "reference",
              WHOLE_RUN_GOAL),
    RatioSpec("ingest", "ingest → raw store → batch, no extractor (reader, email excluded) ÷ loop",
              "embedded", "reference", 0.5, without_reader=True),
    RatioSpec("run-no-extractor", "whole `sago run` with a no-op extractor ÷ loop",
              "embedded", "reference", None),
    RatioSpec("kafka", "Kafka publish+consume → raw store → batch (reader, email excluded) "
              "÷ bare confluent-kafka",
              "kafka", "kafka-raw", 0.5, without_reader=True),
)  # fmt: skip
