"""Message text is untrusted: every page shows it as text, never as live markup."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sago.domain.email import InvestorEmail
from sago.emailstore.sqlite import SqliteEmailStore
from support.web import GROWTH, MRR_JUNE, dashboard, live_markup, seed, settings_for


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = settings_for(tmp_path)
    seed(settings)
    store = SqliteEmailStore(settings.events_db)
    store.save(
        InvestorEmail(
            company_id="acme",
            subject="June <script>alert(1)</script>",
            body="Highlights\n- <img src=x onerror=alert(1)> DAU 5,000\n- &amp;lt;b&amp;gt;",
        )
    )
    store.close()
    with dashboard(settings) as client:
        yield client


PAGES = [
    "/",
    f"/events/{GROWTH.id}",
    f"/events/{MRR_JUNE.id}",
    "/message?id=2",
    "/message?id=3",
    "/message?id=4",
    "/charts",
    "/email",
]


@pytest.mark.parametrize("url", PAGES)
def test_no_page_carries_live_markup_from_messages(client: TestClient, url: str) -> None:
    page = client.get(url)
    assert page.status_code == 200
    live = live_markup(page.text)
    assert live.scripts == 0
    assert live.handlers == []
    assert live.js_urls == []
    assert "img" not in live.tags
    assert not re.search(r"href\s*=\s*[\"']?\s*javascript:", page.text, re.IGNORECASE)


def test_script_in_a_message_is_shown_as_text(client: TestClient) -> None:
    page = client.get("/message?id=2").text
    assert "<script>alert(1)</script>" not in page
    # The quote spans the hostile part: it is marked, and escaped inside the mark.
    assert "Heads up <mark>&lt;script&gt;alert(1)&lt;/script&gt; we hit 5,000 DAU</mark>" in page


def test_javascript_links_in_a_message_stay_text(client: TestClient) -> None:
    page = client.get("/message?id=3").text
    assert "&lt;a href=&#34;javascript:alert(1)&#34;&gt;here&lt;/a&gt;" in page
    assert "&lt;javascript:alert(1)|here&gt;" in page


def test_entities_in_a_message_are_escaped_again_not_decoded(client: TestClient) -> None:
    page = client.get("/message?id=4").text
    # The browser must show "&amp;lt;b&amp;gt;" literally, as the message has it.
    assert "Tom wrote &amp;amp;lt;b&amp;amp;gt; and &amp;lt;i&amp;gt;" in page
    assert "<b>" not in page
    assert "<i>" not in page


def test_event_titles_and_email_text_are_escaped(client: TestClient) -> None:
    timeline = client.get("/").text
    assert "Reached 5,000 DAU &lt;script&gt;alert(1)&lt;/script&gt;" in timeline
    email = client.get("/email").text
    assert "June &lt;script&gt;alert(1)&lt;/script&gt;" in email
    assert "&lt;img src=x onerror=alert(1)&gt;" in email
    assert "&amp;amp;lt;b&amp;amp;gt;" in email
