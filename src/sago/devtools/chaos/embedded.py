"""Embedded scenarios: `sago run` killed and re-run on the same file and data dir.

The reference is one uninterrupted run. A kill scenario SIGKILLs the run at seeded random
moments, each time starting it again on the same input and data dir, then lets it finish;
a crash-point scenario makes the run `os._exit` at one named point (SAGO_CRASH_AT), then
re-runs it. Either way the stored messages, the events and the email must equal the
reference's.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from sago import bootstrap
from sago.bootstrap.harness import embedded_settings
from sago.devtools.chaos.procs import CRASH_EXIT_CODE, ChaosError, Sago, kill
from sago.devtools.chaos.state import ScenarioResult, Snapshot, compare
from sago.pipeline.crash_points import CRASH_POINTS

COMPANY = "chaos"
# Every named crash point a `sago run` passes, in pipeline order.
RUN_POINTS = tuple(CRASH_POINTS)


@dataclass(frozen=True)
class Reference:
    """The input and what one uninterrupted embedded run made of it."""

    data: Path
    rows: int
    seed: int
    snapshot: Snapshot
    seconds: float  # the whole run, process start to exit
    redo_seconds: float  # a run with nothing left to do: start-up, re-read, email


def snapshot(data_dir: Path, company_id: str = COMPANY) -> Snapshot:
    settings = embedded_settings(data_dir, company_id)
    raw = bootstrap.build_rawstore(settings)
    events = bootstrap.build_eventstore(settings)
    emails = bootstrap.build_emailstore(settings)
    try:
        return Snapshot.capture(company_id, raw, events, emails)
    finally:
        raw.close()
        events.close()
        emails.close()


def embedded(sago: Sago, data_dir: Path, *, fresh: bool = True) -> Sago:
    """`sago` on embedded backends in `data_dir` (emptied first unless `fresh` is False)."""
    if fresh:
        shutil.rmtree(data_dir, ignore_errors=True)
    return sago.with_env(SAGO_DATA_DIR=str(data_dir), SAGO_COMPANY_ID=COMPANY)


def make_reference(sago: Sago, rows: int, seed: int) -> Reference:
    """Generate the input (`sago generate`) and run it once, uninterrupted."""
    data = sago.work / f"input-{rows}-{seed}.csv"
    sago.must("generate", "--rows", str(rows), "--seed", str(seed), "--out", data)
    data_dir = sago.work / f"reference-{rows}-{seed}"
    run = embedded(sago, data_dir)
    started = time.monotonic()
    run.must("run", data, "--out", data_dir / "out")
    seconds = time.monotonic() - started
    first = snapshot(data_dir)
    if not first.events:
        raise ChaosError(f"the reference run found no events in {data}")
    started = time.monotonic()
    run.must("run", data, "--out", data_dir / "out")  # a finished run, again: a no-op
    redo = time.monotonic() - started
    again = compare(first, snapshot(data_dir))
    if not again.ok:
        raise ChaosError(f"re-running a finished run changed it: {again.notes}")
    return Reference(data, rows, seed, first, seconds, redo)


def kills_scenario(sago: Sago, reference: Reference, kills: int, seed: int) -> ScenarioResult:
    """SIGKILL `sago run` at `kills` seeded random moments, re-running it each time.

    Each kill comes after a random fraction of the time the run still needs: at first the
    reference's duration, then that less the time the killed attempt ran (never below
    what a run with nothing left to do takes). So kills land across ingest, extraction
    and the email, not only at start-up; an attempt that finishes first does not count.
    """
    rng = random.Random(seed)
    data_dir = sago.work / f"kills-{reference.rows}-{seed}-{kills}"
    run = embedded(sago, data_dir)
    log = sago.work / f"{data_dir.name}.log"
    started = time.monotonic()
    remaining, landed, attempts, notes = reference.seconds, 0, 0, []
    while landed < kills:
        attempts += 1
        if attempts > 4 * kills + 4:
            notes.append(f"only {landed} of {kills} kills landed in {attempts - 1} attempts")
            break
        delay = rng.uniform(0.05, 1.0) * remaining
        process = run.start("run", reference.data, "--out", data_dir / "out", log=log)
        attempt_started = time.monotonic()
        try:
            code = process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            kill(process)
            landed += 1
            remaining = max(remaining - delay + reference.redo_seconds / 2, reference.redo_seconds)
            continue
        if code != 0:
            raise ChaosError(f"an attempt exited {code}; log {log}")
        remaining = max(time.monotonic() - attempt_started, reference.redo_seconds)
    run.must("run", reference.data, "--out", data_dir / "out")
    verdict = compare(reference.snapshot, snapshot(data_dir))
    name = "embedded"
    return ScenarioResult(name, landed, verdict, time.monotonic() - started, notes=notes)


def crash_point_scenario(sago: Sago, reference: Reference, point: str) -> ScenarioResult:
    """Die at `point` (SAGO_CRASH_AT) during the first run, then run again to the end."""
    data_dir = sago.work / f"crash-{point}-{reference.rows}-{reference.seed}"
    run = embedded(sago, data_dir)
    started = time.monotonic()
    crashed = run.run(
        "run", reference.data, "--out", data_dir / "out", env={"SAGO_CRASH_AT": point}
    )
    notes = []
    if crashed.returncode != CRASH_EXIT_CODE:
        notes.append(f"expected exit {CRASH_EXIT_CODE} at {point}, got {crashed.returncode}")
    run.must("run", reference.data, "--out", data_dir / "out")
    verdict = compare(reference.snapshot, snapshot(data_dir))
    kills = int(crashed.returncode == CRASH_EXIT_CODE)
    return ScenarioResult(
        f"embedded@{point}", kills, verdict, time.monotonic() - started, notes=notes
    )
