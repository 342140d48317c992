"""Dashboard pages: the timeline and its filters, an event, a message, metric charts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sago.web.charts import build_charts
from sago.web.highlight import highlight, quote_spans
from support.web import (
    FUNDING,
    GROWTH,
    MRR_JULY,
    MRR_JUNE,
    OTHER_COMPANY,
    dashboard,
    seed,
    settings_for,
)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = settings_for(tmp_path)
    seed(settings)
    with dashboard(settings) as client:
        yield client


def titles(html: str) -> list[str]:
    return re.findall(r'<h2><a href="/events/[^"]+">([^<]+)</a></h2>', html)


def test_timeline_lists_newest_first_with_metrics_and_sources(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert titles(page.text) == [
        "MRR reached $150k",
        "Reached 5,000 DAU &lt;script&gt;alert(1)&lt;/script&gt;",
        "MRR reached $120k",
        "Closed the $4M seed round",
    ]
    assert "4 found" in page.text
    assert '<dt title="amount">Amount</dt><dd>$4M</dd>' in page.text  # readable names
    assert 'href="/message?id=1&amp;event=' + FUNDING.id + '"' in page.text
    assert "closed our $4M seed round" in page.text
    assert OTHER_COMPANY.title not in page.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=revenue_milestone", [MRR_JULY, MRR_JUNE]),
        ("severity=high", [MRR_JULY, FUNDING]),
        ("since=2025-06-10&until=2025-06-30", [GROWTH, MRR_JUNE]),
        ("source=gmail", [MRR_JULY, MRR_JUNE]),
        ("source=slack&type=funding", [FUNDING]),
        ("type=&severity=&since=&until=&source=", [MRR_JULY, GROWTH, MRR_JUNE, FUNDING]),
        ("type=hiring", []),
    ],
)
def test_timeline_filters(client: TestClient, query: str, expected: list[object]) -> None:
    page = client.get(f"/?{query}")
    assert page.status_code == 200
    shown = re.findall(
        r'<article class="event" data-type="[a-z_]+" data-polarity="\w+">\s*'
        r'<h2><a href="/events/([^"?]+)[?"]',
        page.text,
    )
    assert shown == [e.id for e in expected]  # type: ignore[attr-defined]


def test_filter_form_keeps_the_chosen_values(client: TestClient) -> None:
    page = client.get("/?type=funding&since=2025-06-01")
    assert '<option value="funding" selected>' in page.text
    assert 'name="since" value="2025-06-01"' in page.text


@pytest.mark.parametrize("query", ["type=unicorn", "severity=extreme", "since=June", "source=fax"])
def test_invalid_filters_are_a_400_naming_the_field(client: TestClient, query: str) -> None:
    page = client.get(f"/?{query}")
    assert page.status_code == 400
    assert query.split("=", maxsplit=1)[0] in page.json()["detail"]


def test_event_page_shows_the_evidence_marked_in_its_message(client: TestClient) -> None:
    page = client.get(f"/events/{FUNDING.id}")
    assert page.status_code == 200
    assert "<h1>Closed the $4M seed round</h1>" in page.text
    assert "We <mark>closed our $4M seed round</mark> with Atlas." in page.text
    assert "confidence 50%" in page.text


def test_unknown_or_foreign_events_are_404(client: TestClient) -> None:
    assert client.get("/events/evt_nope").status_code == 404
    assert client.get(f"/events/{OTHER_COMPANY.id}").status_code == 404


def test_message_page_marks_the_quotes_of_the_citing_events(client: TestClient) -> None:
    page = client.get("/message", params={"id": "3", "event": MRR_JUNE.id})
    assert page.status_code == 200
    assert "<mark>MRR is $120k</mark>, docs" in page.text
    assert "MRR reached $120k" in page.text  # the citing event is linked
    # Without an event, every event citing the message lends its quotes.
    assert "<mark>MRR is $120k</mark>" in client.get("/message", params={"id": "3"}).text


def test_unknown_message_is_404(client: TestClient) -> None:
    assert client.get("/message", params={"id": "999"}).status_code == 404


def test_charts_draw_each_numeric_metric_as_svg(client: TestClient) -> None:
    page = client.get("/charts")
    assert page.status_code == 200
    # One chart per series: MRR (two points) and DAU; a round's amount is no series.
    assert page.text.count("<svg") == 2
    mrr = page.text.split("<figcaption>MRR (USD)")[1].split("</figure>")[0]
    assert "<polyline" in mrr
    assert mrr.count("<circle") == 2
    # Short date labels, anchored inwards so neither end is cut off.
    assert 'text-anchor="start" font-size="15" fill="#555">10 Jun 2025<' in mrr
    assert 'text-anchor="end" font-size="15" fill="#555">1 Jul 2025<' in mrr
    assert "150k" in mrr
    assert "<script" not in page.text
    june = client.get("/charts?period=2025-06").text
    assert june.split("<figcaption>MRR (USD)")[1].split("</figure>")[0].count("<circle") == 1


def test_a_markets_count_is_its_own_chart_never_a_dip_in_the_total() -> None:
    from sago.domain.event import EventType, Metric

    total = MRR_JUNE.model_copy(
        update={
            "id": "evt_total",
            "event_type": EventType.USER_GROWTH,
            "series": "customers",
            "metrics": [Metric(name="customers", value=700.0)],
        }
    )
    germany = total.model_copy(
        update={
            "id": "evt_de",
            "series": "customers_de",
            "date": MRR_JULY.date,
            "metrics": [Metric(name="customers", value=8.0)],
        }
    )
    charts = {c.name: c for c in build_charts([total, germany])}
    assert sorted(charts) == ["Customers", "Customers de"]
    assert [p.value for p in charts["Customers"].points] == [700.0]


def test_chart_geometry_orders_points_by_date() -> None:
    ordered = build_charts([MRR_JULY, MRR_JUNE, GROWTH, FUNDING])
    assert [c.name for c in ordered] == ["MRR", "DAU"]  # most points first
    charts = {c.name: c for c in ordered}
    points = charts["MRR"].points
    assert [p.value for p in points] == [120_000.0, 150_000.0]
    assert points[0].x == charts["MRR"].left
    assert points[1].x == charts["MRR"].right
    assert points[1].y < points[0].y  # higher value, higher on screen
    single = charts["DAU"].points[0]
    assert charts["DAU"].left < single.x < charts["DAU"].right


def test_highlight_escapes_every_piece_and_marks_quotes() -> None:
    html = highlight("a <b>bold</b>  claim & more", ["<b>bold</b> claim"])
    assert str(html) == "a <mark>&lt;b&gt;bold&lt;/b&gt;  claim</mark> &amp; more"


def test_highlight_never_matches_inside_an_escaped_entity() -> None:
    # Escaping first and searching the escaped text would mark the "lt" of "&lt;".
    assert str(highlight("a < b", ["lt"])) == "a &lt; b"


def test_overlapping_quotes_merge_into_one_mark() -> None:
    assert quote_spans("revenue grew 40% this month", ["grew 40%", "40% this", " "]) == [(8, 21)]
    assert str(highlight("x", [])) == "x"
