"""A message as the detectors read it: sentences, their clauses, the section each sits in.

Everything is offsets into the original text, so a quote is always a verbatim substring of
the message (`text[start:end]`). Matching runs on a lower-cased copy of the same length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from sago.domain.message import Message
from sago.extractors.rules.lexicon import Lexicon

_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+\S)|(?<=[.!?])\s*\n")
_BULLET = re.compile(r"^\s*(?:[-*•·>–]+|\d{1,2}[.)]|[a-z][.)])\s+")
# Pictographs and flags; a run of them closes a thought in chat ("signed! 🎉 next thing").
EMOJI_RUN = re.compile(r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D]+\s*")
_STRONG_BREAK = re.compile(r"\s*(?:;|\s[—–-]\s|\s\|\s)\s*")
_TOKEN = re.compile(r"[\w'’$€£%.,-]*\w|[^\w\s]")
_DIGITS = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence: absolute offsets, its section and its clause and segment bounds.

    A *segment* is the stretch between strong breaks (emoji runs, ";", " — "); a *clause*
    is a segment cut again at the language's clause connectors ("but", "however").
    """

    start: int
    end: int
    text: str
    low: str
    line: int
    section: str | None  # "plan", "bad" or None
    heading: str
    segments: tuple[tuple[int, int], ...]
    clauses: tuple[tuple[int, int], ...]

    def _containing(self, spans: tuple[tuple[int, int], ...], pos: int) -> tuple[int, int]:
        for start, end in spans:
            if start <= pos < end:
                return start, end
        return self.start, self.end

    def segment_at(self, pos: int) -> tuple[int, int]:
        return self._containing(self.segments, pos)

    def clause_at(self, pos: int) -> tuple[int, int]:
        return self._containing(self.clauses, pos)

    @property
    def has_digits(self) -> bool:
        return _DIGITS.search(self.text) is not None


@dataclass
class Document:
    """One message, split and lower-cased once, with what detectors share about it."""

    message: Message
    lexicon: Lexicon
    self_names: frozenset[str] = frozenset()
    text: str = field(init=False)
    low: str = field(init=False)

    def __post_init__(self) -> None:
        self.text = self.message.text
        low = self.text.lower()
        # A few characters change length when lowered; offsets must stay true.
        self.low = low if len(low) == len(self.text) else self.text

    @cached_property
    def languages(self) -> tuple[str, ...]:
        tokens = re.findall(r"[^\W\d_]+", self.low[:1500])
        return self.lexicon.guess_languages(self.low, tokens)

    @cached_property
    def sentences(self) -> list[Sentence]:
        return split_sentences(self.text, self.low, self.lexicon, self.languages)

    def sentence_at(self, pos: int) -> Sentence | None:
        for sentence in self.sentences:
            if sentence.start <= pos < sentence.end:
                return sentence
        return None


def _heading_kind(low: str, lexicon: Lexicon, langs: tuple[str, ...]) -> str | None:
    if lexicon.pattern("modality", "plan_heading", langs).search(low):
        return "plan"
    if lexicon.pattern("modality", "bad_heading", langs).search(low):
        return "bad"
    return None


def _is_heading(line: str) -> bool:
    stripped = line.strip().strip("*_#").strip()
    if not stripped or _BULLET.match(line) or len(stripped) > 50:
        return False
    if stripped.endswith(":"):
        return True  # "Next steps:", "Lowlights:"
    if stripped[-1] in ".!,;)" or len(stripped.split()) > 5:
        return False
    return stripped[0].isupper() or not stripped[0].isalpha()


def _pieces(
    text: str, start: int, end: int, abbreviations: frozenset[str]
) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        before = text[cursor : match.start()].split()
        last = before[-1].lower().rstrip(".") if before else ""
        initial = len(last) == 1 and last.isalpha()
        marker = len(before) == 1 and last.isdigit()  # "4. Press: …" is a list item
        if match.group().startswith(".") and (last in abbreviations or initial or marker):
            continue
        # Dot leaders join a table's label to its figure ("ARR ........ $2.1M"): no end.
        if match.group().startswith("....") or (
            match.group().startswith("..") and text[match.start() - 1 : match.start()].isspace()
        ):
            continue
        pieces.append((cursor, match.end()))
        cursor = match.end()
    if cursor < end:
        pieces.append((cursor, end))
    # A short exclamation leads into what follows ("Signed! 85 clinics, €620k").
    merged: list[tuple[int, int]] = []
    for piece in pieces:
        if merged:
            prev = text[merged[-1][0] : merged[-1][1]].strip()
            if prev.endswith("!") and len(prev.split()) <= 7:
                merged[-1] = (merged[-1][0], piece[1])
                continue
        merged.append(piece)
    return merged


def _split(
    spans: list[tuple[int, int]], breaks: re.Pattern[str], low: str
) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in spans:
        cursor = start
        for match in breaks.finditer(low, start, end):
            if match.start() > cursor:
                out.append((cursor, match.start()))
            cursor = max(cursor, match.end())
        if cursor < end:
            out.append((cursor, end))
    return out or spans


_BREAKS: dict[tuple[int, tuple[str, ...]], re.Pattern[str]] = {}


def _clause_breaks(lexicon: Lexicon, langs: tuple[str, ...]) -> re.Pattern[str]:
    """ "…, but nothing signed" and "…, they signed with Y" open clauses of their own."""
    key = (id(lexicon), tuple(sorted(langs)))
    found = _BREAKS.get(key)
    if found is None:
        connectors = lexicon.pattern("language", "clause_breaks", langs).pattern
        subjects = lexicon.pattern("language", "clause_subjects", langs).pattern
        found = re.compile(rf"\s*,?\s+(?:{connectors})(?=\s)|\s*,\s*(?=(?:{subjects})\s)")
        _BREAKS[key] = found
    return found


def split_sentences(
    text: str, low: str, lexicon: Lexicon, langs: tuple[str, ...]
) -> list[Sentence]:
    """Trimmed sentences with their section: lines under a plans or lowlights heading say so."""
    abbreviations = lexicon.words("language", "abbreviations")
    clause_break = _clause_breaks(lexicon, langs)
    result: list[Sentence] = []
    section: str | None = None
    heading = ""
    lines = list(re.finditer(r"[^\n]+", text))
    for number, line in enumerate(lines):
        raw = line.group()
        if not raw.strip():
            continue
        # Only a line with more below it can head a section; a one-line chat never does.
        if number < len(lines) - 1 and _is_heading(raw):
            section = _heading_kind(low[line.start() : line.end()], lexicon, langs)
            heading = raw.strip()
            if section or len(raw.split()) <= 3:
                continue
        for start, end in _pieces(text, line.start(), line.end(), abbreviations):
            chunk = text[start:end]
            lead = len(chunk) - len(chunk.lstrip())
            bullet = _BULLET.match(chunk[lead:])
            lead += bullet.end() if bullet else 0
            s, e = start + lead, end - (len(chunk) - len(chunk.rstrip()))
            if e <= s:
                continue
            segments = _split(_split([(s, e)], EMOJI_RUN, text), _STRONG_BREAK, low)
            clauses = _split(segments, clause_break, low)
            result.append(
                Sentence(
                    s,
                    e,
                    text[s:e],
                    low[s:e],
                    number,
                    section,
                    heading,
                    tuple(segments),
                    tuple(clauses),
                )
            )
    return result


def tokens_before(low: str, start: int, pos: int) -> list[str]:
    """The word tokens of low[start:pos], in order."""
    return _TOKEN.findall(low, start, pos)
