"""The first pass over a whole message, before any detector runs.

Every trigger phrase of every detector is filed under one of its words, the one least
likely to occur in chatter ("is live" under "live", "would love to lead" under "lead"),
and a message is split into words once: a word that keys no phrase costs one dictionary
look-up. Only a word that does is checked further, against the few phrases filed under it
(one small compiled pattern per word). The gate is built from the detectors' own trigger
concepts, so it is never kept in step by hand, and it wakes a detector exactly when one of
that detector's phrases occurs; a woken detector runs only on the sentences that hold it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sago.extractors.rules.detectors.base import Detector
from sago.extractors.rules.lexicon import Lexicon, alternation

_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[^\W_]+")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
# A regex phrase is filed under its literal opening: "reduc\w*…" → stem "reduc",
# "(?:official|certified)\s+…" → "official", "certified".
_OPENING = re.compile(r"\(\?:((?:[a-z0-9]+\|)*[a-z0-9]+)\)|([a-z0-9]+)")


def trigger_phrases(lexicon: Lexicon, detector: Detector) -> list[tuple[str, bool]]:
    """Every trigger phrase of a detector, with whether its language is spaced;
    `common:<table>` names a shared table whose values are phrase lists (standards,
    places)."""
    found: list[tuple[str, bool]] = []
    for concept in detector.triggers:
        if concept.startswith("common:"):
            for spellings in lexicon.common(concept.split(":", 1)[1]).values():
                # "US", "UK" count only in capitals (see places.py): the lower-cased gate
                # would wake on every "us"; "live in the US" wakes it by "live in".
                found.extend((str(s), True) for s in spellings if not (len(s) <= 3 and s.isascii()))
        else:
            found.extend(lexicon.phrases("concepts", concept))
    return found


@dataclass(frozen=True)
class Hits:
    """Which detectors woke up, and where (absolute offsets of their words)."""

    positions: dict[str, list[int]]

    def __bool__(self) -> bool:
        return bool(self.positions)

    def wanted(self, start: int, end: int) -> set[str]:
        return {n for n, spots in self.positions.items() if any(start <= p < end for p in spots)}


@dataclass
class _Slot:
    """The phrases filed under one word, and who listens for each."""

    phrases: list[tuple[str, bool]]
    owners: dict[str, set[str]]  # phrase text → detectors
    pattern: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self.pattern is None:
            self.pattern = re.compile(alternation(self.phrases))
        return self.pattern


class Gate:
    """Words → the trigger phrases filed under them → the detectors those phrases wake."""

    def __init__(self, lexicon: Lexicon, detectors: Iterable[Detector]) -> None:
        plain = lexicon.words("modality", "first_person") | frozenset(
            w for words in lexicon.function_words.values() for w in words
        )
        frequent = lexicon.words("language", "frequent_words")
        self.words: dict[str, _Slot] = {}
        self.stems: dict[str, _Slot] = {}
        self.digit_only: set[str] = set()
        hangul: list[tuple[str, bool]] = []
        self._hangul_owners: dict[str, set[str]] = defaultdict(set)
        self._always: list[tuple[str, re.Pattern[str]]] = []
        for detector in detectors:
            if detector.needs_digits:
                self.digit_only.add(detector.name)
            for phrase, spaced in trigger_phrases(lexicon, detector):
                keys = _keys(phrase, plain, frequent)
                if _HANGUL.search(phrase):
                    hangul.append((phrase, spaced))
                    self._hangul_owners[_plain(phrase)].add(detector.name)
                elif not keys:
                    self._always.append(
                        (detector.name, re.compile(alternation([(phrase, spaced)])))
                    )
                for key, stem in keys:
                    table = self.stems if stem else self.words
                    slot = table.setdefault(key, _Slot([], defaultdict(set)))
                    slot.phrases.append((phrase, spaced))
                    slot.owners[_plain(phrase)].add(detector.name)
        self._hangul = re.compile(alternation(hangul)) if hangul else None
        self._stem_starts = re.compile(alternation((f"{s}*", True) for s in self.stems))
        self._word_keys = frozenset(self.words)
        self._stem_sizes = sorted({len(s) for s in self.stems})

    def scan(self, low: str) -> Hits:
        """The detectors a lower-cased message wakes, with the positions of their words."""
        positions: dict[str, list[int]] = defaultdict(list)
        # One C-level set intersection for the words, one scan for the stems.
        slots = [self.words[w] for w in self._word_keys.intersection(_WORD.findall(low))]
        for match in self._stem_starts.finditer(low):
            word = match.group()
            slots += [self.stems[word[:n]] for n in self._stem_sizes if word[:n] in self.stems]
        for slot in {id(s): s for s in slots}.values():
            for match in slot.compiled().finditer(low):
                for name in _owners(slot.owners, match.group()):
                    positions[name].append(match.start())
        if self._hangul is not None and _HANGUL.search(low):
            for match in self._hangul.finditer(low):
                for name in _owners(self._hangul_owners, match.group()):
                    positions[name].append(match.start())
        for name, pattern in self._always:
            for match in pattern.finditer(low):
                positions[name].append(match.start())
        if self.digit_only & positions.keys() and not _DIGIT.search(low):
            for name in self.digit_only:
                positions.pop(name, None)
        return Hits(dict(positions))


def _plain(phrase: str) -> str:
    return phrase if phrase.startswith("re:") else " ".join(phrase.lower().split())


def _owners(owners: dict[str, set[str]], matched: str) -> set[str]:
    """Who listens for the matched text: its own phrase, any phrase it begins with ("signed
    her offer" also wakes whoever listens for "signed"), stems and regexes of the slot."""
    text = " ".join(matched.split())
    found: set[str] = set()
    for phrase, names in owners.items():
        if phrase == text or text.startswith(phrase.rstrip("*")) or phrase.startswith("re:"):
            found |= names
    return found


def _keys(phrase: str, plain: frozenset[str], frequent: frozenset[str]) -> list[tuple[str, bool]]:
    """The words a phrase is filed under, and whether each is a stem (a word start): one
    for a literal phrase, one per alternative for a regex that opens with "(?:a|b)"."""
    if phrase.startswith("re:"):
        opening = _OPENING.match(phrase[3:])
        if opening is None:
            return []  # a regex with no literal opening is checked on every message
        return [(word, True) for word in (opening.group(1) or opening.group(2)).split("|")]
    words = _WORD.findall(phrase.lower().rstrip("*"))
    if not words:
        return []  # "🎉", "!!!": no word to key on; checked on every message
    stem_index = len(words) - 1 if phrase.rstrip().endswith("*") else -1
    best = min(
        range(len(words)),
        key=lambda i: (
            words[i] in plain,
            words[i] in frequent,
            len(words[i]) <= 2,
            i == stem_index,
            -len(words[i]),
            i,
        ),
    )
    return [(words[best], best == stem_index)]
