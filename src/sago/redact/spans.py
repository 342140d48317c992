"""From a hit to the span withheld: the clause around it, or what follows a cue.

Clauses end at , ; ( ) and line breaks, and sentences at . ! ? followed by a space (so
"$1.5M" and "120,000" stay whole). The rules are punctuation, not words: they hold for
every language the lexicons cover.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from sago.redact.knowledge import CategoryRule, Scope

# A clause break, and whether it also ends the sentence.
_BREAK = re.compile(r"(?P<sentence>[.!?。！？](?=\s|$)|\n)|(?P<clause>[,;，、](?=\s|$)|[()（）])")
_DIGIT = re.compile(r"\d")
# A figure that reads as money or a share (not a date): "$20k", "0.8%", "120,000", "12 000 zł".
_AMOUNT = re.compile(
    r"[$€£¥₩]\s?\d|\d\s?[$€£%]|\d\s?[kKmM]\b|\d[\d,.\s]{3,}\d"
    r"|\d\s?(?:zł|원|만원|천만원|USD|EUR|GBP|PLN|BRL|CHF)"
)
# A clause that carries on a withheld figure is short ("0.8%", "4-year vest"); a longer
# one with a number is news of its own ("MRR hit $200k this month").
MAX_TRAILING_WORDS = 4


@dataclass(frozen=True)
class Clause:
    start: int
    end: int
    ends_sentence: bool


class Clauses:
    """A text cut into clauses, for widening hits."""

    def __init__(self, text: str) -> None:
        self.text = text
        found: list[Clause] = []
        cursor = 0
        for match in _BREAK.finditer(text):
            found.append(Clause(cursor, match.start(), match["sentence"] is not None))
            cursor = match.end()
        found.append(Clause(cursor, len(text), True))
        self.items = found
        self._starts = [c.start for c in found]

    def index(self, position: int) -> int:
        return max(0, bisect_right(self._starts, position) - 1)

    def has_amount(self, index: int) -> bool:
        clause = self.items[index]
        return _DIGIT.search(self.text, clause.start, clause.end) is not None

    def trails(self, index: int) -> bool:
        """A short clause with an amount, carrying on the one before it."""
        clause = self.items[index]
        words = self.text[clause.start : clause.end].split()
        found = _AMOUNT.search(self.text, clause.start, clause.end) is not None
        return found and len(words) <= MAX_TRAILING_WORDS

    def trimmed(self, start: int, end: int) -> tuple[int, int]:
        """The span without the white space at its ends."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end

    def widen(
        self, start: int, end: int, scope: Scope, rule: CategoryRule
    ) -> tuple[int, int] | None:
        """The span to withhold for a hit at [start, end), or None when the rule's
        conditions (an amount nearby) do not hold."""
        if scope == "match":
            return start, end
        first = self.index(start)
        last = self.index(max(start, end - 1))
        if rule.needs_amount and not any(self.has_amount(i) for i in range(first, last + 1)):
            # "Her salary, as agreed, is $120k": the figure may sit one clause on.
            following = last + 1
            if (
                following < len(self.items)
                and not self.items[last].ends_sentence
                and self.has_amount(following)
            ):
                last = following
            else:
                return None
        if rule.extend_amounts:
            while (
                last + 1 < len(self.items)
                and not self.items[last].ends_sentence
                and self.trails(last + 1)
            ):
                last += 1
        low = start if scope == "rest" else self.items[first].start
        return self.trimmed(low, max(end, self.items[last].end))
