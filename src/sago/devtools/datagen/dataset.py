"""Synthetic startup communications with planted, labelled events (the seed's generate_data.py).

`generate(rows, seed)` streams rows in time order, ids 1..N, 85% chat and 15% email:
daily chatter and routine email, planted events of all 14 types (each stated in one to
four messages with varied wording, plus celebration replies that are not sources),
planted traps that must not yield events, and a monthly investor update that repeats the
month's highlights and lists next month's goals. The gold records fill in as rows are
produced, so a million rows never sit in memory. The same seed gives the same bytes.

`write_dataset(path, rows, seed)` writes the CSV, `<stem>.expected.json` in the dev set's
`expected_events.json` format and `<stem>.traps.json` in its `traps.json` format.
"""

from __future__ import annotations

import csv
import datetime as dt
import heapq
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import Any

from sago.devtools.datagen.noise import TRAP_KINDS, noise, trap
from sago.devtools.datagen.product import STORIES
from sago.devtools.datagen.story import Draft, Progress, Story, money
from sago.devtools.datagen.world import COUNTRIES, ROLES, World

COLUMNS = ("id", "is_chat", "chat_sender", "email_sender", "timestamp", "content")
# Chosen so that about one row in 30 starts an event and one in 50 is a trap; the share
# of email lands near the seed's 15%.
_EVENT_SHARE = 0.034
_TRAP_SHARE = 0.02
_START = dt.datetime(2025, 1, 6, 8, 30)


@dataclass(frozen=True, slots=True)
class Row:
    """One CSV row of the seed's format."""

    id: int
    is_chat: bool
    sender: str
    timestamp: dt.datetime
    content: str

    def cells(self) -> list[str]:
        return [
            str(self.id),
            "True" if self.is_chat else "False",
            self.sender if self.is_chat else "",
            "" if self.is_chat else self.sender,
            self.timestamp.isoformat(timespec="seconds"),
            self.content,
        ]


@dataclass
class GoldEvent:
    """A planted event as `expected_events.json` records it."""

    event_type: str
    title: str
    key_metrics: dict[str, float]
    severity: str
    source_ids: list[int] = field(default_factory=list)
    date: str | None = None
    polarity: str = "positive"

    def as_json(self) -> dict[str, Any]:
        return {
            "event_type": self.event_type,
            "title": self.title[:200],
            "source_ids": sorted(self.source_ids),
            "key_metrics": self.key_metrics,
            "severity": self.severity,
            "date": self.date,
            "polarity": self.polarity,
        }


@dataclass
class GoldTrap:
    """A planted trap as `traps.json` records it."""

    id: int
    kind: str
    note: str
    event_types: list[str] | None = None

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "kind": self.kind, "note": self.note}
        if self.event_types:
            data["event_types"] = self.event_types
        return data


@dataclass(order=True)
class _Pending:
    when: dt.datetime
    seq: int
    draft: Draft = field(compare=False)
    event: GoldEvent | None = field(compare=False, default=None)
    trap: GoldTrap | None = field(compare=False, default=None)
    cites: list[GoldEvent] = field(compare=False, default_factory=list)


class Dataset:
    """Iterate for rows; `events` and `traps` are complete once iteration has finished."""

    def __init__(self, rows: int, seed: int) -> None:
        if rows < 0:
            raise ValueError("rows must not be negative")
        self.rows = rows
        self.seed = seed
        self.events: list[GoldEvent] = []
        self.traps: list[GoldTrap] = []

    def __iter__(self) -> Iterator[Row]:
        self.events, self.traps = [], []
        rng = random.Random(self.seed)
        world = World.create(rng)
        progress = Progress(unit=rng.choice(("customers", "users", "teams", "stores")))
        span_minutes = min(730.0, max(60.0, self.rows / 8)) * 24 * 60
        mean_gap = span_minutes / max(self.rows, 1) * 0.6
        pending: list[_Pending] = []
        seq = count()
        types: list[str] = []
        kinds: list[str] = []
        month_events: list[tuple[GoldEvent, Story]] = []
        clock, month = _START, (_START.year, _START.month)
        emitted = 0
        while emitted < self.rows:
            clock = _advance(clock, rng, mean_gap)
            if (clock.year, clock.month) != month:
                draft, goals, cited, extra = _investor_update(
                    world, rng, progress, month, month_events
                )
                self.events.extend(extra)
                when = clock + dt.timedelta(minutes=rng.uniform(20, 240))
                heapq.heappush(
                    pending, _Pending(when, next(seq), draft, trap=goals, cites=cited + extra)
                )
                month_events, month = [], (clock.year, clock.month)
            roll = rng.random()
            if roll < _EVENT_SHARE:
                if not types:
                    types = list(STORIES)
                    rng.shuffle(types)
                progress.today = clock.date()
                story = STORIES[types.pop()](world, rng, progress)
                event = GoldEvent(story.event_type, story.title, story.key_metrics, story.severity)
                self.events.append(event)
                month_events.append((event, story))
                first = min(d.delay for d in story.drafts)
                for draft in story.drafts:
                    when = clock + dt.timedelta(minutes=draft.delay - first)
                    source = event if draft.source else None
                    heapq.heappush(pending, _Pending(when, next(seq), draft, event=source))
            elif roll < _EVENT_SHARE + _TRAP_SHARE:
                if not kinds:
                    kinds = list(TRAP_KINDS)
                    rng.shuffle(kinds)
                planted = trap(world, rng, kinds.pop())
                draft = Draft(0, planted.chat, planted.sender, planted.content, source=False)
                if planted.bad_news is not None:
                    kind, title = planted.bad_news
                    bad = GoldEvent(kind, title, {}, "high", polarity="negative")
                    self.events.append(bad)
                    heapq.heappush(pending, _Pending(clock, next(seq), draft, event=bad))
                else:
                    gold = GoldTrap(0, planted.kind, planted.note)
                    heapq.heappush(pending, _Pending(clock, next(seq), draft, trap=gold))
            else:
                item = noise(world, rng)
                draft = Draft(0, item.chat, item.sender, item.content, source=False)
                heapq.heappush(pending, _Pending(clock, next(seq), draft))
            while pending and pending[0].when <= clock and emitted < self.rows:
                emitted += 1
                yield self._emit(heapq.heappop(pending), emitted)
        self.events = [e for e in self.events if e.source_ids]

    def _emit(self, item: _Pending, row_id: int) -> Row:
        stamp = item.when.replace(microsecond=0)
        for event in ([item.event] if item.event else []) + item.cites:
            event.source_ids.append(row_id)
            event.date = event.date or stamp.date().isoformat()
        if item.trap is not None:
            item.trap.id = row_id
            self.traps.append(item.trap)
        return Row(row_id, item.draft.chat, item.draft.sender, stamp, item.draft.content)


def _advance(clock: dt.datetime, rng: random.Random, mean_gap: float) -> dt.datetime:
    clock += dt.timedelta(minutes=rng.expovariate(1 / mean_gap) if mean_gap > 0 else 0)
    # People write in the day: night and weekend time is skipped.
    if clock.hour >= 20 or clock.hour < 8:
        days = 1 if clock.hour >= 20 else 0
        clock = (clock + dt.timedelta(days=days)).replace(hour=8, minute=rng.randint(0, 59))
    while clock.weekday() >= 5 and rng.random() < 0.9:
        clock = (clock + dt.timedelta(days=1)).replace(hour=8, minute=rng.randint(0, 59))
    return clock


def _investor_update(
    world: World,
    rng: random.Random,
    progress: Progress,
    month: tuple[int, int],
    stories: list[tuple[GoldEvent, Story]],
) -> tuple[Draft, GoldTrap | None, list[GoldEvent], list[GoldEvent]]:
    """The monthly update: highlights cite events, goals are traps, usage may be an event."""
    name = dt.date(month[0], month[1], 1).strftime("%B %Y")
    nxt = dt.date(month[0] + month[1] // 12, month[1] % 12 + 1, 1).strftime("%B")
    cited = [(e, s) for e, s in stories if s.update_line and rng.random() < 0.8][:6]
    lines = [f"{i}. {s.update_line}" for i, (_, s) in enumerate(cited, start=1)]
    extra: list[GoldEvent] = []
    if rng.random() < 0.35:
        mau = round(rng.uniform(2, 60), 1) * 1000
        pct = rng.randint(6, 40)
        lines.append(
            f"{len(lines) + 1}. Usage: {mau / 1000:g}k monthly active users, up {pct}%"
            " month over month."
        )
        extra.append(
            GoldEvent(
                "user_growth",
                f"Monthly active users reached {mau:,.0f}",
                {"mau": mau, "mom_growth_pct": pct},
                "medium",
            )
        )
    highlights = "\n".join(lines) or "A steady month: no major milestones, solid roadmap progress."
    mrr = max(progress.arr / 12, rng.uniform(20, 60) * 1e3)
    dau = rng.randint(300, 900) * max(1, int(progress.users // 1000) or 1)
    # The key metrics are this month's points of the MRR and DAU series.
    extra.append(GoldEvent("revenue_milestone", f"MRR in {name}", {"mrr_usd": mrr}, "high"))
    extra.append(GoldEvent("user_growth", f"DAU in {name}", {"dau": float(dau)}, "medium"))
    goals = rng.sample(
        (
            ("enterprise_deal", f"Sign {world.any_customer()}."),
            ("market_expansion", f"Launch in {rng.choice(COUNTRIES)[0]}."),
            ("revenue_milestone", f"Cross {money(rng, max(progress.arr, 1e6) * 1.5)} ARR."),
            ("hiring", f"Hire a {rng.choice(ROLES)}."),
            ("product_launch", f"Ship {rng.choice(world.products)} to all customers."),
        ),
        k=rng.choice((2, 3)),
    )
    heading = rng.choice((f"Goals for {nxt}", f"Focus for {nxt}", f"Priorities for {nxt}"))
    ceo = world.person("CEO")
    body = (
        f"Subject: {world.name} – {name} investor update\n\nHi all,\n\nHere is our update for"
        f" {name}.\n\nHighlights\n{highlights}\n\nKey metrics\n- MRR: {money(rng, mrr)}"
        f" (+{rng.randint(2, 12)}% MoM)\n- NRR: {rng.randint(98, 130)}%\n- DAU: {dau:,}"
        f"\n\n{heading}\n"
        + "\n".join(f"- {text}" for _, text in goals)
        + f"\n\nAsks\n- Intros to operators in our space.\n\nBest,\n{ceo.first}\n\n--\n"
        f"{ceo.first} {ceo.last}\nCEO, {world.name}"
    )
    real = bool(cited or extra)
    note = f"{name} update: goals for {nxt} are plans, not events"
    types = sorted({t for t, _ in goals}) if real else None
    gold = GoldTrap(0, "goal", note, types)
    return Draft(0, False, ceo.email, body, source=False), gold, [e for e, _ in cited], extra


def generate(rows: int, seed: int) -> Dataset:
    """A lazily generated dataset of `rows` messages; iterate it for `Row`s."""
    return Dataset(rows, seed)


def sidecar(path: Path, kind: str) -> Path:
    """`data/full_data.csv` → `data/full_data.expected.json` (kind "expected" or "traps")."""
    return path.with_name(f"{path.stem}.{kind}.json")


def write_dataset(path: Path, rows: int, seed: int, *, traps: bool = True) -> Path:
    """Write the CSV at `path` and its gold files next to it; returns the expected-events
    file (`<stem>.expected.json`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    dataset = generate(rows, seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(row.cells() for row in dataset)
    expected = sidecar(path, "expected")
    events = [event.as_json() for event in dataset.events]
    expected.write_text(json.dumps(events, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if traps:
        sidecar(path, "traps").write_text(
            json.dumps([t.as_json() for t in dataset.traps], indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
    return expected
