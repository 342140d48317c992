"""The first pass: built from the detectors' own triggers, it drops chatter at once."""

from __future__ import annotations

import pytest

from sago.extractors.rules.engine import default_engine
from sago.extractors.rules.gate import trigger_phrases


def test_every_trigger_phrase_wakes_its_detector() -> None:
    engine = default_engine()
    lexicon = engine.tools.lexicon
    for name, detector in engine.detectors.items():
        for phrase, _ in trigger_phrases(lexicon, detector):
            if phrase.startswith("re:") or phrase.endswith("*"):
                continue
            text = f"x {phrase.lower()} 12 y"
            assert name in engine.gate.scan(text).positions, (name, phrase)


@pytest.mark.parametrize(
    "text",
    [
        "anyone up for lunch at 12:30? i'm at the dentist before",
        "who took the last oat milk. genuinely asking",
        "👍",
        "let's sync on mobile app scope tomorrow",
    ],
)
def test_chatter_wakes_nobody(text: str) -> None:
    assert not default_engine().gate.scan(text)


def test_figure_families_need_a_digit() -> None:
    gate = default_engine().gate
    assert "revenue" not in gate.scan("our arr is looking healthy").positions
    assert "revenue" in gate.scan("our arr is $2m").positions
