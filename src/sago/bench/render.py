"""The report as rich tables (the CLI prints them; `--json` prints the model instead)."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from sago.bench.model import STREAMED, BenchReport

STAGE_ORDER = ("ingest", "store", "batch", "extract", "upsert", "ack", "email")


def render(report: BenchReport) -> Group:
    return Group(_phases(report), _stages(report), _footer(report))


def _phases(report: BenchReport) -> Table:
    table = Table(
        title=f"sago bench: {report.rows:,} generated messages (seed {report.seed}), "
        f"batch size {report.batch_size}",
        caption=f"{report.machine}; Python {report.python}; "
        f"input generated in {report.generate_seconds:,.1f} s",
    )
    table.add_column("phase", no_wrap=True)
    for name in ("messages", "seconds", "msg/s", "CPU s", "RSS MiB", "calls/1k", "tokens/1k"):
        table.add_column(name, justify="right")
    for phase in report.phases:
        llm = phase.name not in {"read", "kafka-raw"}
        table.add_row(
            phase.name,
            f"{phase.messages:,}",
            f"{phase.seconds:,.2f}",
            f"{phase.messages_per_second:,.0f}",
            f"{phase.cpu_seconds:,.2f}",
            f"{phase.baseline_rss_mib:,.0f}→{phase.peak_rss_mib:,.0f}",
            f"{phase.llm_calls_per_1k:,.2f}" if llm else "-",
            f"{phase.tokens_per_1k:,.0f}" if llm else "-",
        )
    return table


def _stages(report: BenchReport) -> Table:
    """RunSummary.stage_seconds per pipeline phase; "other" is the untimed rest of the run."""
    phases = [p for p in report.phases if p.stage_seconds]
    table = Table(title="seconds per pipeline stage (RunSummary.stage_seconds)")
    table.add_column("stage")
    for phase in phases:
        table.add_column(phase.name, justify="right")
    stages = [s for s in STAGE_ORDER if any(s in p.stage_seconds for p in phases)]
    stages += sorted({s for p in phases for s in p.stage_seconds} - set(stages))
    for stage in stages:
        table.add_row(stage, *(f"{p.stage_seconds.get(stage, 0.0):,.2f}" for p in phases))
    table.add_row(
        "[dim]other[/]",
        *(f"[dim]{max(p.seconds - sum(p.stage_seconds.values()), 0.0):,.2f}[/]" for p in phases),
    )
    return table


def _footer(report: BenchReport) -> Text:
    lines: list[str] = []
    ratio = report.kafka_ratio
    if ratio is not None:
        lines.append(
            f"Kafka path ÷ raw confluent-kafka throughput: {ratio:.3f} "
            f"(Sago's path takes {1 / ratio:,.1f}× the raw produce+consume time)"
            if ratio > 0
            else "Kafka path ÷ raw confluent-kafka throughput: 0"
        )
    cpu_ratio = report.kafka_cpu_ratio
    if cpu_ratio is not None:
        lines.append(f"the same ratio on CPU seconds (steadier on a busy machine): {cpu_ratio:.3f}")
    streamed = [p for p in report.phases if p.name in STREAMED]
    if streamed:
        lines.append(
            f"peak RSS of a streamed run ({streamed[0].name}, as `sago run`): "
            f"{streamed[0].peak_rss_mib:,.0f} MiB"
        )
    lines.append(
        f"peak RSS of any phase: {report.peak_rss_mib:,.0f} MiB "
        "(RSS column: high-water mark before the timer → at the end)"
    )
    lines += [f"{p.name}: {p.description}" for p in report.phases]
    lines.append("calls/1k, tokens/1k: LLM requests and input+output tokens per 1,000 messages")
    lines += [f"note: {note}" for note in report.notes]
    return Text("\n".join(lines))
