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
