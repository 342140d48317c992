"""Scale-path scenarios: `sago worker` processes on real Kafka, Redis, Cassandra, PostgreSQL.

Input goes in with `sago produce`. In the kill scenario one of two workers is SIGKILLed at
seeded random points of the run and started again; in the crash-point scenario the
producer and then a worker die at each named point in turn. At the end every input
message must be in the raw store once and extracted, and the events must equal the
embedded reference run's on the same input.
"""

from __future__ import annotations

import random
import subprocess
import time
from functools import partial
from pathlib import Path

from sago.devtools.chaos.embedded import Reference
from sago.devtools.chaos.procs import CRASH_EXIT_CODE, ChaosError, Sago, kill, stop, wait_for
from sago.devtools.chaos.stack import Stack, StackView
from sago.devtools.chaos.state import ScenarioResult, compare

# The points a worker passes, in pipeline order (after_produce is the producer's).
WORKER_POINTS = ("after_store", "after_commit", "after_claim", "after_upsert", "after_ack")
DRAIN_TIMEOUT = 300.0


class Workers:
    """`sago worker` processes of one scenario, each logging to its own file."""

    def __init__(self, sago: Sago, logs: Path) -> None:
        self.sago = sago
        self.logs = logs
        self.logs.mkdir(parents=True, exist_ok=True)
        self.started: list[tuple[subprocess.Popen[bytes], Path]] = []

    def start(self, **env: str) -> subprocess.Popen[bytes]:
        log = self.logs / f"worker-{len(self.started) + 1}.log"
        process = self.sago.start("worker", log=log, env=env)
        self.started.append((process, log))
        return process

    def is_up(self, process: subprocess.Popen[bytes]) -> bool:
        """It printed its start line (or already exited)."""
        return any(_started(p, log) for p, log in self.started if p is process)

    def alive(self) -> list[subprocess.Popen[bytes]]:
        return [p for p, _ in self.started if p.poll() is None]

    def output(self, tail: int = 4000) -> str:
        return "\n".join(f"== {log.name}\n{log.read_text()[-tail:]}" for _, log in self.started)

    def stop(self) -> list[int]:
        """SIGTERM every live worker once it is up; their exit codes (0 is a clean stop).

        A worker still importing has no handler yet and would die of the signal, which is
        harmless but says nothing about a clean stop, so each is given time to start.
        """
        live = [(p, log) for p, log in self.started if p.poll() is None]
        for process, log in live:
            wait_for(f"{log.name} to start", partial(_started, process, log), 60)
            process.terminate()
        return [stop(process, signalled=True) for process, _ in live]

    def close(self) -> None:
        for process in self.alive():
            kill(process)


def _started(process: subprocess.Popen[bytes], log: Path) -> bool:
    return process.poll() is not None or " started: " in log.read_text()


def extracted(view: StackView, wanted: int) -> bool:
    return view.extracted() >= wanted


def drain(view: StackView, workers: Workers, timeout: float = DRAIN_TIMEOUT) -> None:
    """Until the group has no lag and nothing is pending, seen on three looks in a row."""
    quiet = 0

    def settled() -> bool:
        nonlocal quiet
        if not workers.alive():
            raise ChaosError(f"every worker exited:\n{workers.output()}")
        quiet = quiet + 1 if view.drained() else 0
        return quiet >= 3

    try:
        wait_for("the workers to drain", settled, timeout, every=0.5)
    except ChaosError as exc:
        raise ChaosError(f"{exc}\n{workers.output()}") from None


def finish(
    name: str, view: StackView, workers: Workers, reference: Reference, kills: int, started: float
) -> ScenarioResult:
    drain(view, workers)
    codes = workers.stop()
    notes = [] if all(code == 0 for code in codes) else [f"workers exited {codes}"]
    verdict = compare(reference.snapshot, view.snapshot(), email=False)
    return ScenarioResult(name, kills, verdict, time.monotonic() - started, notes=notes)


def kills_scenario(
    sago: Sago, stack: Stack, reference: Reference, kills: int, seed: int
) -> ScenarioResult:
    """Two workers; one is SIGKILLed at `kills` seeded points of the run and restarted.

    The points are fractions of the messages extracted so far (drawn from [0, 0.9)), not
    wall-clock times: a rebalance after each kill stalls the group for seconds, so times
    would bunch the kills at the start or miss the run. Two points close together kill a
    restarted worker again soon after it is up, during recovery or its group join.
    """
    rng = random.Random(seed)
    targets = sorted(rng.uniform(0.0, 0.9) for _ in range(kills))
    run = sago.with_env(**stack.env())
    workers = Workers(run, sago.work / f"{stack.name}-logs")
    view = stack.open()
    started = time.monotonic()
    try:
        workers.start()
        victim = workers.start()
        run.must("produce", reference.data)
        landed = 0
        for target in targets:
            wanted = int(target * reference.rows)
            wait_for(
                f"{wanted} extracted messages", partial(extracted, view, wanted), DRAIN_TIMEOUT
            )
            kill(victim)
            landed += 1
            victim = workers.start()
            # The next kill hits a worker that is up (connected, recovering or working),
            # not one still importing: that would test nothing.
            wait_for("the restarted worker", partial(workers.is_up, victim), 60)
        return finish("scale", view, workers, reference, landed, started)
    finally:
        workers.close()
        view.close()


def crash_points_scenario(sago: Sago, stack: Stack, reference: Reference) -> ScenarioResult:
    """The producer dies after its first chunk (after_produce) and is run again; then a lone
    worker dies at each worker point in turn; then two workers finish the run."""
    run = sago.with_env(**stack.env())
    workers = Workers(run, sago.work / f"{stack.name}-logs")
    view = stack.open()
    started = time.monotonic()
    kills = 0
    try:
        produced = run.run("produce", reference.data, env={"SAGO_CRASH_AT": "after_produce"})
        if produced.returncode != CRASH_EXIT_CODE:
            raise ChaosError(f"produce at after_produce exited {produced.returncode}")
        kills += 1
        run.must("produce", reference.data)  # again, whole: duplicates on the topic
        for point in WORKER_POINTS:
            victim = workers.start(SAGO_CRASH_AT=point)
            try:
                code = victim.wait(timeout=DRAIN_TIMEOUT)
            except subprocess.TimeoutExpired:
                raise ChaosError(f"no worker reached {point}:\n{workers.output()}") from None
            if code != CRASH_EXIT_CODE:
                raise ChaosError(f"worker at {point} exited {code}:\n{workers.output()}")
            kills += 1
        workers.start()
        workers.start()
        return finish("scale@points", view, workers, reference, kills, started)
    finally:
        workers.close()
        view.close()
