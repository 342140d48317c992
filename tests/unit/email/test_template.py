"""The template update: the founders' shape, every line cited, the same from any order."""

from __future__ import annotations

import itertools
import re
from datetime import date

from sago.domain.email import SourceRef
from sago.domain.event import EventType
from sago.domain.period import Period
from sago.domain.update import Ask
from sago.email.template import TemplateComposer
from support.factories import T0, event, facts, june_events

JUNE = Period.month(2025, 6)
MARK = re.compile(r"\[(\d+)\]")


def test_the_update_has_the_founders_shape() -> None:
    events = june_events()
    ask = Ask(
        text="Intros to DSO operators with 50+ locations.",
        source=SourceRef(message_id="9", source="gmail", where="ceo@acme.example", at=T0),
    )
    email = TemplateComposer().compose(facts(events, JUNE, asks=[ask], name="Acme"))
    headings = re.findall(r"(?m)^## (.+)$", email.body)
    # The deal is a highlight (with the round and ARR); the launch and the hire are not.
    assert headings == ["Highlights", "Lowlights", "KPIs", "Product", "Team", "Asks", "Thank you"]
    summary = email.body.split("\n\n")[1]
    assert 2 <= len(re.findall(r"[.!?](?= \[| |$)", summary)) <= 4
    lowlights = email.body.split("## Lowlights\n\n", 1)[1].split("\n\n", 1)[0]
    assert lowlights.startswith("- Lost Bright Dental to a cheaper competitor")
    assert (
        "Lost Bright Dental"
        not in email.body.split("## Lowlights", 1)[1].split("Sources")[0][len(lowlights) :]
    )  # each occurrence once
    assert "- Intros to DSO operators with 50+ locations." in email.body
    assert email.subject.startswith("Acme investor update, June 2025")
    assert (
        email.body.rstrip()
        .split("Sources")[0]
        .rstrip()
        .rstrip("-")
        .rstrip()
        .endswith("The Acme team")
    )
    assert (email.period_start, email.period_end) == (date(2025, 6, 1), date(2025, 6, 30))


def test_every_line_is_cited_and_every_mark_has_a_footnote() -> None:
    email = TemplateComposer().compose(facts(june_events(), JUNE))
    text, _, _ = email.body.partition("\n---\n")
    for line in text.splitlines():
        if line.startswith("- ") or (line.startswith("| ") and "---" not in line):
            if line.startswith("| Metric"):
                continue
            assert MARK.search(line), line
    marks = {int(m) for m in MARK.findall(text)}
    assert marks == {f.mark for f in email.footnotes}
    for note in email.footnotes:
        assert note.sources, note
        assert f"- [{note.mark}] {note.title}: slack #general, 2025-06-02" in email.body
    assert set(email.event_ids) == {e.id for e in june_events()}


def test_an_empty_period_says_so_and_asks_for_asks() -> None:
    email = TemplateComposer().compose(facts([], JUNE))
    assert "No significant events were recorded for June 2025." in email.body
    assert "## Highlights" not in email.body
    assert "[Add your asks here" in email.body


def test_the_draft_does_not_depend_on_the_order_of_the_events() -> None:
    # Found by `sago chaos`: same-day events of one type came out in extraction order, so
    # a run finished after a crash drafted a different email from the same events.
    events = [
        event(f"launch {n}", event_type=EventType.PRODUCT_LAUNCH, sources=(str(n),))
        for n in range(4)
    ]
    drafts = {
        (draft.subject, draft.body)
        for order in itertools.permutations(events)
        for draft in [TemplateComposer().compose(facts(list(order)))]
    }
    assert len(drafts) == 1


def test_the_email_is_signed_with_the_companys_name_not_a_placeholder_id() -> None:
    default = event("seed", company="default")
    assert TemplateComposer().compose(facts([default])).subject.startswith("Investor update,")
    assert "The team\n" in TemplateComposer().compose(facts([default])).body
    named = TemplateComposer().compose(facts([event("seed")], name="Harbor Health"))
    assert named.subject.startswith("Harbor Health investor update,")
    assert "The Harbor Health team\n" in named.body
