"""The pipeline: the same code for `sago run` (one process) and `sago worker` (many)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sago.domain.email import InvestorEmail
from sago.domain.period import Period
from sago.email.base import EmailComposer
from sago.pipeline.batching import handle_deliveries, recover
from sago.pipeline.extract import ExtractStage
from sago.pipeline.ingest import Record, chunked, split_records
from sago.pipeline.outages import Outages
from sago.pipeline.ports import Ports
from sago.pipeline.summary import RunSummary, timed
from sago.pipeline.update import UpdateWriter
from sago.redact.base import Redactor

INGEST_CHUNK = 500
POLL_CHUNK = 500
# How often an idle worker re-batches what is stored but not extracted (a newer version
# of a message that arrived while the batcher still held the older one).
RECOVER_INTERVAL = 60.0


class Progress:
    """Hooks the CLI fills in to show progress; the defaults do nothing."""

    def started(self, label: str, total: int | None = None) -> None:
        """A stage with an optional known size began."""

    def advanced(self, label: str, amount: int = 1) -> None:
        """A stage made progress ("messages" read, "batches" extracted, "llm calls" made)."""

    def step(self, label: str) -> None:
        """The run moved on to a step without a count (recovering, drafting the email)."""


@dataclass
class Pipeline(Ports):
    """Source records → queue → raw store → batcher → extractor → event store → email.

    Its ports come wrapped (`pipeline.guarded.guard_ports`, applied by the wiring) with
    the same `outages` tracker: each call rides out a backend outage and passes the
    run's crash point, so nothing here retries or crashes by hand.
    """

    composer: EmailComposer
    extract: ExtractStage
    redactor: Redactor
    company_id: str
    company_name: str | None = None
    progress: Progress = field(default_factory=Progress)
    drain_timeout: float = 120.0
    outages: Outages = field(default_factory=Outages)

    def __post_init__(self) -> None:
        # One tracker for every stage, so an outage is logged once whichever step meets it.
        self.extract.outages = self.outages

    # -- one process, start to finish -------------------------------------------------

    def run(self, inputs: Iterable[tuple[str, Iterable[Record]]]) -> RunSummary:
        """Ingest every input, process everything, compose the email."""
        started = time.monotonic()
        summary = RunSummary(company_id=self.company_id)
        self.progress.step("re-batching what an earlier run left")
        summary.recovered = recover(self.rawstore, self.batcher, self.company_id)
        self.ingest(inputs, summary, consume=True)
        self.progress.step("extracting the last batches")
        self.drain(summary)
        self.finish_batches(summary)
        self.finish_late_versions(summary)
        self.progress.step("drafting the investor update")
        with timed(summary, "email"):
            self.compose_email(summary)
        summary.seconds = time.monotonic() - started
        self.totals(summary)
        self.runlog.save(summary)
        return summary

    def ingest(
        self, inputs: Iterable[tuple[str, Iterable[Record]]], summary: RunSummary, *, consume: bool
    ) -> None:
        """Records onto the queue; with `consume`, process what is waiting as it goes."""
        self.progress.step("reading")
        for name, records in inputs:
            summary.inputs.append(name)
            for chunk in chunked(records, INGEST_CHUNK):
                with timed(summary, "ingest"):
                    messages = split_records(chunk, self.company_id, self.rawstore, summary)
                    summary.published += self.queue.publish(messages)
                    if messages:
                        last = max(m.timestamp for m in messages)
                        if summary.last_message_at is None or last > summary.last_message_at:
                            summary.last_message_at = last
                if consume:
                    self.pump(summary, wait=0.0)
                self.progress.advanced("messages", len(chunk))
        self.queue.flush()

    def produce(self, inputs: Iterable[tuple[str, Iterable[Record]]]) -> RunSummary:
        """Publish only (`sago produce`): workers in the consumer group do the rest."""
        started = time.monotonic()
        summary = RunSummary(company_id=self.company_id)
        self.ingest(inputs, summary, consume=False)
        summary.seconds = time.monotonic() - started
        summary.backlog = self.queue.backlog()
        return summary

    def pump(
        self, summary: RunSummary, wait: float, should_stop: Callable[[], bool] | None = None
    ) -> int:
        """Consume what is waiting, then extract every batch that is ready."""
        # Includes any wait for the first record: an idle worker's consume time grows.
        with timed(summary, "consume"):
            deliveries = self.queue.poll(POLL_CHUNK, wait)
        if deliveries:
            handle_deliveries(
                deliveries,
                queue=self.queue,
                rawstore=self.rawstore,
                batcher=self.batcher,
                summary=summary,
            )
        self.extract_ready(summary, final=False, should_stop=should_stop)
        return len(deliveries)

    def drain(self, summary: RunSummary) -> None:
        """Consume until this group has nothing left to read.

        Gives up only after `drain_timeout` seconds without a delivery (a remote queue whose
        records never come), not while a slow extractor is still working through them.
        """
        deadline = time.monotonic() + self.drain_timeout
        while time.monotonic() < deadline:
            if self.pump(summary, wait=0.2):
                deadline = time.monotonic() + self.drain_timeout
            elif self.queue.backlog() == 0:
                return
        summary.backlog = self.queue.backlog()

    def extract_ready(
        self, summary: RunSummary, *, final: bool, should_stop: Callable[[], bool] | None = None
    ) -> None:
        # A worker sharing a batcher could find ready batches forever: it stops between
        # batches when told to, so SIGTERM never waits on more than the batch in hand.
        while should_stop is None or not should_stop():
            with timed(summary, "batch"):
                batch = self.batcher.claim(final=final)
            if batch is None:
                return
            calls = summary.usage.requests
            self.extract.process(batch, summary)
            self.progress.advanced("batches")
            if summary.usage.requests > calls:
                self.progress.advanced("llm calls", summary.usage.requests - calls)

    def finish_batches(self, summary: RunSummary) -> None:
        """End of input: flush partial batches; wait out back-offs of failing ones."""
        while True:
            self.extract_ready(summary, final=True)
            if self.batcher.pending() == 0:
                return
            time.sleep(0.2)

    def finish_late_versions(self, summary: RunSummary, rounds: int = 5) -> None:
        """Extract what is still unfinished: a newer version of a message stored while the
        batcher held the older one was not batched again then."""
        for _ in range(rounds):
            late = recover(self.rawstore, self.batcher, self.company_id)
            if not late:
                return
            summary.recovered += late
            self.finish_batches(summary)

    def update_period(self, summary: RunSummary) -> Period:
        """The month the run's messages end in (else the newest stored event's month)."""
        if summary.last_message_at is not None:
            return Period.month_of(summary.last_message_at.date())
        events = self.eventstore.each_event(self.company_id)
        dates = [e.date for e in events if e.date is not None]
        return Period.month_of(max(dates) if dates else summary.started_at.date())

    def compose_email(self, summary: RunSummary) -> InvestorEmail:
        period = self.update_period(summary)
        spent = self.composer.usage
        writer = UpdateWriter(
            self.eventstore, self.rawstore, self.composer, self.redactor, self.company_name
        )
        email = writer.draft(self.company_id, period)
        # The email's model calls are part of the run's cost, like the extraction's.
        summary.usage = summary.usage + (self.composer.usage - spent)
        self.emailstore.save(email)
        return email

    def totals(self, summary: RunSummary) -> RunSummary:
        summary.events_total = self.eventstore.count(self.company_id)
        summary.messages_total = self.rawstore.count(self.company_id)
        summary.backlog = self.queue.backlog()
        return summary

    # -- long-running worker ------------------------------------------------------------

    def work(
        self, should_stop: Callable[[], bool], summary: RunSummary | None = None
    ) -> RunSummary:
        """Consume and process until told to stop; batches obey threshold and max wait."""
        summary = summary or RunSummary(company_id=self.company_id)
        # During an outage a stopping worker gives up waiting (its work is redelivered).
        self.outages.should_stop = should_stop
        summary.recovered = recover(self.rawstore, self.batcher, None)
        started = last_recovery = time.monotonic()
        while not should_stop():
            if self.pump(summary, wait=0.5, should_stop=should_stop):
                continue
            if time.monotonic() - last_recovery >= RECOVER_INTERVAL:
                summary.recovered += recover(self.rawstore, self.batcher, None)
                last_recovery = time.monotonic()
        summary.seconds = time.monotonic() - started
        summary.backlog = self.queue.backlog()
        self.runlog.save(summary)
        return summary
