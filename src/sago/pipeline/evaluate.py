"""Score extracted events against a hand-labelled set (see shared/devset/README.md).

An extracted event matches an expected one when the types are equal and their source
message ids intersect (compared as strings). Matching is one-to-one and maximum
(augmenting paths), because a greedy pass undercounts when one message states several
events of the same type. Unmatched extracted events are false positives — duplicates
included — and a trap is violated when a false positive cites it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, computed_field, field_validator

from sago.domain.batch import Batch
from sago.domain.event import EventStatus, EventType, Polarity, SignificantEvent
from sago.domain.message import Message, Source
from sago.domain.reports import stamp_batch
from sago.domain.resolution import resolve_reports
from sago.extractors.base import Extractor
from sago.pipeline.summary import RunSummary


def _as_strings(value: Any) -> Any:
    if isinstance(value, list):
        return [str(item) for item in value]
    return value


class ExpectedEvent(BaseModel):
    """A gold event: its type and every message that states it as fact."""

    event_type: EventType
    title: str = ""
    source_ids: list[str] = Field(min_length=1)
    key_metrics: dict[str, float | str] = Field(default_factory=dict)
    severity: str | None = None
    date: dt.date | None = None
    # Sets written after "bad news is an event" say so; older ones leave it out.
    polarity: Polarity | None = None

    _ids = field_validator("source_ids", mode="before")(_as_strings)


class Trap(BaseModel):
    """A message that must not produce the event it talks about."""

    id: str
    kind: str
    note: str = ""
    event_types: list[EventType] | None = None

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_string(cls, value: Any) -> str:
        return str(value)


class TypeScore(BaseModel):
    """Counts and rates for one event type (or all of them, micro-averaged)."""

    event_type: str
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 0.0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def recall(self) -> float:
        wanted = self.true_positives + self.false_negatives
        return self.true_positives / wanted if wanted else 0.0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


class TrapViolation(BaseModel):
    """A trap message cited by an event that matched nothing."""

    trap_id: str
    kind: str
    event_ids: list[str]
    event_types: list[str]


class EvalRun(BaseModel):
    """What producing the scored events cost: model calls, tokens, seconds, prompt overhead."""

    extractor: str
    seconds: float = 0.0
    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    events_dropped: int = 0
    metrics_dropped: int = 0
    # Framing and instructions as a share of the message tokens sent (None for rules):
    # `sent` counts the instructions in every request, `read` once (a cached prompt prefix).
    overhead_sent: float | None = None
    overhead_read: float | None = None

    @classmethod
    def of(cls, extractor: str, summary: RunSummary, stats: Any = None) -> EvalRun:
        return cls(
            extractor=extractor,
            seconds=summary.seconds,
            requests=summary.usage.requests,
            input_tokens=summary.usage.input_tokens,
            output_tokens=summary.usage.output_tokens,
            events_dropped=summary.events_dropped,
            metrics_dropped=summary.metrics_dropped,
            overhead_sent=getattr(stats, "overhead_sent", None),
            overhead_read=getattr(stats, "overhead_read", None),
        )

    def line(self) -> str:
        text = (
            f"{self.extractor}: {self.seconds:,.1f} s, {self.requests:,} model calls, "
            f"{self.input_tokens:,} input + {self.output_tokens:,} output tokens, "
            f"{self.events_dropped:,} events and {self.metrics_dropped:,} metrics dropped"
        )
        if self.overhead_sent is not None and self.overhead_read is not None:
            text += (
                f"; prompt overhead {self.overhead_sent:.1%} of message tokens as sent, "
                f"{self.overhead_read:.1%} as read (instructions cached)"
            )
        return text


class EvalReport(BaseModel):
    """Per-type and micro scores, the matching itself, and trap violations."""

    run: EvalRun | None = None

    per_type: list[TypeScore]
    micro: TypeScore
    matches: list[tuple[str, int]] = Field(default_factory=list)
    false_positive_ids: list[str] = Field(default_factory=list)
    missed: list[int] = Field(default_factory=list)
    traps_total: int = 0
    traps_by_kind: dict[str, int] = Field(default_factory=dict)
    violations: list[TrapViolation] = Field(default_factory=list)
    # Of the gold key_metrics values of matched events, how many the event carries.
    metric_values: int = 0
    metric_values_right: int = 0
    # Of matched events whose gold states a polarity, how many have it.
    polarity_checked: int = 0
    polarity_right: int = 0

    @computed_field  # type: ignore[prop-decorator]
    @property
    def metric_accuracy(self) -> float | None:
        return self.metric_values_right / self.metric_values if self.metric_values else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def polarity_accuracy(self) -> float | None:
        return self.polarity_right / self.polarity_checked if self.polarity_checked else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def traps_violated(self) -> int:
        return len(self.violations)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def violations_by_kind(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for violation in self.violations:
            counts[violation.kind] += 1
        return dict(sorted(counts.items()))


def load_expected(path: Path) -> list[ExpectedEvent]:
    """Read an `expected_events.json` list."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a JSON list of events")
    return [ExpectedEvent.model_validate(item) for item in data]


def load_traps(path: Path) -> list[Trap]:
    """Read a `traps.json` list."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: expected a JSON list of traps")
    return [Trap.model_validate(item) for item in data]


def maximum_matching(edges: Sequence[Sequence[int]], right_size: int) -> list[int | None]:
    """Kuhn's augmenting paths. `edges[i]` lists the right vertices left vertex i may take;
    returns, for each left vertex, its partner or None. Iterative, so long paths are safe."""
    owner: list[int | None] = [None] * right_size
    partner: list[int | None] = [None] * len(edges)
    for root in range(len(edges)):
        visited: set[int] = set()
        reached_by: dict[int, int] = {}
        stack: list[list[int]] = [[root, 0]]
        while stack:
            frame = stack[-1]
            left, cursor = frame
            if cursor >= len(edges[left]):
                stack.pop()
                continue
            frame[1] += 1
            right = edges[left][cursor]
            if right in visited:
                continue
            visited.add(right)
            reached_by[right] = left
            holder = owner[right]
            if holder is not None:
                stack.append([holder, 0])
                continue
            # Free vertex found: flip every edge on the path back to the root.
            while True:
                left = reached_by[right]
                previous = partner[left]
                partner[left], owner[right] = right, left
                if left == root or previous is None:
                    break
                right = previous
            break
    return partner


def evaluate(
    extracted: Sequence[SignificantEvent],
    expected: Sequence[ExpectedEvent],
    traps: Sequence[Trap] | None = None,
) -> EvalReport:
    """Match, score and check traps exactly as the dev set's README describes."""
    edges: list[list[int]] = []
    for event in extracted:
        sources = {str(s) for s in event.source_message_ids}
        edges.append(
            [
                j
                for j, gold in enumerate(expected)
                if gold.event_type == event.event_type and sources & set(gold.source_ids)
            ]
        )
    partner = maximum_matching(edges, len(expected))
    scores = {t.value: TypeScore(event_type=t.value) for t in EventType}
    for i, event in enumerate(extracted):
        score = scores[event.event_type.value]
        if partner[i] is None:
            score.false_positives += 1
        else:
            score.true_positives += 1
    matched = {j for j in partner if j is not None}
    for j, gold in enumerate(expected):
        if j not in matched:
            scores[gold.event_type.value].false_negatives += 1
    per_type = [
        s for s in scores.values() if s.true_positives + s.false_positives + s.false_negatives
    ]
    micro = TypeScore(
        event_type="micro",
        true_positives=sum(s.true_positives for s in per_type),
        false_positives=sum(s.false_positives for s in per_type),
        false_negatives=sum(s.false_negatives for s in per_type),
    )
    unmatched = [event for i, event in enumerate(extracted) if partner[i] is None]
    violations = _violations(unmatched, traps or [])
    pairs = [(extracted[i], expected[j]) for i, j in enumerate(partner) if j is not None]
    values, right = _metric_values(pairs)
    judged = [(e, g) for e, g in pairs if g.polarity is not None]
    by_kind: dict[str, int] = defaultdict(int)
    for trap in traps or []:
        by_kind[trap.kind] += 1
    return EvalReport(
        per_type=per_type,
        micro=micro,
        matches=[(extracted[i].id, j) for i, j in enumerate(partner) if j is not None],
        false_positive_ids=[event.id for event in unmatched],
        missed=sorted(set(range(len(expected))) - matched),
        traps_total=len(traps or []),
        traps_by_kind=dict(sorted(by_kind.items())),
        violations=violations,
        metric_values=values,
        metric_values_right=right,
        polarity_checked=len(judged),
        polarity_right=sum(1 for e, g in judged if e.polarity == g.polarity),
    )


def same_value(found: float, wanted: float) -> bool:
    """Equal within rounding: "$84k" carries 84,321; 38 carries 38.0."""
    return abs(found - wanted) <= max(0.5, 0.02 * abs(wanted))


def _metric_values(pairs: Iterable[tuple[SignificantEvent, ExpectedEvent]]) -> tuple[int, int]:
    """(gold key_metrics values of matched events, how many of them the event carries).
    Names differ between writers ("active_clinics", "clinics"), so values are compared."""
    total = right = 0
    for event, gold in pairs:
        carried = [m.value for m in event.metrics if isinstance(m.value, float)]
        for value in gold.key_metrics.values():
            if isinstance(value, str):
                continue
            total += 1
            right += any(same_value(found, float(value)) for found in carried)
    return total, right


def _violations(
    unmatched: Iterable[SignificantEvent], traps: Sequence[Trap]
) -> list[TrapViolation]:
    by_message: dict[str, list[SignificantEvent]] = defaultdict(list)
    for event in unmatched:
        for source in {str(s) for s in event.source_message_ids}:
            by_message[source].append(event)
    found: list[TrapViolation] = []
    for trap in traps:
        allowed = set(trap.event_types) if trap.event_types else None
        citing = [
            e for e in by_message.get(trap.id, []) if allowed is None or e.event_type in allowed
        ]
        if citing:
            found.append(
                TrapViolation(
                    trap_id=trap.id,
                    kind=trap.kind,
                    event_ids=[e.id for e in citing],
                    event_types=sorted({e.event_type.value for e in citing}),
                )
            )
    return found


def extract_all(
    messages: Iterable[Message], extractor: Extractor, batch_size: int = 200
) -> list[SignificantEvent]:
    """Run an extractor the way the pipeline batches: per company and source, `batch_size`
    messages at a time in input order, the rest at the end; the reports are stamped and
    resolved as the event store does (`domain.resolution`). Superseded stages are kept:
    labels count the term sheet and the closed round as two events."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    pending: dict[tuple[str, Source], list[Message]] = defaultdict(list)
    reports: list[SignificantEvent] = []

    def flush(key: tuple[str, Source]) -> None:
        batch = Batch.of(key[0], key[1], pending.pop(key))
        found = extractor.extract(batch).events
        reports.extend(stamp_batch(found, {m.id: m for m in batch.messages}))

    for message in messages:
        key = (message.company_id, message.source)
        pending[key].append(message)
        if len(pending[key]) >= batch_size:
            flush(key)
    for key in list(pending):
        flush(key)
    return [e for e in resolve_reports(reports) if e.status is not EventStatus.RETRACTED]
