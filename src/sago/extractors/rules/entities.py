"""Names in text: organisations, people and products a frame can point at.

A name is a real name: a capitalised run of words (with connectors such as "of" or "&"),
or, in lower-case chat, a word in a name slot ("signed with nordhafen") that is no
function word, no trigger word and no common noun of the lexicon. "Here", "Means" and
"M" are never names. Keys fold a name to what identifies it across messages:
"Groupe Bistrot Lumière SAS" and "bistrot lumière" share the key "bistrot".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from sago.domain.event import normalise_key
from sago.extractors.rules.lexicon import Lexicon

_TOKEN = re.compile(r"\w(?:[\w&'’.+-]*\w)?|&|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Entity:
    """A name found in a message: its text as written and its absolute span."""

    text: str
    start: int
    end: int
    key: str

    @property
    def display(self) -> str:
        return display(self.text)


def _ascii_tokens(name: str) -> list[str]:
    """Name tokens folded to ASCII, as event ids need them. A token with no Latin letters
    (Hangul) is spelled in Punycode, so "한빛바이오" keeps a stable, distinct key."""
    out: list[str] = []
    for token in name.lower().replace(".", " ").split():
        folded = normalise_key(token).replace(".", " ").strip()
        if folded:
            out.extend(folded.split())
        elif any(c.isalnum() for c in token):
            out.append("xn-" + token.encode("punycode").decode("ascii").strip("-"))
    return out


def display(name: str) -> str:
    """A name as a title shows it: "dentiva" → "Dentiva"; "AWS" and "SmileCare" are kept."""
    name = " ".join(name.split()).strip(" .,'’\"")
    if len(name) <= 4 and name.isupper():
        return name
    if name.islower() or name.isupper():
        return " ".join(w if len(w) <= 3 and w.isupper() else w.capitalize() for w in name.split())
    return name


class Names:
    """The name machinery, built from a lexicon's `[names]` tables."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.stop = lexicon.words("names", "stop") | lexicon.words("modality", "first_person")
        self.generic = lexicon.words("names", "generic")
        self.suffixes = lexicon.words("names", "org_suffixes")
        self.connectors = lexicon.words("names", "connectors")
        self.honorifics = lexicon.words("names", "honorifics")
        self.months = frozenset(lexicon.table("months"))
        self.number_words = frozenset(lexicon.table("numbers", "words"))
        self.leading = lexicon.words("names", "leading")
        self.function = frozenset(w for ws in lexicon.function_words.values() for w in ws) | (
            lexicon.words("modality", "first_person") | lexicon.words("names", "articles")
        )
        self.investor_suffixes = lexicon.words("names", "investor_suffixes")

    @cached_property
    def common(self) -> frozenset[str]:
        """Words that are part of the vocabulary, never a lower-case name on their own."""
        words: set[str] = set(self.stop)
        for section in ("concepts", "modality"):
            for lang in self.lexicon.languages.values():
                for key in lang.data.get(section, {}):
                    for phrase in lang.words(section, key):
                        # Only one-word phrases: "family office" does not make "family"
                        # a word no name may hold.
                        if not phrase.startswith("re:") and " " not in phrase.strip():
                            words.add(phrase.lower().rstrip("*"))
        words.update(w for ws in self.lexicon.function_words.values() for w in ws)
        words.update(self.months)
        words.update(self.lexicon.words("names", "small_things"))
        words.update(self.lexicon.words("names", "roles"))
        words.update(self.lexicon.table("growth_nouns"))
        for table in ("durations", "scales", "currencies", "words"):
            words.update(self.lexicon.table("numbers", table))
        return frozenset(words)

    def key(self, name: str) -> str:
        """The identifying token of a name ("The Dentiva GmbH" → "dentiva")."""
        for token in _ascii_tokens(name):
            if token not in self.generic and not token.isdigit() and len(token) > 1:
                return token
        return ""

    def product_key(self, name: str) -> str:
        """A product's identifying word: the last distinctive one ("Lumen Recall" and
        "recall" agree; "Quillon Cloud 2.0" → "cloud")."""
        tokens = [t for t in _ascii_tokens(name) if t not in self.generic and not t[:1].isdigit()]
        tokens = [t for t in tokens if not re.fullmatch(r"v\d+", t)]
        return tokens[-1] if tokens else self.key(name)

    def occurrence_name(self, name: str) -> str:
        """A name as an occurrence key: lower case, without legal suffixes and articles."""
        tokens = _ascii_tokens(name)
        while tokens and tokens[0] in self.generic:
            tokens = tokens[1:]
        while tokens and tokens[-1] in self.generic:
            tokens = tokens[:-1]
        return " ".join(tokens)

    def _plausible(self, words: list[str], *, cased: bool) -> bool:
        if not words:
            return False
        lowered = [w.lower().strip(".'’") for w in words]
        # A capitalised run may use common words ("Agenda Pro"); lower-case chat may not.
        vocabulary = self.function | self.generic if cased and len(words) > 1 else self.common
        if all(w in vocabulary or w in self.generic for w in lowered):
            return False
        if not cased and any(w in self.common for w in lowered[:1]):
            return False
        head = lowered[0]
        if any(c.isdigit() for c in head) or head.split("-")[0] in self.number_words:
            return False  # "three-year", "2nd": numbers are not names
        leading = self.function if cased and len(words) > 1 else self.stop
        return not (head in leading or (len(head) < 2 and not cased))

    def after(
        self, low: str, text: str, pos: int, limit: int = 4, *, owned: bool = False
    ) -> Entity | None:
        """The name that starts at `pos` ("signed with Nordhafen Logistik, …"). `owned`
        lets "our" lead it ("launched our mobile app")."""
        tokens = list(_TOKEN.finditer(text, pos, min(len(text), pos + 120)))
        words: list[re.Match[str]] = []
        for index, token in enumerate(tokens):
            word = token.group()
            lowered = word.lower()
            if not word[0].isalnum() and word != "&":
                break
            if not words and lowered in self.leading:
                continue  # "launched today the Agenda Pro": time words before the name
            if not words and lowered in {"our", "their", "his", "her", "its", "my", "your"}:
                if owned and lowered == "our":
                    continue
                break  # "with their intraoral scanners": a possession, not a name
            if not words and lowered in {"the", "a", "an"} | self.generic:
                if lowered in self.generic and word[0].isupper() and lowered not in {"the"}:
                    words.append(token)  # "Groupe Flo": a generic word that leads a name
                continue
            if lowered in self.connectors and words and index + 1 < len(tokens):
                following = tokens[index + 1].group()
                if following[:1].isupper():
                    words.append(token)
                    continue
                break
            if word[0].isdigit() or (lowered in self.common and not word[0].isupper()):
                break
            # A capitalised word may be a name even when it is a common word ("Agenda Pro"),
            # unless it is a function word or a month.
            plain = lowered in self.function if word[0].isupper() else lowered in self.stop
            if plain or lowered in self.months:
                break
            words.append(token)
            if len(words) >= limit:
                break
        while words and words[-1].group().lower() in self.connectors:
            words.pop()
        return self._entity(text, words)

    def before(self, low: str, text: str, pos: int, limit: int = 4) -> Entity | None:
        """The name that ends at `pos` ("… Nordhafen Logistik signed")."""
        tokens = list(_TOKEN.finditer(text, max(0, pos - 120), pos))
        words: list[re.Match[str]] = []
        for index in range(len(tokens) - 1, -1, -1):
            token = tokens[index]
            word = token.group()
            lowered = word.lower()
            if not word[0].isalnum() and word != "&":
                break
            if lowered in self.connectors and words:
                # "Bank of America": a connector only between capitalised words.
                if (
                    index > 0
                    and tokens[index - 1].group()[:1].isupper()
                    and words[0].group()[:1].isupper()
                ):
                    words.insert(0, token)
                    continue
                break
            version = not words and re.fullmatch(r"v?\d+(?:\.\d+)*", lowered) is not None
            if version and index > 0:
                words.insert(0, token)  # "Quillon Cloud 2.0 is live": the version is the name's
                continue
            if word[0].isdigit() or lowered in self.stop or lowered in self.months:
                break
            if lowered in self.common and not word[0].isupper():
                break
            words.insert(0, token)
            if len(words) >= limit:
                break
        while words and words[0].group().lower() in self.connectors:
            words.pop(0)
        if words and all(re.fullmatch(r"v?\d+(?:\.\d+)*", w.group().lower()) for w in words):
            return None
        return self._entity(text, words)

    def _entity(self, text: str, words: list[re.Match[str]]) -> Entity | None:
        if not words:
            return None
        cased = any(w.group()[0].isupper() for w in words)
        if not self._plausible([w.group() for w in words], cased=cased):
            return None
        start, end = words[0].start(), words[-1].end()
        name = text[start:end].strip(".'’")
        key = self.key(name)
        return Entity(name, start, start + len(name), key) if key else None

    def capitalised(self, text: str, start: int, end: int) -> list[Entity]:
        """Capitalised runs in text[start:end] that look like names, left to right."""
        found: list[Entity] = []
        tokens = list(_TOKEN.finditer(text, start, end))
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if not token.group()[:1].isupper() or token.group().lower() in self.stop:
                index += 1
                continue
            run = [token]
            index += 1
            while index < len(tokens):
                if "\n" in text[tokens[index - 1].end() : tokens[index].start()]:
                    break  # names do not run across lines: a signature's person and company
                word = tokens[index].group()
                # A suffix ends a name even when it is a stop word alone ("Atomico Partners").
                suffix = word.lower() in self.suffixes or word.lower() in self.investor_suffixes
                if (word[:1].isupper() and (word.lower() not in self.stop or suffix)) or (
                    word.lower() in self.connectors
                    and index + 1 < len(tokens)
                    and tokens[index + 1].group()[:1].isupper()
                ):
                    run.append(tokens[index])
                else:
                    break
                index += 1
            sentence_start = run[0].start() == start or not text[start : run[0].start()].strip(
                " \t*_-•>\"'“(#"
            )
            words = [w.group() for w in run]
            lone_opening = sentence_start and len(run) == 1
            if lone_opening and words[0].lower() in self.common:
                continue  # "Signed the deal": a sentence's first word is capitalised anyway
            entity = self._entity(text, run)
            if entity is not None and entity.key not in self.months:
                found.append(entity)
        return found

    def is_org(self, name: str) -> bool:
        tokens = name.lower().split()
        return bool(tokens) and tokens[-1].strip(".,") in self.suffixes
