"""Microsoft Presidio as the redactor.

Presidio's analyzer runs its own recognizers for structured personal data (phone numbers
through Google's libphonenumber, email addresses, IBANs, card numbers) and pattern
recognizers built from our lexicons. It needs an NLP engine only to tokenise: a blank
multi-language spaCy pipeline does that without any model download, and nothing here
depends on a named-entity model (people's names are news in an investor update; what is
withheld is what sits around them). Hits are then widened to their clause where the
category says so (`sago.redact.spans`).

Importing Presidio (and spaCy under it) costs seconds, and most texts an update is made
of ("Closed the $8M seed round") hold nothing any recognizer could match. A cheap screen
runs first: the union of our own patterns and terms, an "@" before a private mail domain
(work addresses are never withheld) and a run of five or more digits (phone, IBAN and card
numbers all have one). A text that passes no part of
it cannot yield a hit, so the analyzer is built on first need only.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from sago.redact.base import Audience, Category, Redactor, Withheld
from sago.redact.knowledge import LEXICON_CATEGORIES, Knowledge, Scope, load
from sago.redact.spans import Clauses

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine

# Presidio selects recognizers by language; ours read every language at once.
LANGUAGE = "xx"
# Presidio scores a bare phone-number match 0.4; anything it reports at all is withheld.
THRESHOLD = 0.3
_BUILTIN: dict[str, Category] = {
    "PHONE_NUMBER": "contact",
    "EMAIL_ADDRESS": "contact",
    "IBAN_CODE": "contact",
    "CREDIT_CARD": "contact",
}
_FLAGS = re.DOTALL | re.MULTILINE | re.IGNORECASE
_EXACT = re.DOTALL | re.MULTILINE
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


_THOUSANDS = re.compile(r"\d[.,]\d{3}(?!\d)")
_DATE_OR_DECIMAL = re.compile(r"\d{4}-\d{2}-\d{2}|\d\.\d{1,2}$")
_SEPARATOR = re.compile(r"\d[\s.\-/]+\d")
MIN_PHONE_DIGITS = 7


def _phone_like(found: str) -> bool:
    """libphonenumber at "possible" leniency also takes counts, amounts, dates and standard
    numbers ("212", "2000000.0", "2025-06-18", "ISO 27001-5521"). A phone number has seven
    digits or more, no thousands separator, and either a prefix (+, 0, a bracketed area
    code) or the grouping people write it in ("415 555 0134")."""
    text = found.strip()
    digits = sum(ch.isdigit() for ch in text)
    if digits < MIN_PHONE_DIGITS or _DATE_OR_DECIMAL.search(text):
        return False
    if text.startswith("+"):
        return True
    if _THOUSANDS.search(text):
        return False
    return text.startswith(("0", "(")) or len(_SEPARATOR.findall(text)) >= 2


def _entity(category: Category, kind: str) -> str:
    return f"SAGO_{category.upper()}_{kind.upper()}"


def _lexicon_regexes(knowledge: Knowledge) -> Iterator[tuple[str, Category, str, str, int]]:
    """(recognizer name, category, entity kind, regex, flags) for every lexicon entry."""
    for lexicon in knowledge.lexicons:
        for category in LEXICON_CATEGORIES:
            name = f"sago-{lexicon.language}-{category}"
            terms = lexicon.term_regex(lexicon.terms[category])
            exact = lexicon.term_regex(lexicon.exact_terms[category])
            if terms:
                yield f"{name}-terms", category, "term", terms, _FLAGS
            if exact:
                yield f"{name}-exact", category, "term", exact, _EXACT
            for n, pattern in enumerate(lexicon.patterns[category]):
                yield f"{name}-pattern-{n}", category, "pattern", pattern, _FLAGS


def _recognizers(knowledge: Knowledge, terms: Sequence[str]) -> list[Any]:
    from presidio_analyzer import Pattern, PatternRecognizer
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer,
        EmailRecognizer,
        IbanRecognizer,
        PhoneRecognizer,
    )

    class Email(EmailRecognizer):
        def validate_result(self, pattern_text: str) -> bool:
            # Presidio checks the domain against the public suffix list, downloading it on
            # first use; a syntactically valid address is enough to withhold it.
            return True

    recognizers: list[Any] = [
        # Leniency 0 ("possible"): a number in a range not yet (or never) allotted, such as
        # the UK 07700 900xxx drama range, is still how someone is reached.
        PhoneRecognizer(
            supported_language=LANGUAGE, supported_regions=knowledge.phone_regions(), leniency=0
        ),
        Email(supported_language=LANGUAGE),
        IbanRecognizer(supported_language=LANGUAGE),
        CreditCardRecognizer(supported_language=LANGUAGE),
    ]
    for name, category, kind, regex, flags in _lexicon_regexes(knowledge):
        recognizers.append(
            PatternRecognizer(
                supported_entity=_entity(category, kind),
                supported_language=LANGUAGE,
                patterns=[Pattern(name, regex, 0.8)],
                name=name,
                global_regex_flags=flags,
            )
        )
    if terms:
        recognizers.append(
            PatternRecognizer(
                supported_entity=_entity("confidential", "term"),
                supported_language=LANGUAGE,
                patterns=[Pattern("sago-confidential-terms", _term_regex(terms), 0.9)],
                name="sago-confidential-terms",
            )
        )
    return recognizers


def _term_regex(terms: Sequence[str]) -> str:
    """The company's terms, any case; whole words where the term's script has words
    (Presidio's deny list needs a word boundary, which "大阪冷蔵の件" never has)."""
    parts = []
    for term in sorted(set(terms), key=len, reverse=True):
        body = r"\s+".join(re.escape(w) for w in term.split())
        left = r"(?<!\w)" if term[:1].isascii() else ""
        right = r"(?!\w)" if term[-1:].isascii() else ""
        parts.append(f"{left}{body}{right}")
    return "|".join(parts)


def _engine(knowledge: Knowledge, terms: Sequence[str]) -> AnalyzerEngine:
    import spacy
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    class BlankSpacy(SpacyNlpEngine):
        """Tokenisation only: `spacy.blank("xx")` needs no model, so nothing is downloaded
        (Presidio's own loader would try to fetch a model it cannot find)."""

        def load(self) -> None:
            # Presidio declares the attribute as None until load() fills it.
            self.nlp = {LANGUAGE: spacy.blank("xx")}  # type: ignore[assignment]

    registry = RecognizerRegistry(supported_languages=[LANGUAGE])
    for recognizer in _recognizers(knowledge, terms):
        registry.add_recognizer(recognizer)
    nlp = BlankSpacy(models=[{"lang_code": LANGUAGE, "model_name": "blank"}])
    nlp.load()
    # Presidio logs every recognizer it loads at INFO; a run needs none of that.
    logging.getLogger("presidio-analyzer").setLevel(logging.WARNING)
    return AnalyzerEngine(registry=registry, nlp_engine=nlp, supported_languages=[LANGUAGE])


def _screen(knowledge: Knowledge, terms: Sequence[str]) -> re.Pattern[str]:
    """What any recognizer's hit must contain (see the module docstring)."""
    # Only private addresses are withheld, so only their domains need a closer look.
    domains = "|".join(re.escape(d) for d in sorted(knowledge.personal_domains, key=len)[::-1])
    parts = [rf"@(?:{domains})\b", r"\d(?:[\s().-]?\d){4,}"]
    parts += [regex for _, _, _, regex, _ in _lexicon_regexes(knowledge)]
    if terms:
        parts.append(_term_regex(terms))
    # Case is ignored throughout: the screen may pass more than the recognizers, never less.
    return re.compile("|".join(f"(?:{p})" for p in parts), _FLAGS)


class PresidioRedactor(Redactor):
    """Withholds compensation, personal contact data, health and HR matters, and the
    company's confidential terms (SAGO_REDACT_TERMS)."""

    name = "presidio"

    def __init__(self, confidential_terms: Sequence[str] = ()) -> None:
        self.knowledge = load()
        self.terms = [t.strip() for t in confidential_terms if t.strip()]
        self._screen = _screen(self.knowledge, self.terms)
        self._engine: AnalyzerEngine | None = None

    @property
    def engine(self) -> AnalyzerEngine:
        if self._engine is None:
            self._engine = _engine(self.knowledge, self.terms)
        return self._engine

    def screened(self, text: str) -> bool:
        """Whether any recognizer could match in `text` (False: nothing to withhold).
        ISO dates are no phone numbers: an update's footnotes are full of them."""
        return self._screen.search(_ISO_DATE.sub(" ", text)) is not None

    def placeholder(self, audience: Audience) -> str:
        return self.knowledge.audiences[audience][1]

    def _classify(self, entity: str) -> tuple[Category, Scope] | None:
        if entity in _BUILTIN:
            category = _BUILTIN[entity]
            return category, "match"
        for category, rule in self.knowledge.categories.items():
            if entity == _entity(category, "term"):
                return category, rule.terms_scope
            if entity == _entity(category, "pattern"):
                return category, rule.patterns_scope
        return None

    def find(self, text: str, audience: Audience) -> list[Withheld]:
        wanted = set(self.knowledge.audiences[audience][0])
        if not text.strip() or not wanted or not self.screened(text):
            return []
        return self.analyze(text, audience)

    def analyze(self, text: str, audience: Audience) -> list[Withheld]:
        """What `find` withholds, without the cheap screen in front."""
        wanted = set(self.knowledge.audiences[audience][0])
        results = self.engine.analyze(text=text, language=LANGUAGE, score_threshold=THRESHOLD)
        clauses = Clauses(text, self.knowledge.continuations)
        # A press release's addresses and lines are the organisation's, not a person's.
        public = any(cue in text.casefold() for cue in self.knowledge.public_cues)
        found: list[Withheld] = []
        for result in results:
            kind = self._classify(result.entity_type)
            if kind is None or kind[0] not in wanted:
                continue
            category, scope = kind
            hit = text[result.start : result.end]
            organisational = public or any(
                cue in clauses.sentence_of(result.start).casefold()
                for cue in self.knowledge.public_near
            )
            if organisational and category == "contact" and result.entity_type != "EMAIL_ADDRESS":
                continue
            if result.entity_type == "EMAIL_ADDRESS" and not self._personal(hit):
                continue
            if result.entity_type == "PHONE_NUMBER" and not _phone_like(hit):
                continue
            rule = self.knowledge.categories[category]
            span = clauses.widen(result.start, result.end, scope, rule)
            if span is None or span[0] >= span[1]:
                continue
            found.append(
                Withheld(
                    start=span[0],
                    end=span[1],
                    category=category,
                    reason=rule.reason,
                    text=text[span[0] : span[1]],
                )
            )
        return found

    def _personal(self, address: str) -> bool:
        domain = address.rsplit("@", 1)[-1].lower().rstrip(".")
        return domain in self.knowledge.personal_domains
