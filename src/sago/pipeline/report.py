"""The run's outputs: pipeline_results.md, events.json and investor_email.md."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from sago.domain.email import InvestorEmail
from sago.domain.event import SignificantEvent
from sago.domain.presentation import SECTION_TITLES, TYPE_ORDER, format_metric, metric_name
from sago.pipeline.summary import RunSummary


def write_atomic(path: Path, text: str) -> None:
    """Write via a temp file and rename, so a crash never leaves half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def events_json(events: Sequence[SignificantEvent]) -> str:
    return json.dumps([e.model_dump(mode="json") for e in events], indent=2, ensure_ascii=False)


def _md_escape(text: str) -> str:
    # Message-derived text must not turn into markup or links in a Markdown viewer.
    return "".join("\\" + ch if ch in "\\`*_[]<>|#" else ch for ch in text).replace("\n", " ")


def _listed(title: str, shown: Sequence[str], total: int) -> list[str]:
    """A section listing the first reasons of a kind, and how many more there were."""
    if not shown:
        return []
    lines = [f"### {title}", "", *(f"- {_md_escape(item)}" for item in shown)]
    if total > len(shown):
        lines.append(f"- … and {total - len(shown):,} more")
    return [*lines, ""]


def _skipped(summary: RunSummary) -> str:
    """`12 (no text 9, bot or system message 3)`, or `0`."""
    total = sum(summary.skipped.values())
    if not total:
        return "0"
    parts = ", ".join(f"{_md_escape(k)} {v:,}" for k, v in sorted(summary.skipped.items()))
    return f"{total:,} ({parts})"


def results_markdown(
    summary: RunSummary, events: Sequence[SignificantEvent], email: InvestorEmail | None
) -> str:
    lines = [
        f"# Sago pipeline results: {_md_escape(summary.company_id)}",
        "",
        "## Run summary",
        "",
        "| | |",
        "|---|---|",
        f"| inputs | {_md_escape(', '.join(summary.inputs)) or '-'} |",
        f"| records read | {summary.records_read:,} |",
        f"| rejected records | {summary.rejected:,} |",
        f"| skipped on purpose | {_skipped(summary)} |",
        f"| warnings (kept, worth a look) | {summary.warned:,} |",
        f"| messages stored (new / already stored) | {summary.stored_new:,} / "
        f"{summary.already_stored:,} |",
        f"| messages re-batched after a restart | {summary.recovered:,} |",
        f"| messages in the store | {summary.messages_total:,} |",
        f"| batches extracted (failures, dead-lettered) | {summary.batches:,} "
        f"({summary.batch_failures:,}, {summary.batches_dead_lettered:,}) |",
        f"| events extracted / dropped (ungrounded or quarantined) | "
        f"{summary.events_extracted:,} / {summary.events_dropped:,} |",
        f"| metrics dropped (no cited message states the number) | {summary.metrics_dropped:,} |",
        f"| events new / merged into known ones | {summary.events_inserted:,} / "
        f"{summary.events_merged:,} |",
        f"| events stored for the company | {summary.events_total:,} |",
        f"| LLM requests / input tokens / output tokens | {summary.usage.requests:,} / "
        f"{summary.usage.input_tokens:,} / {summary.usage.output_tokens:,} |",
        f"| estimated LLM cost | ${summary.usage.cost_usd:,.4f} |",
        f"| seconds / messages per second | {summary.seconds:,.2f} / "
        f"{summary.messages_per_second:,.0f} |",
        "",
    ]
    lines += _listed("Rejected records", summary.rejections, summary.rejected)
    lines += _listed("Warnings", summary.warnings, summary.warned)
    if summary.dropped:
        # Quarantined prompt injections and made-up events: what a reviewer should see.
        lines += ["### Dropped events", ""]
        lines += [f"- {_md_escape(reason)}" for reason in summary.dropped]
        if summary.events_dropped > len(summary.dropped):
            lines.append(f"- … and {summary.events_dropped - len(summary.dropped):,} more")
        lines.append("")
    lines += ["## Events", ""]
    for event_type in TYPE_ORDER:
        group = [e for e in events if e.event_type is event_type]
        if not group:
            continue
        lines += [f"### {SECTION_TITLES[event_type]} (`{event_type.value}`)", ""]
        for event in group:
            when = event.date.isoformat() if event.date else "undated"
            lines.append(f"- **{_md_escape(event.title)}** ({when}, {event.severity.value})")
            if event.metrics:
                figures = ", ".join(
                    f"{_md_escape(metric_name(m.name))} {_md_escape(format_metric(m))}"
                    for m in event.metrics
                )
                lines.append(f"  - metrics: {figures}")
            lines.append(
                f"  - sources: {', '.join(_md_escape(i) for i in event.source_message_ids)}"
            )
            for quote in event.evidence[:3]:
                lines.append(
                    f"  - evidence [{_md_escape(quote.message_id)}]: “{_md_escape(quote.quote)}”"
                )
        lines.append("")
    if not events:
        lines += ["No significant events were found.", ""]
    if email is not None:
        lines += [
            f"## Investor email ({_md_escape(email.period_label or 'all events')})",
            "",
            f"**Subject:** {_md_escape(email.subject)}",
            "",
            "```text",
            email.body.rstrip(),
            "```",
            "",
        ]
        lines += withheld_lines(email)
    return "\n".join(lines)


def withheld_lines(email: InvestorEmail) -> list[str]:
    """What redaction kept out of the email and why, for the founder to review."""
    if not email.withheld:
        return []
    lines = ["### Withheld from the investor email", ""]
    for note in email.withheld:
        lines.append(
            f"- {_md_escape(note.reason)}: “{_md_escape(note.text)}” ({_md_escape(note.where)})"
        )
    return [*lines, ""]


def write_outputs(
    out_dir: Path,
    summary: RunSummary,
    events: Sequence[SignificantEvent],
    email: InvestorEmail | None,
) -> list[Path]:
    """All three files, each written atomically."""
    results = out_dir / "pipeline_results.md"
    events_path = out_dir / "events.json"
    email_path = out_dir / "investor_email.md"
    write_atomic(results, results_markdown(summary, events, email))
    write_atomic(events_path, events_json(events) + "\n")
    written = [results, events_path]
    if email is not None:
        write_atomic(email_path, email.as_markdown())
        written.append(email_path)
    return written
