"""How a message holds what it says: the one layer every detector's trigger passes through.

A detector finds a trigger ("signed", "raised", "churned") and asks `Modality.assess` how
the text holds it. Only a FACT becomes an event. Everything else is a reason it does not:
the message is an injection, spam, a joke (April Fools included) or a draft; the sentence
sits under a plans heading, asks a question, repeats hearsay, sets a condition, quotes
someone's draft; the clause negates, reports a failure, hedges, plans, is still pending
(final redlines, not yet signed) or tells history.

Cues come from the lexicon (`[modality]` of each language file); only the languages a
message is written in (and English) are consulted. A cue inside the trigger itself never
counts: "will not renew" is a churn trigger, not a negated renewal.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from sago.extractors.rules.context import Document, Sentence
from sago.extractors.rules.lexicon import Lexicon
from sago.llm.injection import looks_like_injection


class Mood(StrEnum):
    FACT = "fact"
    INJECTION = "injection"
    SPAM = "spam"
    JOKE = "joke"
    DRAFT = "draft"
    PLAN = "plan"
    QUESTION = "question"
    QUOTED = "quoted"
    HEARSAY = "hearsay"
    CONDITIONAL = "conditional"
    HISTORICAL = "historical"
    FAILED = "failed"
    DELAYED = "delayed"
    NEGATED = "negated"
    PENDING = "pending"
    SPECULATIVE = "speculative"


@dataclass(frozen=True, slots=True)
class Modality:
    """A verdict and the cue that decided it (for explanations and tests)."""

    mood: Mood
    cue: str = ""

    @property
    def is_fact(self) -> bool:
        return self.mood is Mood.FACT


FACT = Modality(Mood.FACT)
_QUOTES = re.compile(r"[\"“”«»„]([^\"“”«»„\n]{3,300})[\"“”«»„]|(?<![\w])'([^'\n]{6,300})'(?![\w])")
_ASKS = re.compile(r"\?\s*[\"'”’)]*\s*$|^\s*¿")
# Clause-scoped cues, checked in this order; the first that is found decides.
_CLAUSE_CUES: tuple[tuple[Mood, str], ...] = (
    (Mood.HISTORICAL, "historical"),
    (Mood.FAILED, "failure"),
    (Mood.DELAYED, "delay"),
    (Mood.PENDING, "pending"),
    (Mood.SPECULATIVE, "speculation"),
    (Mood.PLAN, "plan"),
)


class ModalityLayer:
    """Compiled once per lexicon; `screen` judges a message, `assess` a trigger in it."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def _find(
        self, key: str, doc: Document, start: int, end: int, skip: tuple[int, int] = (0, 0)
    ) -> re.Match[str] | None:
        pattern = self.lexicon.pattern("modality", key, doc.languages)
        for match in pattern.finditer(doc.low, start, end):
            if match.start() < skip[1] and skip[0] < match.end():
                continue  # a cue inside the trigger is part of the trigger
            if _proper_noun(doc.text, match.start(), start):
                continue  # "our first Fortune 500 customer: Target": a name, not a goal
            return match
        return None

    # --- the whole message ---------------------------------------------------------------
    def screen(self, doc: Document) -> Modality:
        """Message-level vetoes: an injection, spam, a joke, a draft or embargoed text."""
        low = doc.low
        if looks_like_injection(doc.text):
            return Modality(Mood.INJECTION, "injection")
        injected = self.lexicon.pattern("screen", "injection", doc.languages).search(low)
        if injected:
            return Modality(Mood.INJECTION, injected.group())
        spam = self.lexicon.pattern("screen", "spam", doc.languages).search(low)
        if spam:
            return Modality(Mood.SPAM, spam.group())
        joke = self.lexicon.pattern("modality", "joke", doc.languages).search(low)
        if joke:
            return Modality(Mood.JOKE, joke.group())
        if self._april_fools(doc):
            return Modality(Mood.JOKE, "april 1")
        head = low.lstrip()[:80]
        draft = self.lexicon.pattern("modality", "draft", doc.languages).match(
            re.sub(r"^[\W_]+", "", head)
        )
        if draft and re.match(r"[\W_]*(?:subject:\s*)?" + re.escape(draft.group()), head):
            return Modality(Mood.DRAFT, draft.group())
        return FACT

    def _april_fools(self, doc: Document) -> bool:
        """On April 1 an excited chat announcement is presumed a joke: the day's tradition
        outweighs the odd real news told with "big news!!" on it."""
        moment = doc.message.timestamp
        if (moment.month, moment.day) != (4, 1) or not doc.message.is_chat:
            return False
        hype = self.lexicon.pattern("modality", "hype", doc.languages)
        return hype.search(doc.low) is not None

    def is_bulk(self, doc: Document) -> bool:
        return self.lexicon.pattern("screen", "bulk", doc.languages).search(doc.low) is not None

    # --- one trigger -------------------------------------------------------------------
    def assess(
        self,
        doc: Document,
        sentence: Sentence,
        span: tuple[int, int],
        allow: frozenset[Mood] = frozenset(),
    ) -> Modality:
        """How the sentence holds the trigger at `span` (absolute offsets)."""
        verdict = self._assess(doc, sentence, span)
        return FACT if verdict.mood in allow else verdict

    def _assess(self, doc: Document, sentence: Sentence, span: tuple[int, int]) -> Modality:
        # Checked before the section: a plan heading may be allowed, nobody-in-particular not.
        generic = self._find("generic_subject", doc, sentence.start, sentence.end, span)
        if generic:
            return Modality(Mood.SPECULATIVE, generic.group())
        if sentence.section == "plan":
            return Modality(Mood.PLAN, sentence.heading)
        seg_start, seg_end = sentence.segment_at(span[0])
        cl_start, cl_end = sentence.clause_at(span[0])
        quoted = self._quoted(doc, sentence, span)
        if quoted is not None:
            return quoted
        if _ASKS.search(doc.low, seg_start, seg_end) or self._asks(doc, seg_start, seg_end):
            return Modality(Mood.QUESTION, "?")
        draft = self._find("draft", doc, sentence.start, sentence.end, span)
        if draft:
            return Modality(Mood.DRAFT, draft.group())
        heard = self._find("hearsay", doc, sentence.start, sentence.end, span)
        if heard:
            return Modality(Mood.HEARSAY, heard.group())
        condition = self._find("condition", doc, seg_start, seg_end, span)
        if condition:
            return Modality(Mood.CONDITIONAL, condition.group())
        year = self._earlier_year(doc, cl_start, cl_end)
        if year:
            return Modality(Mood.HISTORICAL, year)
        negation = self._negation(doc, cl_start, cl_end, span)
        if negation:
            return Modality(Mood.NEGATED, negation)
        for mood, key in _CLAUSE_CUES:
            stop = cl_end
            if mood in {Mood.PLAN, Mood.SPECULATIVE}:
                # A plan or a hedge after the trigger speaks of it only before the next comma:
                # "we signed Hooli, the rollout will take a while".
                comma = doc.low.find(",", span[1], cl_end)
                stop = comma if comma >= 0 else cl_end
            found = self._find(key, doc, cl_start, stop, span)
            if found and mood is Mood.PLAN and self._met(doc, cl_start, found.start()):
                continue  # "we hit our Q2 target of $1M ARR": a result, not a plan
            if found:
                return Modality(mood, found.group())
        return FACT

    def _met(self, doc: Document, start: int, cue: int) -> bool:
        met = self.lexicon.pattern("modality", "met_goal", doc.languages)
        return any(m.end() >= cue - 25 for m in met.finditer(doc.low, start, cue))

    def _asks(self, doc: Document, start: int, end: int) -> bool:
        """A chat question without its "?": "did we ever sign the addendum"."""
        lead = self.lexicon.pattern("modality", "question_lead", doc.languages)
        opening = re.match(r"[\W_]*", doc.low[start:end])
        begin = start + (opening.end() if opening else 0)
        found = lead.match(doc.low, begin, end)
        if found is None:
            return False
        rest = doc.low[found.end() : end].split()
        first = self.lexicon.words("modality", "first_person", doc.languages)
        # "did we …", "has anyone …": a pronoun right after the lead makes it a question.
        return bool(rest) and (rest[0] in first or rest[0] in {"anyone", "someone", "you", "it"})

    def _quoted(self, doc: Document, sentence: Sentence, span: tuple[int, int]) -> Modality | None:
        for match in _QUOTES.finditer(doc.text, sentence.start, sentence.end):
            if not (match.start() <= span[0] < match.end()):
                continue
            lead_in = doc.low[max(sentence.start, match.start() - 60) : match.start()]
            draft = self.lexicon.pattern("modality", "draft", doc.languages).search(lead_in)
            if draft:
                return Modality(Mood.DRAFT, draft.group())
            speech = self.lexicon.pattern("modality", "speech", doc.languages).search(lead_in)
            if speech:
                # Somebody's words: what they say counts only if it is a plain fact.
                inner = doc.low[match.start() : match.end()]
                condition = self.lexicon.pattern("modality", "condition", doc.languages)
                if condition.search(inner) or "will" in inner.split():
                    return Modality(Mood.QUOTED, speech.group())
        return None

    def _earlier_year(self, doc: Document, start: int, end: int) -> str | None:
        this_year = doc.message.timestamp.year
        for found in re.finditer(r"(?<!\d)((?:19|20)\d\d)(?!\d)", doc.low[start:end]):
            year = int(found.group(1))
            if year < this_year and not _is_period_end(doc, start + found.start(), this_year):
                return found.group(1)
        return None

    def _negation(self, doc: Document, start: int, end: int, span: tuple[int, int]) -> str | None:
        """A negator before the trigger in its clause, unless it belongs to a fixed phrase
        that negates something else ("no exceptions", "no-shows")."""
        exempt = self.lexicon.pattern("modality", "negation_exempt", doc.languages)
        spared = [m.span() for m in exempt.finditer(doc.low, start, end)]
        negation = self.lexicon.pattern("modality", "negation", doc.languages)
        for match in negation.finditer(doc.low, start, span[0]):
            if any(s <= match.start() < e for s, e in spared):
                continue
            if re.search(r"[,;]", doc.low[match.end() : span[0]]):
                continue  # "não fechamos com X, escolheram Y": the "não" was about closing
            if match.start() < span[1] and span[0] < match.end():
                continue
            return match.group()
        late = self.lexicon.pattern("modality", "late_negation", doc.languages)
        gap = re.match(r"\W*", doc.low[span[1] : min(end, span[1] + 6)])
        found = late.match(doc.low, span[1] + (gap.end() if gap else 0), min(end, span[1] + 20))
        if found:
            return found.group()
        # Verb-second languages put the negator of a main clause after the verb, often at
        # its end ("die Zertifizierung haben wir nicht"): it negates what came before it.
        trailing = self.lexicon.pattern("modality", "trailing_negation", doc.languages)
        for match in trailing.finditer(doc.low, span[1], end):
            if not any(s <= match.start() < e for s, e in spared):
                return match.group()
        return None


def _proper_noun(text: str, pos: int, stretch_start: int) -> bool:
    """A capitalised word inside a sentence (not after a colon or at its start) is a name."""
    if not text[pos : pos + 1].isupper() or not text[pos : pos + 1].isalpha():
        return False
    before = text[stretch_start:pos].rstrip()
    return (
        bool(before) and before[-1] not in ".!?;\"'“(-–—•*#>" and not text[pos : pos + 3].isupper()
    )


def _is_period_end(doc: Document, pos: int, this_year: int) -> bool:
    """ "for the period July 1 to December 31, 2024" reported in January is this news."""
    moment: dt.datetime = doc.message.timestamp
    year = int(doc.low[pos : pos + 4])
    return year == this_year - 1 and moment.month <= 2
