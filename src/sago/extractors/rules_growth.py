"""Detectors for the numbers going up: revenue milestones and user growth."""

from __future__ import annotations

import re

from sago.domain.event import EventSeverity, EventType
from sago.domain.metrics import Quantity, label_before, milestone
from sago.extractors import rules_lexicon as lex
from sago.extractors.rules_base import (
    Candidate,
    Context,
    Facets,
    gated,
    metric_name,
    money_text,
)

_I = re.IGNORECASE

# --- revenue ----------------------------------------------------------------------------
_REVENUE_NOUN = re.compile(
    r"\b(?:arr|mrr|revenue|run[- ]rate|bookings|gmv|turnover|receita|faturamento|fatturato"
    r"|ricavi|przych\w+|obroty)\b|매출",
    _I,
)
_MILESTONE_VERB = re.compile(
    r"\b(?:crossed|passed|over|hit|reached|exceeded|surpassed|topped|broke|cleared|first\s+time"
    r"|record|milestone|officially|now\s+at|ultrapass\w*|superat\w*|raggiunt\w*|przekroczy\w*"
    r"|osiągnę\w*|came\s+in\s+at|all[- ]time\s+high|new\s+high|past|ticked"
    r"|(?:grew|rose|jumped|climbed|increased)\b[^!?\n]{0,15}\bto)\b"
    r"|\bbest\s+(?:month|quarter|year|week)\b|돌파|달성|넘었|!|🥂|🎉",
    _I,
)
_THRESHOLD_NOUNS = frozenset({"mark", "milestone", "threshold", "barrier", "line", "level"})
_MARK = re.compile(r"\s*(?:arr\s+|mrr\s+|revenue\s+)?(?:mark|milestone|threshold|barrier)\b", _I)
_CROSSING = re.compile(
    r"\b(?:crossed|passed|over|hit|reached|exceeded|surpassed|topped|broke|cleared|past)\b", _I
)
_NOT_REVENUE = re.compile(
    r"\b(?:invoice|bill|payment|paid|spend|spent|cost|costs|burn|expenses?|budget|price|pricing"
    r"|fee|salary|payroll|deposit|refund|quote|proposal|pipeline|forecast|projected|projection"
    r"|acv|tcv|contract)\b",
    _I,
)


@gated(
    r"arr|mrr|revenue|run[- ]rate|bookings|gmv|turnover|receita|faturamento|fatturato|ricavi"
    r"|przych|obroty|매출"
)
def revenue_milestone(ctx: Context) -> list[Candidate]:
    text = ctx.text
    nouns = list(_REVENUE_NOUN.finditer(text))
    if not nouns or _NOT_REVENUE.search(text) or not _MILESTONE_VERB.search(text):
        return []
    amounts = [
        q
        for q in ctx.quantities
        if q.value >= 10_000
        and (q.kind in {"money", "number"} or (q.kind == "count" and q.noun in _THRESHOLD_NOUNS))
    ]
    if not amounts:
        return []
    # "ARR is $3.1M, crossed the 3M mark": the threshold named after the verb is the milestone.
    amount = amounts[0]
    marked = [q for q in amounts if _MARK.match(text, q.end)]
    for verb in _CROSSING.finditer(text):
        after = [q for q in amounts if 0 <= q.start - verb.end() <= 12]
        if after:
            amount = after[0]
            break
    amount = marked[0] if marked else amount
    noun = min(nouns, key=lambda n: min(abs(n.start() - amount.end), abs(amount.start - n.end())))
    if min(abs(noun.start() - amount.end), abs(amount.start - noun.end())) > 30:
        return []
    trigger = (min(noun.start(), amount.start), max(noun.end(), amount.end))
    if ctx.blocked(trigger) or ctx.others_before(trigger[0]):
        return []
    metric = noun.group().lower().replace("-", " ")
    if metric == "mrr":
        # "MRR passed $83k — a $1M ARR run rate": the annual figure, when given, is the key.
        arr = next((n for n in nouns if n.group().lower() in {"arr", "run rate"}), None)
        stated = arr and min(
            amounts, key=lambda q: min(abs(arr.start() - q.end), abs(q.start - arr.end()))
        )
        if arr and stated is not amount and stated is not None:
            value = milestone(stated.value)
        else:
            value = float(f"{amount.value * 12:.2g}")
        metric = "arr"
    else:
        metric = {"run rate": "arr"}.get(metric, metric)
        value = milestone(amount.value)
    facets = Facets()
    facets.add("revenue", f"{metric}:{value:.0f}")
    label = noun.group().upper() if len(noun.group()) <= 3 else noun.group().lower()
    return [
        ctx.candidate(
            EventType.REVENUE_MILESTONE,
            facets,
            ("revenue",),
            f"{label} reached {money_text(amount)}",
            metrics=[amount.metric(metric_name(noun.group(), amount))],
            severity=EventSeverity.HIGH,
            confidence=0.7,
        )
    ]


# --- user growth ------------------------------------------------------------------------
_GROWTH_VERB = re.compile(
    r"\b(?:crossed|passed|surpassed|hit|reached|topped|exceeded|broke|now\s+(?:at|have|serve"
    r"|serving)|(?:grew|doubled|tripled|jumped|rose|climbed|increased|went\s+up)\s+to|milestone"
    r"|atingimos|batemos|passamos|passámos|ultrapassamos|ultrapassámos|alcançamos|chegamos\s+a"
    r"|superamos|alcanzamos|llegamos\s+a|superat\w*|raggiunt\w*|przekroczy\w*|osiągnę\w*)\b"
    r"|돌파|넘었|달성",
    _I,
)
_GROWTH_WORD = re.compile(
    r"\b(?:"
    + "|".join(re.escape(w) for w in sorted(lex.GROWTH_NOUNS, key=len, reverse=True))
    + r")\b",
    _I,
)
_CHEER = re.compile(r"🎉|🥳|🚀|🍾|🥂|🙌|!!|\bmilestone\b", _I)
_GROWTH_RATE = re.compile(
    r"(?:\bup\s+|\+)\d+(?:[.,]\d+)?\s?%|\d+(?:[.,]\d+)?\s?%\s+(?:mom|wow|yoy|month[- ]over[- ]month"
    r"|week[- ]over[- ]week|year[- ]over[- ]year)|\bgrew\b"
    r"|\d+\s?%\s+(?:more|higher|up)\s+(?:than|vs\.?|versus|on|from)\s+(?:last|the\s+previous)\b",
    _I,
)


_OPEN_NOUN = re.compile(r"[a-zà-ÿ]{3,}s")
_NOT_GROWTH = lex.wordset(
    "hours days weeks months years minutes seconds mins hrs secs people employees engineers hires "
    "percent points messages emails calls tickets bugs issues prs commits tests requests errors "
    "servers nodes pods instances files rows records events dollars euros pounds items units "
    "reviews responses votes leads demos meetings deploys builds releases launches dashboards "
    "slides pages docs features sprints candidates interviews offers deals contracts proposals "
    "quotes invoices payments refunds seats licenses locations sites stores branches depots "
    "questions answers comments likes views impressions clicks tokens calls"
)


def _growth_noun(ctx: Context, q: Quantity) -> str | None:
    if q.kind not in {"count", "number"}:
        return None
    noun = lex.GROWTH_NOUNS.get(q.noun.lower()) if q.noun else None
    window = ctx.text[q.end : q.end + 30].lower()
    if noun is None:
        # The noun may name the number from the left: "DAU hit 12k", "Signups: 10k".
        label = (label_before(ctx.text, q, 3) or "").lower()
        noun = next((lex.GROWTH_NOUNS[w] for w in label.split() if w in lex.GROWTH_NOUNS), None)
        window = label
    if noun is None and q.noun and _OPEN_NOUN.fullmatch(q.noun) and q.noun not in _NOT_GROWTH:
        # Every business counts something: "1,000 carriers", "300 farms", "12k creators".
        noun = q.noun.lower()
    if noun == "users" and "monthly active" in window:
        return "mau"
    if noun == "users" and "daily active" in window:
        return "dau"
    return noun


def _unit_text(noun: str) -> str:
    return noun.upper() if noun in {"mau", "dau", "wau"} else noun


def _ordinal_growth(ctx: Context) -> list[Candidate]:
    """ "onboarded our 500th customer": an ordinal milestone."""
    found = _ORDINAL.search(ctx.text)
    if found is None or ctx.blocked(found):
        return []
    noun = lex.GROWTH_NOUNS.get(found.group(2).lower()) or lex.GROWTH_NOUNS.get(
        found.group(2).lower() + "s"
    )
    if noun is None:
        return []
    value = float(found.group(1).replace(",", ""))
    facets = Facets({"count": f"{noun}:{milestone(value):.0f}"})
    return [
        ctx.candidate(
            EventType.USER_GROWTH,
            facets,
            ("count",),
            f"Reached {found.group(1)} {_unit_text(noun)}",
            metrics=[Quantity(value, "count", noun, 0, 0, "").metric(noun)],
            confidence=0.6,
        )
    ]


_ORDINAL = re.compile(
    r"\b(\d{2,3}(?:,\d{3})*)(?:st|nd|rd|th)\s+(?:paying\s+|active\s+|enterprise\s+|new\s+)?"
    r"([a-zà-ÿ]+)\b",
    _I,
)


@gated(r"\d")
def user_growth(ctx: Context) -> list[Candidate]:
    text = ctx.text
    counts = [(q, n) for q in ctx.quantities if (n := _growth_noun(ctx, q)) and q.value >= 10]
    if not counts:
        # "WAU up 18% week over week to 9,300": the noun is elsewhere in the sentence.
        named = _GROWTH_WORD.search(text)
        bare = [q for q in ctx.quantities if q.kind in {"number", "count"} and q.value >= 10]
        if named and bare and _GROWTH_RATE.search(text):
            counts = [(bare[-1], lex.GROWTH_NOUNS[named.group().lower()])]
        else:
            return _ordinal_growth(ctx)
    chosen: tuple[Quantity, str] | None = None
    for verb in _GROWTH_VERB.finditer(text):
        after = [(q, n) for q, n in counts if 0 <= q.start - verb.end() <= 40]
        after = after or [(q, n) for q, n in counts if 0 <= verb.start() - q.end <= 25]
        if after:
            chosen = after[0]
            break
    rate = _GROWTH_RATE.search(text)
    if chosen is None and rate is not None:
        chosen = min(counts, key=lambda c: abs(c[0].start - rate.start()))
    if chosen is None and _CHEER.search(text) and len(text.split()) <= 10:
        # "1,000 carriers on the platform 🎉": a short cheer that opens with a round number.
        opening = [q for q, _ in counts if not re.search(r"[^\W\d_]", text[: q.start])]
        chosen = next(
            ((q, n) for q, n in counts if q in opening and q.value >= 100 and q.value % 100 == 0),
            None,
        )
    if chosen is None:
        return _ordinal_growth(ctx)
    q, noun = chosen
    if ctx.blocked((q.start, q.end)) or ctx.blocked(rate.span() if rate else (q.start, q.end)):
        return []
    if ctx.others_before(q.start):
        return []
    facets = Facets()
    facets.add("count", f"{noun}:{milestone(q.value):.0f}")
    metrics = [q.metric(noun)]
    pct = next((p for p in ctx.quantities if p.kind == "percent"), None)
    if pct is not None and rate is not None:
        metrics.append(pct.metric(f"{noun}_growth_pct"))
    return [
        ctx.candidate(
            EventType.USER_GROWTH,
            facets,
            ("count",),
            f"Reached {q.text.lstrip('~')} {_unit_text(noun)}",
            metrics=metrics,
            confidence=0.65,
        )
    ]
