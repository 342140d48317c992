"""Metric series: each point an event (one per series and period), read back in order.

A figure reported month after month ("ARR $1.2M" in March, "$1.1M" in April) is one
series, not one event: every point is its own event with `series` (the metric key) and
`period` (`YYYY-MM`), tied to the messages and quotes that state it. The email and the
dashboard read the series through `series_points` and `latest_change`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from sago.domain.event import (
    EventStatus,
    HistoryEntry,
    Metric,
    Polarity,
    SignificantEvent,
    merge_history,
)
from sago.domain.lifecycle import higher_is_better, normalise_period, period_of, series_key


@dataclass(frozen=True)
class SeriesPoint:
    """One period's value of a series, and where it was said."""

    series: str
    period: str
    value: float
    unit: str | None
    event_id: str
    message_ids: tuple[str, ...]
    quote: str | None
    as_of: dt.datetime | None


@dataclass(frozen=True)
class SeriesChange:
    """The latest point of a series and the one before it."""

    series: str
    latest: SeriesPoint
    previous: SeriesPoint | None

    @property
    def delta(self) -> float | None:
        """Latest minus previous value (None without a previous point)."""
        return None if self.previous is None else self.latest.value - self.previous.value

    @property
    def percent(self) -> float | None:
        """The change in percent of the previous value (None when it was 0 or missing)."""
        if self.previous is None or self.previous.value == 0:
            return None
        return 100.0 * (self.latest.value - self.previous.value) / abs(self.previous.value)

    @property
    def direction(self) -> Literal["up", "down", "flat"] | None:
        delta = self.delta
        if delta is None:
            return None
        return "up" if delta > 0 else "down" if delta < 0 else "flat"

    @property
    def good_news(self) -> bool | None:
        """Whether the change is good (ARR up, churn down); None without a change."""
        direction = self.direction
        if direction is None or direction == "flat":
            return None
        return (direction == "up") == higher_is_better(self.series)


def series_metric(event: SignificantEvent) -> Metric | None:
    """The figure an event gives for its series: the metric named like the series, else
    its first numeric metric."""
    if event.series is None:
        return None
    wanted = series_key(event.series)
    numeric = [m for m in event.metrics if isinstance(m.value, float)]
    for metric in numeric:
        if series_key(metric.name) == wanted:
            return metric
    return numeric[0] if numeric else None


def point_period(event: SignificantEvent) -> str | None:
    """The event's period: as stated, else the month of its figure or of its date."""
    stated = normalise_period(event.period)
    if stated is not None:
        return stated
    metric = series_metric(event)
    if metric is not None and metric.as_of is not None:
        return period_of(metric.as_of)
    return period_of(event.date) if event.date is not None else None


def to_point(event: SignificantEvent) -> SeriesPoint | None:
    """The event as a point of its series, or None when it is none."""
    metric = series_metric(event)
    period = point_period(event)
    if event.series is None or metric is None or period is None:
        return None
    assert isinstance(metric.value, float)
    return SeriesPoint(
        series=series_key(event.series),
        period=period,
        value=metric.value,
        unit=metric.unit,
        event_id=event.id,
        message_ids=tuple(event.source_message_ids),
        quote=event.evidence[0].quote if event.evidence else None,
        as_of=metric.as_of,
    )


def series_points(events: Iterable[SignificantEvent]) -> dict[str, list[SeriesPoint]]:
    """Every series among the events, its points in period order (retracted ones left out).

    Two points of one period (two events the store could not fold, say different types)
    keep the later statement.
    """
    by_series: dict[str, dict[str, SeriesPoint]] = defaultdict(dict)
    for event in events:
        if event.status is EventStatus.RETRACTED:
            continue
        point = to_point(event)
        if point is None:
            continue
        known = by_series[point.series].get(point.period)
        if known is None or _later(point, known):
            by_series[point.series][point.period] = point
    return {name: [points[p] for p in sorted(points)] for name, points in sorted(by_series.items())}


def _later(point: SeriesPoint, known: SeriesPoint) -> bool:
    earliest = dt.datetime.min.replace(tzinfo=dt.UTC)
    return (point.as_of or earliest, point.event_id) > (known.as_of or earliest, known.event_id)


def latest_change(events: Iterable[SignificantEvent], series: str) -> SeriesChange | None:
    """The latest point of `series` and the change against the point before it."""
    points = series_points(events).get(series_key(series))
    return _change(points) if points else None


def _change(points: list[SeriesPoint]) -> SeriesChange:
    previous = points[-2] if len(points) > 1 else None
    return SeriesChange(series=points[-1].series, latest=points[-1], previous=previous)


def latest_changes(events: Iterable[SignificantEvent]) -> list[SeriesChange]:
    """`latest_change` of every series, by series name."""
    return [
        SeriesChange(
            series=name, latest=points[-1], previous=points[-2] if len(points) > 1 else None
        )
        for name, points in series_points(events).items()
    ]


# The review note of a point its messages call bad news while its figure rose.
RISE_CALLED_BAD = "reported as bad news, but above the period before"


def _said_negative(point: SignificantEvent) -> bool:
    """Whether the point's own messages call it bad news (not the direction settled here)."""
    said = [e.polarity for e in point.history if e.kind == "reported" and e.polarity]
    return Polarity.NEGATIVE in said if said else point.polarity is Polarity.NEGATIVE


def settle_series(points: Iterable[SignificantEvent]) -> list[SignificantEvent]:
    """Give every point of one series its direction against the period before: a point
    below it is bad news (above it, for churn or burn); a point its messages call bad news
    that the figures contradict is flagged for review. Depends on the points only, so it
    can run again whenever one of them changes."""
    ordered = sorted(points, key=lambda e: (e.period or "", e.id))
    settled: list[SignificantEvent] = []
    before: float | None = None
    for point in ordered:
        metric = series_metric(point)
        value = metric.value if metric is not None and isinstance(metric.value, float) else None
        negative, flagged = _said_negative(point), False
        if value is not None and before is not None and value != before:
            worse = (value < before) == higher_is_better(point.series or "")
            negative, flagged = negative or worse, negative and not worse
        settled.append(_with_direction(point, negative, flagged))
        before = value if value is not None else before
    return settled


def _with_direction(point: SignificantEvent, negative: bool, flagged: bool) -> SignificantEvent:
    history = [
        e for e in point.history if not (e.kind == "conflict" and e.change == RISE_CALLED_BAD)
    ]
    reviews = [r for r in (point.review or "").split("; ") if r and r != RISE_CALLED_BAD]
    if flagged:
        history = merge_history(
            history,
            [
                HistoryEntry(
                    at=max((e.at for e in history), default=point.created_at),
                    kind="conflict",
                    change=RISE_CALLED_BAD,
                    source_message_ids=list(point.source_message_ids),
                )
            ],
        )
        reviews.append(RISE_CALLED_BAD)
    return point.model_copy(
        update={
            "polarity": Polarity.NEGATIVE if negative else Polarity.POSITIVE,
            "history": history,
            "review": "; ".join(reviews) or None,
        }
    )
