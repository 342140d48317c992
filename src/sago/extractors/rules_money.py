"""Detectors for money and customers: funding, investor interest, partnerships, deals,
revenue milestones, user growth and customer success."""

from __future__ import annotations

import re

from sago.domain.event import EventSeverity, EventType
from sago.domain.metrics import Quantity, label_before, milestone
from sago.extractors import rules_lexicon as lex
from sago.extractors import rules_text as rt
from sago.extractors.rules_base import (
    Candidate,
    Context,
    first_money,
    gated,
    labelled_metrics,
    metric_name,
    money_key,
    money_text,
)
from sago.extractors.rules_text import Facets

_I = re.IGNORECASE
_SIGN = (
    r"(?:signed|countersigned|inked|closed|won|landed|booked|sealed|executed|finali[sz]ed"
    r"|firmat[oa]|firmado|assinad[oa]|assinamos|fechamos|fechámos|fechado|podpisali(?:śmy)?"
    r"|podpisan[aey]|chiuso|체결|계약했)"
)

# --- funding ----------------------------------------------------------------------------
_FUND_VERB = re.compile(
    r"\b(?:raised|raises|closed|closes|secured|landed|completed|wired|announced|announces|got"
    r"|levantámos|levantamos|fechámos|fechamos|captámos|captamos|raccolto|chiuso|pozyskaliśmy"
    r"|zamknęliśmy|zebraliśmy|cerramos|recaudamos|levé|levée|levons|abgeschlossen|eingesammelt)\b",
    _I,
)
_FUND_OBJECT = re.compile(
    lex.ROUND.pattern + r"|\b(?:funding|financing|round|rodada|ronda|runda|investment)\b", _I
)
_ROUND_DONE = re.compile(
    r"(?:" + lex.ROUND.pattern + r")[^!?\n]{0,40}?(?:\b(?:is|was|has\s+been|officially)\s+)?"
    r"(?:\b(?:closed|done|wired|complete|completed|oversubscribed|in\s+the\s+bank|fechad[ao]"
    r"|chius[ao]|zamknięt[aey]|cerrad[ao]|abgeschlossen|bouclée?|landed|arrived"
    r"|hit\s+(?:our|the)\s+(?:account|bank)|in\s+(?:our|the)\s+(?:account|bank))\b|클로징|마감|유치)",
    _I,
)
_GRANT = re.compile(
    r"\b(?:awarded|won|received|secured|got|ganhámos|ganhamos|vinto|vinta|otrzymaliśmy"
    r"|conseguimos)\b[^!?\n]{0,60}?\b(?:grant|bolsa|fundo\s+perdido|sovvenzione|contributo"
    r"|finanziamento|dotacj\w*|grantu?|subsidy|subvención)\b"
    r"|\b(?:grant|bolsa|dotacja)\b[^!?\n]{0,30}?\b(?:awarded|approved|received|aprovad[ao])\b",
    _I,
)
_TERM_SHEET = re.compile(
    r"\b(?:term[- ]?sheet|letter\s+of\s+intent|loi|carta\s+de\s+intenção|lettera\s+di\s+intenti)"
    r"\b|(?-i:\bTS\b)",
    _I,
)


def _round_of(text: str) -> str | None:
    match = lex.ROUND.search(text)
    if match is None:
        return None
    raw = match.group().lower()
    letter = re.search(r"(?:series|serie|série|시리즈)\s?([a-z])", raw)
    if letter:
        return f"series {letter.group(1)}"
    if "pre" in raw:
        return "pre-seed"
    if "seed" in raw or "semente" in raw:
        return "seed"
    return " ".join(raw.split())


@gated(
    r"seed|series|serie|série|시리즈|round|rodada|ronda|runda|fund|financ|invest|grant|bolsa|perdido|sovvenz|contribut|dotac|subsid|subvenc"
)
def funding(ctx: Context) -> list[Candidate]:
    text = ctx.text
    if _TERM_SHEET.search(text):
        return []
    grant = _GRANT.search(text)
    trigger: tuple[int, int] | None = None
    if grant:
        trigger = grant.span()
    else:
        done = _ROUND_DONE.search(text)
        if done:
            trigger = done.span()
        else:
            for verb in _FUND_VERB.finditer(text):
                tail = text[verb.end() : verb.end() + 70]
                # "we've raised $6M from …": raising money needs no round name.
                raised = re.match(r"(?:raised|raises|secured)\b", verb.group(), _I)
                direct = re.match(r"\s+(?:a\s+|an\s+|our\s+|another\s+)?[$€£]\s?\d", tail)
                if raised and direct and first_money(ctx.quantities, 100_000):
                    if ctx.third_party(verb.start()):
                        return []
                    trigger = (verb.start(), verb.end() + direct.end())
                    break
                obj = _FUND_OBJECT.search(tail)
                if obj is None or (not lex.ROUND.search(tail) and not first_money(ctx.quantities)):
                    continue
                if ctx.third_party(verb.start()):
                    return []
                trigger = (verb.start(), verb.end() + obj.end())
                break
    if trigger is None or ctx.blocked(trigger):
        return []
    money = first_money(ctx.quantities)
    facets = Facets()
    round_name = "grant" if grant else _round_of(text)
    if grant:
        facets.add("round", f"grant {money_key(money)}" if money else "grant")
    facets.add("round", round_name)
    facets.add("amount", money_key(money) if money else None)
    title = (round_name or "funding").title() if round_name != "grant" else "Grant"
    summary = f"{title} closed" + (f" ({money_text(money)})" if money else "")
    metrics = [money.metric(metric_name("amount", money))] if money else []
    big = money is None or money.value >= 1_000_000
    severity = EventSeverity.HIGH if big and not grant else EventSeverity.MEDIUM
    return [
        ctx.candidate(
            EventType.FUNDING,
            facets,
            ("round", "amount"),
            summary,
            metrics=metrics,
            severity=severity,
            confidence=0.75,
        )
    ]


# --- investor interest ------------------------------------------------------------------
_TS_POSITIVE = re.compile(
    r"\b(?:received|receive|got|have|has|signed|attached|arrived|came\s+in|sent|proposed|offer"
    r"|countersigned|in\s+hand|issued|from|recebemos|ricevuto|otrzymaliśmy)\b|받았|✅",
    _I,
)
_INTEREST = re.compile(
    r"\b(?:inbound|unsolicited|unprompted)\s+(?:interest|investors?|vcs?|inquir\w*|from)"
    r"|\breached\s+out\b[^!?\n]{0,50}\b(?:round|series|seed|invest\w*|raise|fundrais\w*)"
    r"|\b(?:interested\s+in|keen\s+to|would\s+love\s+to|wants?\s+to|eager\s+to)\s+(?:invest"
    r"|lead|participate|co-invest|back\s+us|get\s+to\s+know)"
    r"|\b(?:pre-?empt\w*|preemptive)\s+(?:offer|round)"
    r"|\b(?:want|wants|wanted|asked|asking|requested)\s+(?:to\s+see\s+|for\s+|access\s+to\s+)?"
    r"(?:our\s+|the\s+|a\s+)?(?:data\s*room|cap\s+table|financial\s+model)"
    r"|\b(?:soft|verbal|firm|hard)\s+commit(?:ment)?\b"
    r"|\b(?:vcs?|investors?|funds?|ventures|capital|angels?|gps?)\b[^!?\n]{0,40}?\b(?:asked|requested"
    r"|want(?:s|ed)?)\s+(?:for\s+)?(?:our\s+|the\s+|a\s+|an\s+)?(?:data\s*room|deck|intro|meeting"
    r"|call|financials|model|pitch)",
    _I,
)
_INVESTOR_NAME = re.compile(
    r"\b([A-Z][\w&]+(?:[ \t]+[A-Z][\w&]+){0,2})[ \t]+(?:Ventures|Capital|Partners|VC|Fund"
    r"|Investments|Equity|Growth)\b"
)


def _investor(ctx: Context, anchor: int) -> str | None:
    # A firm name ("… Ventures") is specific enough to trust anywhere in the message.
    named = _INVESTOR_NAME.search(ctx.text) or _INVESTOR_NAME.search(ctx.message.text)
    if named and rt.name_key(named.group(1)) not in ctx.self_names:
        return rt.name_key(named.group(1))
    org = ctx.sender_org()
    if org is not None:
        return org[0]
    for after in re.finditer(r"\b(?:from|with|by)\s+", ctx.text):
        name = rt.words_after(ctx.text, after.end(), 2)
        if name and not lex.ROUND.search(name) and rt.name_key(name):
            return rt.name_key(name)
    before = rt.words_before(ctx.text, anchor, 2)
    key = rt.name_key(before) if before else ""
    if key:
        return key
    # "atomico sent over a term sheet": the sentence opens with the investor.
    subject = _SUBJECT_VERB.match(ctx.text)
    if subject:
        key = rt.name_key(subject.group(1))
        if key and not lex.FIRST_PERSON.search(subject.group(1)):
            return key
    return None


_SUBJECT_VERB = re.compile(
    r"\W*(?:fyi\s+|so\s+|btw\s+)?([\w&'-]+(?:\s+[\w&'-]+)?)\s+(?:just\s+)?(?:sent|gave|offered"
    r"|issued|signed|reached|wants?|is|are|came|put|made)\b",
    _I,
)


@gated(
    r"term|sheet|\bts\b|loi\b|letter|carta|lettera|inbound|unsolicited|unprompted|reached|interest|keen|love|want|eager|empt|vc|invest|fund|venture|capital|angel|\bgps?\b|commit|data\s*room|cap\s+table"
)
def investor_interest(ctx: Context) -> list[Candidate]:
    text = ctx.text
    sheet = _TERM_SHEET.search(text)
    if sheet and _TS_POSITIVE.search(text):
        kind, trigger = "term sheet", sheet
    else:
        interest = _INTEREST.search(text)
        if interest is None:
            return []
        kind, trigger = "interest", interest
    if ctx.blocked(trigger):
        return []
    money = first_money(ctx.quantities)
    use_next = money is None and first_money(ctx.next_quantities) is not None
    money = money or first_money(ctx.next_quantities)
    facets = Facets({"kind": kind})
    round_name = _round_of(text)
    investor = _investor(ctx, trigger.start())
    facets.add("amount", money_key(money) if money else None)
    facets.add("investor", investor)
    facets.add("round", round_name)
    # Competing term sheets can share a size; the investor tells them apart.
    order = ("investor", "amount", "round") if kind == "term sheet" else ("investor", "round")
    label = "Term sheet received" if kind == "term sheet" else "Inbound investor interest"
    detail = ", ".join(
        x for x in (round_name and round_name.title(), money and money_text(money)) if x
    )
    metrics = [money.metric(metric_name("amount", money))] if money else []
    severity = EventSeverity.HIGH if kind == "term sheet" else EventSeverity.MEDIUM
    return [
        ctx.candidate(
            EventType.INVESTOR_INTEREST,
            facets,
            order,
            f"{label}" + (f" ({detail})" if detail else ""),
            use_next=use_next,
            metrics=metrics,
            severity=severity,
            confidence=0.65,
        )
    ]


# --- partnership ------------------------------------------------------------------------
_PARTNERSHIP_WORD = (
    r"(?:partnership|partner\s+agreement|alliance|collaboration\s+agreement|reseller\s+agreement"
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
        name = rt.words_after(text, found.end(), 4)
        key = rt.name_key(name) if name else ""
        if key and key not in ctx.self_names:
            return key, name
    word = re.search(_PARTNERSHIP_WORD, text, _I)
    if word:
        before = rt.words_before(text, word.start(), 3).split()
        while before and before[-1].lower() in _PARTNER_ADJECTIVES:
            before.pop()
        name = " ".join(before[-2:])
        key = rt.name_key(name) if name else ""
        if key and key not in ctx.self_names:
            return key, name
    org = ctx.sender_org()
    if org is not None:
        return org
    names = rt.capitalised_names(text, ctx.self_names)
    return (rt.name_key(names[0]), names[0]) if names else None


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
    summary = f"Partnership with {partner[1]}" if partner else "Partnership signed"
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
    r"|anual|annuale)\b|계약",
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
    r"\s+grande",
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
        name = rt.words_after(text, found.end(), 4)
        key = rt.name_key(name) if name else ""
        if key and key not in ctx.self_names:
            return key, name
    attributive = verb is not None and re.search(
        r"\b(?:the|a|an|our|my|your|their|his|her)\s*$", text[: verb.start()], _I
    )
    if verb is not None and not attributive:
        before = re.sub(
            r"\s+(?:is|has|have|just|officially|finally|all)\s*$", "", text[: verb.start()]
        )
        name = rt.words_before(before, len(before), 4)
        key = rt.name_key(name) if name else ""
        if key and key not in ctx.self_names:
            return key, name
    org = ctx.sender_org()
    if org is not None:
        return org
    names = rt.capitalised_names(text, ctx.self_names)
    return (rt.name_key(names[0]), names[0]) if names else None


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
    summary = f"Enterprise deal signed with {who}" + (f" ({money_text(money)})" if money else "")
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
    if ctx.blocked(trigger):
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
    r"|serving)|(?:grew|doubled|tripled|jumped|rose|climbed|increased|went\s+up)\s+to|milestone|atingimos|passámos|ultrapassámos|superat\w*|raggiunt\w*"
    r"|przekroczy\w*|osiągnę\w*)\b|돌파|넘었|달성",
    _I,
)
_GROWTH_WORD = re.compile(
    r"\b(?:"
    + "|".join(re.escape(w) for w in sorted(lex.GROWTH_NOUNS, key=len, reverse=True))
    + r")\b",
    _I,
)
_GROWTH_RATE = re.compile(
    r"(?:\bup\s+|\+)\d+(?:[.,]\d+)?\s?%|\d+(?:[.,]\d+)?\s?%\s+(?:mom|wow|yoy|month[- ]over[- ]month"
    r"|week[- ]over[- ]week|year[- ]over[- ]year)|\bgrew\b"
    r"|\d+\s?%\s+(?:more|higher|up)\s+(?:than|vs\.?|versus|on|from)\s+(?:last|the\s+previous)\b",
    _I,
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
    if noun == "users" and "monthly active" in window:
        return "mau"
    if noun == "users" and "daily active" in window:
        return "dau"
    return noun


@gated(r"\d")
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
            f"Reached {found.group(1)} {noun}",
            metrics=[Quantity(value, "count", noun, 0, 0, "").metric(noun)],
            confidence=0.6,
        )
    ]


_ORDINAL = re.compile(
    r"\b(\d{2,3}(?:,\d{3})*)(?:st|nd|rd|th)\s+(?:paying\s+|active\s+|enterprise\s+|new\s+)?"
    r"([a-zà-ÿ]+)\b",
    _I,
)


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
    if chosen is None:
        return _ordinal_growth(ctx)
    q, noun = chosen
    if ctx.blocked((q.start, q.end)) or ctx.blocked(rate.span() if rate else (q.start, q.end)):
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
            f"Reached {q.text.lstrip('~')} {noun}",
            metrics=metrics,
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
    "lowlights metrics kpis growth sales marketing engineering ops operations finance"
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
            key = rt.name_key(colon.group(1))
            lead = colon.group(1).lower().split()
            if key and not set(lead) & _LEAD_INS:
                return key
    subject = _CUSTOMER_SUBJECT.search(ctx.text)
    if subject:
        name = rt.capitalised_names(subject.group(1), ctx.self_names)
        if name:
            return rt.name_key(name[0])
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
    summary = f"Customer result: {metric}" + (f" at {who.title()}" if who else "")
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
