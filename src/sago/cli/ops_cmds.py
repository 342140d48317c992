"""Operating commands: the dashboard, the benchmark and the chaos scenarios."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from sago.cli.common import (
    EXIT_OK,
    EXIT_REJECTED,
    CompanyOpt,
    app,
    console,
    err,
    fail,
    load_settings,
)


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
    from sago.devtools.bench.render import render
    from sago.devtools.bench.runner import BenchError, BenchOptions, run_bench

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
    from sago.devtools.chaos.procs import ChaosError
    from sago.devtools.chaos.run import chaos_command

    try:
        passed = chaos_command(
            rows=rows, kills=kills, seed=seed, scenarios=scenario, cut_seconds=cut_seconds,
            llm_outage=llm_outage, work=work, settings=load_settings(),
            line=lambda text: console.print(text, highlight=False, soft_wrap=True),
            problem=lambda text: err.print(escape(text), style="red", soft_wrap=True),
        )  # fmt: skip
    except ChaosError as exc:
        fail(str(exc))
    raise typer.Exit(EXIT_OK if passed else EXIT_REJECTED)
