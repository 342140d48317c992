"""The KPI table: each of the company's own metrics this period, the period before, and
the change.

A metric series is what an event's `series` names ("arr_usd", "customers:de"), read as
`sago.domain.series` reads it; events from before extractors filled `series` fall back to
the figures of revenue and growth events, grouped by their readable name. Each series
keeps its own points, so a market's launch customers never sit in the total's row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from pydantic import BaseModel, ConfigDict

from sago.domain.event import EventType, Metric, SignificantEvent
from sago.domain.period import Period
from sago.domain.presentation import (
    DURATION_UNITS,
    KPI_TYPES,
    TYPE_ORDER,
    format_metric,
    format_number,
    metric_name,
)
from sago.domain.series import series_metric, to_point

MAX_KPIS = 8


class Point(BaseModel):
    """One value of a series, as one event reported it."""

    model_config = ConfigDict(frozen=True)

    series: str
    label: str
    day: date
    metric: Metric
    event_id: str
    event_type: EventType
    period: str | None = None

    def within(self, period: Period) -> bool:
        if self.period is not None and period.covers_key(self.period):
            return True
        return self.period is None and period.contains(self.day)


class KpiRow(BaseModel):
    """A KPI's value this period and the one it is compared with."""

    model_config = ConfigDict(frozen=True)

    series: str
    label: str
    current: Point
    previous: Point | None = None
    # The period the previous value is from, when it is not the period just before.
    previous_from: str | None = None

    @property
    def event_ids(self) -> list[str]:
        ids = [self.current.event_id]
        if self.previous is not None and self.previous.event_id not in ids:
            ids.append(self.previous.event_id)
        return ids

    @property
    def change(self) -> str | None:
        """ "+$50,000 (+33%)", "+3 pp", "−12%"; None without a comparable value."""
        if self.previous is None:
            return None
        now, before = self.current.metric, self.previous.metric
        if not isinstance(now.value, float) or not isinstance(before.value, float):
            return None
        # A figure stated without its unit ("MRR is 120k") compares with one that has it.
        units = {now.unit or "", before.unit or ""} - {""}
        if len(units) > 1 or (units == {"%"} and (now.unit or "") != (before.unit or "")):
            return None
        unit = now.unit or before.unit
        delta = now.value - before.value
        sign = "+" if delta > 0 else "−" if delta < 0 else "±"
        if unit == "%":
            return f"{sign}{format_number(abs(delta))} pp"
        shown = format_metric(now.model_copy(update={"value": abs(delta), "unit": unit}))
        if before.value == 0:
            return f"{sign}{shown}"
        percent = abs(delta) / abs(before.value) * 100
        return f"{sign}{shown} ({sign}{percent:.0f}%)"


def _day(event: SignificantEvent, metric: Metric) -> date | None:
    # The event's date is when the figure was first stated; `as_of` moves with every
    # restatement ("we crossed 1,000 clinics on June 18", said again in July's update).
    if event.date is not None:
        return event.date
    return metric.as_of.date() if metric.as_of is not None else None


def series_points(events: Sequence[SignificantEvent]) -> list[Point]:
    """Every point of every series the events carry."""
    points: list[Point] = []
    for event in events:
        if not event.is_active:
            continue
        numeric = [m for m in event.metrics if isinstance(m.value, float)]
        if event.series:
            # A point of a series as the event model reads it (sago.domain.series).
            point = to_point(event)
            metric = series_metric(event)
            if point is None or metric is None:
                continue
            stated = _day(event, metric)
            when = stated if stated is not None else date.fromisoformat(point.period + "-01")
            points.append(
                Point(
                    series=point.series,
                    label=metric_name(point.series),
                    day=when,
                    metric=metric,
                    event_id=event.id,
                    event_type=event.event_type,
                    period=event.period or point.period,
                )
            )
            continue
        if event.event_type in KPI_TYPES:
            pairs = [
                (metric_name(m.name).lower(), m)
                for m in numeric
                if (m.unit or "").lower() not in DURATION_UNITS
            ]
        else:
            continue
        for series, metric in pairs:
            day = _day(event, metric)
            if day is None:
                continue
            points.append(
                Point(
                    series=series,
                    label=metric_name(series),
                    day=day,
                    metric=metric,
                    event_id=event.id,
                    event_type=event.event_type,
                    period=event.period,
                )
            )
    return _prefer_units(points)


def _prefer_units(points: list[Point]) -> list[Point]:
    """Where an event gives a series' figure with a unit ($2,000,000), drop its bare copy
    (2000000) of the same event; other events' figures stay."""
    with_unit = {(p.series, p.event_id) for p in points if p.metric.unit}
    return [p for p in points if p.metric.unit or (p.series, p.event_id) not in with_unit]


def _latest(points: Sequence[Point]) -> Point | None:
    if not points:
        return None
    # The latest figure of the period; of two on one day, the later statement (a correction).
    earliest = datetime.min.replace(tzinfo=UTC)
    return max(points, key=lambda p: (p.day, p.metric.as_of or earliest, p.event_id))


def kpi_rows(events: Sequence[SignificantEvent], period: Period) -> list[KpiRow]:
    """One row per series with a value in `period`, compared with the period before (or,
    when that one has none, the latest value before this period)."""
    return rows_of(series_points(events), period)


def rows_of(every: Sequence[Point], period: Period) -> list[KpiRow]:
    """`kpi_rows` from the events' points (`series_points`, which reads each event on its
    own, so a caller may take the points of a big store's events one event at a time)."""
    by_series: dict[str, list[Point]] = {}
    for point in every:
        by_series.setdefault(point.series, []).append(point)
    before = period.previous()
    rows: list[KpiRow] = []
    for series, points in by_series.items():
        current = _latest([p for p in points if p.within(period)])
        if current is None:
            continue
        previous = _latest([p for p in points if p.within(before)])
        previous_from = None
        if previous is None:
            previous = _latest([p for p in points if p.day < period.start])
            if previous is not None:
                previous_from = f"{previous.day:%b %Y}"
        rows.append(
            KpiRow(
                series=series,
                label=current.label,
                current=current,
                previous=previous,
                previous_from=previous_from,
            )
        )
    order = {t: i for i, t in enumerate(TYPE_ORDER)}
    rows.sort(key=lambda r: (order[r.current.event_type], r.label.lower()))
    return rows[:MAX_KPIS]
