"""The redaction port: what a text must not show a given audience, and the text without it.

A `Redactor` finds the spans to withhold (`find`); `redact` replaces them with the
audience's placeholder and keeps a map from the redacted text back to the original, so a
quote taken from the redacted text can be located in the original one (`to_original`).
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict

Category = Literal["compensation", "health_hr", "contact", "confidential"]
Audience = Literal["investor", "llm"]


class Withheld(BaseModel):
    """One span of a text that an audience must not see, and why."""

    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    category: Category
    reason: str
    text: str


def tag_of(text: str) -> str:
    """A short stable tag for a withheld text: the same text gets the same placeholder in
    every batch, so events extracted from redacted text keep stable ids."""
    folded = " ".join(text.lower().split())
    return hashlib.sha256(folded.encode()).hexdigest()[:6]


@dataclass(frozen=True)
class Piece:
    """A stretch of the redacted text: copied from the original at `source`, or a
    placeholder standing for `withheld` (then `source` is where the withheld span began)."""

    start: int
    end: int
    source: int
    withheld: Withheld | None = None


@dataclass
class Redacted:
    """A text with its withheld spans replaced, and the way back to the original."""

    original: str
    text: str
    withheld: list[Withheld] = field(default_factory=list)
    pieces: list[Piece] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.withheld)

    def placeholders(self) -> dict[str, str]:
        """Placeholder text → the original text it stands for."""
        return {self.text[p.start : p.end]: p.withheld.text for p in self.pieces if p.withheld}

    def to_original(self, start: int, end: int) -> tuple[int, int] | None:
        """The original span of the redacted text's [start, end), or None when it covers
        any part of a placeholder (a quote must never include withheld text)."""
        for piece in self.pieces:
            if piece.withheld is None and piece.start <= start and end <= piece.end:
                offset = piece.source - piece.start
                return start + offset, end + offset
        return None

    def clean_parts(self, start: int, end: int) -> list[tuple[int, int]]:
        """The original spans of the parts of redacted [start, end) outside placeholders."""
        parts = []
        for piece in self.pieces:
            low, high = max(start, piece.start), min(end, piece.end)
            if piece.withheld is None and low < high:
                offset = piece.source - piece.start
                parts.append((low + offset, high + offset))
        return parts


def merge(spans: Iterable[Withheld]) -> list[Withheld]:
    """Sorted, non-overlapping spans; where two overlap the longer one's category wins."""
    merged: list[Withheld] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            if span.end <= last.end:
                continue
            lead = last if (last.end - last.start) >= (span.end - span.start) else span
            merged[-1] = lead.model_copy(update={"start": last.start, "end": span.end})
        else:
            merged.append(span)
    return merged


def apply(text: str, spans: Sequence[Withheld], placeholder: str) -> Redacted:
    """Replace each span by `placeholder` (formatted with {kind} and {tag})."""
    out: list[str] = []
    pieces: list[Piece] = []
    cursor = written = 0
    final: list[Withheld] = []
    for span in merge(spans):
        exact = span.model_copy(update={"text": text[span.start : span.end]})
        final.append(exact)
        if span.start > cursor:
            out.append(text[cursor : span.start])
            pieces.append(Piece(written, written + span.start - cursor, cursor))
            written += span.start - cursor
        token = placeholder.format(kind=span.category, tag=tag_of(exact.text))
        out.append(token)
        pieces.append(Piece(written, written + len(token), span.start, exact))
        written += len(token)
        cursor = span.end
    if cursor < len(text):
        out.append(text[cursor:])
        pieces.append(Piece(written, written + len(text) - cursor, cursor))
    return Redacted(original=text, text="".join(out), withheld=final, pieces=pieces)


class Redactor(ABC):
    """Finds what an audience must not see: compensation, personal contact data, health
    and HR matters, and the company's confidential terms."""

    name: str = "redactor"

    @abstractmethod
    def find(self, text: str, audience: Audience) -> list[Withheld]:
        """The spans of `text` to withhold from `audience` (may overlap; unsorted)."""

    @abstractmethod
    def placeholder(self, audience: Audience) -> str:
        """What a withheld span becomes for `audience` ({kind} and {tag} are filled in)."""

    def redact(self, text: str, audience: Audience) -> Redacted:
        if not text.strip():
            return Redacted(original=text, text=text, pieces=[Piece(0, len(text), 0)])
        return apply(text, self.find(text, audience), self.placeholder(audience))
