"""The report as rich tables (the CLI prints them; `--json` prints the model instead)."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text

from sago.devtools.bench.model import BenchReport, Ratio

STAGE_ORDER = ("ingest", "store", "batch", "extract", "upsert", "ack", "email")


LLM_PHASES = {"llm-stub", "llm-live"}


def render(report: BenchReport) -> Group:
    return Group(_phases(report), _ratios(report), _stages(report), _footer(report))


def _phases(report: BenchReport) -> Table:
    table = Table(
        title=f"sago bench: {report.rows:,} generated messages (seed {report.seed}), "
        f"batch size {report.batch_size}",
        caption=f"{report.machine}; Python {report.python}; "
        f"input generated in {report.generate_seconds:,.1f} s",
    )
    table.add_column("phase", no_wrap=True)
    llm = any(p.name in LLM_PHASES for p in report.phases)
    columns = ["messages", "seconds", "reader s", "msg/s", "CPU s", "RSS MiB"]
    for name in columns + (["calls/1k", "tokens/1k"] if llm else []):
        table.add_column(name, justify="right")
    for phase in report.phases:
        cells = [
            f"{phase.messages:,}",
            f"{phase.seconds:,.2f}",
            f"{phase.reader_seconds:,.2f}" if phase.reader_seconds else "-",
            f"{phase.messages_per_second:,.0f}",
            f"{phase.cpu_seconds:,.2f}",
            f"{phase.baseline_rss_mib:,.0f}→{phase.peak_rss_mib:,.0f}",
        ]
        if llm:
            calls = phase.name not in {"reference", "read", "kafka-raw"}
            cells += [
                f"{phase.llm_calls_per_1k:,.2f}" if calls else "-",
                f"{phase.tokens_per_1k:,.0f}" if calls else "-",
            ]
        table.add_row(phase.name, *cells)
    return table


def _ratios(report: BenchReport) -> Table:
    """Each path ÷ its reference, measured in this run, next to the absolute figures."""
    table = Table(title="ratios: Sago ÷ reference on the same input, same run")
    for name, justify in (
        ("path", "left"),
        ("Sago msg/s", "right"),
        ("reference msg/s", "right"),
        ("ratio", "right"),
        ("CPU ratio", "right"),
        ("goal", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]  # fmt: skip
    for ratio in report.ratios:
        table.add_row(
            f"{ratio.label} [dim]({ratio.sago} ÷ {ratio.reference})[/]",
            f"{ratio.sago_per_second:,.0f}",
            f"{ratio.reference_per_second:,.0f}",
            f"{ratio.value:.3f}",
            f"{ratio.cpu_value:.3f}" if ratio.cpu_value is not None else "-",
            _goal(ratio),
        )
    return table


def _goal(ratio: Ratio) -> str:
    if ratio.goal is None:
        return "-"
    mark = "[green]met[/]" if ratio.value >= ratio.goal else "[yellow]not met[/]"
    return f"≥ {ratio.goal:g} {mark}"


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
    other, budget = report.non_extractor_us_per_message, report.extractor_budget_us_per_message
    if other is not None:
        lines.append(
            f"a message costs `sago run` {other:,.1f} µs besides extraction (embedded phase)"
        )
    if budget is not None:
        lines.append(
            f"for the whole run to reach its goal the extractor has {budget:,.1f} µs a message"
            if budget > 0
            else "the whole run misses its goal even with an instant extractor"
        )
    rules = report.phase("rules")
    if rules is not None:
        lines.append(f"peak RSS of `sago run` (rules phase): {rules.peak_rss_mib:,.0f} MiB")
    lines.append(
        f"peak RSS of any phase: {report.peak_rss_mib:,.0f} MiB "
        "(RSS column: high-water mark before the timer → at the end)"
    )
    lines += [f"{p.name}: {p.description}" for p in report.phases]
    if any(p.name in LLM_PHASES for p in report.phases):
        lines.append("calls/1k, tokens/1k: LLM requests and input+output tokens per 1,000 messages")
    lines += [f"note: {note}" for note in report.notes]
    return Text("\n".join(lines))
