"""The LLM email composer: faithful drafts pass, invented numbers are re-asked, then fall back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from sago import bootstrap
from sago.domain.event import EventType, Metric, SignificantEvent
from sago.email.llm import LLMComposer
from sago.email.numbers import invented_numbers
from support.factories import event
from support.llm_data import llm_settings
from support.llm_stub import LLMStub, Reply

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


def draft(body: str, **changes: Any) -> Reply:
    email = {
        "subject": "June update: Series A closed",
        "body": body,
        "highlights": ["Closed a $12M Series A"],
        "key_metrics": [{"name": "round size", "value": 12000000, "unit": "USD"}],
        "event_ids": [],
    }
    email.update(changes)
    return Reply.json(email)


FAITHFUL = "Hi all,\n\nWe closed a $12M Series A and MRR reached $120,000 (15% MoM).\n\nThe team"
INVENTED = "Hi all,\n\nWe closed a $12M Series A and now have 48 enterprise customers.\n\nThe team"


@pytest.fixture(params=["gemini", "openai"])
def composer(request: pytest.FixtureRequest, llm_stub: LLMStub) -> Iterator[LLMComposer]:
    built = bootstrap.build_composer(llm_settings(request.param, llm_stub, llm_max_retries=1))
    assert isinstance(built, LLMComposer)
    yield built
    built.close()


def test_faithful_draft_is_used(
    composer: LLMComposer, llm_stub: LLMStub, events: list[SignificantEvent]
) -> None:
    ids = [events[0].id, "evt_made_up"]
    llm_stub.script(draft(FAITHFUL, event_ids=ids))
    email = composer.compose("acme", events)
    assert email.composer == composer.name
    assert email.body == FAITHFUL
    assert email.key_metrics == [ROUND]
    assert email.event_ids == [events[0].id]  # unknown ids are not kept
    assert len(llm_stub.requests) == 1
    assert composer.usage.requests == 1
    # The prompt carries the events as delimited data.
    prompt = llm_stub.requests[0].prompt
    assert "BEGIN-EVENTS" in prompt
    assert json.dumps(events[0].id) in prompt


def test_invented_number_is_reasked_once(
    composer: LLMComposer, llm_stub: LLMStub, events: list[SignificantEvent]
) -> None:
    llm_stub.script(draft(INVENTED), draft(FAITHFUL))
    email = composer.compose("acme", events)
    assert email.composer == composer.name
    assert email.body == FAITHFUL
    assert len(llm_stub.requests) == 2
    assert "numbers not in any event: 48" in llm_stub.requests[1].prompt


def test_invented_numbers_twice_fall_back_to_the_template(
    composer: LLMComposer, llm_stub: LLMStub, events: list[SignificantEvent]
) -> None:
    llm_stub.script(draft(INVENTED), draft(INVENTED))
    email = composer.compose("acme", events)
    assert email.composer == "template"
    assert "48" not in email.body
    assert len(llm_stub.requests) == 2
    assert composer.last_problems


def test_key_metric_not_from_an_event_is_rejected(
    composer: LLMComposer, llm_stub: LLMStub, events: list[SignificantEvent]
) -> None:
    fake = [{"name": "customers", "value": 48, "unit": None}]
    llm_stub.script(draft(FAITHFUL, key_metrics=fake), draft(FAITHFUL, key_metrics=fake))
    assert composer.compose("acme", events).composer == "template"


def test_provider_failure_falls_back_to_the_template(
    composer: LLMComposer, llm_stub: LLMStub, events: list[SignificantEvent]
) -> None:
    llm_stub.script(*[Reply.fail(500)] * 5)
    email = composer.compose("acme", events)
    assert email.composer == "template"
    assert "500" in composer.last_problems[0]


def test_no_events_needs_no_model(composer: LLMComposer, llm_stub: LLMStub) -> None:
    assert composer.compose("acme", []).composer == "template"
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
