"""What the rules extractor finds must not depend on how messages are batched: batch
boundaries move with timing, crashes and worker count, and the stored events must not."""

from __future__ import annotations

import pytest

from sago.devtools.datagen import write_dataset
from sago.domain.event import SignificantEvent
from sago.domain.message import Message
from sago.extractors.rules import RulesExtractor
from sago.pipeline.evaluate import extract_all
from sago.sources.csv import CsvSource
from support.shared import DEVSET


def comparable(events: list[SignificantEvent]) -> list[str]:
    return sorted(e.model_copy(update={"batch_id": ""}).model_dump_json() for e in events)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Message]:
    path = tmp_path_factory.mktemp("gen") / "data.csv"
    write_dataset(path, rows=1500, seed=23)
    return [r for r in CsvSource(path, "acme").read() if isinstance(r, Message)]


@pytest.mark.parametrize("batch_size", [1, 13, 97])
def test_any_batching_gives_the_same_events(generated: list[Message], batch_size: int) -> None:
    reference = extract_all(generated, RulesExtractor(), batch_size=200)
    assert len({e.event_type for e in reference}) >= 10
    assert comparable(
        extract_all(generated, RulesExtractor(), batch_size=batch_size)
    ) == comparable(reference)


def test_devset_batching_does_not_matter() -> None:
    devset = DEVSET / "messages.csv"
    if not devset.exists():
        pytest.skip(f"dev set not found at {devset}")
    messages = [r for r in CsvSource(devset, "lumen").read() if isinstance(r, Message)]
    whole = extract_all(messages, RulesExtractor(), batch_size=500)
    assert comparable(extract_all(messages, RulesExtractor(), batch_size=1)) == comparable(whole)


def test_company_names_setting_reaches_the_rules_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    from sago.bootstrap import build_extractor
    from sago.config import Settings

    monkeypatch.setenv("SAGO_COMPANY_NAMES", '["Lumen Health", "Lumen"]')
    extractor = build_extractor(Settings())
    assert isinstance(extractor, RulesExtractor)
    assert extractor.company_names == ("Lumen Health", "Lumen")


def test_only_a_configured_company_id_counts_as_a_name(monkeypatch: pytest.MonkeyPatch) -> None:
    from sago.bootstrap import build_extractor
    from sago.config import Settings

    unset = build_extractor(Settings())
    assert isinstance(unset, RulesExtractor)
    assert unset.self_names == frozenset()
    monkeypatch.setenv("SAGO_COMPANY_ID", "lumen-health")
    configured = build_extractor(Settings())
    assert isinstance(configured, RulesExtractor)
    assert len(configured.self_names) == 1
