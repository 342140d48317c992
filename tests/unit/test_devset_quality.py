"""The rules extractor on the hand-labelled dev set must not get worse.

The dev set lives beside the repository (shared/devset) and is read in place. Measured
when this test was written: micro P/R/F1 1.000/1.000/1.000, 0 of 39 traps violated,
company id "default" (no company name given). The bounds leave a little margin.
"""

from __future__ import annotations

import pytest

from sago.domain.message import Message
from sago.extractors.rules import RulesExtractor
from sago.pipeline.evaluate import EvalReport, evaluate, extract_all, load_expected, load_traps
from sago.sources.csv import CsvSource
from support.shared import DEVSET

pytestmark = pytest.mark.skipif(
    not (DEVSET / "messages.csv").exists(), reason=f"dev set not found at {DEVSET}"
)


@pytest.fixture(scope="module")
def report() -> EvalReport:
    messages = [
        m for m in CsvSource(DEVSET / "messages.csv", "default").read() if isinstance(m, Message)
    ]
    events = extract_all(messages, RulesExtractor(), batch_size=200)
    return evaluate(
        events, load_expected(DEVSET / "expected_events.json"), load_traps(DEVSET / "traps.json")
    )


def test_micro_scores_stay_high(report: EvalReport) -> None:
    assert report.micro.f1 >= 0.95
    assert report.micro.precision >= 0.93
    assert report.micro.recall >= 0.93


def test_no_trap_is_violated(report: EvalReport) -> None:
    assert report.traps_total == 39
    assert report.violations == []


def test_every_event_type_is_found(report: EvalReport) -> None:
    found = {s.event_type for s in report.per_type if s.true_positives}
    assert len(found) == 14
