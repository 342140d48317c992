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
runs first: the union of our own patterns and terms, an "@" (addresses) and a run of five
or more digits (phone, IBAN and card numbers all have one). A text that passes no part of
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
        PhoneRecognizer(supported_language=LANGUAGE, supported_regions=knowledge.phone_regions()),
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
                deny_list=list(terms),
                name="sago-confidential-terms",
            )
        )
    return recognizers


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
    parts = [r"@", r"\d(?:[\s().-]?\d){4,}"]
    parts += [regex for _, _, _, regex, _ in _lexicon_regexes(knowledge)]
    parts += [re.escape(t) for t in terms]
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
        results = self.engine.analyze(text=text, language=LANGUAGE, score_threshold=THRESHOLD)
        clauses = Clauses(text)
        found: list[Withheld] = []
        for result in results:
            kind = self._classify(result.entity_type)
            if kind is None or kind[0] not in wanted:
                continue
            category, scope = kind
            if result.entity_type == "EMAIL_ADDRESS" and not self._personal(
                text[result.start : result.end]
            ):
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
