"""The LLM email composer: faithful drafts pass, invented numbers are re-asked, then fall back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from sago import bootstrap
from sago.devtools.llm_stub import LLMStub, Reply
from sago.domain.event import EventType, Metric, SignificantEvent
from sago.domain.numbers import invented_numbers
from sago.email.llm import LLMComposer
from support.factories import event, facts
from support.llm_data import llm_settings

ROUND = Metric(name="round size", value=12_000_000.0, unit="USD")
MRR = Metric(name="MRR", value=120_000.0, unit="USD")
GROWTH = Metric(name="MoM growth", value=15.0, unit="%")


@pytest.fixture
def events() -> list[SignificantEvent]:
    return [
        event("series a", title="Closed a $12M Series A", metrics=(ROUND,)),
        event(
            "mrr 120k",
            event_type=EventType.REVENUE_MILESTONE,
            title="MRR reached $120k",
            metrics=(MRR, GROWTH),
            day=date(2025, 6, 20),
        ),
    ]


def sentence(text: str, *cites: int) -> dict[str, Any]:
    return {"text": text, "cites": list(cites)}


def update(*highlights: dict[str, Any], **parts: Any) -> Reply:
    """An update as the model returns it: sentences citing the events' numbers."""
    body = {"summary": [sentence("June was our best month.", 1)], "highlights": list(highlights)}
    return Reply.json(body | parts)


FAITHFUL = sentence("We closed a $12M Series A.", 1)
FAITHFUL_MRR = sentence("MRR reached $120,000 (15% MoM).", 2)
INVENTED = sentence("We now have 48 enterprise customers.", 1)
UNCITED = sentence("We closed a $12M Series A.", 7)
WRONG_EVENT = sentence("MRR reached $120,000.", 1)  # the number is in event 2, not 1


@pytest.fixture(params=["gemini", "openai"])
def composer(request: pytest.FixtureRequest, llm_stub: LLMStub) -> Iterator[LLMComposer]:
    built = bootstrap.build_composer(llm_settings(request.param, llm_stub, llm_max_retries=1))
    assert isinstance(built, LLMComposer)
    yield built
    built.close()


def test_faithful_draft_is_used_in_the_shared_shape(
    composer: LLMComposer, llm_stub: LLMStub, events: list[SignificantEvent]
) -> None:
    llm_stub.script(update(FAITHFUL, FAITHFUL_MRR))
    email = composer.compose(facts(events))
    assert email.composer == composer.name
    assert "- We closed a $12M Series A. [1]" in email.body
    assert "- MRR reached $120,000 (15% MoM). [2]" in email.body
    assert "## KPIs" in email.body  # the table is the code's, not the model's
    assert email.event_ids == [events[0].id, events[1].id]
    assert [f.event_id for f in email.footnotes] == email.event_ids
    assert len(llm_stub.requests) == 1
    assert composer.usage.requests == 1
    # The prompt carries the facts as delimited data, numbered.
    prompt = llm_stub.requests[0].prompt
    assert "BEGIN-FACTS" in prompt
    assert json.dumps(events[0].title) in prompt


@pytest.mark.parametrize("bad", [INVENTED, UNCITED, WRONG_EVENT])
def test_a_bad_sentence_is_reasked_once(
    composer: LLMComposer, llm_stub: LLMStub, events: list[SignificantEvent], bad: Any
) -> None:
    llm_stub.script(update(FAITHFUL, bad), update(FAITHFUL, FAITHFUL_MRR))
    email = composer.compose(facts(events))
    assert len(llm_stub.requests) == 2
    assert bad["text"][:30] in llm_stub.requests[1].prompt  # named in the re-ask
    assert email.composer == composer.name
    assert "MRR reached $120,000 (15% MoM). [2]" in email.body
    assert email.notes == []


@pytest.mark.parametrize("bad", [INVENTED, UNCITED, WRONG_EVENT])
def test_a_sentence_bad_twice_is_removed(
    composer: LLMComposer, llm_stub: LLMStub, events: list[SignificantEvent], bad: Any
) -> None:
    llm_stub.script(update(FAITHFUL, bad), update(FAITHFUL, bad))
    email = composer.compose(facts(events))
    assert email.composer == composer.name
    assert "We closed a $12M Series A. [1]" in email.body
    assert bad["text"] not in email.body.replace("We closed a $12M Series A. [1]", "")
    assert any(n.startswith("removed highlights sentence") for n in email.notes)


def test_nothing_faithful_falls_back_to_the_template(
    composer: LLMComposer, llm_stub: LLMStub, events: list[SignificantEvent]
) -> None:
    only_bad = Reply.json({"highlights": [INVENTED, UNCITED]})
    llm_stub.script(only_bad, only_bad)
    email = composer.compose(facts(events))
    assert email.composer == "template"
    assert "48" not in email.body
    assert composer.last_problems
    assert "Closed a $12M Series A" in email.body


def test_provider_failure_falls_back_to_the_template(
    composer: LLMComposer, llm_stub: LLMStub, events: list[SignificantEvent]
) -> None:
    llm_stub.script(*[Reply.fail(500)] * 5)
    email = composer.compose(facts(events))
    assert email.composer == "template"
    assert "500" in composer.last_problems[0]


def test_no_events_needs_no_model(composer: LLMComposer, llm_stub: LLMStub) -> None:
    assert composer.compose(facts([])).composer == "template"
    assert llm_stub.requests == []


# -- the number check on its own ----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "We raised $12M.",
        "We raised $12,000,000.",
        "We raised 12 million dollars.",
        "MRR is $120k, growing 15% month over month.",
        "MRR is 120,000 USD.",
        "Closed on 2025-06-03 (June 3, 2025), in Q2 2025 / H1.",
        "1. Funding\n2. Revenue\n",
        "Our 2025 update.",
    ],
)
def test_supported_numbers_pass(text: str, events: list[SignificantEvent]) -> None:
    assert invented_numbers(text, events, today=date(2025, 7, 1)) == []


@pytest.mark.parametrize(
    ("text", "invented"),
    [
        ("We raised $15M.", ["$15M"]),  # 15 alone is a metric (15%), $15M is not
        ("We now have 48 customers.", ["48"]),
        ("MRR is $130k.", ["$130k"]),
        ("Growth was 25%.", ["25%"]),
        ("ARR run-rate is $1.44M.", ["$1.44M"]),  # computed from MRR: still invented
    ],
)
def test_unsupported_numbers_are_reported(
    text: str, invented: list[str], events: list[SignificantEvent]
) -> None:
    assert invented_numbers(text, events, today=date(2025, 7, 1)) == invented


def test_rounded_abbreviation_is_allowed() -> None:
    precise = event("arr", metrics=(Metric(name="ARR", value=1_234_567.0, unit="USD"),))
    assert invented_numbers("ARR is about $1.23M.", [precise]) == []
    assert invented_numbers("ARR is $1.5M.", [precise]) == ["$1.5M"]


def test_numbers_in_event_text_are_allowed() -> None:
    worded = event("team", event_type=EventType.HIRING, title="Team grew to 42 people", metrics=())
    assert invented_numbers("We are now 42 people.", [worded]) == []
