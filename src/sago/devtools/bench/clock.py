"""Wall and CPU time of a phase's timed part, the memory high-water mark before it, and the
time spent inside its input reader (so a ratio can leave the reader out, or keep it in)."""

from __future__ import annotations

import resource
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import TypeVar

MIB = 1024.0  # ru_maxrss is in KiB on Linux
# Records pulled from the reader at a time: the clock is read twice per chunk, not per record.
READ_CHUNK = 500

T = TypeVar("T")


@dataclass
class Clock:
    """`timing()` around the measured work; `reading(records)` around its input."""

    baseline_rss_mib: float = 0.0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    reader_seconds: float = 0.0
    reader_cpu_seconds: float = 0.0
    # The investor email drafted at the end of a run (once per run, whatever the volume).
    email_cpu_seconds: float = 0.0
    extra: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def timing(self) -> Iterator[None]:
        self.baseline_rss_mib = peak_rss_mib()
        cpu, wall = process_cpu(), time.perf_counter()
        try:
            yield
        finally:
            self.seconds = time.perf_counter() - wall
            self.cpu_seconds = process_cpu() - cpu

    def reading(self, records: Iterable[T]) -> Iterator[T]:
        """The records as they come, with the time spent producing them added up.

        Pulled a chunk at a time (a bounded read-ahead, not the whole input). The reader
        runs on the calling thread, so its CPU is that thread's; background threads (a
        Kafka client's) go on meanwhile and are not subtracted.
        """
        source = iter(records)
        while True:
            wall, cpu = time.perf_counter(), time.thread_time()
            chunk = list(islice(source, READ_CHUNK))
            self.reader_seconds += time.perf_counter() - wall
            self.reader_cpu_seconds += time.thread_time() - cpu
            if not chunk:
                return
            yield from chunk


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / MIB


def process_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
