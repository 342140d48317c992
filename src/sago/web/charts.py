"""Metrics over time as plain data for a server-rendered SVG: no script, no CDN.

One chart per metric series, as the KPI table reads them (`domain.kpis.series_points`):
a market's launch customers are their own series and never make a dip in the total's
line. Names are the readable ones ("Customers growth", not `customers_growth_pct`); the
template draws the geometry computed here, with labels kept inside the drawing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from sago.domain.event import SignificantEvent
from sago.domain.kpis import series_points
from sago.domain.presentation import compact

WIDTH = 480
HEIGHT = 210
PAD_LEFT = 60
PAD_RIGHT = 20
PAD_TOP = 16
PAD_BOTTOM = 36
MAX_CHARTS = 24


@dataclass(frozen=True)
class Point:
    """One event's value of a metric, in data and in pixel space."""

    day: date
    value: float
    event_id: str
    event_title: str
    x: float = 0.0
    y: float = 0.0


@dataclass
class Chart:
    """A metric's series and the axis labels the template draws."""

    name: str
    unit: str | None
    points: list[Point] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_labels: list[tuple[float, str, str]] = field(default_factory=list)  # x, text, anchor
    width: int = WIDTH
    height: int = HEIGHT
    left: int = PAD_LEFT
    right: int = WIDTH - PAD_RIGHT
    top: int = PAD_TOP
    bottom: int = HEIGHT - PAD_BOTTOM

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def title(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name


def _series(events: Iterable[SignificantEvent]) -> dict[tuple[str, str | None], list[Point]]:
    """(readable name, unit) → points, one series per KPI series."""
    series: dict[tuple[str, str | None], list[Point]] = {}
    titles = {e.id: e.title for e in events}
    for point in series_points(list(events)):
        value = point.metric.value
        assert isinstance(value, float)
        key = (point.label, point.metric.unit)
        series.setdefault(key, []).append(
            Point(point.day, value, point.event_id, titles.get(point.event_id, ""))
        )
    return series


def _layout(chart: Chart) -> Chart:
    points = sorted(chart.points, key=lambda p: (p.day, p.value))
    first, last = points[0].day, points[-1].day
    span_days = max((last - first).days, 0)
    low = min(0.0, *(p.value for p in points))
    high = max(p.value for p in points)
    if high <= low:
        high = low + 1.0
    inner_w = chart.right - chart.left
    inner_h = chart.bottom - chart.top

    def x_of(day: date) -> float:
        if span_days == 0:
            return chart.left + inner_w / 2
        return chart.left + inner_w * (day - first).days / span_days

    def y_of(value: float) -> float:
        return chart.bottom - inner_h * (value - low) / (high - low)

    chart.points = [
        Point(p.day, p.value, p.event_id, p.event_title, x_of(p.day), y_of(p.value)) for p in points
    ]
    chart.y_ticks = [(y_of(v), compact(v)) for v in (low, (low + high) / 2, high)]
    # Short labels anchored inwards at the ends, so neither is cut at the drawing's edge.
    if span_days == 0:
        chart.x_labels = [(x_of(first), _day_label(first), "middle")]
    else:
        chart.x_labels = [
            (float(chart.left), _day_label(first), "start"),
            (float(chart.right), _day_label(last), "end"),
        ]
    return chart


def _day_label(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def build_charts(events: Sequence[SignificantEvent]) -> list[Chart]:
    """One chart per numeric metric, the ones with the most points first."""
    series = _series(events)
    ordered = sorted(series.items(), key=lambda item: (-len(item[1]), item[0][0].lower()))
    return [
        _layout(Chart(name=name, unit=unit, points=points))
        for (name, unit), points in ordered[:MAX_CHARTS]
    ]
