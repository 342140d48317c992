"""Detectors for companies we work with: partnerships, enterprise deals and customer
success."""

from __future__ import annotations

import re

from sago.domain.event import EventSeverity, EventType
from sago.domain.metrics import Quantity
from sago.extractors import rules_lexicon as lex
from sago.extractors import rules_names as rn
from sago.extractors import rules_text as rt
from sago.extractors.rules_base import (
    Candidate,
    Context,
    Facets,
    first_money,
    gated,
    labelled_metrics,
    metric_name,
    money_key,
    money_text,
)

_I = re.IGNORECASE
_SIGN = (
    r"(?:signed|countersigned|inked|closed|won|landed|booked|sealed|executed|finali[sz]ed"
    r"|firmat[oa]|firmado|assinad[oa]|assinamos|fechamos|fechámos|fechado|podpisali(?:śmy)?"
    r"|podpisan[aey]|chiuso|체결|계약했)"
)

# --- partnership ------------------------------------------------------------------------
# Not "Head of Partnerships" or "Partnerships Manager": a team or title is no agreement.
_PARTNERSHIP_WORD = (
    r"(?<!head\sof\s)(?<!vp\s)(?<!vp\sof\s)(?<!director\sof\s)"
    r"(?:partnership(?!s?\s+(?:manager|lead|director|team|role|position|,))|partner\s+agreement|alliance|collaboration\s+agreement|reseller\s+agreement"
    r"|distribution\s+agreement|co-marketing\s+agreement|accordo\s+di\s+partnership|parceria"
    r"|partnerstw\w*|umow\w*\s+partnersk\w*|파트너십|제휴|memorandum\s+of\s+understanding|mou)"
)
_PARTNERSHIP = re.compile(
    rf"\b(?:{_SIGN}|formed|struck|entered\s+into|kicked\s+off|announc\w*)\b[^?\n]{{0,80}}?"
    rf"\b{_PARTNERSHIP_WORD}"
    rf"|\b{_PARTNERSHIP_WORD}\b[^!?\n]{{0,60}}?\b(?:{_SIGN}|is\s+official|is\s+live|went\s+live"
    r"|officially|effective\s+today)\b"
    r"|\b(?:partnered|teamed\s+up|(?:we're|we\s+are|now)\s+partnering)\s+with\b"
    r"|\b(?:now|became|become|are|we're)\s+(?:an?\s+)?(?:official|certified|preferred|premier"
    r"|strategic)\s+(?:[\w&]+\s+){1,3}partner\b",
    _I,
)
_PARTNER_AFTER = re.compile(
    _PARTNERSHIP_WORD + r"(?:\s+agreement)?\s+(?:with|between|con|com|z|avec|mit|와|과)\s+"
    r"(?:il\s+|la\s+|lo\s+|a\s+|o\s+|the\s+)?"
    r"|\b(?:partnered|teamed\s+up|partnering)\s+with\s+(?:the\s+)?",
    _I,
)
_PARTNER_ADJECTIVES = lex.wordset(
    "technology strategic co-marketing commercial distribution integration signed new the our "
    "official global exclusive channel reseller marketing joint"
)


def _partner(ctx: Context) -> tuple[str, str] | None:
    text = ctx.text
    for found in _PARTNER_AFTER.finditer(text):
        named = ctx.org_named(rn.words_after(text, found.end(), 4))
        if named:
            return named
    word = re.search(_PARTNERSHIP_WORD, text, _I)
    if word:
        before = rn.words_before(text, word.start(), 3).split()
        while before and before[-1].lower() in _PARTNER_ADJECTIVES:
            before.pop()
        named = ctx.org_named(" ".join(before[-2:]))
        if named:
            return named
    return ctx.fallback_org()


@gated(
    r"partner|alliance|collaborat|agreement|parceria|accordo|umow|파트너|제휴|memorandum|mou\b|teamed"
)
def partnership(ctx: Context) -> list[Candidate]:
    match = _PARTNERSHIP.search(ctx.text)
    if match is None or ctx.blocked(match):
        return []
    partner = _partner(ctx)
    facets = Facets()
    facets.add("partner", partner[0] if partner else None)
    summary = f"Partnership with {rn.display(partner[1])}" if partner else "Partnership signed"
    return [
        ctx.candidate(
            EventType.PARTNERSHIP,
            facets,
            ("partner",),
            summary,
            stakeholders=[partner[1]] if partner else [],
            confidence=0.65,
        )
    ]


# --- enterprise deals -------------------------------------------------------------------
_DEAL_WORDS = re.compile(
    r"\b(?:contract|deal|agreement|acv|tcv|arr|seats|licen[cs]es|locations|clinics|sites"
    r"|stores|hospitals|branches|year\s+term|\d-year|multi-year|enterprise|customer|logo"
    r"|purchase\s+order|contratto|contrato|umow\w*|cliniche|clínicas|klinik|triennale"
    r"|anual|annuale|msa|order\s+form|sow|subscription)\b|계약",
    _I,
)
_DEAL_SIGNED = re.compile(
    r"\b(?:signed|countersigned|inked|sealed|executed|renewed|expanded|upsold|firmat[oa]|firmado"
    r"|assinad[oa]|assinamos|podpisali(?:śmy)?|podpisan[aey])\b|체결|계약했",
    _I,
)
# "closed"/"won" say little alone ("survey closed"): they need money or a deal noun.
_DEAL_CLOSED = re.compile(
    r"\b(?:closed|won|landed|booked|fechamos|fechámos|fechado|chiuso)\b[^?\n]{0,60}?"
    r"(?:\b(?:deal|contract|agreement|acv|tcv|purchase\s+order|contratto|contrato|umow\w*)\b"
    r"|[$€£]\s?\d)|closed[- ]won"
    r"|\b(?:closed|won|landed|signed)\s+(?:our|a|an|the|their)?\s*(?:first|new|biggest|largest"
    r"|\d+(?:st|nd|rd|th))?\s*(?:[\w-]+\s+){0,2}(?:customer|client|logo)\b"
    r"|\b(?:po|purchase\s+order)\s+(?:received|came\s+in|arrived|issued|signed)\b",
    _I,
)
_DEAL_BIGGEST = re.compile(
    r"\b(?:biggest|largest)\s+(?:deal|contract|customer|logo)\b|maior\s+contrato|contratto\s+più"
    r"\s+grande|\b(?:deal|contract)\b[^!?\n]{0,30}\b(?:biggest|largest)\b[^!?\n]{0,20}\bever\b",
    _I,
)
_NOT_A_DEAL = re.compile(
    _PARTNERSHIP_WORD + r"|\b(?:series|seed|round|raised|investment|investor|grant|valuation"
    r"|pre-money|offer|nda|dpa|redlines?|lease|vendor|supplier|invoice|role|joins|joining"
    r"|hire|hired|survey|nps|csat|bookings|run[- ]rate|pipeline|late[- ]stage|proposal|ticket"
    r"|tickets|issue|bug|pr|loop|sprint)\b"
    r"|term[- ]?sheet"
    r"|closed\s+(?:the|our)\s+(?:month|quarter|year|week|books|period)",
    _I,
)


def _customer(ctx: Context, verb: re.Match[str] | None) -> tuple[str, str] | None:
    text = ctx.text
    # An outside sender who signed is the customer, whoever else the email names.
    org = ctx.sender_org()
    if org is not None:
        return org
    pattern = r"\b(?:with|con|com|z|avec|mit)\s+|\b(?:customer|client|logo|account)s?\s*[:—–-]\s*"
    for found in re.finditer(pattern, text, _I):
        named = ctx.org_named(rn.words_after(text, found.end(), 4))
        if named:
            return named
    attributive = verb is not None and re.search(
        r"\b(?:the|a|an|our|my|your|their|his|her)\s*$", text[: verb.start()], _I
    )
    if verb is not None and not attributive:
        before = re.sub(
            r"\s+(?:is|has|have|just|officially|finally|all)\s*$", "", text[: verb.start()]
        )
        named = ctx.org_named(rn.words_before(before, len(before), 4))
        if named:
            return named
    return ctx.fallback_org()


@gated(
    r"sign|inked|sealed|execut|firma|assina|podpis|체결|계약|closed|won|landed|booked|fech|chius|biggest|largest|maior|grande|\bpo\b|purchase|renew|expand|upsold|customer|logo|client"
)
def enterprise_deal(ctx: Context) -> list[Candidate]:
    text = ctx.text
    if _NOT_A_DEAL.search(text):
        return []
    verb = _DEAL_SIGNED.search(text) or _DEAL_CLOSED.search(text)
    biggest = _DEAL_BIGGEST.search(text)
    quantities = ctx.quantities
    money = first_money(quantities)
    if verb is not None and not (money or _DEAL_WORDS.search(text)):
        verb = None
    if verb is None and biggest is None:
        return []
    trigger = verb or biggest
    assert trigger is not None
    if ctx.blocked(trigger):
        return []
    if verb is not None and re.search(r"\bthey\s+(?:\w+\s+)?" + _SIGN + r"\s+with\b", text, _I):
        return []  # the customer signed with somebody else
    use_next = False
    if money is None and not any(q.kind == "count" for q in quantities) and ctx.next_quantities:
        quantities, use_next = ctx.next_quantities, True
        money = first_money(quantities)
    customer = _customer(ctx, verb)
    facets = Facets()
    facets.add("customer", customer[0] if customer else None)
    facets.add("amount", money_key(money) if money else None)
    count = next((q for q in quantities if q.kind == "count" and q.value >= 2), None)
    facets.add("count", f"{count.value:.0f}" if count else None)
    metrics = [money.metric(metric_name("contract_value", money))] if money else []
    if count and count.noun:
        metrics.append(count.metric(count.noun))
    who = customer[1] if customer else "enterprise customer"
    amount = f" ({money_text(money)})" if money else ""
    summary = f"Enterprise deal signed with {rn.display(who)}{amount}"
    high = biggest is not None or (money is not None and money.value >= 100_000)
    return [
        ctx.candidate(
            EventType.ENTERPRISE_DEAL,
            facets,
            ("customer", "amount", "count"),
            summary,
            use_next=use_next,
            metrics=metrics,
            stakeholders=[who] if customer else [],
            severity=EventSeverity.HIGH if high else EventSeverity.MEDIUM,
            confidence=0.65,
        )
    ]


# --- customer success -------------------------------------------------------------------
_OUTCOME = re.compile(
    r"\b(?P<m>no[- ]shows?(?:\s+rate)?|churn|wait(?:ing)?\s+times?|costs?|errors?|admin\s+time"
    r"|tickets?|cancellations?|turnaround|handle\s+time|write-offs?)\b[^!?\n]{0,40}?\b(?:down|dropped"
    r"|fell|cut|reduced|decreased|lower|halved|from\s+\d)\b"
    r"|\b(?:cut|reduced|dropped|halved|lowered|slashed)\b[^!?\n]{0,30}?\b(?P<m2>no[- ]shows?|churn"
    r"|costs?|wait\w*|errors?|cancellations?|\w+\s+time|time|tickets?)"
    r"|\b(?P<m3>revenue|conversion|bookings|retention|utili[sz]ation|productivity|collections"
    r"|attendance|show[- ]rate)\b[^!?\n]{0,30}?\b(?:up|increased|grew|rose|improved|jumped)\b"
    r"[^!?\n]{0,20}?\d+\s?%"
    r"|\b(?P<m4>saved|saves|back)\b[^!?\n]{0,25}?\d+\s*(?:hours|hrs|days|minutes)"
    r"|\b(?:saved|saves|saving)\s+(?:them|their\s+\w+|the\s+customer|(?:our\s+)?customers?)\s+"
    r"(?:over\s+|about\s+|nearly\s+)?[$€£]\s?\d"
    r"|\d+\s*(?:hours|hrs)\s*(?:a|per|/)\s*week\s+back"
    r"|\b(?:customer\s+(?:win|success|story)|case\s+study)\b[^!?\n]{0,80}?"
    r"\b(?P<m5>[a-z]+(?:[- ][a-z]+)?)\s+(?:down|up|cut|reduced|increased|improved)\s+"
    r"(?:by\s+)?\d+\s?%"
    r"|\b(?:cut|reduced|lowered|halved|slashed|decreased|increased|improved|boosted|doubled)\s+"
    r"(?:their|its|the|his|her)?\s*(?P<m6>[a-z-]+(?:\s+[a-z-]+)?)\s+by\s+\d+\s?%",
    _I,
)
_SCORE = re.compile(
    r"\b(?P<m>nps|csat|net\s+promoter\s+score)\b[^!?\n\d]{0,40}?(?P<v>\d{1,3})\b", _I
)
_TECHNICAL = re.compile(r"\b(?:latency|p9\d|load\s+time|accuracy|sensitivity|uptime)\b", _I)
_CUSTOMER_CONTEXT = re.compile(
    r"\b(?:customers?|clients?|case\s+study|customer\s+(?:win|story)|testimonial|reference)\b", _I
)
_LEAD_INS = lex.wordset(
    "quick note update fyi heads ps btw news result results customers customer win highlights "
    "reminder good great big update recap summary revenue bookings arr mrr churn nps pipeline "
    "headcount usage security fundraising financing press product team enterprise hiring "
    "lowlights metrics kpis growth sales marketing engineering ops operations finance case study "
    "story spotlight shoutout"
)
_CUSTOMER_SUBJECT = re.compile(
    r"([A-Z][\w&'-]+(?:[ \t]+[A-Z][\w&'-]+){0,3})\s+(?:cut|reduced|saw|grew|achieved|increased"
    r"|lowered|halved|dropped)\b"
)


def _success_customer(ctx: Context) -> str | None:
    # "customer win 💚 Acme Foods: churn down 30%": the name leads one of the pieces.
    for piece in rt.EMOJI_RUN.split(ctx.text):
        colon = re.match(r"\s*([^:]{3,40}):\s", piece)
        if colon and not re.search(r"\d", colon.group(1)):
            key = rn.name_key(colon.group(1))
            lead = colon.group(1).lower().split()
            if key and not set(lead) & _LEAD_INS:
                return key
    subject = _CUSTOMER_SUBJECT.search(ctx.text)
    if subject:
        name = rn.capitalised_names(subject.group(1), ctx.self_names)
        if name:
            return rn.name_key(name[0])
    org = ctx.sender_org()
    return org[0] if org else None


@gated(r"\d")
def customer_success(ctx: Context) -> list[Candidate]:
    text = ctx.text
    outcome = _OUTCOME.search(text)
    score = _SCORE.search(text) if outcome is None else None
    match = outcome or score
    if match is None or _TECHNICAL.search(text) or ctx.blocked(match):
        return []
    if outcome is not None and not re.search(r"\d", text):
        return []
    groups = match.groupdict()
    if (groups.get("m6") or groups.get("m3")) and not (
        _CUSTOMER_CONTEXT.search(text) or _success_customer(ctx)
    ):
        return []  # "we cut our burn by 20%", "revenue grew 18%": our numbers, not a customer's
    metric = next((groups[k] for k in ("m", "m2", "m3", "m5", "m6") if groups.get(k)), None)
    metric = metric or "time saved"
    metric = re.sub(r"[^a-z]+", "-", metric.lower().replace("no show", "no-show")).strip("-")
    metric = metric.rstrip("s") if metric.endswith("shows") else metric
    if metric.startswith("no-show"):
        metric = "no-show"
    facets = Facets()
    facets.add("customer", _success_customer(ctx))
    facets.add("score", f"{metric}:{score.group('v')}" if score is not None else None)
    facets.add("metric", metric)
    metrics = labelled_metrics(ctx, {"percent", "number"}, metric)
    if score is not None:
        metrics = [Quantity(float(score.group("v")), "number", None, 0, 0, "").metric(metric)]
    who = facets.values.get("customer")
    if score is not None:
        summary = f"Customer {metric.upper()} reached {score.group('v')}"
    elif who:
        summary = f"{rn.display(who)}: {metric} improved"
    else:
        summary = f"Customer result: {metric} improved"
    return [
        ctx.candidate(
            EventType.CUSTOMER_SUCCESS,
            facets,
            ("customer", "score", "metric"),
            summary,
            metrics=metrics,
            severity=EventSeverity.LOW,
            confidence=0.55,
        )
    ]
