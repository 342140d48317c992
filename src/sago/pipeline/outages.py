"""Riding out a backend outage mid-run: one log line, back off, retry the same step.

Every step the pipeline guards is idempotent (storing a message twice is a no-op, a batcher
ignores messages it holds, statuses only move forward, event upserts merge, committing an
offset twice changes nothing), so retrying a step that failed half-way is safe. What a
step holds — polled deliveries, a claimed batch, its extracted events — stays in hand
while it is retried: offsets are not committed and the batch is not acknowledged until
the step behind them succeeded, so at-least-once plus idempotent writes keep the result
exact however long the outage lasts.

Start-up is different: an adapter that cannot reach its server when it is built raises
ServiceUnavailableError and the CLI exits with it (a misconfigured address must not hang).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from sago.errors import ServiceUnavailableError
from sago.extractors.base import ProviderUnavailableError

T = TypeVar("T")
log = logging.getLogger("sago.outage")

TRANSIENT = (ServiceUnavailableError, ProviderUnavailableError)


def service_of(exc: BaseException) -> str:
    """The name an outage is reported and tracked under."""
    return str(getattr(exc, "service", "") or type(exc).__name__)


@dataclass
class Outages:
    """Tracks which services are down, so each outage is logged once, not once per retry.

    `guard(step, action)` runs the action until it succeeds, sleeping between tries with
    exponential backoff (first_delay doubling up to max_delay). When `should_stop` turns
    true during an outage the last error is raised, so a stopping worker exits with the
    one-line error instead of waiting for the service.
    """

    first_delay: float = 0.5
    max_delay: float = 5.0
    should_stop: Callable[[], bool] = field(default=lambda: False)
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    count: int = 0  # outages seen (one per service going down)
    _down: dict[str, float] = field(default_factory=dict)

    def down(self, exc: BaseException, step: str) -> str:
        """Note a failure; the first one of an outage is logged. Returns the service name."""
        service = service_of(exc)
        if service not in self._down:
            self._down[service] = self.clock()
            self.count += 1
            # One line an operator can act on: what is down, what it was doing, what happens.
            log.warning(
                "%s unavailable during %s: %s; retrying with backoff until it is back",
                service,
                step,
                " ".join(str(exc).split()),
            )
        return service

    def up(self, service: str) -> None:
        """The service answered again."""
        since = self._down.pop(service, None)
        if since is not None:
            log.info("%s is back after %.1f s", service, self.clock() - since)

    def is_down(self, service: str) -> bool:
        return service in self._down

    def guard(self, step: str, action: Callable[[], T]) -> T:
        """`action()`, retried through transient outages of the services it uses."""
        return next(self.stream(step, lambda: iter((action(),))))

    def stream(self, step: str, start: Callable[[], Iterator[T]]) -> Iterator[T]:
        """`start()`'s items; an outage mid-stream is waited out and the stream started
        again (`start` decides whether a restart skips what was already given)."""
        delay = self.first_delay
        failed: set[str] = set()
        while True:
            try:
                for item in start():
                    if failed:  # the restarted stream answers: its services are back
                        for service in failed:
                            self.up(service)
                        failed, delay = set(), self.first_delay
                    yield item
            except TRANSIENT as exc:
                failed.add(self.down(exc, step))
                if self.should_stop():
                    raise
                self.wait(delay)
                delay = min(delay * 2, self.max_delay)
                continue
            for service in failed:
                self.up(service)
            return

    def wait(self, seconds: float) -> None:
        """Sleep, waking early when asked to stop."""
        deadline = self.clock() + seconds
        while not self.should_stop():
            left = deadline - self.clock()
            if left <= 0:
                return
            self.sleep(min(left, 0.2))
