"""`sago chaos`: every crash and outage scenario outside pytest, one line per scenario."""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, Protocol, cast

from sago.config import Settings
from sago.devtools.chaos import embedded, outages, scale
from sago.devtools.chaos.procs import ChaosError, Sago
from sago.devtools.chaos.stack import SERVICES, Servers, Stack, drop_keyspace

Scenario = Literal["embedded", "scale", "outages"]
SCENARIOS: tuple[Scenario, ...] = ("embedded", "scale", "outages")


class Result(Protocol):
    """What every scenario reports (ScenarioResult, StartResult)."""

    @property
    def ok(self) -> bool: ...

    def line(self) -> str: ...

    def problems(self) -> list[str]: ...


@dataclass(frozen=True)
class ChaosOptions:
    work: Path
    rows: int = 20_000
    kills: int = 20
    seed: int = 1
    scenarios: tuple[Scenario, ...] = SCENARIOS
    outage_rows: int = 5_000  # a server cut needs a run long enough to cut, not a big one
    cut_seconds: float = 15.0
    llm_outage_seconds: float = 60.0


def run_chaos(
    options: ChaosOptions, servers: Servers | None, report: Callable[[Result], None]
) -> bool:
    """Run the chosen scenarios, reporting each result as it comes; True if all passed."""
    sago = Sago(options.work)
    passed = True

    def note(result: Result) -> None:
        nonlocal passed
        passed = passed and result.ok
        report(result)

    reference = embedded.make_reference(sago, options.rows, options.seed)
    if "embedded" in options.scenarios:
        note(embedded.kills_scenario(sago, reference, options.kills, options.seed))
        for point in embedded.RUN_POINTS:
            note(embedded.crash_point_scenario(sago, reference, point))
    if servers is None:
        return passed
    with shared_keyspace(servers) as keyspace:

        def stack() -> Stack:
            return Stack(servers, embedded.COMPANY, keyspace=keyspace)

        if "scale" in options.scenarios:
            with closing(stack()) as kills_stack:
                note(
                    scale.kills_scenario(sago, kills_stack, reference, options.kills, options.seed)
                )
            with closing(stack()) as points_stack:
                note(scale.crash_points_scenario(sago, points_stack, reference))
        if "outages" in options.scenarios:
            small = embedded.make_reference(sago, options.outage_rows, options.seed)
            for service in SERVICES:
                with closing(stack()) as cut_stack:
                    note(
                        outages.outage_scenario(
                            sago, cut_stack, small, service, options.cut_seconds
                        )
                    )
            for service in SERVICES:
                for command in ("worker", "run"):
                    with closing(stack()) as start_stack:
                        note(outages.down_at_start(sago, start_stack, small, service, command))
            note(outages.llm_outage_scenario(sago, small, options.llm_outage_seconds))
    return passed


def chaos_command(
    *,
    rows: int,
    kills: int,
    seed: int,
    scenarios: list[str] | None,
    cut_seconds: float,
    llm_outage: float,
    work: Path | None,
    settings: Settings,
    line: Callable[[str], None],
    problem: Callable[[str], None],
) -> bool:
    """`sago chaos`: the scenarios asked for (default: all the settings allow)."""
    chosen = tuple(scenarios or SCENARIOS)
    unknown = sorted(set(chosen) - set(SCENARIOS))
    if unknown:
        raise ChaosError(f"unknown scenario {', '.join(unknown)}: use {', '.join(SCENARIOS)}")
    servers = None
    if set(chosen) - {"embedded"}:
        try:
            servers = Servers.from_settings(settings)
        except ChaosError as exc:
            if scenarios:
                raise
            problem(f"scale and outages skipped: {exc}")
            chosen = ("embedded",)

    def report(result: Result) -> None:
        line(result.line())
        for text in result.problems():
            problem(f"  {text}")

    with tempfile.TemporaryDirectory(prefix="sago-chaos-") as scratch:
        options = ChaosOptions(
            work=work or Path(scratch),
            rows=rows,
            kills=kills,
            seed=seed,
            scenarios=cast(tuple[Scenario, ...], chosen),
            cut_seconds=cut_seconds,
            llm_outage_seconds=llm_outage,
        )
        return run_chaos(options, servers, report)


@contextmanager
def closing(stack: Stack) -> Iterator[Stack]:
    try:
        yield stack
    finally:
        stack.close()


@contextmanager
def shared_keyspace(servers: Servers) -> Iterator[str]:
    """One Cassandra keyspace for the whole run (each is a slow schema change), emptied
    by every scenario and dropped at the end."""
    keyspace = f"sago_chaos_{uuid.uuid4().hex[:10]}"
    try:
        yield keyspace
    finally:
        drop_keyspace(servers.addresses["cassandra"], keyspace)
