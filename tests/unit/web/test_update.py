"""The dashboard's update views: lowlights, the company switch, the period on every page,
and the email page of one period with its marks linking to the cited messages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sago.domain.event import EventType, Evidence, Polarity, SignificantEvent, event_id
from sago.eventstore.sqlite import SqliteEventStore
from support.web import COMPANY, FUNDING, MRR_JULY, MRR_JUNE, csrf_of, dashboard, seed, settings_for

CHURN = SignificantEvent(
    id=event_id(COMPANY, EventType.CUSTOMER_SUCCESS, "bright dental churned"),
    company_id=COMPANY,
    event_type=EventType.CUSTOMER_SUCCESS,
    title="Lost Bright Dental to a cheaper competitor",
    date=date(2025, 6, 20),
    source_message_ids=["1"],
    evidence=[Evidence(message_id="1", quote="closed our $4M seed round")],
    polarity=Polarity.NEGATIVE,
)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = settings_for(tmp_path)
    seed(settings)
    store = SqliteEventStore(settings.events_db)
    try:
        store.upsert([CHURN])
    finally:
        store.close()
    with dashboard(settings) as client:
        yield client


def ids(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/events/([^"?]+)', html)


def test_lowlights_lists_only_the_negative_events(client: TestClient) -> None:
    page = client.get("/lowlights")
    assert page.status_code == 200
    assert ids(page.text) == [CHURN.id]
    assert "lowlight</span>" in page.text
    assert ids(client.get("/lowlights?period=2025-07").text) == []


def test_every_page_takes_a_period_and_keeps_it_in_its_links(client: TestClient) -> None:
    june = client.get("/?period=2025-06").text
    assert MRR_JULY.id not in ids(june)
    assert MRR_JUNE.id in ids(june)
    assert 'href="/lowlights?period=2025-06"' in june
    assert 'href="/charts?period=2025-06"' in june
    assert '<option value="2025-06" selected>June 2025</option>' in june
    assert '<option value="2025-Q3">Q3 2025</option>' in june
    assert ids(client.get("/?period=2025-Q3").text) == [MRR_JULY.id]
    assert client.get("/?period=June").status_code == 400
    assert client.get("/?period=2025-06&since=2025-06-01").status_code == 400


def test_the_company_switch_shows_another_company_of_the_store(client: TestClient) -> None:
    mine = client.get("/").text
    assert '<option value="other">other</option>' in mine
    other = client.get("/?company=other").text
    assert ids(other) == [event_id("other", EventType.FUNDING, "elsewhere")]
    assert 'href="/charts?company=other"' in other
    assert client.get("/?company=nobody").status_code == 400
    # An event of another company is not found under this one.
    assert client.get(f"/events/{FUNDING.id}?company=other").status_code == 404


def test_the_email_page_drafts_one_period_and_lists_only_its_events(client: TestClient) -> None:
    token = csrf_of(client.get("/email").text)
    done = client.post("/email/draft", data={"csrf_token": token, "period": "2025-07"})
    assert done.status_code == 200
    page = done.text
    assert 'id="email-period">July 2025<' in page
    cited = page.split('id="cited"')[1].split("</ol>")[0]
    assert MRR_JULY.title in cited
    assert FUNDING.title not in cited  # June's news is not July's
    # Marks in the preview open the cited message with its quote marked.
    preview = page.split('id="preview"')[1].split("</section>")[0]
    assert f'href="/message?id=4&amp;event={MRR_JULY.id}"' in preview
    assert "<table" in preview
    message = client.get(f"/message?id=4&event={MRR_JULY.id}").text
    assert "<mark>MRR reached $150k</mark>" in message
