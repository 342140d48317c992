"""What every page shows: one company of the store, and optionally one period.

Both come from the query (`?company=acme&period=2025-08`, or `since`/`until`) and are
carried by every link, so switching company or period on one page keeps it on the next.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from fastapi import HTTPException, Request

from sago.domain.event import SignificantEvent
from sago.domain.period import Period, chosen_period
from sago.pipeline.update import in_period
from sago.web.deps import context


@dataclass
class Scope:
    """The company and period a page is about, and the choices the header offers."""

    company: str
    companies: list[str]
    default_company: str = ""
    period: Period | None = None
    period_text: str = ""
    since: str = ""
    until: str = ""
    periods: list[tuple[str, str]] = field(default_factory=list)  # (value, label)

    def query(self, **extra: str) -> str:
        """The query string that keeps this scope (plus `extra`), "?…" or ""."""
        # The configured company needs no mention: its links stay as they always were.
        company = "" if self.company == self.default_company else self.company
        pairs = {"company": company, "period": self.period_text}
        pairs |= {"since": self.since, "until": self.until} | extra
        kept = {k: v for k, v in pairs.items() if v}
        return "?" + urlencode(kept) if kept else ""

    def keep(self, events: list[SignificantEvent]) -> list[SignificantEvent]:
        if self.period is None:
            return events
        return [e for e in events if in_period(e, self.period)]


def _date(value: str, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise HTTPException(400, f"invalid {name} {value[:40]!r}: use YYYY-MM-DD") from None


def _choices(events: list[SignificantEvent]) -> list[tuple[str, str]]:
    """Every month and quarter the company's events fall in, newest first."""
    months = sorted({Period.month_of(e.date) for e in events if e.date}, key=lambda p: p.start)
    quarters = sorted(
        {Period.parse(f"{p.start.year}-Q{(p.start.month - 1) // 3 + 1}") for p in months},
        key=lambda p: p.start,
    )
    return [(p.key, p.label) for p in [*reversed(months), *reversed(quarters)]]


def known_companies(request: Request) -> list[str]:
    """Every company with an event or an email, sorted (the company switch)."""
    stores = context(request).stores
    return sorted({*stores.eventstore.companies(), *stores.emailstore.companies()})


def known_company(request: Request, company: str) -> str:
    """`company` if the store knows it (or it is the configured one), else a 400."""
    ctx = context(request)
    chosen = company or ctx.company_id
    if chosen != ctx.company_id and chosen not in known_companies(request):
        raise HTTPException(400, f"unknown company {chosen[:40]!r}")
    return chosen


def scope_of(request: Request) -> Scope:
    """The page's scope from its query; an unknown company or a bad period is a 400."""
    ctx = context(request)
    params = request.query_params
    companies = known_companies(request)
    if ctx.company_id not in companies:
        companies = sorted([*companies, ctx.company_id])
    company = params.get("company") or ctx.company_id
    if company not in companies:
        raise HTTPException(400, f"unknown company {company[:40]!r}")
    text, since, until = params.get("period", ""), params.get("since", ""), params.get("until", "")
    try:
        period = chosen_period(
            text or None,
            _date(since, "since"),
            _date(until, "until"),
            today=date.today(),
        )
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    return Scope(
        company=company,
        companies=companies,
        default_company=ctx.company_id,
        period=period,
        period_text=text,
        since=since,
        until=until,
        periods=_choices(ctx.stores.eventstore.events(company)),
    )
