"""How events and metrics read to a person: section order and titles, metric names and
values. Shared by the investor update, the run report and the dashboard."""

from __future__ import annotations

from sago.domain.event import EventType, Metric

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
# The investor update's body sections after Highlights and Lowlights (YC's and Visible's
# templates: customers, product, team, then the rest), and the event types each gathers.
UPDATE_SECTIONS: list[tuple[str, tuple[EventType, ...]]] = [
    (
        "Customers",
        (
            EventType.ENTERPRISE_DEAL,
            EventType.CUSTOMER_SUCCESS,
            EventType.PARTNERSHIP,
            EventType.MARKET_EXPANSION,
            EventType.USER_GROWTH,
            EventType.REVENUE_MILESTONE,
        ),
    ),
    (
        "Product",
        (EventType.PRODUCT_LAUNCH, EventType.TECHNICAL_ACHIEVEMENT, EventType.COMPLIANCE),
    ),
    ("Team", (EventType.HIRING,)),
    ("Fundraising", (EventType.FUNDING, EventType.INVESTOR_INTEREST)),
    ("Press and other news", (EventType.MEDIA_COVERAGE, EventType.OTHER)),
]
# Event types whose figures are the company's own metrics (a contract's term or a
# customer's store count stays with its event's line).
KPI_TYPES = frozenset({EventType.REVENUE_MILESTONE, EventType.USER_GROWTH})
DURATION_UNITS = frozenset({"day", "days", "week", "weeks", "month", "months", "year", "years"})
_UNIT_SUFFIXES = frozenset({"usd", "eur", "gbp", "pln", "brl", "krw", "pct", "x", "count"})
_ACRONYMS = frozenset(
    {
        "arr", "mrr", "acv", "tcv", "nrr", "grr", "dau", "mau", "wau", "nps", "gmv", "ltv",
        "cac", "csat", "sla", "api", "ai", "mom", "yoy", "qoq",
    }
)  # fmt: skip
_WORDS = {"pct": "%", "yoy": "YoY", "mom": "MoM", "qoq": "QoQ"}


# How a currency code is written before a figure; other codes follow it ("3.2M PLN").
CURRENCY_SYMBOLS = {
    "USD": "$", "$": "$", "EUR": "€", "€": "€", "GBP": "£", "£": "£",
    "BRL": "R$", "JPY": "¥", "INR": "₹", "KRW": "₩",
}  # fmt: skip
# Figures written short ("1.2M"): the scale and its suffix, largest first.
SCALE_SUFFIXES = ((1e9, "B"), (1e6, "M"), (1e3, "k"))
_SUFFIX_UNITS = frozenset({"%", "x"})


def format_number(value: float) -> str:
    """1200000 → "1,200,000", 2.50 → "2.5": every digit, as a table prints it."""
    if float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def compact(value: float) -> str:
    """1234567 → "1.23M", 1500 → "1.5k", 0.25 → "0.25": short, as a person writes it."""
    for limit, suffix in SCALE_SUFFIXES:
        if abs(value) >= limit:
            return f"{value / limit:.2f}".rstrip("0").rstrip(".") + suffix
    return format_number(value)


def format_figure(value: float | str, unit: str | None, *, short: bool = False) -> str:
    """A value and its unit as an investor reads them: `$1,200,000` (or `$1.2M` when
    short), `40%`, `3x`, `12,000 DAU`, `3.2M PLN`. Text values pass through."""
    as_number = compact if short else format_number
    number = value if isinstance(value, str) else as_number(value)
    unit = (unit or "").strip()
    symbol = CURRENCY_SYMBOLS.get(unit.upper())
    if symbol is not None:
        return f"{symbol}{number}"
    if unit in _SUFFIX_UNITS:
        return f"{number}{unit}"
    return f"{number} {unit}".strip()


def format_metric(metric: Metric, *, short: bool = False) -> str:
    """A metric's value as an investor reads it (see `format_figure`)."""
    return format_figure(metric.value, metric.unit, short=short)


def metric_name(name: str) -> str:
    """ "customers_growth_pct" → "Customers growth", "arr_usd" → "ARR": the unit is
    already in the formatted value."""
    words = name.strip().lower().replace("_", " ").replace("-", " ").split()
    if len(words) > 1 and words[-1] in _UNIT_SUFFIXES:
        words = words[:-1]
    text = " ".join(w.upper() if w in _ACRONYMS else _WORDS.get(w, w) for w in words)
    text = text or name
    return text[:1].upper() + text[1:]


def metric_label(event_type: EventType, metric: Metric) -> str:
    """A metric's name in its event's context: a round's "amount_usd" is "Raised"."""
    words = metric.name.lower().replace("_", " ").split()
    if len(words) > 1 and words[-1] in _UNIT_SUFFIXES:
        words = words[:-1]
    if event_type is EventType.FUNDING and words in (["amount"], ["round"], ["round", "size"]):
        return "Raised"
    return metric_name(metric.name)
