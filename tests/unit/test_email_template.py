"""The template email depends on the events, not on the order the store hands them over."""

from __future__ import annotations

import itertools

from sago.domain.event import EventType
from sago.email.template import TemplateComposer
from support.factories import event


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
        for draft in [TemplateComposer().compose("acme", list(order))]
    }
    assert len(drafts) == 1


def test_key_metrics_are_company_figures_with_readable_labels() -> None:
    from sago.domain.event import Metric

    round_ = event("seed", metrics=(Metric(name="amount_usd", value=3_500_000.0, unit="USD"),))
    arr = event(
        "arr",
        event_type=EventType.REVENUE_MILESTONE,
        sources=("2",),
        metrics=(Metric(name="arr_usd", value=1_500_000.0, unit="USD"),),
    )
    deal = event(
        "ironhaven",
        event_type=EventType.ENTERPRISE_DEAL,
        sources=("3",),
        metrics=(
            Metric(name="contract_value_usd", value=140_000.0, unit="USD"),
            Metric(name="years", value=3.0, unit="years"),
        ),
    )
    draft = TemplateComposer().compose("acme", [deal, arr, round_])
    section = draft.body.split("Key metrics\n", 1)[1].split("\n\n", 1)[0]
    assert section.splitlines() == ["- Raised: $3,500,000", "- ARR: $1,500,000"]
    assert [m.name for m in draft.key_metrics] == ["amount_usd", "arr_usd"]
    # The deal's figures still reach the reader, on the deal's own line.
    assert "$140,000" in draft.body.split("Enterprise deals\n", 1)[1]


def test_the_email_is_signed_with_the_companys_name_not_a_placeholder_id() -> None:
    events = [event("seed")]
    assert TemplateComposer().compose("default", events).subject.startswith("Investor update,")
    assert TemplateComposer().compose("default", events).body.rstrip().endswith("The team")
    named = TemplateComposer("Harbor Health").compose("harbor", events)
    assert named.subject.startswith("Harbor Health investor update,")
    assert named.body.rstrip().endswith("The Harbor Health team")
    assert "acme" in TemplateComposer().compose("acme", events).subject
