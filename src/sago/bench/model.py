"""What a benchmark run reports: one `PhaseResult` per phase and the figures derived from them."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, computed_field

PhaseName = Literal["read", "embedded", "rules", "llm-stub", "llm-live", "kafka-raw", "kafka"]

DESCRIPTIONS: dict[PhaseName, str] = {
    "read": "parse the generated CSV into messages (the source alone)",
    "embedded": "input in memory → queue → raw store → batch; embedded backends, no-op extractor",
    "rules": "as `sago run`: CSV streamed through the whole pipeline, rules extractor",
    "llm-stub": "as rules, with the LLM extractor against a local stub server",
    "llm-live": "as rules, with the configured SAGO_LLM (spends real tokens)",
    "kafka-raw": "input in memory, serialized as Sago does → confluent-kafka produce + consume",
    "kafka": "input in memory → KafkaQueue publish + consume → raw store → batch, no-op extractor",
}
# Phases that read the CSV lazily, as `sago run` does: their RSS is what a run needs, and
# their time includes parsing. The others hold the parsed input before the timer, so their
# msg/s is the pipeline's alone (and the Kafka pair compares the same bytes) while their
# RSS includes that input.
STREAMED: frozenset[PhaseName] = frozenset({"rules", "llm-stub", "llm-live"})


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
    def kafka_ratio(self) -> float | None:
        """Sago's Kafka path throughput ÷ raw confluent-kafka throughput (1.0 = no overhead)."""
        sago, raw = self.phase("kafka"), self.phase("kafka-raw")
        if sago is None or raw is None or raw.messages_per_second == 0:
            return None
        return sago.messages_per_second / raw.messages_per_second

    @computed_field  # type: ignore[prop-decorator]
    @property
    def kafka_cpu_ratio(self) -> float | None:
        """The same ratio on CPU seconds (raw ÷ sago): steadier than wall time on a busy host."""
        sago, raw = self.phase("kafka"), self.phase("kafka-raw")
        if sago is None or raw is None or sago.cpu_seconds == 0:
            return None
        return raw.cpu_seconds / sago.cpu_seconds

    @computed_field  # type: ignore[prop-decorator]
    @property
    def peak_rss_mib(self) -> float:
        return max((p.peak_rss_mib for p in self.phases), default=0.0)
