"""What a detector sees (`Ctx`: a sentence of a message) and what it is (`Detector`).

A detector declares the lexicon concepts that trigger it; the engine's first pass is
built from those words, so a detector only ever runs on sentences that hold one of them.
It reports candidates; before any becomes an event it must pass the modality layer
(`Ctx.fact`), and its title, key and metrics come from the frame it filled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

from sago.domain.event import EventType, Metric
from sago.extractors.rules.context import Document, Sentence
from sago.extractors.rules.dates import Calendar
from sago.extractors.rules.entities import Entity, Names
from sago.extractors.rules.frames import Candidate
from sago.extractors.rules.lexicon import Lexicon
from sago.extractors.rules.modality import FACT, Modality, ModalityLayer, Mood
from sago.extractors.rules.places import Place, Places
from sago.extractors.rules.quantities import Quantity, QuantityParser


@dataclass
class Tools:
    """The machinery every detector shares, built once per lexicon."""

    lexicon: Lexicon
    names: Names
    quantities: QuantityParser
    modality: ModalityLayer
    calendar: Calendar
    places: Places
    _preps: dict[tuple[str, bool], re.Pattern[str]] = field(default_factory=dict, repr=False)

    @cached_property
    def filler(self) -> re.Pattern[str]:
        """Words between a subject and its verb, trailing a stretch of text."""
        words = self.lexicon.pattern("names", "subject_filler").pattern
        return re.compile(rf"(?:\s+(?:{words}))+\s*$")

    def prep(self, concept: str, *, articles: bool = True) -> re.Pattern[str]:
        """ "with X", "com a X", "in the X": a preposition (and article) before a name."""
        cached = self._preps.get((concept, articles))
        if cached is None:
            words = self.lexicon.pattern("concepts", concept).pattern
            article = self.lexicon.pattern("names", "articles").pattern
            tail = rf"(?:(?:{article})\s+)?" if articles else ""
            cached = re.compile(rf"(?:{words})\s+{tail}")
            self._preps[(concept, articles)] = cached
        return cached


@dataclass(frozen=True, slots=True)
class Subject:
    """Who does the verb: "self" (we, our team, our name), "other" (a named company,
    "they", a competitor), or "none" (chat drops the subject: "signed the deal 🎉")."""

    kind: str
    entity: Entity | None = None


class Ctx:
    """One sentence of a document, with the helpers detectors use on it."""

    def __init__(self, doc: Document, sentence: Sentence, tools: Tools, *, bulk: bool) -> None:
        self.doc = doc
        self.sentence = sentence
        self.tools = tools
        self.bulk = bulk

    @property
    def lexicon(self) -> Lexicon:
        return self.tools.lexicon

    @property
    def names(self) -> Names:
        return self.tools.names

    @property
    def low(self) -> str:
        return self.doc.low

    @property
    def text(self) -> str:
        return self.doc.text

    def grammar(self, key: str) -> list[str]:
        """A [language] list of the message's languages ("plural_endings")."""
        langs = self.lexicon.languages
        return [w for code in self.doc.languages for w in langs[code].words("language", key)]

    def _participle_last(self) -> list[str]:
        """The message's languages that put the participle last (German, Dutch)."""
        langs = self.lexicon.languages
        return [c for c in self.doc.languages if langs[c].data["language"].get("verb_final")]

    def participle_last(self, concept: str, phrase: str) -> bool:
        """Is `phrase` a `concept` word of a language that puts the participle last
        ("… 300 Kassen gepasseerd")?"""
        final = self._participle_last()
        return bool(final) and phrase in self.lexicon.words("concepts", concept, final)

    def plural(self, word: str) -> bool:
        """Does a word look like a plural noun of the message's languages ("kassen")?"""
        return len(word) > 3 and word.endswith(tuple(self.grammar("plural_endings")))

    # --- finding words ---------------------------------------------------------------
    def pattern(self, concept: str, section: str = "concepts") -> re.Pattern[str]:
        # Event words of every language count in every message (a Portuguese chat may
        # hold no Portuguese function word); only modality cues follow the language.
        return self.lexicon.pattern(
            section, concept, None if section == "concepts" else self.doc.languages
        )

    def find(
        self, concept: str, start: int | None = None, end: int | None = None
    ) -> Iterator[re.Match[str]]:
        s = self.sentence.start if start is None else start
        e = self.sentence.end if end is None else end
        return self.pattern(concept).finditer(self.low, s, e)

    def first(
        self, concept: str, start: int | None = None, end: int | None = None
    ) -> re.Match[str] | None:
        return next(self.find(concept, start, end), None)

    def has(self, concept: str, start: int | None = None, end: int | None = None) -> bool:
        return self.first(concept, start, end) is not None

    def clause(self, pos: int) -> tuple[int, int]:
        return self.sentence.clause_at(pos)

    # --- modality and subjects -------------------------------------------------------
    def mood(self, span: tuple[int, int], allow: frozenset[Mood] = frozenset()) -> Modality:
        return self.tools.modality.assess(self.doc, self.sentence, span, allow)

    def fact(self, span: tuple[int, int], allow: frozenset[Mood] = frozenset()) -> bool:
        return self.mood(span, allow) == FACT

    def is_self(self, entity: Entity | None) -> bool:
        if entity is None:
            return False
        key = entity.key
        return any(
            key == own or own.startswith(key) or key.startswith(own) for own in self.doc.self_names
        )

    def subject(self, pos: int) -> Subject:
        """Who does the verb at `pos`, from the words before it in its clause."""
        start, _ = self.clause(pos)
        head = self.low[start:pos]
        # "Gruppo Sorriso (85 clinics, Italy) signed": the aside is not the subject.
        filler = self.tools.filler
        head = filler.sub("", re.sub(r"\s*\([^()]*\)\s*$", "", filler.sub("", head)))
        label = re.match(r"\s*[\w &-]{2,30}:\s+", head)
        if label and label.group().strip(" :").lower() in self.names.common:
            start, head = start + label.end(), head[label.end() :]  # "Enterprise: X signed"
        words = head.split()
        if not words:
            return Subject("none")
        first = self.lexicon.words("modality", "first_person", self.doc.languages)
        tail = [w.strip("'\"“”‘’*_()[],!?.:") for w in words[-4:]]
        if self._others(start, pos):
            return Subject("other")  # "our customer Globex", "our competitor"
        if words[0] in first and self._participle_last():
            return Subject("self")  # "we hebben de tender van X verloren": we lost it
        entity = self.names.before(self.low, self.text, start + len(head.rstrip()))
        if entity is not None and not (tail and tail[-1] in first):
            return Subject("self" if self.is_self(entity) else "other", entity)
        if any(w in first for w in tail[-2:]):
            return Subject("self")
        if tail and tail[-1] in {"they", "she", "he", "it", "their"}:
            return Subject("other")
        return Subject("none")

    def _others(self, start: int, pos: int) -> bool:
        pattern = self.lexicon.pattern("modality", "others", self.doc.languages)
        return any(
            m.group() not in {"their", "they", "she", "he"}
            for m in pattern.finditer(self.low, start, pos)
        )

    def ours(self, start: int, end: int) -> bool:
        """The stretch speaks in the first person ("our API", "we")."""
        pattern = self.lexicon.pattern("modality", "first_person", self.doc.languages)
        return pattern.search(self.low, start, end) is not None

    def sender_is(self, entity: Entity) -> bool:
        """The email comes from this organisation's own domain (it tells its own news)."""
        sender = self.doc.message.sender
        if "@" not in sender:
            return False
        label = sender.rsplit("@", 1)[1].split(".", maxsplit=1)[0].lower()
        return len(label) >= 3 and (label.startswith(entity.key) or entity.key.startswith(label))

    def third_party(self, pos: int, *, strict: bool = False) -> bool:
        """Somebody else's news: a competitor, a customer's or partner's own news, "X's",
        or (strict, for what only the company itself can do: raise, acquire) any named
        subject that is not us. Leniently, a lower-case chat subject or a product name
        ("patient app just passed 1.5M", "Dock Scheduler is GA") is ours."""
        start, _ = self.clause(pos)
        if self._others(start, pos):
            return True
        head = self.low[start:pos]
        owner = re.search(r"\b([\w-]+)['’]s\s+(?:[\w-]+\s+){0,2}$", head)
        first = self.lexicon.words("modality", "first_person", self.doc.languages)
        if owner and owner.group(1) not in first and not self.is_self_key(owner.group(1)):
            return True
        subject = self.subject(pos)
        if subject.kind != "other":
            return False
        if strict:
            return True
        entity = subject.entity
        return entity is not None and self.names.is_org(entity.text)

    def is_self_key(self, word: str) -> bool:
        key = self.names.key(word)
        return bool(key) and any(key == own or own.startswith(key) for own in self.doc.self_names)

    def self_actor(self, pos: int) -> bool:
        """The company itself (or nobody named, as chat writes) does the verb at `pos`."""
        return self.subject(pos).kind in {"self", "none"}

    # --- names ---------------------------------------------------------------------------
    def entity_after(self, pos: int, limit: int = 4) -> Entity | None:
        found = self.names.after(self.low, self.text, pos, limit)
        return None if found is None or found.end > self.sentence.end else found

    def entity_before(self, pos: int, limit: int = 4) -> Entity | None:
        found = self.names.before(self.low, self.text, pos, limit)
        return None if found is None or found.start < self.sentence.start else found

    @cached_property
    def entities(self) -> list[Entity]:
        found = self.names.capitalised(self.text, self.sentence.start, self.sentence.end)
        return [e for e in found if not self.is_self(e)]

    def place(self, start: int, end: int | None = None, *, anchored: bool = False) -> Place | None:
        stop = self.sentence.end if end is None else min(end, self.sentence.end)
        return self.tools.places.find(self.text, self.low, start, stop, anchored=anchored)

    def place_in_sentence(self) -> Place | None:
        return self.place(self.sentence.start)

    # --- numbers -------------------------------------------------------------------------
    @cached_property
    def quantities(self) -> list[Quantity]:
        found = self.tools.quantities.find(self.sentence.text)
        base = self.sentence.start
        return [_shift(q, base) for q in found]

    def money(
        self, minimum: float = 1000.0, start: int = 0, end: int | None = None
    ) -> Quantity | None:
        stop = self.sentence.end if end is None else end
        return next(
            (
                q
                for q in self.quantities
                if q.kind == "money" and q.value >= minimum and start <= q.start < stop
            ),
            None,
        )

    def label(self, q: Quantity) -> str | None:
        """The metric a number is: the label word right after it, else right before it."""
        labels = self.lexicon.table("metric_labels")
        after = re.match(
            r"\s*(?:of\s+|in\s+|de\s+)?([\w-]+(?:[ -][\w]+)?)", self.low[q.end : q.end + 30]
        )
        if after:
            words = after.group(1)
            for candidate in (words, words.split()[0] if " " in words else words):
                if candidate in labels:
                    return str(labels[candidate])
        before = self.low[max(self.sentence.start, q.start - 40) : q.start]
        before = re.split(r"[\d;!?()\[\]\n]|[.,](?=\s)", before)[-1]
        words = re.findall(r"[\w-]+", before)
        for size in (3, 2, 1):
            for index in range(len(words) - size, -1, -1):
                phrase = " ".join(words[index : index + size])
                if phrase in labels and len(words) - index - size <= 3:
                    return str(labels[phrase])
        return None

    def metrics(
        self,
        *,
        limit: int = 6,
        start: int | None = None,
        end: int | None = None,
        default_money: str = "amount",
    ) -> list[Metric]:
        """Every quantity of the sentence (or a stretch of it), each named by its label."""
        lo = self.sentence.start if start is None else start
        hi = self.sentence.end if end is None else end
        out: dict[str, Metric] = {}
        for q in self.quantities:
            if not lo <= q.start < hi:
                continue
            name = metric_name(q, self.label(q), default_money)
            if name and name not in out:
                out[name] = q.metric(name)
            if len(out) >= limit:
                break
        return list(out.values())

    # --- the report ------------------------------------------------------------------
    def quote(self) -> tuple[int, int]:
        return self.sentence.start, self.sentence.end


def word_span(ctx: Ctx, span: tuple[int, int]) -> tuple[int, int]:
    """The first word of a trigger stretch: modality cues inside the stretch ("ARR target
    is $5M") must still count, only the trigger word itself is spared."""
    found = re.match(r"\W*[\w'’-]+", ctx.low[span[0] : span[1]])
    return (span[0], span[0] + found.end()) if found else span


def metric_name(q: Quantity, label: str | None, default_money: str = "amount") -> str:
    if q.kind == "money":
        base = label or default_money
        if q.per == "month" and base in {"amount", "revenue"}:
            base = "mrr" if default_money in {"mrr", "arr"} else f"{base}_monthly"
        return f"{base}_{(q.unit or 'cur').lower()}"
    if q.kind == "percent":
        return f"{label or 'change'}_pct"
    if q.kind == "multiple":
        return f"{label or 'speedup'}_x"
    if q.kind == "duration":
        return "term_years" if q.unit == "years" else f"{q.unit or 'duration'}"
    if q.kind == "count" and q.noun:
        return re.sub(r"[^\w]+", "_", q.noun.lower()).strip("_")
    return label or "value"


def _shift(q: Quantity, base: int) -> Quantity:
    return Quantity(q.value, q.kind, q.unit, q.start + base, q.end + base, q.text, q.noun, q.per)


class Detector:
    """A family of event types. `triggers` are the lexicon concepts that wake it up."""

    name: ClassVar[str] = "detector"
    event_types: ClassVar[tuple[EventType, ...]] = ()
    triggers: ClassVar[tuple[str, ...]] = ()
    # Only messages with a digit can hold this family's events (figures, scores).
    needs_digits: ClassVar[bool] = False

    def detect(self, ctx: Ctx) -> list[Candidate]:
        raise NotImplementedError
