"""What a planted event is made of: drafts of messages, the gold record, shared helpers."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sago.devtools.datagen.world import World


@dataclass
class Draft:
    """A message waiting to be written: `delay` minutes after the story starts."""

    delay: float
    chat: bool
    sender: str
    content: str
    source: bool = True


@dataclass
class Story:
    """One planted event: its gold record and the messages that state it."""

    event_type: str
    title: str
    key_metrics: dict[str, float]
    severity: str
    drafts: list[Draft]
    update_line: str | None = None


@dataclass
class Progress:
    """Facts that only move forward: rounds, ARR, user counts, markets, standards."""

    round_index: int = 0
    arr: float = 0.0
    users: float = 0.0
    accuracy: float = 84.0
    country_index: int = 0
    standard_index: int = 0
    role_index: int = 0
    unit: str = "customers"
    today: dt.date = dt.date(2025, 1, 1)
    pending_lead: str | None = None


ROUNDS = ("Seed", *(f"Series {letter}" for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
ROUND_SIZE = {"Seed": (1.5, 4.0), "Series A": (6.0, 18.0), "Series B": (20.0, 50.0)}
_CELEBRATE = ("🎉🎉", "congrats team!!", "huge", "LETS GOOO", "🚀", "🙌🙌", "amazing!!", "🔥🔥🔥")


def money(rng: random.Random, value: float, currency: str = "USD") -> str:
    """The same amount in one of the ways people write it."""
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}[currency]
    millions = value / 1e6
    styles: list[str]
    if value >= 1e6:
        short = f"{millions:.1f}".rstrip("0").rstrip(".")
        styles = [f"{symbol}{short}M", f"{symbol}{short} million", f"{symbol}{millions:.1f}M"]
        if millions == int(millions):
            styles.append(f"{symbol}{int(millions)}m")
        if currency == "EUR":
            styles.append(f"{short} million euros")
    else:
        thousands = value / 1e3
        styles = [f"{symbol}{thousands:.0f}k", f"{symbol}{value:,.0f}"]
        if currency == "EUR":
            styles.append(f"{value:,.0f} €".replace(",", "."))
    return rng.choice(styles)


def celebrations(rng: random.Random, world: World, start: float = 0.0) -> list[Draft]:
    """Replies that cheer an announcement; never sources of the event."""
    count = rng.choice((0, 1, 1, 2))
    return [
        Draft(start + 1 + i * 1.5, True, world.person().first, rng.choice(_CELEBRATE), False)
        for i in range(count)
    ]


def pick(rng: random.Random, options: tuple[str, ...], **slots: object) -> str:
    """One of the phrasings, filled in."""
    return rng.choice(options).format(**slots)
