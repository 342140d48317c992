"""`sago sync slack|gmail`: live sync through the official SDKs, once or `--follow`."""

from __future__ import annotations

import signal
import threading
from functools import partial
from typing import Annotated, Literal

import typer

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
from sago.cli.progress import Plan, run_progress
from sago.cli.run_cmds import print_summary
from sago.config import Settings
from sago.pipeline.report import write_outputs
from sago.pipeline.summary import RunSummary
from sago.sources.base import SourceError
from sago.syncstate.base import SyncState

sync_app = typer.Typer(
    help="Bring in new Slack messages or mail through their APIs (incremental).",
    no_args_is_help=True,
)
app.add_typer(sync_app, name="sync")

FollowOpt = Annotated[
    bool, typer.Option("--follow", "-f", help="Keep syncing every SAGO_SYNC_INTERVAL seconds.")
]
IntervalOpt = Annotated[
    float | None, typer.Option(min=0.1, help="Seconds between passes with --follow.")
]


@sync_app.command("slack")
def sync_slack(
    company: CompanyOpt = None, follow: FollowOpt = False, interval: IntervalOpt = None,
    out: OutOpt = None,
) -> None:  # fmt: skip
    """Sync the channels the Slack app is in (SLACK_BOT_TOKEN; scopes in the README)."""
    settings = load_settings(company_id=company, sync_interval=interval, out_dir=out)
    raise typer.Exit(run_sync(settings, "slack", follow=follow))


@sync_app.command("gmail")
def sync_gmail(
    company: CompanyOpt = None, follow: FollowOpt = False, interval: IntervalOpt = None,
    out: OutOpt = None,
) -> None:  # fmt: skip
    """Sync a Gmail mailbox (SAGO_GMAIL_CREDENTIALS: OAuth user file or service account)."""
    settings = load_settings(company_id=company, sync_interval=interval, out_dir=out)
    raise typer.Exit(run_sync(settings, "gmail", follow=follow))


def run_sync(settings: Settings, kind: Literal["slack", "gmail"], *, follow: bool) -> int:
    """Passes until done (or, with --follow, until SIGINT/SIGTERM); the exit code."""
    stop = threading.Event()
    if follow:
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
    scale = settings.queue == "kafka"
    rejected = 0
    with components(settings, consume=not scale) as parts:
        try:
            state = bootstrap.build_syncstate(settings)
        except ConnectionError as exc:
            fail(str(exc))
        try:
            while True:
                summary = _one_pass(settings, kind, parts, state, scale=scale)
                rejected += summary.rejected
                if not follow or stop.wait(settings.sync_interval):
                    break
        finally:
            state.close()
    return EXIT_REJECTED if rejected else EXIT_OK


def _one_pass(
    settings: Settings,
    kind: Literal["slack", "gmail"],
    parts: bootstrap.Components,
    state: SyncState,
    *,
    scale: bool,
) -> RunSummary:
    try:
        sync = bootstrap.build_sync(settings, kind, state)
    except (ImportError, ValueError) as exc:
        fail(str(exc))
    inputs = [(f"{kind} API", sync.read())]
    # An API sync knows no total: the display shows counts and rates.
    plan = Plan(messages=None, batch_size=settings.batch_size, llm=settings.llm != "rules")
    with run_progress(err, plan, settings.progress_interval) as progress:
        pipeline = bootstrap.build_pipeline(settings, parts, progress)
        try:
            # Scale path: publish for the workers; embedded: store, batch, extract here.
            summary = pipeline.produce(inputs) if scale else pipeline.run(inputs)
        except SourceError as exc:
            fail(str(exc))
    # Only now is every record stored (or on the topic): the new place may be saved.
    sync.commit()
    print_summary(summary)
    if not scale:
        email = parts.emailstore.latest(settings.company_id)
        events = partial(parts.eventstore.each_event, settings.company_id)
        for path in write_outputs(settings.out_dir, summary, events, email).paths:
            console.print(f"wrote {path}")
    return summary
