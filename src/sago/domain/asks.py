"""Help a company's messages ask investors for: intros, hires, advice.

Two shapes are found (the words are data: `asks.toml`): the items of an "Asks" list in a
founder's own update, and a sentence that has a request cue and names who could help
("if any of our investors know…"). Internal requests ("can someone intro me to the new
designer") name no such audience and are not asks.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from sago.domain.message import Message

MAX_ASKS = 5
MAX_ASK_CHARS = 240
_BULLET = re.compile(r"^\s*(?:[-*•·–]|\d{1,2}[.)])\s+(?P<item>.+?)\s*$")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


@dataclass(frozen=True)
class AskLexicon:
    headings: frozenset[str]
    cues: re.Pattern[str]
    audiences: re.Pattern[str]


def _alternation(words: Iterable[str]) -> re.Pattern[str]:
    body = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


@cache
def lexicon() -> AskLexicon:
    data = tomllib.loads(resources.files("sago.domain").joinpath("asks.toml").read_text("utf-8"))
    return AskLexicon(
        headings=frozenset(h.casefold() for h in data["headings"]),
        cues=_alternation(data["cues"]),
        audiences=_alternation(data["audiences"]),
    )


def _heading(line: str, words: AskLexicon) -> bool:
    text = line.strip().strip("#*_ ").rstrip(":").strip()
    return text.casefold() in words.headings


def _listed(text: str, words: AskLexicon) -> list[str]:
    """The items under each asks heading."""
    found: list[str] = []
    inside = False
    for line in text.splitlines():
        if _heading(line, words):
            inside = True
            continue
        if not inside:
            continue
        bullet = _BULLET.match(line)
        if bullet:
            found.append(bullet["item"])
        elif found or line.strip():
            # A blank line before the first item is layout; anything else ends the list.
            inside = not line.strip() and not found
    return found


def _sentences(text: str, words: AskLexicon) -> list[str]:
    return [
        s.group(0).strip()
        for s in _SENTENCE.finditer(text)
        if words.cues.search(s.group(0)) and words.audiences.search(s.group(0))
    ]


def asks_in(message: Message) -> list[str]:
    """The asks one message makes, in its order."""
    words = lexicon()
    items = _listed(message.text, words) or _sentences(message.text, words)
    return [" ".join(i.split())[:MAX_ASK_CHARS] for i in items if i.strip()]


def find_asks(messages: Iterable[Message]) -> list[tuple[str, Message]]:
    """Distinct asks across messages, newest first (a later update restates the current
    asks), at most MAX_ASKS."""
    # Keep only the messages that ask before sorting: the period's messages stream past
    # once (a big company's months would not fit in memory) and few of them ask anything.
    asking = [(message, asks) for message in messages if (asks := asks_in(message))]
    seen: set[str] = set()
    found: list[tuple[str, Message]] = []
    for message, asks in sorted(asking, key=lambda p: (p[0].timestamp, p[0].id), reverse=True):
        for ask in asks:
            key = " ".join(ask.casefold().split())
            if key not in seen:
                seen.add(key)
                found.append((ask, message))
    return found[:MAX_ASKS]
