"""The rules' vocabulary: one data file per language, compiled once at load.

Each `<code>.toml` holds the words a language uses for the same *concepts* ("sign_verb",
"negation", "churn_verb", …); detectors and the modality layer ask for a concept, never
for a language, so adding a language is adding a file. `common.toml` holds what no language
owns (currency symbols, standards, places).

Phrase syntax inside a list:

- words separated by one space match any run of whitespace;
- a trailing `*` matches the rest of a word ("podpisa*" → podpisał, podpisaliśmy);
- `re:` starts a raw regular expression, for the few cues that need structure;
- matching ignores case (texts are lower-cased once); phrases of spaced languages must
  start and end at word boundaries, those of unspaced ones (Korean) may sit inside a word.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
SHARED = "common"


@dataclass(frozen=True, slots=True)
class Language:
    """One language file, as loaded."""

    code: str
    spaced: bool
    data: dict[str, Any]

    def words(self, section: str, key: str) -> list[str]:
        value = self.data.get(section, {}).get(key, [])
        if not isinstance(value, list):
            raise TypeError(f"lexicon {self.code}.toml: [{section}] {key} must be a list")
        return [str(v) for v in value]

    def table(self, section: str) -> dict[str, Any]:
        value = self.data.get(section, {})
        return dict(value) if isinstance(value, dict) else {}


def _bounded(char: str) -> bool:
    """Does a phrase ending in this character need a word boundary? Letters of scripts
    written with spaces do; Hangul and CJK attach endings and particles, so never."""
    return (char.isalnum() or char == "_") and ord(char) < 0x1100


def phrase_regex(phrase: str, *, spaced: bool, head: bool = True) -> str:
    """One phrase of a lexicon list as a regular expression (see the module docstring)."""
    if phrase.startswith("re:"):
        return f"(?:{phrase[3:]})"
    text = phrase.lower().strip()
    wild = text.endswith("*")
    text = text.rstrip("*")
    body = r"\s+".join(re.escape(word) for word in text.split())
    if wild:
        body += r"\w*"
    if not spaced or not text:
        return body
    start = r"(?<!\w)" if head and _bounded(text[0]) else ""
    tail = r"(?!\w)" if _bounded(text[-1]) and not wild else ""
    return start + body + tail


_SPACE, _WILD = r"\s+", r"\w*"


def _units(text: str) -> list[str]:
    """A literal phrase as regex units: one per character, runs of spaces as one unit."""
    wild = text.endswith("*")
    text = " ".join(text.rstrip("*").split())
    units = [_SPACE if char == " " else re.escape(char) for char in text]
    return [*units, _WILD] if wild else units


def _emit(node: dict[str, Any], *, top: bool = False) -> str:
    """A trie of regex units as one pattern; longer continuations are tried first. At the
    top, a unit that must start a word carries its check right after itself
    (`a(?<!\\w.)…`), so the pattern still opens with plain characters and the regex engine
    can skip ahead to the next possible first character instead of trying every position."""
    branches = []
    for unit, child in node.items():
        if unit in {"", _WILD}:
            continue
        if top and unit.startswith(_HEAD):
            branches.append(unit[len(_HEAD) :] + r"(?<!\w.)" + _emit(child))
        else:
            branches.append(unit + _emit(child))
    if _WILD in node:
        branches.append(_WILD + _emit(node[_WILD]))
    if "" in node:
        branches.append(node[""])  # the end of a phrase: its tail boundary, or nothing
    if not branches:
        return ""
    if len(branches) == 1:
        return branches[0]
    return "(?:" + "|".join(branches) + ")"


_HEAD = "\x00"  # marks a first unit that must start a word (see _emit)


def alternation(phrases: Iterable[tuple[str, bool]], *, head: bool = True) -> str:
    """Phrases (text, spaced) as one pattern. Literal phrases share one character trie, so
    the regex engine tries each position once instead of once per phrase (a few hundred
    phrases cost about as much as one); `re:` phrases are added as they are.
    `head=False` for words glued to what precedes them ("3k", "800만")."""
    trie: dict[str, Any] = {}
    raw: list[str] = []
    for phrase, spaced in set(phrases):
        if phrase.startswith("re:"):
            raw.append(f"(?:{phrase[3:]})")
            continue
        text = phrase.lower().strip()
        bare = text.rstrip("*")
        if not bare:
            continue
        # Latin words written inside a Korean file ("vc", "arr") still stand alone.
        alone = spaced or bare[0].isascii()
        units = _units(text)
        if head and alone and _bounded(bare[0]):
            units[0] = _HEAD + units[0]
        node = trie
        for unit in units:
            node = node.setdefault(unit, {})
        tail = r"(?!\w)" if alone and _bounded(bare[-1]) and not text.endswith("*") else ""
        # Two phrases ending at one node: the laxer tail wins (a gate must stay loose).
        node[""] = tail if node.get("", tail) == tail else ""
    # Structured phrases first: "VP Engineering" (a regex) must win over "vp" (a word).
    parts = sorted(raw)
    if trie:
        parts.append(_emit(trie, top=True))
    return "|".join(parts) or "(?!x)x"


@dataclass
class Lexicon:
    """Every language file merged: concepts → compiled patterns, tables → merged dicts."""

    languages: dict[str, Language]
    shared: dict[str, Any] = field(default_factory=dict)
    _patterns: dict[tuple[str, str, tuple[str, ...] | None], re.Pattern[str]] = field(
        default_factory=dict, repr=False
    )
    _words: dict[tuple[str, str, tuple[str, ...] | None], frozenset[str]] = field(
        default_factory=dict, repr=False
    )
    _tables: dict[tuple[str, str | None], dict[str, Any]] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, folder: Path = HERE) -> Lexicon:
        languages: dict[str, Language] = {}
        shared: dict[str, Any] = {}
        for path in sorted(folder.glob("*.toml")):
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            if path.stem == SHARED:
                shared = data
                continue
            meta = data.get("language", {})
            languages[path.stem] = Language(path.stem, bool(meta.get("spaced", True)), data)
        if "en" not in languages:
            raise ValueError(f"lexicon folder {folder} has no en.toml")
        return cls(languages, shared)

    def _selected(self, langs: Iterable[str] | None) -> Iterator[Language]:
        if langs is None:
            yield from self.languages.values()
            return
        for code in dict.fromkeys(langs):
            if code in self.languages:
                yield self.languages[code]

    def phrases(
        self, section: str, key: str, langs: Iterable[str] | None = None
    ) -> list[tuple[str, bool]]:
        """(phrase, spaced) pairs of a concept in the chosen languages (all by default)."""
        return [
            (word, lang.spaced)
            for lang in self._selected(langs)
            for word in lang.words(section, key)
        ]

    def pattern(
        self, section: str, key: str, langs: Iterable[str] | None = None
    ) -> re.Pattern[str]:
        """One compiled alternation of a concept, to run on lower-cased text."""
        # Sorted: the same languages in another order are the same pattern.
        chosen = tuple(sorted(set(langs))) if langs is not None else None
        cache_key = (section, key, chosen)
        found = self._patterns.get(cache_key)
        if found is None:
            found = re.compile(alternation(self.phrases(section, key, chosen)))
            self._patterns[cache_key] = found
        return found

    def words(self, section: str, key: str, langs: Iterable[str] | None = None) -> frozenset[str]:
        """A concept as a set of lower-case words, for token look-ups (cached)."""
        chosen = tuple(sorted(set(langs))) if langs is not None else None
        found = self._words.get((section, key, chosen))
        if found is None:
            found = frozenset(p.lower() for p, _ in self.phrases(section, key, chosen))
            self._words[(section, key, chosen)] = found
        return found

    def table(self, section: str, key: str | None = None) -> dict[str, Any]:
        """A mapping merged over all languages: a word's first meaning wins, lists of phrases
        (e.g. how each language says "per year") are joined."""
        cached = self._tables.get((section, key))
        if cached is not None:
            return cached
        merged: dict[str, Any] = {}
        for lang in self.languages.values():
            table = lang.table(section)
            if key is not None:
                table = table.get(key, {}) if isinstance(table.get(key, {}), dict) else {}
            for name, value in table.items():
                known = merged.setdefault(str(name).lower(), value)
                if isinstance(known, list) and isinstance(value, list) and known is not value:
                    merged[str(name).lower()] = [*known, *value]  # lists of phrases add up
        self._tables[(section, key)] = merged
        return merged

    def compiled_common(self, section: str, name: str, phrases: list[str]) -> re.Pattern[str]:
        """A list of `common.toml` phrases (e.g. one standard's spellings), compiled once."""
        cache_key = (f"common:{section}", name, None)
        found = self._patterns.get(cache_key)
        if found is None:
            found = re.compile(alternation((str(p), True) for p in phrases))
            self._patterns[cache_key] = found
        return found

    def common(self, section: str) -> dict[str, Any]:
        value = self.shared.get(section, {})
        return dict(value) if isinstance(value, dict) else {}

    @cached_property
    def vocabulary(self) -> dict[str, frozenset[str]]:
        """Each language's own one-word phrases (concepts and modality) that no other
        language file uses: evidence of the language when function words are few
        ("Zamknęliśmy rundę seed", "Somos oficialmente certificados")."""
        own: dict[str, set[str]] = {}
        for code, lang in self.languages.items():
            words: set[str] = set()
            for section in ("concepts", "modality"):
                for key in lang.data.get(section, {}):
                    words.update(
                        w.lower().rstrip("*")
                        for w in lang.words(section, key)
                        if not w.startswith("re:") and " " not in w.strip()
                    )
            own[code] = words
        return {
            code: frozenset(w for w in words if not any(w in own[o] for o in own if o != code))
            for code, words in own.items()
        }

    @cached_property
    def _token_weights(self) -> dict[str, tuple[tuple[str, int], ...]]:
        """token → ((language, weight), …): a function word counts 2, own vocabulary 1."""
        table: dict[str, dict[str, int]] = defaultdict(dict)
        for code, words in self.function_words.items():
            for word in words:
                table[word][code] = table[word].get(code, 0) + 2
        for code, words in self.vocabulary.items():
            for word in words:
                table[word][code] = table[word].get(code, 0) + 1
        return {token: tuple(langs.items()) for token, langs in table.items()}

    @cached_property
    def function_words(self) -> dict[str, frozenset[str]]:
        return {
            code: frozenset(lang.words("language", "function_words"))
            for code, lang in self.languages.items()
        }

    @cached_property
    def scripts(self) -> dict[str, re.Pattern[str]]:
        """Languages told apart by their script ("chars" in [language]), e.g. Hangul."""
        found: dict[str, re.Pattern[str]] = {}
        for code, lang in self.languages.items():
            chars = lang.data.get("language", {}).get("chars")
            if chars:
                found[code] = re.compile(f"[{chars}]")
        return found

    def guess_languages(self, text: str, tokens: Iterable[str]) -> tuple[str, ...]:
        """Languages of a text, best first, English always included: code-switching is common
        ("english version: …") and English cues are safe in every message."""
        counts = dict.fromkeys(self.languages, 0)
        for code, script in self.scripts.items():
            counts[code] += 10 * len(script.findall(text, 0, 400))
        weights = self._token_weights
        for token in tokens:
            for code, weight in weights.get(token, ()):
                counts[code] += weight
        ranked = sorted((c for c in counts if counts[c] and c != "en"), key=lambda c: -counts[c])
        best = [c for c in ranked if counts[c] >= max(1, counts[ranked[0]] // 2)] if ranked else []
        return (*best[:2], "en")


@cache
def default_lexicon() -> Lexicon:
    """The lexicon shipped with Sago, loaded once per process."""
    return Lexicon.load()
