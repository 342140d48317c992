"""A server that cannot be reached is one line on stderr, exit 2, whatever the driver says."""

from __future__ import annotations

import socket
from pathlib import Path

from support.cli import clean_env, sago


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_postgres_is_one_line_even_in_a_narrow_terminal(tmp_path: Path) -> None:
    # libpq's message spans two lines ("Is the server running on that host …") and the
    # console used to wrap at 80 columns: an operator's log got three lines for one error.
    data = tmp_path / "in.csv"
    data.write_text("id,is_chat,chat_sender,email_sender,timestamp,content\n")
    dsn = f"postgresql://postgres@127.0.0.1:{closed_port()}/events"
    env = clean_env(tmp_path / "state", SAGO_EVENTSTORE="postgres", SAGO_POSTGRES_DSN=dsn)
    env["COLUMNS"] = "60"
    done = sago("run", data, cwd=tmp_path, env=env, timeout=60)
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("error: cannot reach PostgreSQL")
    assert line.endswith("check SAGO_POSTGRES_DSN")
    assert "Traceback" not in done.stdout + done.stderr
