"""/healthz probes and the Prometheus collector, both reading the configured stores."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass

from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    Metric,
    SummaryMetricFamily,
)
from prometheus_client.registry import CollectorRegistry

from sago import bootstrap
from sago.config import Settings
from sago.domain.event import EventType
from sago.domain.message import MessageStatus
from sago.eventstore.base import EventStore
from sago.rawstore.base import RawStore
from sago.runlog.base import RunLog

log = logging.getLogger(__name__)
PROBE_TIMEOUT = 5.0
# Counters sum the stored run summaries; this bounds the work one scrape does.
RUNS_WINDOW = 10_000


@dataclass(frozen=True)
class ProbeResult:
    """One backend's answer to /healthz."""

    backend: str
    ok: bool
    detail: str

    def as_dict(self) -> dict[str, str | bool]:
        return {"backend": self.backend, "ok": self.ok, "detail": self.detail}


Probe = Callable[[], str]


def _probe_queue(settings: Settings) -> str:
    queue = bootstrap.build_queue(settings, consume=False)
    try:
        return f"reachable, backlog {queue.backlog()}"
    finally:
        queue.close()


def _probe_batcher(settings: Settings) -> str:
    batcher = bootstrap.build_batcher(settings)
    try:
        return f"reachable, {batcher.pending()} pending"
    finally:
        batcher.close()


def backend_probes(
    settings: Settings, rawstore: RawStore, runlog: RunLog
) -> dict[str, tuple[str, Probe]]:
    """name → (backend, check). The embedded queue and batcher live inside each `sago run`
    process, so a dashboard has nothing to reach; the networked ones are connected afresh."""
    company = settings.company_id
    probes: dict[str, tuple[str, Probe]] = {
        "rawstore": (settings.rawstore, lambda: f"{rawstore.count(company)} messages"),
        "eventstore": (
            settings.eventstore,
            # The run log lives in the event store's database.
            lambda: f"{len(runlog.recent(company, limit=1))} recent run(s)",
        ),
    }
    if settings.queue == "embedded":
        probes["queue"] = ("embedded", lambda: "in-process; nothing to reach")
    else:
        probes["queue"] = (settings.queue, lambda: _probe_queue(settings))
    if settings.batcher == "memory":
        probes["batcher"] = ("memory", lambda: "in-process; nothing to reach")
    else:
        probes["batcher"] = (settings.batcher, lambda: _probe_batcher(settings))
    return probes


def run_probes(probes: dict[str, tuple[str, Probe]]) -> dict[str, ProbeResult]:
    """Run every probe concurrently; one that hangs counts as failed after PROBE_TIMEOUT."""
    results: dict[str, ProbeResult] = {}
    pool = ThreadPoolExecutor(max_workers=max(len(probes), 1), thread_name_prefix="healthz")
    try:
        futures = {name: pool.submit(check) for name, (_, check) in probes.items()}
        for name, future in futures.items():
            backend = probes[name][0]
            try:
                results[name] = ProbeResult(backend, True, future.result(timeout=PROBE_TIMEOUT))
            except FutureTimeout:
                results[name] = ProbeResult(backend, False, f"no answer in {PROBE_TIMEOUT:g} s")
            except Exception as exc:  # noqa: BLE001 - any failure is this backend's health
                log.warning("health check of %s (%s) failed: %s", name, backend, exc)
                detail = f"{type(exc).__name__}: {exc}"[:300]
                results[name] = ProbeResult(backend, False, detail)
    finally:
        # Never wait for a hung probe: its thread ends on its own when the call returns.
        pool.shutdown(wait=False, cancel_futures=True)
    return results


class StoreCollector:
    """Prometheus metrics computed at scrape time from the stores (no global registry)."""

    def __init__(
        self, company_id: str, rawstore: RawStore, eventstore: EventStore, runlog: RunLog
    ) -> None:
        self.company_id = company_id
        self.rawstore = rawstore
        self.eventstore = eventstore
        self.runlog = runlog

    def describe(self) -> list[Metric]:
        # Returning nothing stops the registry from collecting (and querying stores) on register.
        return []

    def collect(self) -> Iterator[Metric]:
        up = GaugeMetricFamily(
            "sago_store_up", "Whether the store answered this scrape.", labels=["store"]
        )
        for store, part in (("rawstore", self._raw), ("eventstore", self._events)):
            try:
                yield from list(part())
                up.add_metric([store], 1)
            except Exception as exc:  # noqa: BLE001 - a down store is reported, not a 500
                log.warning("metrics: %s failed: %s", store, exc)
                up.add_metric([store], 0)
        yield up

    def _raw(self) -> Iterator[Metric]:
        messages = GaugeMetricFamily(
            "sago_messages", "Stored messages by processing status.", labels=["status"]
        )
        for status in MessageStatus:
            messages.add_metric([status.value], self.rawstore.count(self.company_id, status))
        yield messages
        dead = GaugeMetricFamily(
            "sago_dead_letters", "Rejected input kept aside, by kind.", labels=["kind"]
        )
        counts = {"record": 0, "batch": 0}
        for letter in self.rawstore.dead_letters(self.company_id):
            counts[letter.kind] = counts.get(letter.kind, 0) + 1
        for kind, count in sorted(counts.items()):
            dead.add_metric([kind], count)
        yield dead

    def _events(self) -> Iterator[Metric]:
        stats = self.eventstore.statistics(self.company_id)
        events = GaugeMetricFamily("sago_events", "Active events by type.", labels=["event_type"])
        for event_type in EventType:
            events.add_metric([event_type.value], stats.by_type.get(event_type.value, 0))
        yield events
        yield from self._runs()

    def _runs(self) -> Iterator[Metric]:
        runs = self.runlog.recent(self.company_id, limit=RUNS_WINDOW)

        def counter(name: str, doc: str, value: float) -> CounterMetricFamily:
            return CounterMetricFamily(name, doc, value=value)

        yield counter("sago_runs", "Pipeline runs recorded.", len(runs))
        yield counter("sago_records_read", "Input records read.", sum(r.records_read for r in runs))
        yield counter(
            "sago_records_rejected",
            "Input records rejected when read.",
            sum(r.rejected for r in runs),
        )
        yield counter("sago_batches", "Batches extracted.", sum(r.batches for r in runs))
        yield counter(
            "sago_batch_failures",
            "Batch attempts that failed.",
            sum(r.batch_failures for r in runs),
        )
        yield counter("sago_llm_requests", "LLM calls made.", sum(r.usage.requests for r in runs))
        tokens = CounterMetricFamily("sago_llm_tokens", "LLM tokens.", labels=["direction"])
        tokens.add_metric(["input"], sum(r.usage.input_tokens for r in runs))
        tokens.add_metric(["output"], sum(r.usage.output_tokens for r in runs))
        yield tokens
        stages = SummaryMetricFamily(
            "sago_stage_seconds", "Time spent per pipeline stage.", labels=["stage"]
        )
        totals: dict[str, tuple[int, float]] = {}
        for run in runs:
            for stage, seconds in run.stage_seconds.items():
                count, total = totals.get(stage, (0, 0.0))
                totals[stage] = (count + 1, total + seconds)
        for stage, (count, total) in sorted(totals.items()):
            stages.add_metric([stage], count, total)
        yield stages


def metrics_registry(collector: StoreCollector) -> CollectorRegistry:
    """A registry of this app's own: nothing leaks into prometheus_client's global one."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(collector)
    return registry
