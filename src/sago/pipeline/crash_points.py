"""Named points where a test run dies as a kill -9 would (SAGO_CRASH_AT).

Each point is a port call, so the guarded ports (`pipeline/guarded.py`) die there and the
pipeline's own code never mentions crashing. The chaos scenarios walk this table.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

CRASH_EXIT_CODE = 86

When = Literal["before", "after"]

# point → (port call, whether the process dies just before or just after it), in the
# order a `sago run` passes them.
CRASH_POINTS: dict[str, tuple[str, When]] = {
    "after_produce": ("queue.publish", "after"),  # published, nothing consumed
    "after_store": ("rawstore.store", "after"),  # stored, neither batched nor committed
    "after_commit": ("queue.commit", "after"),  # committed, batch not yet claimed
    "after_claim": ("batcher.claim", "after"),  # a batch claimed, nothing extracted
    "after_upsert": ("eventstore.upsert", "after"),  # events stored, batch not acknowledged
    "after_ack": ("batcher.ack", "after"),  # a batch acknowledged
    "during_email": ("emailstore.save", "before"),  # the email drafted, not saved
}


@dataclass(frozen=True)
class CrashPoint:
    """The one point this process dies at, or none (`point=None`: every run but tests)."""

    point: str | None = None

    def __post_init__(self) -> None:
        if self.point is not None and self.point not in CRASH_POINTS:
            known = ", ".join(CRASH_POINTS)
            raise ValueError(f"SAGO_CRASH_AT={self.point!r} is no crash point; known: {known}")

    def reached(self, call: str, when: When) -> None:
        """Die here if `call`/`when` is this process's crash point."""
        if self.point is not None and CRASH_POINTS[self.point] == (call, when):
            os._exit(CRASH_EXIT_CODE)
