"""The rules extractor on the hand-labelled dev set must not get worse.

The dev set lives beside the repository (shared/devset) and is read in place. It was
labelled before "bad news is an event": three of its messages state bad news as fact (a
deal lost to a competitor, a market launch and a product launch that slipped) and were
traps; `tests/data/devset_bad_news` labels them as the negative events they now are. The
dev set is a training set (the rules were tuned on it): this guards against regressions,
it is no evidence of quality on unseen text. Company id "default" (no company name).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sago.domain.message import Message
from sago.extractors.rules import RulesExtractor
from sago.pipeline.evaluate import EvalReport, evaluate, extract_all, load_expected, load_traps
from sago.sources.csv import CsvSource
from support.shared import DEVSET

BAD_NEWS = Path(__file__).resolve().parents[3] / "data" / "devset_bad_news" / "expected_events.json"

pytestmark = pytest.mark.skipif(
    not (DEVSET / "messages.csv").exists(), reason=f"dev set not found at {DEVSET}"
)


@pytest.fixture(scope="module")
def report() -> EvalReport:
    messages = [
        m for m in CsvSource(DEVSET / "messages.csv", "default").read() if isinstance(m, Message)
    ]
    events = extract_all(messages, RulesExtractor(), batch_size=200)
    gold = load_expected(DEVSET / "expected_events.json") + load_expected(BAD_NEWS)
    return evaluate(events, gold, load_traps(DEVSET / "traps.json"))


def test_micro_scores_stay_high(report: EvalReport) -> None:
    assert report.micro.f1 >= 0.95
    assert report.micro.precision >= 0.93
    assert report.micro.recall >= 0.93


def test_no_trap_is_violated(report: EvalReport) -> None:
    assert report.traps_total == 39
    assert report.violations == []


def test_bad_news_is_found_with_its_polarity(report: EvalReport) -> None:
    assert report.polarity_checked == 3
    assert report.polarity_right == 3


def test_every_event_type_is_found(report: EvalReport) -> None:
    found = {s.event_type for s in report.per_type if s.true_positives}
    assert len(found) == 14
