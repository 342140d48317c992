"""The period an investor update covers: a month, a quarter, or any range of days.

`Period.parse("2025-03")`, `Period.parse("2025-Q1")`, `Period.between(since, until)`.
Both ends are inclusive days. `previous()` is the period a KPI is compared with: the month
or quarter before, or the same number of days just before a custom range.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

PeriodKind = Literal["month", "quarter", "range"]
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})-?[Qq]([1-4])$")


def _month_end(year: int, month: int) -> date:
    first_next = date(year + month // 12, month % 12 + 1, 1)
    return first_next - timedelta(days=1)


class Period(BaseModel):
    """Days `start` to `end`, both included."""

    model_config = ConfigDict(frozen=True)

    kind: PeriodKind
    start: date
    end: date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"the period ends ({self.end}) before it starts ({self.start})")
        return self

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(kind="month", start=date(year, month, 1), end=_month_end(year, month))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = 3 * (quarter - 1) + 1
        return cls(kind="quarter", start=date(year, first, 1), end=_month_end(year, first + 2))

    @classmethod
    def between(cls, since: date, until: date) -> Period:
        return cls(kind="range", start=since, end=until)

    @classmethod
    def parse(cls, text: str) -> Period:
        """ "2025-03" (a month) or "2025-Q1" (a quarter)."""
        value = text.strip()
        if found := _MONTH.match(value):
            year, month = int(found[1]), int(found[2])
            if 1 <= month <= 12:
                return cls.month(year, month)
        if found := _QUARTER.match(value):
            return cls.quarter(int(found[1]), int(found[2]))
        raise ValueError(f"period {text!r}: use a month (2025-03) or a quarter (2025-Q1)")

    @classmethod
    def month_of(cls, day: date) -> Period:
        return cls.month(day.year, day.month)

    @classmethod
    def last_full_month(cls, today: date) -> Period:
        return cls.month_of(today.replace(day=1) - timedelta(days=1))

    @property
    def key(self) -> str:
        """ "2025-03", "2025-Q1" or "2025-03-01..2025-04-15": how events' `period` is written."""
        if self.kind == "month":
            return f"{self.start:%Y-%m}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self) -> str:
        """How a reader names it: "March 2025", "Q1 2025", "3 Mar to 15 Apr 2025"."""
        if self.kind == "month":
            return f"{self.start:%B %Y}"
        if self.kind == "quarter":
            return f"Q{(self.start.month - 1) // 3 + 1} {self.start.year}"
        if self.start == self.end:
            return f"{self.start.day} {self.start:%b %Y}"
        if self.start.year == self.end.year:
            return f"{self.start.day} {self.start:%b} to {self.end.day} {self.end:%b %Y}"
        return f"{self.start.day} {self.start:%b %Y} to {self.end.day} {self.end:%b %Y}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def previous(self) -> Period:
        """The period before, of the same kind and length."""
        if self.kind == "month":
            return Period.month_of(self.start - timedelta(days=1))
        if self.kind == "quarter":
            before = self.start - timedelta(days=1)
            return Period.quarter(before.year, (before.month - 1) // 3 + 1)
        return Period.between(self.start - timedelta(days=self.days), self.start - timedelta(1))

    def covers_key(self, key: str) -> bool:
        """Whether a period key of an event ("2025-03", "2025-Q1") lies inside this period."""
        try:
            other = Period.parse(key)
        except ValueError:
            return False
        return self.start <= other.start and other.end <= self.end


def default_period(today: date, last_approved_end: date | None) -> Period:
    """The last full month, or everything since the last approved update when there is
    one (up to today)."""
    if last_approved_end is not None and last_approved_end < today:
        return Period.between(last_approved_end + timedelta(days=1), today)
    return Period.last_full_month(today)


def chosen_period(
    period: str | None, since: date | None, until: date | None, *, today: date
) -> Period | None:
    """The period a user asked for (`--period`, or `--since`/`--until`), None if none."""
    if period and (since or until):
        raise ValueError("give a period (2025-03, 2025-Q1) or a date range, not both")
    if period:
        return Period.parse(period)
    if until is not None and since is None:
        raise ValueError("a date range needs its first day (--since)")
    if since is not None:
        return Period.between(since, until or today)
    return None
