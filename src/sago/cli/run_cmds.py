"""The embedded-default commands: generate, run, demo, events, email, flush, eval."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from sago import bootstrap
from sago.cli.common import (
    EXIT_OK,
    EXIT_REJECTED,
    CompanyOpt,
    OutOpt,
    app,
    components,
    console,
    err,
    fail,
    load_settings,
)
from sago.cli.progress import plan_for, run_progress
from sago.config import Settings
from sago.domain.event import EventStatus, EventType, SignificantEvent
from sago.errors import RunStoppedError
from sago.pipeline.report import events_json_pieces, write_outputs
from sago.pipeline.summary import RunSummary
from sago.sources.base import SourceError
from sago.sources.detect import open_source


@app.command()
def generate(
    rows: Annotated[int, typer.Option(min=1, help="How many messages.")] = 1000,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same file.")] = 42,
    out: Annotated[Path, typer.Option("--out", "-o", help="CSV to write.")] = Path(
        "data/full_data.csv"
    ),
) -> None:
    """Write a synthetic company's messages (the seed's CSV) and the events planted in them."""
    from sago.devtools.datagen import write_dataset

    expected = write_dataset(out, rows=rows, seed=seed)
    console.print(f"wrote {rows:,} messages to {out} and their planted events to {expected}")


def run_paths(settings: Settings, paths: list[Path], out: Path) -> RunSummary:
    try:
        sources = [open_source(p, settings.company_id, settings.max_message_chars) for p in paths]
    except SourceError as exc:
        fail(str(exc))
    with components(settings) as parts:
        plan = plan_for(sources, settings.batch_size, llm=settings.llm != "rules")
        with run_progress(err, plan, settings.progress_interval) as progress:
            pipeline = bootstrap.build_pipeline(settings, parts, progress)
            try:
                summary = pipeline.run((str(s.path), s.read()) for s in sources)
            except (SourceError, RunStoppedError) as exc:
                fail(str(exc))

        # Every status, streamed: each output file reads the store afresh, so a big
        # store's events are never all held as models at once.
        def events() -> Iterator[SignificantEvent]:
            return parts.eventstore.each_event(settings.company_id, statuses=list(EventStatus))

        email = parts.emailstore.latest(settings.company_id)
        written = write_outputs(out, summary, events, email)
    print_summary(summary)
    review, report = written.review, written.paths[0]
    if review:
        # Reports that could not be settled by time: a person should look.
        noun = "event has" if review == 1 else "events have"
        err.print(f"[yellow]review[/] {review:,} {noun} conflicting reports; see {report}")
    for path in written.paths:
        console.print(f"wrote {path}")
    return summary


def print_summary(summary: RunSummary) -> None:
    table = Table(title=f"sago run: {summary.company_id}", show_header=False)
    table.add_row("messages read / rejected", f"{summary.records_read:,} / {summary.rejected:,}")
    if summary.skipped:
        table.add_row(
            "skipped",
            ", ".join(f"{reason}: {count:,}" for reason, count in sorted(summary.skipped.items())),
        )
    if summary.warned:
        table.add_row("warnings (kept)", f"{summary.warned:,}")
    table.add_row(
        "stored new / already stored", f"{summary.stored_new:,} / {summary.already_stored:,}"
    )
    table.add_row(
        "batches (failed, dead-lettered)",
        f"{summary.batches:,} ({summary.batch_failures:,}, {summary.batches_dead_lettered:,})",
    )
    table.add_row(
        "events new / merged / stored",
        f"{summary.events_inserted:,} / {summary.events_merged:,} / {summary.events_total:,}",
    )
    table.add_row(
        "LLM requests / tokens",
        f"{summary.usage.requests:,} / "
        f"{summary.usage.input_tokens + summary.usage.output_tokens:,}",
    )
    table.add_row("time", f"{summary.seconds:,.2f} s ({summary.messages_per_second:,.0f} msg/s)")
    if summary.backlog:
        table.add_row("queue backlog (not consumed)", f"{summary.backlog:,}")
    console.print(table)
    for reason in summary.rejections[:10]:
        err.print(f"[yellow]rejected[/] {escape(reason)}", highlight=False)
    if summary.rejected > 10:
        err.print(f"[yellow]… {summary.rejected - 10:,} more rejections in the report[/]")
    for reason in summary.warnings[:10]:
        err.print(f"[yellow]warning[/] {escape(reason)}", highlight=False)
    if summary.warned > 10:
        err.print(f"[yellow]… {summary.warned - 10:,} more warnings in the report[/]")


NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help="Ask the model again instead of the replay cache.")
]


@app.command()
def run(
    paths: Annotated[list[Path], typer.Argument(help="CSV, Slack export, mbox or Gmail JSON.")],
    company: CompanyOpt = None,
    batch_size: Annotated[int | None, typer.Option(min=1, help="Messages per batch.")] = None,
    out: OutOpt = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Ingest the inputs and run the whole pipeline; exit 1 if any record was rejected."""
    settings = load_settings(
        company_id=company,
        batch_size=batch_size,
        out_dir=out,
        llm_cache=False if no_cache else None,
    )
    summary = run_paths(settings, paths, settings.out_dir)
    raise typer.Exit(EXIT_REJECTED if summary.rejected else EXIT_OK)


@app.command()
def demo(out: OutOpt = None) -> None:
    """Generate sample data if missing, run the pipeline on it, write the three outputs."""
    settings = load_settings(out_dir=out)
    data = settings.data_file_path
    if not data.exists():
        from sago.devtools.datagen import write_dataset

        write_dataset(data, rows=1000, seed=42)
        console.print(f"generated sample data: {data}")
    run_paths(settings, [data], settings.out_dir)


@app.command()
def events(
    company: CompanyOpt = None,
    event_type: Annotated[
        EventType | None, typer.Option("--type", "-t", help="Only this type.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    everything: Annotated[
        bool, typer.Option("--all", help="Superseded and retracted events too.")
    ] = False,
) -> None:
    """List the stored events of a company: each occurrence at its latest stage."""
    settings = load_settings(company_id=company)
    statuses = list(EventStatus) if everything else None
    with components(settings, consume=False) as parts:
        found = parts.eventstore.events(
            settings.company_id, event_type=event_type, statuses=statuses
        )
    if as_json:
        sys.stdout.writelines(events_json_pieces(found))
        sys.stdout.write("\n")
        return
    table = Table(title=f"{len(found)} events of {settings.company_id}")
    for column in ("date", "type", "severity", "status", "title", "sources"):
        table.add_column(column)
    for event in found:
        status = event.status.value + (" ▼" if event.polarity.value == "negative" else "")
        table.add_row(
            event.date.isoformat() if event.date else "-",
            event.event_type.value,
            event.severity.value,
            status + (" review" if event.review else ""),
            event.title,
            ", ".join(event.source_message_ids[:6])
            + ("…" if len(event.source_message_ids) > 6 else ""),
        )
    console.print(table)


SinceOpt = Annotated[
    datetime | None, typer.Option(formats=["%Y-%m-%d"], help="First day (YYYY-MM-DD).")
]
UntilOpt = Annotated[
    datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Last day (YYYY-MM-DD).")
]


@app.command()
def email(
    company: CompanyOpt = None,
    period: Annotated[
        str | None, typer.Option("--period", "-p", help="A month (2025-03) or quarter (2025-Q1).")
    ] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write it here: .md (Markdown), .html or .eml."),
    ] = None,
) -> None:
    """Draft the investor update of a period from the stored events.

    Without a period: everything since the last approved update, else the last full month.
    """
    from sago.domain.period import chosen_period, default_period

    settings = load_settings(company_id=company)
    today = datetime.now(UTC).date()
    try:
        asked = chosen_period(
            period, since.date() if since else None, until.date() if until else None, today=today
        )
    except ValueError as exc:
        fail(str(exc))
    with components(settings, consume=False) as parts:
        if asked is None:
            approved = parts.emailstore.latest(settings.company_id, approved=True)
            asked = default_period(today, approved.period_end if approved else None)
        drafted = bootstrap.update_writer(settings, parts).draft(settings.company_id, asked)
        parts.emailstore.save(drafted)
        stats = parts.eventstore.statistics(settings.company_id)
    if not drafted.event_ids and stats.first_date and stats.last_date:
        err.print(
            f"[yellow]no events in {asked.label}[/]: the stored events run from "
            f"{stats.first_date} to {stats.last_date} (try --period {stats.last_date:%Y-%m})",
            highlight=False,
        )
    for note in drafted.withheld:
        err.print(
            f"[yellow]withheld[/] {note.reason}: {note.text!r} ({note.where})", highlight=False
        )
    for remark in drafted.notes:
        err.print(f"[yellow]note[/] {remark}", highlight=False)
    if out is None:
        sys.stdout.write(drafted.as_markdown())
        return
    from sago.email.html import as_eml, as_html
    from sago.pipeline.report import write_atomic

    if out.suffix.lower() == ".eml":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(as_eml(drafted))
    elif out.suffix.lower() in {".html", ".htm"}:
        write_atomic(out, as_html(drafted))
    else:
        write_atomic(out, drafted.as_markdown())
    console.print(f"wrote {out}")


@app.command()
def flush(
    yes: Annotated[bool, typer.Option("--yes", help="Really delete everything.")] = False,
) -> None:
    """Delete all messages, batches and events in every configured backend."""
    if not yes:
        fail("flush deletes every stored message, batch and event; pass --yes to confirm")
    settings = load_settings()
    with components(settings, consume=False) as parts:
        parts.batcher.clear()
        parts.rawstore.flush()
        parts.eventstore.flush()
        parts.emailstore.flush()
        parts.runlog.flush()
        # A sync's saved place describes the flushed messages: the next sync starts over.
        state = bootstrap.build_syncstate(settings)
        try:
            state.clear()
        finally:
            state.close()
    console.print(
        f"flushed: raw store ({settings.rawstore}) with the sync places, batcher "
        f"({settings.batcher}), event store ({settings.eventstore})"
    )
