"""Outage scenarios: a server cut off mid-run, a server down at start, an LLM answering 500s.

Mid-run: a worker reaches one server through a `Proxy`; a quarter into the run the proxy is
cut (connections reset, new ones refused) for a while, then restored. The worker must log
one line for the outage, carry on once the server is back and lose nothing: the result
equals the embedded reference. Down at start: `sago worker` and `sago run` must exit within
5 seconds with a one-line error naming the service and the setting. The LLM outage runs
`sago run` against a local model that answers 500 for a while: batches wait, none is
dead-lettered, and the events equal a run against the healthy model.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from sago import bootstrap
from sago.bootstrap.harness import embedded_settings
from sago.devtools.chaos.embedded import COMPANY, Reference, embedded, snapshot
from sago.devtools.chaos.procs import ChaosError, Sago, kill, wait_for
from sago.devtools.chaos.proxy import Proxy
from sago.devtools.chaos.scale import DRAIN_TIMEOUT, Workers, finish
from sago.devtools.chaos.stack import ENV_VARS, Service, Stack
from sago.devtools.chaos.state import ScenarioResult, compare
from sago.devtools.llm_stub import LLMStub, hashed_responder
from sago.domain.run import RunSummary

NAMES: dict[Service, str] = {
    "postgres": "PostgreSQL",
    "redis": "Redis",
    "kafka": "Kafka",
    "cassandra": "Cassandra",
}
OUTAGE_MARK = "unavailable during"
START_LIMIT = 5.0  # seconds within which a start against a dead server must give up
EXIT_ERROR = 2


def outage_lines(log: str) -> list[str]:
    return [line for line in log.splitlines() if OUTAGE_MARK in line]


def outage_scenario(
    sago: Sago, stack: Stack, reference: Reference, service: Service, cut_seconds: float
) -> ScenarioResult:
    """One worker reaches `service` through a proxy that is cut for `cut_seconds`."""
    started = time.monotonic()
    with Proxy(*stack.servers.endpoint(service), kafka=service == "kafka") as proxy:
        worker_env = stack.env(stack.servers.via(service, proxy.port))
        workers = Workers(sago.with_env(**worker_env), sago.work / f"{stack.name}-logs")
        view = stack.open()
        try:
            workers.start()
            sago.with_env(**stack.env()).must("produce", reference.data)
            wanted = reference.rows // 4
            wait_for(f"{wanted} extracted", lambda: view.extracted() >= wanted, DRAIN_TIMEOUT)
            proxy.cut()
            time.sleep(cut_seconds)
            proxy.restore()
            result = finish(f"outage-{service}", view, workers, reference, 0, started)
        finally:
            workers.close()
            view.close()
    log = workers.output(tail=1_000_000)
    lines = outage_lines(log)
    result.outages = len(lines)
    ours = [line for line in lines if NAMES[service] in line]
    if len(ours) != 1 or len(lines) != 1:
        result.notes.append(f"expected one {NAMES[service]} outage line, got: {lines}")
    if "Traceback" in log:
        result.notes.append("the worker log holds a traceback")
    if proxy.connections == 0:
        result.notes.append(f"no connection went through the {service} proxy")
    return result


@dataclass
class StartResult:
    """`sago <command>` started against a server that refuses connections."""

    name: str
    code: int
    seconds: float
    output: str
    setting: str
    service: str

    @property
    def lines(self) -> list[str]:
        return [line for line in self.output.splitlines() if line.strip()]

    @property
    def ok(self) -> bool:
        return (
            self.code == EXIT_ERROR
            and self.seconds < START_LIMIT
            and len(self.lines) == 1
            and self.service in self.lines[0]
            and self.setting in self.lines[0]
            and "Traceback" not in self.output
        )

    def line(self) -> str:
        one = "yes" if len(self.lines) == 1 else "no"
        named = "yes" if self.lines and self.setting in self.lines[0] else "no"
        return (
            f"{self.name} exit={self.code} one_line={one} names_setting={named} "
            f"seconds={self.seconds:.1f}"
        )

    def problems(self) -> list[str]:
        return [] if self.ok else [self.output[-2000:]]


def down_at_start(
    sago: Sago, stack: Stack, reference: Reference, service: Service, command: str
) -> StartResult:
    """`sago worker` or `sago run` with `service` refusing connections."""
    if service != "postgres":
        stack.make_schema()  # so the store it reaches first is set up, as in a real deployment
    with Proxy(*stack.servers.endpoint(service)) as proxy:
        proxy.cut()  # its port now refuses, as a stopped server's does
        env = stack.env(stack.servers.via(service, proxy.port))
        args = ["worker"] if command == "worker" else ["run", str(reference.data)]
        started = time.monotonic()
        done = sago.run(*args, env=env, timeout=120)
        seconds = time.monotonic() - started
    return StartResult(
        f"down-at-start-{service}-{command}",
        done.returncode,
        seconds,
        done.stdout + done.stderr,
        ENV_VARS[service],
        NAMES[service],
    )


def llm_outage_scenario(sago: Sago, reference: Reference, outage_seconds: float) -> ScenarioResult:
    """`sago run` with an LLM that answers 500 for `outage_seconds` from the start."""
    started = time.monotonic()
    with LLMStub.running(hashed_responder, record=False) as stub:
        llm = {
            "SAGO_LLM": "openai:chaos-stub",
            "SAGO_LLM_BASE_URL": stub.openai_url,
            "SAGO_EMAIL_COMPOSER": "template",
            # Few, fast SDK retries: the pipeline's own backoff is what is under test.
            "SAGO_LLM_MAX_RETRIES": "1",
            "SAGO_LLM_RETRY_INITIAL_DELAY": "0.1",
        }
        healthy_dir = sago.work / f"llm-healthy-{reference.rows}-{reference.seed}"
        embedded(sago, healthy_dir).must("run", reference.data, env=llm)
        healthy = snapshot(healthy_dir)
        if not healthy.events:
            raise ChaosError("the stub model reported no events")
        data_dir = sago.work / f"llm-outage-{reference.rows}-{int(outage_seconds)}"
        run = embedded(sago, data_dir)
        log = sago.work / f"{data_dir.name}.log"
        stub.down = True
        process = run.start("run", reference.data, log=log, env=llm)
        try:
            time.sleep(outage_seconds)
            stub.down = False
            code = process.wait(timeout=DRAIN_TIMEOUT)
        finally:
            kill(process)
        failed = stub.failed
    result = ScenarioResult(
        "outage-llm", 0, compare(healthy, snapshot(data_dir)), time.monotonic() - started
    )
    output = log.read_text()
    result.outages = len(outage_lines(output))
    if code != 0:
        result.notes.append(f"sago run exited {code}: {output[-2000:]}")
    if failed == 0:
        result.notes.append("no request hit the outage")
    if result.outages != 1:
        result.notes.append(f"expected one outage line: {outage_lines(output)}")
    runs = _runs(data_dir)
    if runs and runs[0].batches_dead_lettered:
        result.notes.append(f"{runs[0].batches_dead_lettered} batches dead-lettered")
    return result


def _runs(data_dir: Path) -> list[RunSummary]:
    store = bootstrap.build_runlog(embedded_settings(data_dir, COMPANY))
    try:
        return store.recent(COMPANY)
    finally:
        store.close()
