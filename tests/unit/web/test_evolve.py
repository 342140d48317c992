"""The dashboard shows each occurrence once, and an event page its status and history."""

from __future__ import annotations

import re
from pathlib import Path

from sago.domain.event import EventStatus, EventType
from sago.eventstore.sqlite import SqliteEventStore
from support.evolve import report, said, usd
from support.web import COMPANY, dashboard, settings_for


def test_superseded_stages_leave_the_timeline_and_keep_their_history(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    store = SqliteEventStore(settings.events_db)
    sheet = said(1, "term sheet from Northpoint!").model_copy(update={"company_id": COMPANY})
    closed = said(8, "seed closed, $4M").model_copy(update={"company_id": COMPANY})
    store.upsert(
        [
            report(sheet, EventType.INVESTOR_INTEREST, stage="term_sheet", occurrence="round:seed",
                   title="Term sheet from Northpoint"),
            report(closed, EventType.FUNDING, stage="closed", occurrence="round:seed",
                   metrics=[usd("amount_usd", 4e6)], title="Closed the $4M seed"),
        ]
    )  # fmt: skip
    [old] = store.events(COMPANY, statuses=(EventStatus.SUPERSEDED,))
    [new] = store.events(COMPANY)
    store.close()
    with dashboard(settings) as client:
        timeline = client.get("/").text
        assert re.findall(r'<h2><a href="/events/[^"]+">([^<]+)</a></h2>', timeline) == [
            "Closed the $4M seed"
        ]
        page = client.get(f"/events/{old.id}").text
        assert '<span class="badge status-superseded">superseded</span>' in page
        assert f'<a href="/events/{new.id}">{new.id}</a>' in page
        assert "<h2>History</h2>" in page
        assert f"superseded by {new.id} (closed): Closed the $4M seed" in page
        assert '<span class="badge stage">term sheet</span>' in page
