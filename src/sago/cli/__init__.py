"""The `sago` command line (typer + rich). Each module registers its commands on `app`."""

from sago.cli.common import app

# The import order is the order `sago --help` lists the commands in.
# isort: off
from sago.cli import run_cmds
from sago.cli import eval_cmds
from sago.cli import scale_cmds
from sago.cli import sync_cmds
from sago.cli import ops_cmds
from sago.cli import models_cmds

# isort: on

__all__ = [
    "app",
    "eval_cmds",
    "main",
    "models_cmds",
    "ops_cmds",
    "run_cmds",
    "scale_cmds",
    "sync_cmds",
]


def main() -> None:
    """Console-script entry point."""
    app()
