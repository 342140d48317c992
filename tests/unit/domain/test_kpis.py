"""KPI rows: this period's value, the previous period's, and the change."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sago.domain.event import EventType, Metric, SignificantEvent
from sago.domain.kpis import kpi_rows
from sago.domain.period import Period
from support.factories import event


def point(key: str, day: date, value: float, unit: str | None = "USD", **fields: object):  # type: ignore[no-untyped-def]
    found = event(
        key,
        event_type=EventType.REVENUE_MILESTONE,
        sources=(key,),
        day=day,
        metrics=(Metric(name="arr_usd", value=value, unit=unit),),
    )
    return found.model_copy(update=fields)


def test_delta_against_the_previous_month() -> None:
    events = [
        point("a", date(2025, 7, 24), 1_500_000.0),
        point("b", date(2025, 8, 3), 1_800_000.0),
        point("c", date(2025, 8, 28), 2_000_000.0),  # the latest point of the month counts
        point("d", date(2025, 9, 2), 2_400_000.0),  # after the period: not this month's
    ]
    [row] = kpi_rows(events, Period.parse("2025-08"))
    assert row.label == "ARR"
    assert row.current.metric.value == 2_000_000.0
    assert row.previous is not None
    assert row.previous.metric.value == 1_500_000.0
    assert row.previous_from is None
    assert row.change == "+$500,000 (+33%)"
    assert row.event_ids == [events[2].id, events[0].id]


def test_a_quarter_compares_with_the_quarter_before() -> None:
    events = [point("q2", date(2025, 6, 30), 1_000_000.0), point("q3", date(2025, 7, 1), 900_000.0)]
    [row] = kpi_rows(events, Period.parse("2025-Q3"))
    assert row.change == "−$100,000 (−10%)"


def test_without_a_value_last_period_the_latest_before_is_named() -> None:
    events = [point("may", date(2025, 5, 20), 1_000_000.0), point("aug", date(2025, 8, 1), 1e6)]
    [row] = kpi_rows(events, Period.parse("2025-08"))
    assert row.previous_from == "May 2025"
    assert row.change == "±$0 (±0%)"


def test_percentages_change_in_points_and_series_do_not_mix() -> None:
    def nps(key: str, day: date, value: float, series: str) -> SignificantEvent:
        return event(
            key,
            event_type=EventType.CUSTOMER_SUCCESS,
            sources=(key,),
            day=day,
            metrics=(Metric(name="churn_pct", value=value, unit="%"),),
        ).model_copy(update={"series": series})

    events = [
        nps("j", date(2025, 7, 10), 3.4, "churn_pct"),
        nps("a", date(2025, 8, 10), 2.1, "churn_pct"),
        # Germany's launch customers are their own series, never a dip in the total.
        point("de", date(2025, 8, 5), 8.0, None, series="customers:de"),
        point("total", date(2025, 8, 6), 700.0, None, series="customers"),
    ]
    rows = {r.label: r for r in kpi_rows(events, Period.parse("2025-08"))}
    assert rows["Churn"].change == "−1.3 pp"
    assert rows["Customers de"].current.metric.value == 8.0
    assert rows["Customers"].current.metric.value == 700.0


def test_corrections_by_message_time_and_inactive_events() -> None:
    early = datetime(2025, 8, 2, tzinfo=UTC)
    late = datetime(2025, 8, 20, tzinfo=UTC)
    stated = point("x", date(2025, 8, 2), 4_000_000.0).model_copy(
        update={"metrics": [Metric(name="arr_usd", value=4e6, unit="USD", as_of=early)]}
    )
    corrected = point("y", date(2025, 8, 2), 3_500_000.0).model_copy(
        update={"metrics": [Metric(name="arr_usd", value=3.5e6, unit="USD", as_of=late)]}
    )
    retracted = point("z", date(2025, 8, 25), 9e6, status="retracted")
    [row] = kpi_rows([stated, corrected, retracted], Period.parse("2025-08"))
    assert row.current.metric.value == 3_500_000.0


def test_bare_copies_of_a_figure_give_way_to_the_one_with_a_unit() -> None:
    both = point("arr", date(2025, 8, 2), 2e6).model_copy(
        update={
            "metrics": [
                Metric(name="arr", value=2e6, unit=None),
                Metric(name="arr_usd", value=2e6, unit="USD"),
            ]
        }
    )
    [row] = kpi_rows([both], Period.parse("2025-08"))
    assert row.current.metric.unit == "USD"


def test_a_figure_without_its_unit_still_compares_with_last_months() -> None:
    events = [
        point("june", date(2025, 6, 10), 120_000.0, None),
        point("july", date(2025, 7, 1), 1.5e5),
    ]
    [row] = kpi_rows(events, Period.parse("2025-07"))
    assert row.previous is not None
    assert row.previous.metric.value == 120_000.0
    assert row.change == "+$30,000 (+25%)"
