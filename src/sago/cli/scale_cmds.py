"""The scale-path commands: produce to Kafka, work in the consumer group."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from sago import bootstrap
from sago.cli.common import (
    EXIT_OK,
    EXIT_REJECTED,
    CompanyOpt,
    app,
    components,
    console,
    err,
    fail,
    load_settings,
)
from sago.cli.progress import plan_for, run_progress
from sago.config import Settings
from sago.pipeline.summary import RunSummary
from sago.sources.base import SourceError
from sago.sources.detect import open_source


def require_kafka(settings: Settings, command: str) -> None:
    if settings.queue != "kafka":
        fail(
            f"sago {command} works on the Kafka queue: set SAGO_QUEUE=kafka and "
            f"SAGO_KAFKA_BOOTSTRAP (now {settings.queue!r})"
        )


@app.command()
def produce(
    paths: Annotated[list[Path], typer.Argument(help="CSV, Slack export, mbox or Gmail JSON.")],
    company: CompanyOpt = None,
) -> None:
    """Publish the inputs to Kafka for `sago worker`s; exit 1 if any record was rejected."""
    settings = load_settings(company_id=company)
    require_kafka(settings, "produce")
    try:
        sources = [open_source(p, settings.company_id, settings.max_message_chars) for p in paths]
    except SourceError as exc:
        fail(str(exc))
    with components(settings, consume=False) as parts:
        plan = plan_for(sources, settings.batch_size, llm=False)
        with run_progress(err, plan, settings.progress_interval) as progress:
            pipeline = bootstrap.build_pipeline(settings, parts, progress)
            try:
                summary = pipeline.produce((str(s.path), s.read()) for s in sources)
            except SourceError as exc:
                fail(str(exc))
    console.print(
        f"published {summary.published:,} of {summary.records_read:,} records "
        f"({summary.rejected:,} rejected) to {settings.kafka_topic_slack} / "
        f"{settings.kafka_topic_gmail}; group {settings.kafka_group} lag {summary.backlog:,}",
        soft_wrap=True,
    )
    for reason in summary.rejections[:10]:
        err.print(f"[yellow]rejected[/] {reason}", highlight=False)
    raise typer.Exit(EXIT_REJECTED if summary.rejected else EXIT_OK)


@app.command()
def worker(
    max_idle: Annotated[
        float | None,
        typer.Option(min=0, help="Exit after this many idle seconds with no lag or batch left."),
    ] = None,
) -> None:
    """Consume from Kafka in the consumer group until SIGTERM/SIGINT (or --max-idle)."""
    from sago.worker import IdleExit, StopSignal, any_of

    settings = load_settings()
    require_kafka(settings, "worker")
    summary = RunSummary(company_id=settings.company_id)
    stop = StopSignal().install()
    try:
        with components(settings) as parts:
            pipeline = bootstrap.build_pipeline(settings, parts)
            flags: list[Callable[[], bool]] = [stop]
            if max_idle is not None:
                flags.append(IdleExit(parts.queue, parts.batcher, summary, max_idle))
            err.print(
                f"worker {os.getpid()} started: group {settings.kafka_group}, queue "
                f"{settings.kafka_bootstrap}, batcher {settings.batcher}, raw store "
                f"{settings.rawstore}, event store {settings.eventstore}",
                highlight=False,
                soft_wrap=True,
            )
            try:
                pipeline.work(any_of(*flags), summary)
            except ConnectionError as exc:
                fail(str(exc))
    finally:
        stop.uninstall()
    err.print(
        f"worker {os.getpid()} stopped ({stop.received or 'idle'}) after {summary.seconds:,.1f} s: "
        f"consumed {summary.consumed:,}, stored new {summary.stored_new:,}, "
        f"batches {summary.batches:,}, events new {summary.events_inserted:,}, "
        f"lag {summary.backlog:,}",
        highlight=False,
        soft_wrap=True,
    )
