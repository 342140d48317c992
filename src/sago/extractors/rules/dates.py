"""Days and months named in text, in any lexicon language: "August 12", "12 de agosto",
"le 12 août", "8월 12일", "2025-08-12", "ARR ended March at …"."""

from __future__ import annotations

import datetime as dt
import re

from sago.extractors.rules.lexicon import Lexicon, alternation


class Calendar:
    """Month names of every language file (`[months]`), compiled once."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.months = {name: int(number) for name, number in lexicon.table("months").items()}
        names = alternation((name, True) for name in self.months)
        day = r"(?P<d>\d{1,2})(?:st|nd|rd|th|\.|º|er)?"
        self._month_day = re.compile(rf"(?P<m>{names})\.?\s+{day}(?!\d)")
        self._day_month = re.compile(rf"(?<!\d){day}\s+(?:of\s+|de\s+|di\s+)?(?P<m>{names})")
        self._korean = re.compile(r"(?P<mn>\d{1,2})월\s*(?P<d>\d{1,2})일")
        self._iso = re.compile(r"(?<!\d)(?P<y>20\d\d)-(?P<mn>\d\d)-(?P<d>\d\d)(?!\d)")
        self._month = re.compile(rf"(?P<m>{names})(?:\.|\b)|(?P<mn>\d{{1,2}})월")

    def day(self, low: str, start: int, end: int, reference: dt.date) -> dt.date | None:
        """The first day named in low[start:end], in the year that puts it on or before
        `reference` (an outage "on August 12" told in September is this year's)."""
        for pattern in (self._iso, self._month_day, self._day_month, self._korean):
            match = pattern.search(low, start, end)
            if match is None:
                continue
            groups = match.groupdict()
            month = int(groups["mn"]) if groups.get("mn") else self.months[groups["m"]]
            day = int(groups["d"])
            years = [int(groups["y"])] if groups.get("y") else [reference.year, reference.year - 1]
            for year in years:
                try:
                    found = dt.date(year, month, day)
                except ValueError:
                    break
                if found <= reference or groups.get("y"):
                    return found
        return None

    def month(self, low: str, start: int, end: int) -> int | None:
        """The first month named in low[start:end] ("may" only when capitalised in text is
        the caller's business: here every month name counts)."""
        for match in self._month.finditer(low, start, end):
            if match.group("mn"):
                return int(match.group("mn"))
            name = match.group("m")
            if name == "may" and not re.match(r"may\s+(?:\d|$)|may\s*[,.:)]", low[match.start() :]):
                continue  # the verb, not the month
            return self.months[name]
        return None


def period_of(month: int | None, reference: dt.date) -> str:
    """YYYY-MM of a figure: the named month in the year that puts it on or before the
    message (March named in April is this year's), else the message's own month."""
    if month is None:
        return f"{reference:%Y-%m}"
    year = reference.year if month <= reference.month else reference.year - 1
    return f"{year:04d}-{month:02d}"
