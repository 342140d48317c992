"""The run's outputs: pipeline_results.md, events.json and investor_email.md."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from sago.domain.email import InvestorEmail
from sago.domain.event import EventType, Polarity, SignificantEvent
from sago.domain.presentation import SECTION_TITLES, TYPE_ORDER, format_metric, metric_name
from sago.pipeline.summary import RunSummary


def write_atomic(path: Path, text: str | Iterable[str]) -> None:
    """Write via a temp file and rename, so a crash never leaves half a report. `text` may
    come in pieces, so a large file is never one string in memory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.writelines([text] if isinstance(text, str) else text)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def events_json_pieces(events: Iterable[SignificantEvent]) -> Iterator[str]:
    """`json.dumps(events, indent=2)` one event at a time: a big store's events as one list
    of dicts and one string held hundreds of MB at the end of a 1M-message run."""
    n = -1
    for n, event in enumerate(events):
        if n == 0:
            yield "["
        text = json.dumps(event.model_dump(mode="json"), indent=2, ensure_ascii=False)
        yield ("\n  " if n == 0 else ",\n  ") + text.replace("\n", "\n  ")
    yield "[]" if n < 0 else "\n]"


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
    summary: RunSummary, events: Iterable[SignificantEvent], email: InvestorEmail | None
) -> str:
    """The run's report. `events` (every status) is read once, an event at a time: only
    its lines are kept, never the events of a big store all at once."""
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
    lines += _event_sections(events)
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


def _event_sections(events: Iterable[SignificantEvent]) -> list[str]:
    """Needs review, the active events by type, then superseded and retracted ones."""
    review: list[str] = []
    news: dict[EventType, list[str]] = {}
    past: list[str] = []
    for event in events:
        if event.review:
            # Reports that time could not settle: kept, and shown to a person.
            review.append(
                f"- **{_md_escape(event.title)}** (`{event.id}`, {event.status.value}):"
                f" {_md_escape(event.review)}"
            )
        if event.is_active:
            news.setdefault(event.event_type, []).extend(_event_lines(event))
        else:
            past.append(_past_line(event))
    lines = ["### Needs review", "", *review, ""] if review else []
    lines += ["## Events", ""]
    for event_type in TYPE_ORDER:
        if event_type in news:
            title = f"### {SECTION_TITLES[event_type]} (`{event_type.value}`)"
            lines += [title, "", *news[event_type], ""]
    if not news:
        lines += ["No significant events were found.", ""]
    if past:
        lines += ["## Superseded and retracted", "", *past, ""]
    return lines


def _event_lines(event: SignificantEvent) -> list[str]:
    when = event.date.isoformat() if event.date else "undated"
    tags = [when, event.severity.value]
    if event.polarity is Polarity.NEGATIVE:
        tags.append("bad news")
    if event.stage:
        tags.append(f"stage {event.stage}")
    if event.series:
        tags.append(f"{event.series} {event.period or ''}".strip())
    lines = [f"- **{_md_escape(event.title)}** ({_md_escape(', '.join(tags))})"]
    if event.metrics:
        figures = ", ".join(
            f"{_md_escape(metric_name(m.name))} {_md_escape(format_metric(m))}"
            for m in event.metrics
        )
        lines.append(f"  - metrics: {figures}")
    lines.append(f"  - sources: {', '.join(_md_escape(i) for i in event.source_message_ids)}")
    for quote in event.evidence[:3]:
        lines.append(f"  - evidence [{_md_escape(quote.message_id)}]: “{_md_escape(quote.quote)}”")
    return lines + _history_lines(event)


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


def _history_lines(event: SignificantEvent, limit: int = 6) -> list[str]:
    # The first report is the event itself; the rest is what changed since.
    changes = [h for h in event.history if h.kind != "reported"]
    lines = [f"  - {h.at:%Y-%m-%d} {h.kind}: {_md_escape(h.change)}" for h in changes[-limit:]]
    if len(changes) > limit:
        lines.insert(0, f"  - … {len(changes) - limit} earlier changes")
    return lines


def _past_line(event: SignificantEvent) -> str:
    """A superseded stage or retracted event: no longer news, still on record."""
    why = next((h.change for h in reversed(event.history) if h.kind == event.status.value), "")
    return (
        f"- **{_md_escape(event.title)}** ({event.status.value}"
        + (f" by `{event.superseded_by}`" if event.superseded_by else "")
        + f"): {_md_escape(why)}"
    )


@dataclass(frozen=True)
class Written:
    """The files a run wrote, and how many of its events need a person's review."""

    paths: list[Path]
    review: int


def write_outputs(
    out_dir: Path,
    summary: RunSummary,
    events: Callable[[], Iterable[SignificantEvent]],
    email: InvestorEmail | None,
) -> Written:
    """All three files, each written atomically. `events()` reads the events afresh for
    each file, so a store may stream them; they may hold every status: the results list
    active ones as news and the rest on record; events.json holds them all."""
    results = out_dir / "pipeline_results.md"
    events_path = out_dir / "events.json"
    email_path = out_dir / "investor_email.md"
    write_atomic(results, results_markdown(summary, events(), email))
    review = 0

    def counted() -> Iterator[SignificantEvent]:
        # The review count rides on the events.json pass: no third read of the store.
        nonlocal review
        for event in events():
            review += bool(event.review)
            yield event

    write_atomic(events_path, chain(events_json_pieces(counted()), ["\n"]))
    written = [results, events_path]
    if email is not None:
        write_atomic(email_path, email.as_markdown())
        written.append(email_path)
    return Written(written, review)
