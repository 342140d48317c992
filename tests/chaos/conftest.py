"""The chaos suite's input, its uninterrupted reference run, and a private scale stack.

CI runs the issue's scenarios at a reduced size (CI_ROWS messages, CI_KILLS kills each);
`sago chaos` runs them at full size. Every scenario's one-line result is repeated in the
session summary, so a CI log carries the figures.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sago.devtools.chaos.embedded import COMPANY, Reference, make_reference
from sago.devtools.chaos.procs import Sago
from sago.devtools.chaos.stack import Servers, Stack
from support.chaos import CI_ROWS, SEED

LINES: list[str] = []


@pytest.fixture(scope="session")
def chaos_sago(tmp_path_factory: pytest.TempPathFactory) -> Sago:
    return Sago(tmp_path_factory.mktemp("chaos"))


@pytest.fixture(scope="session")
def reference(chaos_sago: Sago) -> Reference:
    return make_reference(chaos_sago, CI_ROWS, SEED)


@pytest.fixture
def record() -> Iterator[list[str]]:
    """Lines to show in the session summary."""
    lines: list[str] = []
    yield lines
    LINES.extend(lines)


@pytest.fixture
def stack(
    kafka_bootstrap: str,
    redis_url: str,
    postgres_dsn: str,
    cassandra_hosts: str,
    cassandra_keyspace: str,
) -> Iterator[Stack]:
    servers = Servers(
        {
            "kafka": kafka_bootstrap,
            "redis": redis_url,
            "postgres": postgres_dsn,
            "cassandra": cassandra_hosts,
        }
    )
    made = Stack(servers, COMPANY, keyspace=cassandra_keyspace)
    yield made
    made.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if LINES:
        terminalreporter.section("chaos scenarios (CI size)")
        for line in LINES:
            terminalreporter.write_line(line)
