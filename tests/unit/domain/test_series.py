"""Series points: one per period, in order, and the latest change."""

from __future__ import annotations

import datetime as dt

from sago.domain.event import EventStatus, EventType, Metric
from sago.domain.series import latest_change, latest_changes, series_points
from support.factories import event

MARCH = dt.datetime(2025, 3, 31, tzinfo=dt.UTC)


def point(period: str, value: float, source: str, *, as_of: dt.datetime = MARCH):
    return event(
        f"arr {period}",
        event_type=EventType.REVENUE_MILESTONE,
        sources=(source,),
        metrics=(Metric(name="arr_usd", value=value, unit="USD", as_of=as_of),),
    ).model_copy(update={"series": "arr_usd", "period": period})


def test_points_come_in_period_order_and_give_the_latest_change() -> None:
    events = [point("2025-04", 1_100_000.0, "9"), point("2025-03", 1_200_000.0, "4")]
    points = series_points(events)["arr_usd"]
    assert [p.period for p in points] == ["2025-03", "2025-04"]
    assert points[0].message_ids == ("4",)
    assert points[0].quote == "quote from 4"
    change = latest_change(events, "ARR USD")
    assert change is not None
    assert change.previous is not None
    assert change.latest.value == 1_100_000.0
    assert change.delta == -100_000.0
    assert round(change.percent or 0, 2) == -8.33
    assert change.direction == "down"
    assert change.good_news is False
    assert [c.series for c in latest_changes(events)] == ["arr_usd"]


def test_retracted_points_and_other_events_are_left_out() -> None:
    retracted = point("2025-05", 2_000_000.0, "12").model_copy(
        update={"status": EventStatus.RETRACTED}
    )
    plain = event("seed round")
    change = latest_change([point("2025-03", 1_200_000.0, "4"), retracted, plain], "arr_usd")
    assert change is not None
    assert change.previous is None
    assert change.delta is None
    assert change.good_news is None
    assert latest_change([plain], "arr_usd") is None


def test_period_defaults_to_the_figure_month() -> None:
    undated = point("2025-03", 5.0, "1").model_copy(update={"period": None, "date": None})
    assert series_points([undated])["arr_usd"][0].period == "2025-03"
