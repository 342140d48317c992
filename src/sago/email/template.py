"""Offline investor update: fixed sentences filled only from the period's events."""

from __future__ import annotations

from collections.abc import Sequence

from sago.domain.event import SignificantEvent
from sago.domain.presentation import DURATION_UNITS, TYPE_ORDER, UPDATE_SECTIONS, format_metric
from sago.domain.update import Line, UpdateDraft, UpdateFacts
from sago.email.base import EmailComposer

MAX_HIGHLIGHTS = 3
MAX_LOWLIGHTS = 5
MAX_FIGURES = 2


def rank(events: Sequence[SignificantEvent]) -> list[SignificantEvent]:
    """Highest severity first, then investor priority by type, then newest."""
    order = {t: i for i, t in enumerate(TYPE_ORDER)}
    # Ties fall back on the id, not on the order the store returns them in (which follows
    # when each event was extracted): a re-run after a crash must draft the same email.
    by_id = sorted(events, key=lambda e: e.id)
    newest_first = sorted(by_id, key=lambda e: (e.date is not None, e.date), reverse=True)
    return sorted(newest_first, key=lambda e: (-e.severity.rank, order[e.event_type]))


def event_line(event: SignificantEvent) -> Line:
    """ "Signed SmileCare (Jul 22): $380,000" with the event as its citation."""
    when = f" ({event.date:%b} {event.date.day})" if event.date else ""
    figures: list[str] = []
    seen: set[float | str] = set()
    # Figures with a unit first: "$2,000,000" says more than a bare 2,000,000.
    for metric in sorted(event.metrics, key=lambda m: m.unit is None):
        shown = format_metric(metric)
        # "85 clinics" and "85 cliniche" are one figure; the title may already say it.
        if metric.value in seen or shown in event.title:
            continue
        if (metric.unit or "").lower() in DURATION_UNITS:
            continue
        seen.add(metric.value)
        figures.append(shown)
    figures = figures[:MAX_FIGURES]
    text = f"{event.title}{when}" + (f": {', '.join(figures)}" if figures else "")
    return Line(text=text, refs=[event.id])


def _sentence(text: str) -> str:
    text = text.rstrip()
    return text if text.endswith((".", "!", "?")) else text + "."


def summary(
    facts: UpdateFacts, highlights: Sequence[SignificantEvent], lows: Sequence[SignificantEvent]
) -> list[Line]:
    """Two or three sentences: the headline news, the lead KPI, the setbacks."""
    label = facts.period.label
    if not facts.events and not facts.kpis:
        return [Line(text=f"No significant events were recorded for {label}.")]
    lines: list[Line] = []
    if highlights:
        news = "; ".join(e.title for e in highlights[:2])
        lines.append(
            Line(
                text=_sentence(f"The headlines for {label}: {news}"),
                refs=[e.id for e in highlights[:2]],
            )
        )
    if facts.kpis:
        row = next((r for r in facts.kpis if r.change), facts.kpis[0])
        value = format_metric(row.current.metric)
        if row.change and row.previous is not None:
            before = row.previous_from or facts.period.previous().label
            text = f"{row.label} is {value}, {row.change} on {before}."
        else:
            text = f"{row.label} stands at {value}."
        lines.append(Line(text=text, refs=row.event_ids))
    if lows:
        count = "One setback" if len(lows) == 1 else f"{len(lows)} setbacks"
        lines.append(
            Line(text=_sentence(f"{count} to report, first: {lows[0].title}"), refs=[lows[0].id])
        )
    return lines


class TemplateComposer(EmailComposer):
    """Deterministic draft: highlights, lowlights and a section per area of the business."""

    name = "template"

    def draft(self, facts: UpdateFacts) -> UpdateDraft:
        positives = rank(facts.positives)
        lows = rank(facts.negatives)[:MAX_LOWLIGHTS]
        top = positives[:MAX_HIGHLIGHTS]
        rest = positives[MAX_HIGHLIGHTS:]
        sections = [
            (title, [event_line(e) for e in rest if e.event_type in types])
            for title, types in UPDATE_SECTIONS
        ]
        return UpdateDraft(
            summary=summary(facts, top, lows),
            highlights=[event_line(e) for e in top],
            lowlights=[event_line(e) for e in lows],
            sections=[(title, lines) for title, lines in sections if lines],
            asks=ask_lines(facts),
        )


def ask_lines(facts: UpdateFacts) -> list[Line]:
    return [Line(text=a.text, refs=[a.ref]) for a in facts.asks]
