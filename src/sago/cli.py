"""The `sago` command line."""

from __future__ import annotations

import logging
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from sago import bootstrap
from sago.config import Settings
from sago.domain.event import EventType
from sago.pipeline import runner
from sago.pipeline.report import events_json, write_outputs
from sago.pipeline.summary import RunSummary
from sago.sources.base import SourceError
from sago.sources.detect import open_source

app = typer.Typer(
    name="sago",
    help="Turn Slack messages and emails into grounded business events and an investor update.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
err = Console(stderr=True)

EXIT_OK = 0
EXIT_REJECTED = 1
EXIT_ERROR = 2

DRIVER_LOGGERS = ("sago.queue.kafka.client", "cassandra", "psycopg.pool", "redis")

CompanyOpt = Annotated[str | None, typer.Option("--company", "-c", help="Company id.")]
OutOpt = Annotated[Path | None, typer.Option("--out", "-o", help="Output folder.")]


def fail(message: str) -> NoReturn:
    # soft_wrap: one line however narrow the terminal, so logs keep the error whole.
    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(EXIT_ERROR)


def load_settings(**overrides: Any) -> Settings:
    """Settings with CLI overrides; a bad value is a one-line error naming the setting."""
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e['loc']) or 'settings'}: {e['msg']}" for e in exc.errors()
        )
        fail(f"invalid configuration ({problems}); check the SAGO_* variables and config.yaml")


@contextmanager
def components(settings: Settings, *, consume: bool = True) -> Iterator[bootstrap.Components]:
    try:
        built = bootstrap.build(settings, consume=consume)
    except ImportError as exc:
        fail(str(exc))
    except ConnectionError as exc:  # ServiceUnavailableError names the service and the setting
        fail(str(exc))
    try:
        yield built
    finally:
        built.close()


class RichProgress(runner.Progress):
    """Shows messages read and batches extracted while a run goes."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._tasks: dict[str, TaskID] = {}

    def started(self, label: str, total: int | None = None) -> None:
        self._tasks[label] = self._progress.add_task(label, total=total)

    def advanced(self, label: str, amount: int = 1) -> None:
        if label not in self._tasks:
            self.started(label)
        self._progress.advance(self._tasks[label], amount)


@app.callback()
def main_options(
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log more.")] = False,
) -> None:
    handler: logging.Handler
    if err.is_terminal:
        handler = RichHandler(console=err, show_path=False)
        line = "%(message)s"
    else:  # a worker under a supervisor: plain lines, never wrapped, grep-able
        handler = logging.StreamHandler(sys.stderr)
        line = "%(asctime)s %(levelname)s %(message)s"
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format=line, handlers=[handler]
    )
    # Drivers log every failed reconnect while a server is down; the pipeline reports an
    # outage once (sago.outage), so their chatter is for --verbose only.
    for name in DRIVER_LOGGERS:
        logging.getLogger(name).setLevel(logging.INFO if verbose else logging.CRITICAL)


@app.command()
def generate(
    rows: Annotated[int, typer.Option(min=1, help="How many messages.")] = 1000,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same file.")] = 42,
    out: Annotated[Path, typer.Option("--out", "-o", help="CSV to write.")] = Path(
        "data/full_data.csv"
    ),
) -> None:
    """Write a synthetic company's messages (the seed's CSV) and the events planted in them."""
    from sago.datagen import write_dataset

    expected = write_dataset(out, rows=rows, seed=seed)
    console.print(f"wrote {rows:,} messages to {out} and their planted events to {expected}")


def run_paths(settings: Settings, paths: list[Path], out: Path) -> RunSummary:
    try:
        sources = [open_source(p, settings.company_id, settings.max_message_chars) for p in paths]
    except SourceError as exc:
        fail(str(exc))
    with components(settings) as parts:
        columns = (
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=err, transient=True) as bar:
            pipeline = bootstrap.build_pipeline(settings, parts, RichProgress(bar))
            try:
                summary = pipeline.run((str(s.path), s.read()) for s in sources)
            except SourceError as exc:
                fail(str(exc))
        events = parts.eventstore.events(settings.company_id)
        email = parts.eventstore.latest_email(settings.company_id)
        written = write_outputs(out, summary, events, email)
    print_summary(summary)
    for path in written:
        console.print(f"wrote {path}")
    return summary


def print_summary(summary: RunSummary) -> None:
    table = Table(title=f"sago run: {summary.company_id}", show_header=False)
    table.add_row("messages read / rejected", f"{summary.records_read:,} / {summary.rejected:,}")
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
        err.print(f"[yellow]rejected[/] {reason}", highlight=False)
    if summary.rejected > 10:
        err.print(f"[yellow]… {summary.rejected - 10:,} more rejections in the report[/]")


@app.command()
def run(
    paths: Annotated[list[Path], typer.Argument(help="CSV, Slack export, mbox or Gmail JSON.")],
    company: CompanyOpt = None,
    batch_size: Annotated[int | None, typer.Option(min=1, help="Messages per batch.")] = None,
    out: OutOpt = None,
) -> None:
    """Ingest the inputs and run the whole pipeline; exit 1 if any record was rejected."""
    settings = load_settings(company_id=company, batch_size=batch_size, out_dir=out)
    summary = run_paths(settings, paths, settings.out_dir)
    raise typer.Exit(EXIT_REJECTED if summary.rejected else EXIT_OK)


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
        columns = (SpinnerColumn(), TextColumn("{task.description}"), MofNCompleteColumn())
        with Progress(*columns, console=err, transient=True) as bar:
            pipeline = bootstrap.build_pipeline(settings, parts, RichProgress(bar))
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


@app.command()
def demo(out: OutOpt = None) -> None:
    """Generate sample data if missing, run the pipeline on it, write the three outputs."""
    settings = load_settings(out_dir=out)
    data = settings.data_file_path
    if not data.exists():
        from sago.datagen import write_dataset

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
) -> None:
    """List the stored events of a company."""
    settings = load_settings(company_id=company)
    with components(settings, consume=False) as parts:
        found = parts.eventstore.events(settings.company_id, event_type=event_type)
    if as_json:
        sys.stdout.write(events_json(found) + "\n")
        return
    table = Table(title=f"{len(found)} events of {settings.company_id}")
    for column in ("date", "type", "severity", "title", "sources"):
        table.add_column(column)
    for event in found:
        table.add_row(
            event.date.isoformat() if event.date else "-",
            event.event_type.value,
            event.severity.value,
            event.title,
            ", ".join(event.source_message_ids[:6])
            + ("…" if len(event.source_message_ids) > 6 else ""),
        )
    console.print(table)


@app.command()
def email(
    company: CompanyOpt = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write the email here.")] = None,
) -> None:
    """Draft the investor email from the stored events."""
    settings = load_settings(company_id=company)
    with components(settings, consume=False) as parts:
        found = parts.eventstore.events(settings.company_id)
        drafted = parts.composer.compose(settings.company_id, found)
        parts.eventstore.save_email(drafted)
    if out is None:
        sys.stdout.write(drafted.as_markdown())
    else:
        from sago.pipeline.report import write_atomic

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
    console.print(
        f"flushed: raw store ({settings.rawstore}), batcher ({settings.batcher}), "
        f"event store ({settings.eventstore})"
    )


@app.command(name="eval")
def evaluate_command(
    path: Annotated[Path, typer.Argument(help="Messages to extract from.")],
    expected: Annotated[Path, typer.Option("--expected", "-e", help="expected_events.json")],
    traps: Annotated[Path | None, typer.Option(help="traps.json (optional)")] = None,
    company: CompanyOpt = None,
    batch_size: Annotated[int | None, typer.Option(min=1)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Run extraction on PATH in a scratch store and score it against gold events."""
    from sago.pipeline.evaluate import evaluate, load_expected, load_traps, render_report

    base = load_settings(company_id=company, batch_size=batch_size)
    try:
        gold = load_expected(expected)
        trap_list = load_traps(traps) if traps else None
        source = open_source(path, base.company_id, base.max_message_chars)
    except (OSError, ValueError, SourceError) as exc:
        fail(str(exc))
    with tempfile.TemporaryDirectory(prefix="sago-eval-") as scratch:
        settings = base.model_copy(
            update={
                "data_dir": Path(scratch),
                "queue": "embedded",
                "rawstore": "sqlite",
                "batcher": "memory",
                "eventstore": "sqlite",
            }
        )
        with components(settings) as parts:
            pipeline = bootstrap.build_pipeline(settings, parts)
            pipeline.run([(str(path), source.read())])
            extracted = parts.eventstore.events(settings.company_id)
    report = evaluate(extracted, gold, trap_list)
    if as_json:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    else:
        console.print(render_report(report))


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Address to bind; anything but loopback needs SAGO_WEB_TOKEN.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    company: CompanyOpt = None,
) -> None:
    """Serve the dashboard: events with their evidence, metrics, the investor email."""
    settings = load_settings(company_id=company)
    try:
        from sago.web.server import ServeError
        from sago.web.server import serve as serve_dashboard
    except ImportError as exc:
        fail(f"the dashboard needs its extra: pip install 'sago[web]' ({exc})")
    try:
        serve_dashboard(
            settings,
            host=host,
            port=port,
            announce=lambda line: console.print(line, markup=False, highlight=False),
        )
    except ServeError as exc:
        fail(str(exc))


@app.command()
def bench(
    rows: Annotated[int, typer.Option(min=1, help="Generated messages to measure on.")] = 20_000,
    seed: Annotated[int, typer.Option(help="Generator seed.")] = 1,
    batch_size: Annotated[int | None, typer.Option(min=1, help="Messages per batch.")] = None,
    kafka: Annotated[
        bool | None,
        typer.Option("--kafka/--no-kafka", help="Measure Kafka (default: when configured)."),
    ] = None,
    llm_stub: Annotated[
        bool, typer.Option("--llm-stub", help="LLM calls/tokens against a local stub.")
    ] = False,
    llm_live: Annotated[
        bool, typer.Option("--llm-live", help="The same with SAGO_LLM: spends real tokens.")
    ] = False,
    llm_rows: Annotated[
        int | None,
        typer.Option(min=1, help="Messages for the LLM phase (all for the stub, 1,000 live)."),
    ] = None,
    in_process: Annotated[
        bool, typer.Option("--in-process", help="One process for all phases (faster start).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Measure msg/s, peak RSS and LLM calls/tokens per 1k messages in a scratch folder."""
    from sago.bench.render import render
    from sago.bench.runner import BenchError, BenchOptions, run_bench

    settings = load_settings()
    if kafka is None:  # "configured": SAGO_KAFKA_BOOTSTRAP or config.yaml names a broker
        kafka = settings.queue == "kafka" or "kafka_bootstrap" in settings.model_fields_set
    options = BenchOptions(rows, seed, batch_size, kafka, llm_stub, llm_live, llm_rows,
                           isolate=not in_process)  # fmt: skip
    try:
        with err.status("sago bench") as status:
            report = run_bench(options, settings, lambda step: status.update(f"bench: {step}"))
    except (BenchError, ConnectionError, ImportError) as exc:
        fail(str(exc))
    if as_json:
        sys.stdout.write(report.model_dump_json(indent=2) + "\n")
    else:
        console.print(render(report))


@app.command()
def chaos(
    rows: Annotated[int, typer.Option(min=100, help="Generated messages per run.")] = 20_000,
    kills: Annotated[int, typer.Option(min=1, help="SIGKILLs per kill scenario.")] = 20,
    seed: Annotated[int, typer.Option(help="Seed of the input and of the kill moments.")] = 1,
    scenario: Annotated[
        list[str] | None,
        typer.Option(help="embedded, scale or outages (repeat; default: all that can run)."),
    ] = None,
    cut_seconds: Annotated[float, typer.Option(min=1, help="How long a server is cut off.")] = 15,
    llm_outage: Annotated[float, typer.Option(min=1, help="Seconds the LLM answers 500.")] = 60,
    work: Annotated[
        Path | None, typer.Option(help="Folder for inputs, data and logs (default: a temp one).")
    ] = None,
) -> None:
    """Kill and cut off runs on purpose; print one line per scenario: lost, doubled, equal.

    The scale and outage scenarios use the servers named by SAGO_KAFKA_BOOTSTRAP,
    SAGO_REDIS_URL, SAGO_POSTGRES_DSN and SAGO_CASSANDRA_HOSTS (`scripts/services.py env`).
    """
    from sago.chaos.procs import ChaosError
    from sago.chaos.run import chaos_command

    try:
        passed = chaos_command(
            rows=rows, kills=kills, seed=seed, scenarios=scenario, cut_seconds=cut_seconds,
            llm_outage=llm_outage, work=work,
            line=lambda text: console.print(text, highlight=False, soft_wrap=True),
            problem=lambda text: err.print(escape(text), style="red", soft_wrap=True),
        )  # fmt: skip
    except ChaosError as exc:
        fail(str(exc))
    raise typer.Exit(EXIT_OK if passed else EXIT_REJECTED)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
