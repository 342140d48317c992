"""Progress of a long run, for a person: a rich bar on a terminal, a plain line every few
seconds anywhere else (CI, nohup, a container log).

Both show the same counts: messages read against the input's total (counted up front when
the reader can, else bytes read against the file size), batches extracted, LLM calls made
against the calls planned, the rate and the time left.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO

from rich.console import Console, RenderableType
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from sago.pipeline import runner
from sago.sources.base import MessageSource

Clock = Callable[[], float]


@dataclass
class Plan:
    """What a run expects to do, as far as it can tell before it starts."""

    messages: int | None  # records in the inputs, when every reader could count them
    batch_size: int
    llm: bool  # an LLM extractor: its calls are worth a line of their own
    # Bytes read and bytes in all, over the inputs that report them (the fallback total).
    position: Callable[[], tuple[int, int] | None] = lambda: None

    @property
    def batches(self) -> int | None:
        return None if self.messages is None else math.ceil(self.messages / self.batch_size)


def plan_for(sources: Sequence[MessageSource], batch_size: int, *, llm: bool) -> Plan:
    """Count what can be counted; the rest is measured in bytes while reading."""
    counts = [source.planned() for source in sources]
    messages = None if any(c is None for c in counts) else sum(c or 0 for c in counts)

    def position() -> tuple[int, int] | None:
        found = [p for p in (s.position() for s in sources) if p is not None]
        if not found:
            return None
        return sum(p[0] for p in found), sum(p[1] for p in found)

    return Plan(messages=messages, batch_size=batch_size, llm=llm, position=position)


@dataclass
class Counts:
    """What the pipeline reported so far."""

    plan: Plan
    clock: Clock = time.monotonic
    messages: int = 0
    batches: int = 0
    llm_calls: int = 0
    step: str = "starting"
    started: float = field(default=0.0)

    def __post_init__(self) -> None:
        self.started = self.clock()

    def add(self, label: str, amount: int) -> None:
        if label == "messages":
            self.messages += amount
        elif label == "batches":
            self.batches += amount
        elif label == "llm calls":
            self.llm_calls += amount

    def fraction(self) -> float | None:
        """How much of the input is read, by count or else by bytes."""
        if self.plan.messages:
            return min(self.messages / self.plan.messages, 1.0)
        position = self.plan.position()
        if position and position[1]:
            return min(position[0] / position[1], 1.0)
        return None

    def rate(self) -> float:
        elapsed = self.clock() - self.started
        return self.messages / elapsed if elapsed > 0 else 0.0

    def eta(self) -> float | None:
        """Seconds left, from the share read so far and the time it took."""
        done = self.fraction()
        if not done:
            return None
        elapsed = self.clock() - self.started
        return elapsed * (1 - done) / done

    def line(self) -> str:
        """One plain line: counts, rate and time left."""
        parts: list[str] = []
        if self.plan.messages is not None:
            parts.append(f"{self.messages:,}/{self.plan.messages:,} messages")
        else:
            parts.append(f"{self.messages:,} messages")
            position = self.plan.position()
            if position:
                parts.append(f"{_mb(position[0])} of {_mb(position[1])} read")
        fraction = self.fraction()
        if fraction is not None:
            parts[-1] += f" ({fraction:.0%})"
        batches = self.plan.batches
        parts.append(f"{self.batches:,}" + (f"/~{batches:,}" if batches else "") + " batches")
        if self.plan.llm:
            parts.append(
                f"{self.llm_calls:,}" + (f"/~{batches:,}" if batches else "") + " LLM calls"
            )
        parts.append(f"{self.rate():,.0f} msg/s")
        eta = self.eta()
        parts.append(f"ETA {_clock(eta)}" if eta is not None else "ETA unknown")
        return f"progress: {', '.join(parts)}; {self.step}"


class LineProgress(runner.Progress):
    """Off a terminal: one plain line every `every` seconds, and one when the run ends."""

    def __init__(self, out: IO[str], plan: Plan, every: float, clock: Clock = time.monotonic):
        self.out = out
        self.every = every
        self.clock = clock
        self.counts = Counts(plan, clock)
        self._last = self.clock()

    def started(self, label: str, total: int | None = None) -> None:
        self._maybe_write()

    def advanced(self, label: str, amount: int = 1) -> None:
        self.counts.add(label, amount)
        self._maybe_write()

    def step(self, label: str) -> None:
        self.counts.step = label
        self._maybe_write()

    def finished(self) -> None:
        self.counts.step = "done"
        self._write()

    def _maybe_write(self) -> None:
        if self.clock() - self._last >= self.every:
            self._write()

    def _write(self) -> None:
        self._last = self.clock()
        self.out.write(self.counts.line() + "\n")
        self.out.flush()


class BarProgress(runner.Progress):
    """On a terminal: a bar per count, each with its total, rate and time left."""

    def __init__(self, bar: Progress, plan: Plan) -> None:
        self.bar = bar
        self.plan = plan
        self.counts = Counts(plan)
        self._bytes = plan.messages is None and plan.position() is not None
        unit = "bytes" if self._bytes else "messages"
        self._reading = bar.add_task("reading", total=self._read_total(), unit=unit)
        self._batches = bar.add_task("extracting", total=plan.batches, unit="batches")
        self._calls: TaskID | None = None
        if plan.llm:
            self._calls = bar.add_task("LLM calls", total=plan.batches, unit="calls")

    def _read_total(self) -> int | None:
        if self.plan.messages is not None:
            return self.plan.messages
        position = self.plan.position()
        return position[1] if position else None

    def started(self, label: str, total: int | None = None) -> None:
        return None

    def advanced(self, label: str, amount: int = 1) -> None:
        self.counts.add(label, amount)
        if label == "messages":
            self._update_reading()
        elif label == "batches":
            self._advance(self._batches, amount)
        elif label == "llm calls" and self._calls is not None:
            self._advance(self._calls, amount)

    def step(self, label: str) -> None:
        self.counts.step = label
        self.bar.update(self._reading, description=self._describe())

    def _describe(self) -> str:
        # The first bar names the step the run is in (reading, then the last batches, then
        # the investor update); in bytes it also says how many messages that made.
        if self._bytes:
            return f"{self.counts.step} ({self.counts.messages:,} messages)"
        return self.counts.step

    def _update_reading(self) -> None:
        if self._bytes:
            position = self.plan.position()
            completed = position[0] if position else 0
        else:
            completed = self.counts.messages
        self.bar.update(self._reading, completed=completed, description=self._describe())

    def _advance(self, task: TaskID, amount: int) -> None:
        self.bar.advance(task, amount)
        current = self.bar.tasks[task]
        if current.total is not None and current.completed > current.total:
            # Partial batches per source, split requests: the plan was a floor.
            self.bar.update(task, total=current.completed)

    def finished(self) -> None:
        for task in self.bar.tasks:
            if task.total is None:
                self.bar.update(task.id, total=task.completed)


class _Amount(ProgressColumn):
    """Done of total, in bytes for the reading bar when only bytes are known."""

    def __init__(self) -> None:
        super().__init__()
        self._bytes = DownloadColumn()

    def render(self, task: Task) -> RenderableType:
        if task.fields.get("unit") == "bytes":
            return self._bytes.render(task)
        total = f"{int(task.total):,}" if task.total is not None else "?"
        return Text(f"{int(task.completed):,}/{total}", style="progress.download")


class _Rate(ProgressColumn):
    """Items a second (rich's own speed column assumes bytes)."""

    def render(self, task: Task) -> RenderableType:
        unit = task.fields.get("unit", "")
        if task.speed is None or unit == "bytes":
            return Text("")
        return Text(f"{task.speed:,.0f} {unit}/s", style="progress.data.speed")


COLUMNS = (
    SpinnerColumn(),
    TextColumn("{task.description}"),
    BarColumn(),
    _Amount(),
    TaskProgressColumn(),
    _Rate(),
    TimeRemainingColumn(),
    TimeElapsedColumn(),
)


@contextmanager
def run_progress(console: Console, plan: Plan, every: float) -> Iterator[runner.Progress]:
    """The progress display for this console: a bar on a terminal, lines elsewhere."""
    if not console.is_terminal:
        lines = LineProgress(console.file, plan, every)
        yield lines
        lines.finished()
        return
    with Progress(*COLUMNS, console=console, transient=True) as bar:
        shown = BarProgress(bar, plan)
        yield shown
        shown.finished()


def _mb(count: int) -> str:
    return f"{count / 1e6:,.1f} MB"


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600}:{whole // 60 % 60:02d}:{whole % 60:02d}"
