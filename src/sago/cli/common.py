"""What every `sago` command shares: the app, consoles, settings, errors, progress."""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape

from sago import bootstrap
from sago.config import Settings
from sago.errors import SetupError

app = typer.Typer(
    name="sago",
    help="Turn Slack messages and emails into grounded business events and an investor update.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Off a terminal (a CI log, a pipe, a file) rich assumes 80 columns and cuts table cells;
# a log has room, so tables get 120 there unless COLUMNS says otherwise.
console = Console(width=None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 120)
# Errors, rejections and warnings are one line each, however long the path in them:
# a wrapped line breaks `grep` and log shippers, and reads as two messages.
err = Console(stderr=True, soft_wrap=True)

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
    except SetupError as exc:  # e.g. local weights not fetched: names the command that fixes it
        fail(str(exc))
    try:
        yield built
    finally:
        built.close()


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
    show_llm_retries()


def show_llm_retries() -> None:
    """An LLM SDK's own retries (429, 5xx, timeouts): one line each, without --verbose."""
    sdk = logging.getLogger(LLM_RETRY_LOGGER)
    sdk.setLevel(logging.INFO)
    if not any(isinstance(f, _NamedRetry) for f in sdk.filters):
        sdk.addFilter(_NamedRetry())


LLM_RETRY_LOGGER = "openai._base_client"  # logs "Retrying request in … (retry n of m)" at INFO


class _NamedRetry(logging.Filter):
    """Says whose request is retried; the SDK's line names no service."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith("Retrying request"):
            record.msg = "LLM provider: " + record.msg
        return True
