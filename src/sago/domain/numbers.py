"""Numbers in a drafted email must come from the events it was written from.

`invented_numbers(text, events)` lists every number in the text that no event supports:
not a metric value, not a number in an event's title, description, impact, stakeholders or
evidence, and not part of a date. `$1.2M`, `1,200,000` and `1.2 million` are the same number,
and a figure abbreviated with a scale word may round its source by up to 1%.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from sago.domain.event import SignificantEvent

_SCALES = {
    "k": 1e3, "thousand": 1e3,
    "m": 1e6, "mm": 1e6, "mn": 1e6, "million": 1e6,
    "b": 1e9, "bn": 1e9, "billion": 1e9,
}  # fmt: skip
NUMBER = re.compile(
    r"(?<![\w.])[$€£]?(?P<num>\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)"
    r"(?:\s?(?P<scale>k|K|m|M|mm|MM|mn|bn|b|B|thousand|million|billion)\b)?(?P<pct>\s?%)?"
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DATES = re.compile(
    rf"""(?ix)
    \b\d{{4}}-\d{{2}}-\d{{2}}\b | \b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b
    | \b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b
    | \b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?\b
    | \b{_MONTH}\s+\d{{4}}\b | \b[QH][1-4]\s*(?:FY)?'?\d{{2,4}}\b | \b[QH][1-4]\b
    | \bFY\s?'?\d{{2,4}}\b
    """
)
LIST_MARKER = re.compile(r"(?m)^\s*\d{1,2}[.)]\s")


def _key(value: float) -> float:
    return float(f"{value:.6g}")


def _values(match: re.Match[str]) -> tuple[set[float], bool]:
    """The values a number token may stand for, and whether it carried a scale word."""
    base = float(match["num"].replace(",", ""))
    scale = match["scale"]
    # "$15M" stands for 15,000,000 only: its bare 15 must not match an unrelated "15%".
    values = {base * _SCALES[scale.lower()]} if scale else {base}
    if match["pct"]:
        values.add(base / 100)
    return {_key(v) for v in values}, bool(scale)


def numbers_in(text: str) -> list[tuple[str, set[float], bool]]:
    """(token, candidate values, scaled) for every number outside dates and list markers."""
    cleaned = LIST_MARKER.sub(" ", DATES.sub(" ", text))
    found = []
    for match in NUMBER.finditer(cleaned):
        values, scaled = _values(match)
        found.append((match.group(0).strip(), values, scaled))
    return found


def _event_texts(event: SignificantEvent) -> Iterable[str]:
    yield event.title
    yield event.description
    yield event.impact
    yield from event.stakeholders
    yield from (e.quote for e in event.evidence)
    for metric in event.metrics:
        if isinstance(metric.value, str):
            yield metric.value
        yield metric.name


def allowed_numbers(events: Sequence[SignificantEvent]) -> set[float]:
    """Every value the events can vouch for."""
    allowed: set[float] = set()
    for event in events:
        for metric in event.metrics:
            if isinstance(metric.value, float):
                allowed.add(_key(metric.value))
                if (metric.unit or "").strip() == "%":
                    allowed.update({_key(metric.value / 100), _key(metric.value * 100)})
        for text in _event_texts(event):
            for match in NUMBER.finditer(text):
                allowed.update(_values(match)[0])
        if event.date is not None:
            allowed.update(
                float(part) for part in (event.date.year, event.date.month, event.date.day)
            )
    return allowed


def invented_numbers(
    text: str,
    events: Sequence[SignificantEvent],
    *,
    today: dt.date | None = None,
    extra: Iterable[str] = (),
) -> list[str]:
    """Numbers in `text` that the events (or the `extra` texts, such as the KPI figures
    computed from them) do not support; empty means the text is clean."""
    allowed = allowed_numbers(events)
    for known in extra:
        for match in NUMBER.finditer(known):
            allowed.update(_values(match)[0])
    allowed.add(float((today or dt.date.today()).year))  # "our 2025 update" is a date too
    invented: list[str] = []
    for token, values, scaled in numbers_in(text):
        if values & allowed:
            continue
        if scaled and any(abs(v - a) <= 0.01 * abs(a) for v in values for a in allowed if a):
            continue
        invented.append(token)
    return invented
