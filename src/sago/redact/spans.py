"""From a hit to the span withheld: the clause around it, or what follows a cue.

Clauses end at , ; : ( ) and line breaks, and at an emoji between words (chat writes
"accepted 🎉 base is…" for two sentences); sentences end at . ! ? followed by a space (so
"$1.5M" and "120,000" stay whole). The rules are punctuation, not words: they hold for
every language the lexicons cover.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from sago.redact.knowledge import CategoryRule, Scope

# A clause break, and whether it also ends the sentence.
_BREAK = re.compile(
    # A full stop after a lone capital is an initial ("Herrn K. beträgt"), not an end.
    r"(?P<sentence>(?<!\b[A-ZÀ-ÝĄĆĘŁŃÓŚŹŻ])[.](?=\s|$)|[!?。！？](?=\s|$)|\n)"
    r"|(?P<clause>[,;:，、：](?=\s|$)|[()（）]|\s[\u2600-\u27bf\U0001f300-\U0001faff]+(?=\s))"
)
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
    """A text cut into clauses, for widening hits. `continuations` are the words that open
    a clause carrying on the one before ("plus a bonus of €5,000")."""

    def __init__(self, text: str, continuations: frozenset[str] = frozenset()) -> None:
        self.text = text
        self.continuations = continuations
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

    def sentence_of(self, position: int) -> str:
        """The sentence around a position."""
        first = last = self.index(position)
        while first > 0 and not self.items[first - 1].ends_sentence:
            first -= 1
        while last + 1 < len(self.items) and not self.items[last].ends_sentence:
            last += 1
        return self.text[self.items[first].start : self.items[last].end]

    def has_amount(self, index: int) -> bool:
        clause = self.items[index]
        return _DIGIT.search(self.text, clause.start, clause.end) is not None

    def trails(self, index: int) -> bool:
        """A short clause with an amount, carrying on the one before it."""
        clause = self.items[index]
        words = self.text[clause.start : clause.end].split()
        found = _AMOUNT.search(self.text, clause.start, clause.end) is not None
        return found and len(words) <= MAX_TRAILING_WORDS

    def continues(self, index: int) -> bool:
        """The clause opens with a continuation word ("plus", "and", "und", "y")."""
        clause = self.items[index]
        words = self.text[clause.start : clause.end].split()
        return bool(words) and words[0].casefold().strip("+&") in self.continuations | {""}

    def _short_sentence_after(self, last: int) -> int:
        """Through the next sentence too, when the withheld clause ends one and the next is
        a short one naming an amount ("Marta's bonus: €9,500. Jorge's, €7,000.")."""
        if not self.items[last].ends_sentence or last + 1 >= len(self.items):
            return last
        end = last + 1
        while end + 1 < len(self.items) and not self.items[end].ends_sentence:
            end += 1
        stretch = self.text[self.items[last + 1].start : self.items[end].end]
        if len(stretch.split()) <= MAX_TRAILING_WORDS + 2 and _AMOUNT.search(stretch):
            return end
        return last

    def _has_contact(self, start: int, end: int) -> bool:
        return any(ch.isdigit() or ch == "@" for ch in self.text[start:end])

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
        # A parenthesis right after the withheld clause says more of it ("on sick leave
        # (slipped disc)").
        if (
            scope == "clause"
            and last + 1 < len(self.items)
            and self.text[self.items[last].end : self.items[last + 1].start].strip() == "("
        ):
            last += 1
        if rule.extend_amounts:
            # Figures carried on after the hit: short clauses, in the sentence or just after.
            while last + 1 < len(self.items) and self.trails(last + 1):
                last += 1
            last = self._short_sentence_after(last)
            # A hit in a clause that continues the one before ("…€84,000 a year, plus a
            # bonus of €5,000") takes the earlier clause's figures with it.
            while first > 0 and not self.items[first - 1].ends_sentence and self.continues(first):
                if not self.has_amount(first - 1):
                    break
                first -= 1
        # A cue ("my address is") is not itself withheld: what follows it is, when that
        # holds contact data at all (a number or an address has digits, an email an @).
        low = end if scope == "rest" else self.items[first].start
        if scope == "rest" and not self._has_contact(end, self.items[last].end):
            following = last + 1
            if following >= len(self.items) or self.items[last].ends_sentence:
                return None
            if not self._has_contact(self.items[following].start, self.items[following].end):
                return None
            low, last = self.items[following].start, following
        return self.trimmed(low, max(end, self.items[last].end))
