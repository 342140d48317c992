"""Periods: months, quarters and ranges, their boundaries and the period before."""

from __future__ import annotations

from datetime import date

import pytest

from sago.domain.period import Period, chosen_period, default_period


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2025-03", date(2025, 3, 1), date(2025, 3, 31), "March 2025"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "February 2024"),  # leap year
        ("2025-12", date(2025, 12, 1), date(2025, 12, 31), "December 2025"),
        ("2025-Q1", date(2025, 1, 1), date(2025, 3, 31), "Q1 2025"),
        ("2025-q4", date(2025, 10, 1), date(2025, 12, 31), "Q4 2025"),
    ],
)
def test_parse(text: str, start: date, end: date, label: str) -> None:
    period = Period.parse(text)
    assert (period.start, period.end, period.label) == (start, end, label)
    assert period.contains(start)
    assert period.contains(end)
    assert not period.contains(date.fromordinal(start.toordinal() - 1))
    assert not period.contains(date.fromordinal(end.toordinal() + 1))


@pytest.mark.parametrize("text", ["2025-13", "2025-Q5", "March", "2025-3-1", ""])
def test_bad_periods_say_what_to_write(text: str) -> None:
    with pytest.raises(ValueError, match=r"2025-03.*2025-Q1"):
        Period.parse(text)


def test_previous_periods() -> None:
    assert Period.parse("2025-01").previous() == Period.parse("2024-12")
    assert Period.parse("2025-03").previous() == Period.parse("2025-02")
    assert Period.parse("2025-Q1").previous() == Period.parse("2024-Q4")
    custom = Period.between(date(2025, 3, 10), date(2025, 3, 19))
    assert custom.previous() == Period.between(date(2025, 2, 28), date(2025, 3, 9))


def test_default_is_the_last_full_month_or_since_the_last_approved_update() -> None:
    assert default_period(date(2025, 3, 1), None) == Period.parse("2025-02")
    assert default_period(date(2025, 3, 31), None) == Period.parse("2025-02")
    assert default_period(date(2025, 1, 15), None) == Period.parse("2024-12")
    since = default_period(date(2025, 3, 20), date(2025, 2, 28))
    assert since == Period.between(date(2025, 3, 1), date(2025, 3, 20))
    # An approval that covers up to today leaves the last full month.
    assert default_period(date(2025, 3, 20), date(2025, 3, 20)) == Period.parse("2025-02")


def test_chosen_period() -> None:
    today = date(2025, 9, 30)
    assert chosen_period("2025-08", None, None, today=today) == Period.parse("2025-08")
    assert chosen_period(None, date(2025, 9, 1), None, today=today) == Period.between(
        date(2025, 9, 1), today
    )
    assert chosen_period(None, None, None, today=today) is None
    with pytest.raises(ValueError, match="not both"):
        chosen_period("2025-08", date(2025, 9, 1), None, today=today)
    with pytest.raises(ValueError, match="--since"):
        chosen_period(None, None, date(2025, 9, 1), today=today)
    with pytest.raises(ValueError, match="before it starts"):
        chosen_period(None, date(2025, 9, 2), date(2025, 9, 1), today=today)


def test_period_keys_of_events() -> None:
    q1 = Period.parse("2025-Q1")
    assert q1.covers_key("2025-02")
    assert q1.covers_key("2025-Q1")
    assert not q1.covers_key("2025-04")
    assert not q1.covers_key("nonsense")
