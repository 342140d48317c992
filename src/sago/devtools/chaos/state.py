"""What a run leaves behind, reduced to what must not change under crashes, and the verdict.

A snapshot holds every stored message (id → its JSON), the events of every status as
(type, status, stage, polarity, superseded_by, sorted source ids, metrics) and the latest
email's subject and body. Two runs on the same input agree
when their snapshots are equal; `compare` counts what an interrupted run lost or doubled.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sago.domain.event import EventStatus, SignificantEvent, id_order
from sago.domain.message import MessageStatus
from sago.emailstore.base import EmailStore
from sago.eventstore.base import EventStore
from sago.rawstore.base import RawStore

EventKey = tuple[str, tuple[str, str, str, str], tuple[str, ...], tuple[tuple[str, str, str], ...]]


def event_key(event: SignificantEvent) -> EventKey:
    """Type, where the occurrence stands (status, stage, polarity, superseded by), sorted
    source ids and metrics: what must come out the same however a run went."""
    metrics = tuple(sorted((m.name, repr(m.value), m.unit or "") for m in event.metrics))
    sources = tuple(sorted(event.source_message_ids, key=id_order))
    standing = (
        event.status.value,
        event.stage or "",
        event.polarity.value,
        event.superseded_by or "",
    )
    return (event.event_type.value, standing, sources, metrics)


@dataclass(frozen=True)
class Snapshot:
    """The durable result of a run for one company."""

    messages: dict[str, str]  # id → the stored message's JSON
    rows: int  # messages read back; more than len(messages) means one was stored twice
    unfinished: int  # stored or batched, never extracted
    dead_lettered: int
    events: Counter[EventKey]
    email: tuple[str, str] | None  # subject, body

    @classmethod
    def capture(
        cls,
        company_id: str,
        rawstore: RawStore,
        eventstore: EventStore,
        emailstore: EmailStore | None = None,
    ) -> Snapshot:
        """What the stores hold now (the email too, given its store)."""
        messages: dict[str, str] = {}
        rows = 0
        for message in rawstore.messages(company_id):
            rows += 1
            messages.setdefault(message.id, message.model_dump_json())
        latest = emailstore.latest(company_id) if emailstore is not None else None
        return cls(
            messages=messages,
            rows=rows,
            unfinished=sum(1 for _ in rawstore.unfinished(company_id)),
            dead_lettered=rawstore.count(company_id, MessageStatus.DEAD_LETTERED),
            events=Counter(
                event_key(e) for e in eventstore.events(company_id, statuses=list(EventStatus))
            ),
            email=(latest.subject, latest.body) if latest is not None else None,
        )


@dataclass(frozen=True)
class Verdict:
    """How a snapshot differs from the reference: counts first, then a few examples."""

    messages: int  # in the reference
    lost: int  # reference messages missing, or stored but never extracted
    doubled: int  # extra copies of a message or of an event
    messages_equal: bool
    events_equal: bool
    email_equal: bool | None  # None: not compared (the scale path writes no email)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.lost == 0
            and self.doubled == 0
            and self.messages_equal
            and self.events_equal
            and self.email_equal is not False
        )


def compare(reference: Snapshot, got: Snapshot, *, email: bool = True) -> Verdict:
    notes: list[str] = []
    missing = [i for i in reference.messages if i not in got.messages]
    changed = [
        i for i, body in reference.messages.items() if got.messages.get(i) not in (None, body)
    ]
    extra = [i for i in got.messages if i not in reference.messages]
    unfinished = max(got.unfinished - reference.unfinished, 0)
    lost = len(missing) + unfinished + max(got.dead_lettered - reference.dead_lettered, 0)
    event_copies = sum(n - 1 for n in got.events.values() if n > 1)
    doubled = (got.rows - len(got.messages)) + event_copies
    if missing:
        notes.append(f"{len(missing)} messages missing, e.g. {missing[:5]}")
    if changed:
        notes.append(f"{len(changed)} messages stored differently, e.g. {changed[:5]}")
    if extra:
        notes.append(f"{len(extra)} messages not in the reference, e.g. {extra[:5]}")
    if unfinished:
        notes.append(f"{unfinished} messages stored but never extracted")
    absent = reference.events - got.events
    surplus = got.events - reference.events
    if absent:
        notes.append(f"{sum(absent.values())} reference events missing, e.g. {list(absent)[:3]}")
    if surplus:
        notes.append(
            f"{sum(surplus.values())} events not in the reference, e.g. {list(surplus)[:3]}"
        )
    email_equal = (got.email == reference.email) if email else None
    if email_equal is False:
        subjects = (got.email and got.email[0], reference.email and reference.email[0])
        notes.append(f"email differs: {subjects[0]!r} vs {subjects[1]!r}")
    return Verdict(
        messages=len(reference.messages),
        lost=lost,
        doubled=doubled,
        messages_equal=not (missing or changed or extra),
        events_equal=got.events == reference.events,
        email_equal=email_equal,
        notes=notes,
    )


@dataclass
class ScenarioResult:
    """One line of `sago chaos`: what was done to a run and how its result compares."""

    name: str
    kills: int
    verdict: Verdict
    seconds: float
    outages: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.verdict.ok and not self.notes

    def line(self) -> str:
        v = self.verdict
        parts = [
            self.name,
            f"kills={self.kills}",
            f"messages={v.messages}",
            f"lost={v.lost}",
            f"doubled={v.doubled}",
            f"events_equal={'yes' if v.events_equal and v.messages_equal else 'no'}",
        ]
        if v.email_equal is not None:
            parts.append(f"email_equal={'yes' if v.email_equal else 'no'}")
        if self.outages is not None:
            parts.append(f"outages={self.outages}")
        parts.append(f"seconds={self.seconds:.1f}")
        return " ".join(parts)

    def problems(self) -> list[str]:
        return [*self.verdict.notes, *self.notes]
