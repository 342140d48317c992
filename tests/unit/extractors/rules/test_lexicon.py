"""The lexicon: one data file per language, compiled at load; a language is data only."""

from __future__ import annotations

import datetime as dt
import shutil
import tomllib
from pathlib import Path

import pytest

from sago.domain.batch import Batch
from sago.domain.event import EventType
from sago.domain.message import Source
from sago.extractors.rules.engine import Engine, RulesExtractor
from sago.extractors.rules.lexicon import HERE, Lexicon, alternation, default_lexicon
from sago.sources.normalise import chat_message

LANGUAGES = {"en", "pt", "it", "pl", "ko", "de", "es", "fr"}


def test_every_language_of_the_dev_set_and_more_has_a_file() -> None:
    assert set(default_lexicon().languages) >= LANGUAGES


@pytest.mark.parametrize("code", sorted(LANGUAGES - {"en"}))
def test_languages_only_use_concepts_english_defines(code: str) -> None:
    english = tomllib.loads((HERE / "en.toml").read_text(encoding="utf-8"))
    other = tomllib.loads((HERE / f"{code}.toml").read_text(encoding="utf-8"))
    for section in ("concepts", "modality"):
        unknown = set(other.get(section, {})) - set(english[section])
        assert not unknown, f"{code}.toml [{section}] names concepts en.toml lacks: {unknown}"


@pytest.mark.parametrize(
    ("phrases", "text", "found"),
    [
        ([("signed", True)], "we signed it", ["signed"]),
        ([("signed", True)], "the signature", []),
        ([("signed up", True), ("signed", True)], "we signed  up today", ["signed  up"]),
        ([("podpisa*", True)], "podpisaliśmy umowę", ["podpisaliśmy"]),
        ([("체결", False)], "계약체결했습니다", ["체결"]),
        ([("re:series [a-h]", True)], "our series b", ["series b"]),
    ],
)
def test_phrase_syntax(phrases: list[tuple[str, bool]], text: str, found: list[str]) -> None:
    import re

    assert [m.group() for m in re.finditer(alternation(phrases), text)] == found


def test_a_new_language_is_a_data_file(tmp_path: Path) -> None:
    for name in ("en.toml", "common.toml"):
        shutil.copy(HERE / name, tmp_path / name)
    # A made-up language: its words for signing a deal and for "contract".
    (tmp_path / "xx.toml").write_text(
        '[language]\nfunction_words = ["zo", "ka"]\n'
        '[concepts]\nsign_verb = ["vrelo*"]\ndeal_noun = ["kontrakta"]\n',
        encoding="utf-8",
    )
    extractor = RulesExtractor(engine=Engine(Lexicon.load(tmp_path)))
    message = chat_message(
        native_id="1",
        company_id="acme",
        sender="sam",
        text="zo vrelonem ka kontrakta with Hooli, $300k",
        moment=dt.datetime(2025, 7, 7, tzinfo=dt.UTC),
    )
    events = extractor.extract(Batch.of("acme", Source.SLACK, [message])).events
    assert [e.event_type for e in events] == [EventType.ENTERPRISE_DEAL]
