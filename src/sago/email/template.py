"""Offline investor email: a fixed template filled only from stored events."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from string import Template

from sago.domain.email import InvestorEmail
from sago.domain.event import EventType, Metric, SignificantEvent
from sago.domain.message import DEFAULT_COMPANY_ID
from sago.email.base import EmailComposer

# Investors read funding and revenue first; "other" last.
TYPE_ORDER = [
    EventType.FUNDING,
    EventType.REVENUE_MILESTONE,
    EventType.ENTERPRISE_DEAL,
    EventType.USER_GROWTH,
    EventType.PRODUCT_LAUNCH,
    EventType.PARTNERSHIP,
    EventType.CUSTOMER_SUCCESS,
    EventType.MARKET_EXPANSION,
    EventType.INVESTOR_INTEREST,
    EventType.HIRING,
    EventType.TECHNICAL_ACHIEVEMENT,
    EventType.COMPLIANCE,
    EventType.MEDIA_COVERAGE,
    EventType.OTHER,
]
SECTION_TITLES = {
    EventType.FUNDING: "Funding",
    EventType.REVENUE_MILESTONE: "Revenue",
    EventType.ENTERPRISE_DEAL: "Enterprise deals",
    EventType.USER_GROWTH: "Growth",
    EventType.PRODUCT_LAUNCH: "Product",
    EventType.PARTNERSHIP: "Partnerships",
    EventType.CUSTOMER_SUCCESS: "Customers",
    EventType.MARKET_EXPANSION: "New markets",
    EventType.INVESTOR_INTEREST: "Investor interest",
    EventType.HIRING: "Team",
    EventType.TECHNICAL_ACHIEVEMENT: "Engineering",
    EventType.COMPLIANCE: "Security and compliance",
    EventType.MEDIA_COVERAGE: "Press",
    EventType.OTHER: "Other news",
}
MAX_HIGHLIGHTS = 5
MAX_METRICS = 8
# "Key metrics" are the company's own figures an investor tracks month to month; a
# contract's term or a customer's store count stays with its event's line.
METRIC_TYPES = frozenset({EventType.FUNDING, EventType.REVENUE_MILESTONE, EventType.USER_GROWTH})
_DURATIONS = frozenset({"day", "days", "week", "weeks", "month", "months", "year", "years"})
_UNIT_SUFFIXES = frozenset({"usd", "eur", "gbp", "pct", "x"})
_ACRONYMS = frozenset(
    {"arr", "mrr", "acv", "tcv", "nrr", "grr", "dau", "mau", "wau", "nps", "gmv", "ltv", "cac"}
)


def format_metric(metric: Metric) -> str:
    """A metric as an investor reads it: `$1,200,000`, `40%`, `12,000 DAU`."""
    value = metric.value
    if isinstance(value, float):
        number = f"{value:,.0f}" if value.is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        number = value
    unit = metric.unit or ""
    if unit.upper() in {"USD", "$"}:
        return f"${number}"
    if unit.upper() in {"EUR", "€"}:
        return f"€{number}"
    if unit.upper() in {"GBP", "£"}:
        return f"£{number}"
    if unit == "%":
        return f"{number}%"
    if unit == "x":
        return f"{number}x"
    return f"{number} {unit}".strip()


def metric_label(event_type: EventType, metric: Metric) -> str:
    """ "arr_usd" → "ARR", a round's "amount_usd" → "Raised", "paying_customers" → "Paying
    customers": the unit is already in the formatted value."""
    words = metric.name.lower().replace("_", " ").split()
    if len(words) > 1 and words[-1] in _UNIT_SUFFIXES:
        words = words[:-1]
    if event_type is EventType.FUNDING and words in (["amount"], ["round"], ["round", "size"]):
        return "Raised"
    text = " ".join(w.upper() if w in _ACRONYMS else w for w in words) or metric.name
    return text[:1].upper() + text[1:]


def key_metrics(ranked: Sequence[SignificantEvent]) -> list[tuple[str, Metric]]:
    """The first figure under each label, from the most important events down."""
    chosen: list[tuple[str, Metric]] = []
    seen: set[str] = set()
    for event in ranked:
        if event.event_type not in METRIC_TYPES:
            continue
        for metric in event.metrics:
            label = metric_label(event.event_type, metric)
            if (metric.unit or "").lower() in _DURATIONS or label.lower() in seen:
                continue
            seen.add(label.lower())
            chosen.append((label, metric))
    return chosen[:MAX_METRICS]


def rank(events: Sequence[SignificantEvent]) -> list[SignificantEvent]:
    """Highest severity first, then investor priority by type, then newest."""
    order = {t: i for i, t in enumerate(TYPE_ORDER)}
    # Ties fall back on the id, not on the order the store returns them in (which follows
    # when each event was extracted): a re-run after a crash must draft the same email.
    by_id = sorted(events, key=lambda e: e.id)
    newest_first = sorted(by_id, key=lambda e: (e.date is not None, e.date), reverse=True)
    return sorted(newest_first, key=lambda e: (-e.severity.rank, order[e.event_type]))


def _period(events: Sequence[SignificantEvent]) -> str:
    dates = sorted(e.date for e in events if e.date is not None)
    if not dates:
        return "this period"
    first, last = dates[0], dates[-1]
    if (first.year, first.month) == (last.year, last.month):
        return f"{first:%B %Y}"
    return f"{first:%B %Y} to {last:%B %Y}"


class TemplateComposer(EmailComposer):
    """Deterministic draft: highlights, key metrics and a section per event type."""

    name = "template"

    def __init__(self, display_name: str | None = None) -> None:
        # The company's own name (SAGO_COMPANY_NAMES) reads better than its id.
        self.display_name = display_name

    def _names(self, company_id: str) -> tuple[str, str]:
        """How the subject opens and who signs: "Acme investor update" / "The Acme team";
        the id of a user who never set one names nobody."""
        if not self.display_name and company_id == DEFAULT_COMPANY_ID:
            return "Investor update", "The team"
        name = self.display_name or company_id
        return f"{name} investor update", f"The {name} team"

    def compose(self, company_id: str, events: Sequence[SignificantEvent]) -> InvestorEmail:
        ranked = rank(events)
        period = _period(ranked)
        heading, team = self._names(company_id)
        if not ranked:
            return InvestorEmail(
                company_id=company_id,
                subject=f"{heading}: {period}",
                body=f"Hi all,\n\nNo significant events were recorded for {period}.\n\n"
                f"Best,\n{team}\n",
                composer=self.name,
            )
        highlights = [e.title for e in ranked[:MAX_HIGHLIGHTS]]
        labelled = key_metrics(ranked)
        counts = {t: sum(1 for e in ranked if e.event_type is t) for t in TYPE_ORDER}
        noun = "significant event" if len(ranked) == 1 else "significant events"
        summary = f"{len(ranked)} {noun} this period, led by: {ranked[0].title}."
        metrics_section = ""
        if labelled:
            lines = "\n".join(f"- {label}: {format_metric(m)}" for label, m in labelled)
            metrics_section = f"Key metrics\n{lines}\n\n"
        sections = ""
        for event_type in TYPE_ORDER:
            if not counts[event_type]:
                continue
            items = [e for e in ranked if e.event_type is event_type]
            lines = "\n".join(f"- {self._line(e)}" for e in items)
            sections += f"{SECTION_TITLES[event_type]}\n{lines}\n\n"
        template = Template(
            resources.files("sago.email").joinpath("templates/investor_update.txt").read_text()
        )
        body = template.substitute(
            period=period,
            summary=summary,
            highlights="\n".join(f"- {h}" for h in highlights),
            metrics_section=metrics_section,
            sections=sections,
            team=team,
        )
        return InvestorEmail(
            company_id=company_id,
            subject=f"{heading}, {period}: {ranked[0].title}"[:300],
            body=body,
            highlights=highlights,
            key_metrics=[m for _, m in labelled],
            event_ids=[e.id for e in ranked],
            composer=self.name,
        )

    @staticmethod
    def _line(event: SignificantEvent) -> str:
        when = f" ({event.date:%b %d})" if event.date else ""
        figures = ", ".join(format_metric(m) for m in event.metrics[:3])
        return f"{event.title}{when}" + (f": {figures}" if figures else "")
