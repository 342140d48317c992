"""`sago worker` around `Pipeline.work`: stop flags for signals and for an idle group.

Kept out of `pipeline/` because signals belong to the process, not to the pipeline.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from types import FrameType

from sago.batching.base import Batcher
from sago.domain.run import RunSummary
from sago.errors import ServiceUnavailableError
from sago.queue.base import MessageQueue


class StopSignal:
    """SIGTERM or SIGINT asks the worker to stop after the batch in hand; a second one kills.

    The flag is read between polls and between batches, so the worker commits what it
    stored, leaves the consumer group and exits 0 instead of dying mid-batch.
    """

    def __init__(self) -> None:
        self.received: str | None = None
        self._previous: dict[int, object] = {}

    def install(self) -> StopSignal:
        for signum in (signal.SIGTERM, signal.SIGINT):
            self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def uninstall(self) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]
        self._previous.clear()

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        self.received = signal.Signals(signum).name
        # The next signal gets the default behaviour: an impatient operator can still kill.
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)

    def __call__(self) -> bool:
        return self.received is not None


class IdleExit:
    """Stop once nothing happened for `seconds`, the group has no lag and no batch is pending.

    For tests and one-shot jobs (`sago worker --max-idle`). Lag and pending batches are
    shared state, so with several workers each one leaves only when all work is done.
    """

    def __init__(
        self,
        queue: MessageQueue,
        batcher: Batcher,
        summary: RunSummary,
        seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.queue = queue
        self.batcher = batcher
        self.summary = summary
        self.seconds = seconds
        self._clock = clock
        self._seen = self._activity()
        self._quiet_since = clock()

    def _activity(self) -> tuple[int, ...]:
        s = self.summary
        return (s.consumed, s.rejected, s.batches, s.batch_failures)

    def __call__(self) -> bool:
        now = self._clock()
        activity = self._activity()
        if activity != self._seen:
            self._seen, self._quiet_since = activity, now
            return False
        if now - self._quiet_since < self.seconds:
            return False
        try:
            if self.queue.backlog() == 0 and self.batcher.pending() == 0:
                return True
        except ServiceUnavailableError:
            # A server is down: that is an outage for the pipeline to ride out (and log),
            # not a reason to stop, nor to die here with a traceback.
            pass
        # Work is still out there (another worker's batch, a back-off): look again later,
        # not on every poll, since each look is a round trip to the broker.
        self._quiet_since = now - self.seconds + 1.0
        return False


def any_of(*flags: Callable[[], bool]) -> Callable[[], bool]:
    """One stop flag out of several."""
    return lambda: any(flag() for flag in flags)
