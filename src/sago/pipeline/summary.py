"""Run counters live in the domain (stores keep them); this adds the stage timer."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from sago.domain.run import MAX_LISTED_REJECTIONS, RunSummary

__all__ = ["MAX_LISTED_REJECTIONS", "RunSummary", "timed"]


@contextmanager
def timed(summary: RunSummary, stage: str) -> Iterator[None]:
    """Add the block's wall time to the stage's total (per-stage latency in /metrics)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        summary.timed(stage, time.perf_counter() - started)
