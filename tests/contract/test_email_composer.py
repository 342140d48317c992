"""What every EmailComposer must hold: the shared shape, every line cited, no number the
facts do not hold, message text escaped in the HTML, and nothing withheld in the update.

Each composer is built by `sago.bootstrap` from Settings: the template, and the LLM
composer on both wires (Gemini's and OpenAI's) against the local LLM stub. The stub's model
is careless on purpose: besides the events' own titles it writes a sentence with an
invented number and one citing an event that does not exist, every time it is asked.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from sago import bootstrap
from sago.devtools.llm_stub import LLMStub, Reply, StubRequest, grounded_responder
from sago.domain.email import InvestorEmail, SourceRef, WithheldNote
from sago.domain.event import SignificantEvent
from sago.domain.period import Period
from sago.domain.update import Ask, UpdateFacts
from sago.email.html import as_html
from support.factories import T0, facts, june_events, settings
from support.llm_data import llm_settings

JUNE = Period.month(2025, 6)
SCRIPT = "<script>alert(1)</script>"
LINK = "[click](javascript:alert(1))"
SECRET = "Maya's salary is $185k"
INVENTED = "We now have 48 enterprise customers."
MARK = re.compile(r"\[(\d+)\]")
COMPOSERS = ["template", "llm-gemini", "llm-openai"]


def _events() -> list[SignificantEvent]:
    """A month with bad news, whose message-derived titles try HTML and a script link."""
    seed, *middle, launch, deal = june_events()
    return [
        seed.model_copy(update={"title": f"Closed a $3.5M seed round {SCRIPT}"}),
        *middle,
        launch.model_copy(update={"title": f"Launched Recall, see {LINK}"}),
        deal,
    ]


def _facts() -> UpdateFacts:
    ask = Ask(
        text="Intros to DSO operators with 50+ locations.",
        source=SourceRef(message_id="9", source="gmail", where="ceo@acme.example", at=T0),
    )
    # What the pipeline's redaction kept out: the founder sees it, investors never do.
    withheld = WithheldNote(
        category="compensation", reason="pay is private", text=SECRET, where="message 7"
    )
    gathered = facts(_events(), JUNE, asks=[ask], name="Tessellate")
    return gathered.model_copy(update={"withheld": [withheld]})


def careless_model(request: StubRequest) -> Reply:
    """Each event's title as a sentence citing it, the good news as highlights and the bad
    as lowlights, plus two sentences a careful model would not write: an invented number,
    and a citation of event 99 (there are five)."""
    if request.is_extraction:
        return grounded_responder(request)
    found = re.search(r"BEGIN-FACTS\n(.*)\nEND-FACTS", request.prompt, re.S)
    assert found, request.prompt
    events = json.loads(found.group(1))["events"]

    def said(polarity: str) -> list[dict[str, Any]]:
        return [
            {"text": e["title"], "cites": [e["n"]]} for e in events if e["polarity"] == polarity
        ]

    good = said("positive")
    return Reply.json(
        {
            "summary": good[:1],
            "highlights": [  # the schema allows five
                *good[:3],
                {"text": INVENTED, "cites": [1]},
                {"text": "We closed a $3.5M seed round.", "cites": [99]},
            ],
            "lowlights": said("negative"),
            "other": good[3:],
        }
    )


Written = tuple[InvestorEmail, list[str]]


@pytest.fixture(scope="module", params=COMPOSERS)
def written(request: pytest.FixtureRequest) -> Iterator[Written]:
    """The update one composer writes from `_facts()`, and every prompt it sent a model
    (composed once per composer: the tests below only read it)."""
    if request.param == "template":
        composer = bootstrap.build_composer(settings(llm="rules"))
        yield composer.compose(_facts()), []
        return
    with LLMStub.running(careless_model) as stub:
        wire = request.param.removeprefix("llm-")
        composer = bootstrap.build_composer(llm_settings(wire, stub, email_composer="llm"))
        try:
            email = composer.compose(_facts())
        finally:
            close = getattr(composer, "close", None)
            if close is not None:
                close()
        # Written by the composer asked: the LLM composer's fallback (the template) would
        # pass every test here by itself.
        assert email.composer == composer.name, email.notes
        assert stub.requests, "the LLM composer asked the stub"
        yield email, [r.prompt for r in stub.requests]


def _prose(email: InvestorEmail) -> list[str]:
    """The update's sentences and bullets: everything above the footnotes but the table."""
    text = email.body.partition("\n---\n")[0]
    return [
        line for line in text.splitlines() if line.strip() and not line.startswith(("#", "|", "_["))
    ]


def test_the_update_has_the_shared_shape(written: Written) -> None:
    email, _ = written
    assert email.subject.startswith("Tessellate investor update, June 2025")
    assert (email.period_start, email.period_end) == (date(2025, 6, 1), date(2025, 6, 30))
    assert not email.body.startswith("#"), "a summary comes before the first section"
    headings = re.findall(r"(?m)^## (.+)$", email.body)
    assert headings[:2] == ["Highlights", "Lowlights"], headings
    assert "KPIs" in headings
    assert headings[-2:] == ["Asks", "Thank you"], headings
    assert len(headings) == len(set(headings)), "each section once"
    lowlights = email.body.split("## Lowlights\n\n", 1)[1].split("\n\n", 1)[0]
    assert "Bright Dental" in lowlights
    assert "- Intros to DSO operators with 50+ locations." in email.body


def test_every_line_is_cited_and_only_facts_are_cited(
    written: Written,
) -> None:
    email, _ = written
    known = {e.id for e in _events()}
    for line in _prose(email):
        if line.startswith("- "):
            assert MARK.search(line), line
    text = email.body.partition("\n---\n")[0]
    assert {int(m) for m in MARK.findall(text)} == {f.mark for f in email.footnotes}
    for note in email.footnotes:
        assert note.sources, note
        assert note.event_id is None or note.event_id in known, note
    assert set(email.event_ids) <= known


def test_no_number_the_facts_do_not_hold(written: Written) -> None:
    email, _ = written
    assert "48" not in email.body
    assert INVENTED not in email.body


def test_message_text_stays_text_in_the_html(written: Written) -> None:
    email, _ = written
    page = as_html(email)
    assert "<script" not in page.lower()
    assert not re.search(r"href\s*=\s*[\"']?\s*javascript:", page, re.I)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown, not run


def test_nothing_withheld_reaches_the_update(written: Written) -> None:
    email, prompts = written
    assert "185" not in email.subject + email.body
    assert [w.text for w in email.withheld] == [SECRET]  # listed for the founder
    assert not [p for p in prompts if "185" in p], "nor does a model read it"
