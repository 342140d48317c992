"""Detectors for money coming in: funding rounds and grants, and investor interest."""

from __future__ import annotations

import re

from sago.domain.event import EventSeverity, EventType
from sago.extractors import rules_lexicon as lex
from sago.extractors import rules_names as rn
from sago.extractors.rules_base import (
    Candidate,
    Context,
    Facets,
    first_money,
    gated,
    metric_name,
    money_key,
    money_text,
)

_I = re.IGNORECASE

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
    amount_text = f" ({money_text(money)})" if money else ""
    if grant:
        summary = f"Awarded a grant{amount_text}"
    elif round_name:
        summary = f"Closed {round_name.title()} round{amount_text}"
    else:
        summary = f"Raised {money_text(money)}" if money else "Closed a funding round"
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
    if named and rn.name_key(named.group(1)) not in ctx.self_names:
        return rn.name_key(named.group(1))
    org = ctx.sender_org()
    if org is not None:
        return org[0]
    for after in re.finditer(r"\b(?:from|with|by)\s+", ctx.text):
        name = rn.words_after(ctx.text, after.end(), 2)
        if name and not lex.ROUND.search(name) and rn.name_key(name):
            return rn.name_key(name)
    before = rn.words_before(ctx.text, anchor, 2)
    key = rn.name_key(before) if before else ""
    if key:
        return key
    # "atomico sent over a term sheet": the sentence opens with the investor.
    subject = _SUBJECT_VERB.match(ctx.text)
    if subject:
        key = rn.name_key(subject.group(1))
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
    who = f" from {rn.display(investor)}" if investor else ""
    label = f"Term sheet{who}" if kind == "term sheet" else f"Inbound investor interest{who}"
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
