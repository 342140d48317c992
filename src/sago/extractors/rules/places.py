"""Places a company can expand into, from `common.toml`, folded to one name per market."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sago.extractors.rules.lexicon import Lexicon, alternation


@dataclass(frozen=True, slots=True)
class Place:
    name: str  # canonical: "portugal", "united states"
    start: int
    end: int


class Places:
    """Spellings → canonical place. Two- and three-letter spellings ("US", "UK") only count
    when written in capitals, so "us" and "eu" in a sentence are not markets."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.canonical: dict[str, str] = {}
        for name, spellings in lexicon.common("places").items():
            for spelling in spellings:
                self.canonical.setdefault(str(spelling).lower(), str(name))
        self.adjectives: dict[str, str] = {}
        for name, words in lexicon.common("market_adjectives").items():
            for word in words:
                self.adjectives.setdefault(str(word).lower(), str(name))
        self._place = re.compile(alternation((s, True) for s in self.canonical))
        market = lexicon.pattern("concepts", "market_noun")
        self._adjective = re.compile(
            rf"(?:{alternation((a, True) for a in self.adjectives)})\s+(?:{market.pattern})"
            rf"|(?:{market.pattern})\s+(?:{alternation((a, True) for a in self.adjectives)})"
        )
        self._adjective_word = re.compile(alternation((a, True) for a in self.adjectives))

    def find(
        self, text: str, low: str, start: int, end: int, *, anchored: bool = False
    ) -> Place | None:
        """The first place named in low[start:end] (at `start` exactly when anchored)."""
        for match in self._place.finditer(low, start, end):
            if anchored and match.start() != start:
                break
            spelling = match.group()
            if (
                len(spelling) <= 3
                and spelling.isascii()
                and not text[match.start() : match.end()].isupper()
            ):
                continue
            return Place(self.canonical[spelling], match.start(), match.end())
        adjective = self._adjective.search(low, start, end)
        if adjective is not None and (not anchored or adjective.start() <= start + 5):
            word = self._adjective_word.search(low, adjective.start(), adjective.end())
            if word is not None:
                return Place(self.adjectives[word.group()], adjective.start(), adjective.end())
        return None
