"""What to withhold, read from data: `categories.toml` and one `lexicon/<lang>.toml` per
language. Nothing in here knows a word of any language; adding one is adding a file."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Literal, cast

from sago.redact.base import Audience, Category

Scope = Literal["match", "clause", "rest"]
LEXICON_CATEGORIES: tuple[Category, ...] = ("compensation", "health_hr", "contact")


@dataclass(frozen=True)
class CategoryRule:
    """How much around a hit of a category is withheld, and the reason a report gives."""

    name: Category
    reason: str
    terms_scope: Scope
    patterns_scope: Scope
    needs_amount: bool
    extend_amounts: bool


@dataclass(frozen=True)
class Lexicon:
    """One language's words and patterns per category."""

    language: str
    phone_regions: tuple[str, ...]
    word_boundaries: bool
    terms: dict[Category, tuple[str, ...]]
    exact_terms: dict[Category, tuple[str, ...]]
    patterns: dict[Category, tuple[str, ...]]

    def term_regex(self, terms: tuple[str, ...]) -> str | None:
        """One alternation of the terms, longest first, whole words unless the language
        glues particles onto words."""
        if not terms:
            return None
        body = "|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True))
        return rf"(?<!\w)(?:{body})(?!\w)" if self.word_boundaries else f"(?:{body})"


@dataclass(frozen=True)
class Knowledge:
    categories: dict[Category, CategoryRule]
    audiences: dict[Audience, tuple[tuple[Category, ...], str]]
    personal_domains: frozenset[str]
    continuations: frozenset[str]
    public_cues: tuple[str, ...]
    public_near: tuple[str, ...]
    lexicons: tuple[Lexicon, ...] = field(default_factory=tuple)

    def phone_regions(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r for lex in self.lexicons for r in lex.phone_regions))


def _read(name: str) -> dict[str, object]:
    return tomllib.loads(resources.files("sago.redact").joinpath(name).read_text("utf-8"))


def _lexicon(language: str, data: dict[str, object]) -> Lexicon:
    def per_category(key: str) -> dict[Category, tuple[str, ...]]:
        found: dict[Category, tuple[str, ...]] = {}
        for category in LEXICON_CATEGORIES:
            section = cast(dict[str, list[str]], data.get(category, {}))
            found[category] = tuple(section.get(key, []))
        return found

    for category, patterns in per_category("patterns").items():
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(
                    f"lexicon/{language}.toml [{category}] bad pattern: {exc}"
                ) from exc
    return Lexicon(
        language=language,
        phone_regions=tuple(cast(list[str], data.get("phone_regions", []))),
        word_boundaries=bool(data.get("word_boundaries", True)),
        terms=per_category("terms"),
        exact_terms=per_category("exact_terms"),
        patterns=per_category("patterns"),
    )


@cache
def load() -> Knowledge:
    """The packaged knowledge (read once per process)."""
    data = _read("categories.toml")
    categories = {
        cast(Category, name): CategoryRule(
            name=cast(Category, name),
            reason=str(rule["reason"]),
            terms_scope=cast(Scope, rule["terms_scope"]),
            patterns_scope=cast(Scope, rule["patterns_scope"]),
            needs_amount=bool(rule["needs_amount"]),
            extend_amounts=bool(rule["extend_amounts"]),
        )
        for name, rule in cast(dict[str, dict[str, object]], data["categories"]).items()
    }
    audiences = {
        cast(Audience, name): (tuple(spec["categories"]), str(spec["placeholder"]))
        for name, spec in cast(dict[str, dict[str, list[Category]]], data["audiences"]).items()
    }
    email = cast(dict[str, list[str]], data["email"])
    folder = resources.files("sago.redact").joinpath("lexicon")
    lexicons = tuple(
        _lexicon(entry.name.removesuffix(".toml"), tomllib.loads(entry.read_text("utf-8")))
        for entry in sorted(folder.iterdir(), key=lambda e: e.name)
        if entry.name.endswith(".toml")
    )
    return Knowledge(
        categories=categories,
        audiences=audiences,
        personal_domains=frozenset(d.lower() for d in email["personal_domains"]),
        continuations=frozenset(
            w.casefold() for w in cast(dict[str, list[str]], data["clauses"])["continuations"]
        ),
        public_cues=tuple(c.casefold() for c in cast(dict[str, list[str]], data["public"])["cues"]),
        public_near=tuple(c.casefold() for c in cast(dict[str, list[str]], data["public"])["near"]),
        lexicons=lexicons,
    )
