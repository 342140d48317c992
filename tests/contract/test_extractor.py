"""What every Extractor must hold: grounded quotes, ids of its own batch, determinism.

Only the rules extractor is listed so far; the LLM extractor against the local stub is
still to join the list (same assertions).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from sago.domain.batch import Batch
from sago.domain.message import Message, Source
from sago.extractors.base import Extractor
from sago.extractors.rules import RulesExtractor

TEXTS = [
    "We closed our $4M seed round led by Northwind Ventures today.",
    "Signed a two-year contract with Bluefin Sushi worth $120k a year.",
    "ARR reached $1.2M in March, up from $900k in January.",
    "Our head of sales, Maya Chen, has left the company.",
    "lunch is on the table, come grab it",
]

EXTRACTORS: dict[str, Callable[[], Extractor]] = {
    "rules": lambda: RulesExtractor(company_names=["Tessellate"]),
}


def _batch() -> Batch:
    at = datetime(2025, 3, 14, 9, 0, tzinfo=UTC)
    messages = [
        Message(
            id=f"slack:c1:{i}",
            company_id="tessellate",
            source=Source.SLACK,
            channel="general",
            sender="ceo",
            timestamp=at,
            text=text,
        )
        for i, text in enumerate(TEXTS)
    ]
    return Batch.of("tessellate", Source.SLACK, messages)


@pytest.fixture(params=sorted(EXTRACTORS))
def extractor(request: pytest.FixtureRequest) -> Extractor:
    return EXTRACTORS[request.param]()


def test_every_quote_slices_out_of_its_message(extractor: Extractor) -> None:
    batch = _batch()
    texts = {m.id: m.text for m in batch.messages}
    events = extractor.extract(batch).events
    assert events, "the batch states several events"
    for event in events:
        assert event.evidence, event.id
        for evidence in event.evidence:
            assert evidence.start is not None
            assert evidence.end is not None
            assert texts[evidence.message_id][evidence.start : evidence.end] == evidence.quote


def test_only_ids_of_the_batch(extractor: Extractor) -> None:
    batch = _batch()
    ids = set(batch.message_ids)
    for event in extractor.extract(batch).events:
        assert set(event.source_message_ids) <= ids
        assert {e.message_id for e in event.evidence} <= ids
        assert event.company_id == batch.company_id


def test_the_same_batch_gives_the_same_events(extractor: Extractor) -> None:
    if extractor.name != "rules":
        pytest.skip("only the offline extractor promises determinism")
    first = extractor.extract(_batch()).events
    again = extractor.extract(_batch()).events
    assert [e.model_dump() for e in first] == [e.model_dump() for e in again]
