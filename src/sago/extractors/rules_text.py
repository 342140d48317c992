"""Text plumbing for the rules extractor: sentences, plan sections, screens, cues, dates.

Everything returns character offsets into the original message text, so the evidence
quoted for an event is always a verbatim substring of the message.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sago.extractors import rules_lexicon as lex
from sago.llm.injection import looks_like_injection

_ABBREVIATIONS = lex.wordset(
    "dr mr mrs ms prof inc ltd co corp st univ vs e.g i.e approx no jr sr dept est fig ca "
    "etc sp spa s.p.a tys mln mld mio mrd tsd bln"
)
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+\S)")
_BULLET = re.compile(r"^\s*(?:[-*•·>]+|\d{1,2}[.)]|[a-z][.)])\s+")
# Pictographs and flags; a run of them closes a thought in chat ("signed! 🎉 next thing").
EMOJI_RUN = _EMOJI_RUN = re.compile(
    r"[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D]+\s+"
)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a message, as offsets, and whether it sits under a plans heading."""

    start: int
    end: int
    text: str
    in_plan_section: bool
    line: int

    def segment_bounds(self, message_text: str, start: int, end: int) -> tuple[int, int]:
        """Absolute bounds of the emoji-delimited stretch of this sentence holding [start, end)."""
        seg_start, seg_end = self.start, self.end
        for match in _EMOJI_RUN.finditer(message_text, self.start, self.end):
            if match.end() <= start:
                seg_start = match.end()
            elif match.start() >= end:
                seg_end = match.end()
                break
        return seg_start, seg_end


def _is_heading(line: str) -> bool:
    stripped = line.strip()
    if not stripped or _BULLET.match(line) or len(stripped) > 50:
        return False
    if stripped.endswith(":") or (stripped.endswith("?") and lex.GOAL_HEADING.search(stripped)):
        return True  # "Next steps:", "What's next?"
    if stripped[-1] in ".!?,;)" or len(stripped.split()) > 6:
        return False
    return stripped[0].isupper() or not stripped[0].isalpha()


def _split_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces: list[tuple[int, int]] = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        before = text[cursor : match.start()].split()
        last = before[-1].lower().rstrip(".") if before else ""
        initial = len(last) == 1 and last.isalpha()
        if match.group().startswith(".") and (last in _ABBREVIATIONS or initial):
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
            if prev.endswith("!") and len(prev.split()) <= 5:
                merged[-1] = (merged[-1][0], piece[1])
                continue
        merged.append(piece)
    return merged


def sentences(text: str) -> list[Sentence]:
    """Split into trimmed sentences; lines under a plans heading are flagged."""
    result: list[Sentence] = []
    in_plans = False
    lines = list(re.finditer(r"[^\n]+", text))
    for number, line in enumerate(lines):
        raw = line.group()
        if not raw.strip():
            continue
        # Only a line with more below it can head a section; a one-line chat never does.
        if number < len(lines) - 1 and _is_heading(raw):
            in_plans = bool(lex.GOAL_HEADING.search(raw))
            if in_plans or len(raw.split()) <= 3:
                continue
        for start, end in _split_line(text, line.start(), line.end()):
            chunk = text[start:end]
            lead = len(chunk) - len(chunk.lstrip())
            bullet = _BULLET.match(chunk[lead:])
            lead += bullet.end() if bullet else 0
            s, e = start + lead, end - (len(chunk) - len(chunk.rstrip()))
            if e > s:
                result.append(Sentence(s, e, text[s:e], in_plans, number))
    return result


@dataclass(frozen=True, slots=True)
class Screen:
    """Why a whole message is not evidence, if it is not."""

    reason: str | None
    bulk: bool = False


def screen_message(text: str) -> Screen:
    """Message-level vetoes: injected instructions, spam, jokes, rumours."""
    # The shared screen (also run on LLM evidence) catches disguised and foreign-language
    # injections the lexicon's phrases do not.
    if lex.INJECTION.search(text) or looks_like_injection(text):
        return Screen("injection")
    if lex.SPAM.search(text):
        return Screen("spam")
    if lex.JOKE.search(text):
        return Screen("joke")
    if lex.RUMOUR.search(text):
        return Screen("rumour")
    return Screen(None, bulk=bool(lex.BULK.search(text)))


_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("negated", lex.NEGATED),
    ("delayed", lex.DELAYED),
    ("draft", lex.DRAFT),
    ("conditional", lex.CONDITIONAL),
    ("speculative", lex.SPECULATIVE),
    ("goal", lex.GOAL),
    ("historical", lex.HISTORICAL),
    ("third_party", lex.THIRD_PERSON_FEAT),
)


_MET_GOAL = re.compile(
    r"\b(?:hit|beat|met|exceeded|reached|surpassed|smashed|crushed|blew\s+past)\s+(?:our|the|its)?\s*"
    r"(?:\w+\s+){0,2}(?:target|goal|okr|plan)s?\b",
    re.I,
)


def blocking_cue(segment: str, allow: frozenset[str] = frozenset()) -> str | None:
    """The first reason this stretch of text is not a statement of fact, or None."""
    for kind, pattern in _CUES:
        if kind in allow:
            continue
        if kind == "goal" and _MET_GOAL.search(segment):
            continue  # "we hit our Q2 target of $1M ARR" reports a result
        match = pattern.search(segment)
        if match is not None:
            return kind
    return None


_MONTH_NUMBER = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_ALT = "|".join(sorted(_MONTH_NUMBER, key=len, reverse=True))
_DATE_MD = re.compile(rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", re.IGNORECASE)
_DATE_DM = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_ALT})\b", re.IGNORECASE)


def mentioned_date(text: str, reference: dt.date) -> dt.date | None:
    """A day named in the text ("August 12", "12th of Aug"), in the year before `reference`."""
    match = _DATE_MD.search(text)
    if match is not None:
        month, day = _MONTH_NUMBER[match.group(1).lower()], int(match.group(2))
    else:
        match = _DATE_DM.search(text)
        if match is None:
            return None
        day, month = int(match.group(1)), _MONTH_NUMBER[match.group(2).lower()]
    for year in (reference.year, reference.year - 1):
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            return None
        if candidate <= reference:
            return candidate
    return None
