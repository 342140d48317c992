"""What every Extractor must hold: grounded quotes, ids of its own batch, determinism.

Each extractor is built by `sago.bootstrap` from Settings. The LLM extractor runs on both
wires (Gemini's and OpenAI's) against the local stub, whose model is careless on purpose:
besides the events the messages state, it cites a message outside the batch, quotes words
no message holds, quotes one message under another's id, and quotes a message in the
wrong case and spacing. The contract holds only if the extractor drops or repairs them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from sago import bootstrap
from sago.devtools.llm_stub import LLMStub, Reply, StubRequest, events_for, grounded_responder
from sago.domain.batch import Batch
from sago.domain.message import Message, Source
from sago.extractors.base import Extractor
from support.factories import settings
from support.llm_data import llm_settings

TEXTS = [
    "We closed our $4M seed round led by Northwind Ventures today.",
    "Signed a two-year contract with Bluefin Sushi worth $120k a year.",
    "ARR reached $1.2M in March, up from $900k in January.",
    "Our head of sales, Maya Chen, has left the company.",
    "lunch is on the table, come grab it",
]
COMPANY = ["Tessellate"]
EXTRACTORS = ["rules", "llm-gemini", "llm-openai"]


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


def _careless(event_type: str, message_id: str, quote: str) -> dict[str, Any]:
    return {
        "event_type": event_type,
        "key": f"{event_type} {quote[:20]}",
        "title": quote[:80],
        "description": quote,
        "severity": "medium",
        "metrics": [],
        "source_message_ids": [message_id],
        "evidence": [{"message_id": message_id, "quote": quote}],
        "confidence": 0.9,
    }


FOREIGN_ID = "slack:c9:404"


def careless_model(request: StubRequest) -> Reply:
    """Grounded events for the prompt's messages, and some a careful model would not give.

    An id outside the request breaks the answer's schema, so the extractor asks again
    (the re-ask carries the bad answer, which is how this model knows to mend it); the
    other faults are in a valid answer and must be dropped or repaired event by event.
    """
    if not request.is_extraction or not request.messages:
        return grounded_responder(request)
    (first_id, first_text), *rest = request.messages
    other_id = rest[0][0] if rest else first_id
    events = [
        *events_for(request.messages),
        _careless("product_launch", first_id, "We launched a rocket to the moon."),  # invented
        _careless("hiring", other_id, first_text),  # another message's words
        _careless("partnership", first_id, "  ".join(first_text.upper().split())),  # reworded
    ]
    if FOREIGN_ID not in json.dumps(request.body):
        events.append(_careless("funding", FOREIGN_ID, first_text))  # a message not asked about
    return Reply.json({"events": events})


@pytest.fixture(params=EXTRACTORS)
def extractor(request: pytest.FixtureRequest) -> Iterator[Extractor]:
    if request.param == "rules":
        built = bootstrap.build_extractor(settings(llm="rules", company_names=COMPANY))
        yield built
        built.close()
        return
    with LLMStub.running(careless_model) as stub:
        wire = request.param.removeprefix("llm-")
        built = bootstrap.build_extractor(llm_settings(wire, stub, company_names=COMPANY))
        yield built
        built.close()
        # Each extraction met the foreign id once and asked again.
        asked = [FOREIGN_ID in json.dumps(r.body) for r in stub.requests if r.is_extraction]
        assert asked
        assert asked.count(True) == asked.count(False), asked


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
    # For the LLM extractor: the same model answers give the same events (ids, offsets,
    # order, metrics). Only `created_at`, when the record was made, may differ: the LLM
    # extractor stamps it from the clock, the rules extractor with the message's time.
    first = extractor.extract(_batch()).events
    again = extractor.extract(_batch()).events
    assert first
    made = {"created_at"}
    assert [e.model_dump(exclude=made) for e in first] == [
        e.model_dump(exclude=made) for e in again
    ]
