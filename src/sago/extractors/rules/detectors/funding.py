"""Money coming in: funding rounds, grants and debt (funding), and term sheets and
interest from investors (investor_interest). A bridge or a down round is bad news."""

from __future__ import annotations

import re
from typing import ClassVar

from sago.domain.event import EventSeverity, EventType, Polarity
from sago.extractors.rules.detectors.base import Ctx, Detector, word_span
from sago.extractors.rules.entities import Entity
from sago.extractors.rules.frames import Candidate, Frame, money_text, title
from sago.extractors.rules.quantities import Quantity, milestone

_WINDOW = 70


def round_name(ctx: Ctx, start: int, end: int) -> str | None:
    """The canonical round named in low[start:end]: "series a", "seed", "bridge", …"""
    series = ctx.pattern("series_word").pattern
    letter = re.compile(rf"(?:{series})\s?-?([a-h])(?:\d|\+)?(?![a-z])")
    found = letter.search(ctx.low, start, end)
    if found:
        return f"series {found.group(1)}"
    names = ctx.lexicon.table("round_names")
    best: tuple[int, str] | None = None
    for phrase, canonical in names.items():
        index = ctx.low.find(phrase, start, end)
        whole = index >= 0 and re.match(r"\W|$", ctx.low[index + len(phrase) :][:1]) is not None
        if whole and (best is None or index < best[0] or (index == best[0] and len(phrase) > 4)):
            best = (index, str(canonical))
    return best[1] if best else None


def lead_investor(ctx: Ctx, start: int) -> Entity | None:
    """ "led by Northbeam Ventures", "from Kreditwerk Bank", "with Generate Capital"."""
    for found in ctx.tools.prep("lead_prep").finditer(ctx.low, start, ctx.sentence.end):
        entity = ctx.entity_after(found.end())
        if entity is not None and not ctx.is_self(entity):
            return entity
    return None


class FundingDetector(Detector):
    name = "funding"
    event_types = (EventType.FUNDING,)
    triggers: ClassVar[tuple[str, ...]] = (
        "round_noun",
        "grant_noun",
        "debt_noun",
        "raise_verb",
        "grant_given",
    )

    def detect(self, ctx: Ctx) -> list[Candidate]:
        trigger = self._trigger(ctx)
        if trigger is None:
            return []
        span, verb = trigger
        clause = ctx.clause(span[0])
        if ctx.has("term_sheet", *clause):
            return []  # a term sheet is interest until the money closes
        amount = self._amount(ctx, span)
        round_ = round_name(ctx, clause[0], clause[1]) or round_name(ctx, *ctx.quote())
        if round_ is None and ctx.first("grant_given", *span) is not None:
            round_ = "grant"  # "Vinnova har beviljat oss 4,2 miljoner kronor"
        # A grant or a loan is given *to* us: "NCBR awarded us a grant" is ours.
        granted = round_ in {"grant", "debt", "venture debt"} and ctx.ours(*clause)
        if not (granted or ctx.self_actor(span[0])) or not ctx.fact(word_span(ctx, span)):
            return []  # somebody else raised; a grant or a loan is given *to* us
        negative = ctx.has("bad_round") or round_ in {"bridge"}
        investor = lead_investor(ctx, span[0])
        if investor is None and round_ in {"grant", "debt", "venture debt"}:
            subject = ctx.subject(span[0])  # "NCBR przyznało nam grant"
            investor = subject.entity if subject.kind == "other" else None
        if round_ is None and amount is None:
            return []
        kind = (
            "grant"
            if round_ == "grant"
            else "debt"
            if round_ in {"debt", "venture debt"}
            else "round"
        )
        key_name = round_ or f"{milestone(amount.value):.0f}" if amount else round_ or ""
        if kind != "round" and investor is not None:
            key_name = f"{kind} {investor.key}"
        stage = "signed" if verb in {"signed", "agreed"} else "closed"
        frame = Frame(action=verb, object=round_, amount=amount, counterparty=investor)
        return [
            Candidate(
                detector=self.name,
                trigger=ctx.low[span[0] : span[1]],
                event_type=EventType.FUNDING,
                frame=frame,
                title=_funding_title(round_, kind, amount, investor, negative),
                key=f"round:{key_name}",
                quote=ctx.quote(),
                polarity=Polarity.NEGATIVE if negative else Polarity.POSITIVE,
                stage=stage,
                occurrence=f"round:{round_ or key_name}",
                metrics=ctx.metrics(default_money="amount"),
                stakeholders=[investor.display] if investor else [],
                severity=EventSeverity.HIGH
                if amount is None or amount.value >= 1e6
                else EventSeverity.MEDIUM,
                confidence=0.75,
            )
        ]

    def _trigger(self, ctx: Ctx) -> tuple[tuple[int, int], str] | None:
        for verb in ctx.find("fund_verb"):
            end = min(ctx.clause(verb.start())[1], verb.end() + _WINDOW)
            obj = ctx.first("round_noun", verb.end(), end)
            money = ctx.money(50_000, verb.end(), end)
            raised = ctx.first("raise_verb", verb.start(), verb.end()) is not None
            if obj is not None or (money is not None and raised):
                stop = max(obj.end() if obj else 0, money.end if money else 0)
                return (verb.start(), stop), verb.group()
            # "the Series B is signed: $14M", "seed round officially closed at $4M"
            before = ctx.first(
                "round_noun", max(ctx.clause(verb.start())[0], verb.start() - 45), verb.start()
            )
            if before is not None and ctx.first("round_done", verb.start(), verb.end()):
                return (before.start(), verb.end()), verb.group()
        for done in ctx.find("round_done"):
            before = ctx.first(
                "round_noun", max(ctx.sentence.start, done.start() - 45), done.start()
            )
            if before is not None:
                return (before.start(), done.end()), done.group()
        for to_us in ctx.find("grant_given"):
            end = min(ctx.clause(to_us.start())[1], to_us.end() + _WINDOW)
            money = ctx.money(10_000, to_us.end(), end)
            if money is not None and not ctx.has("deal_noun", to_us.end(), end):
                return (to_us.start(), money.end), to_us.group()
        for grant in ctx.find("grant_noun"):
            lo = max(ctx.sentence.start, grant.start() - 60)
            given = ctx.first("grant_verb", lo, min(ctx.sentence.end, grant.end() + 40))
            if given is not None:
                span = (min(given.start(), grant.start()), max(given.end(), grant.end()))
                return span, given.group()
        return None

    @staticmethod
    def _amount(ctx: Ctx, span: tuple[int, int]) -> Quantity | None:
        after = ctx.money(10_000, span[0])
        return after if after is not None else ctx.money(10_000)


def _funding_title(
    round_: str | None, kind: str, amount: Quantity | None, investor: Entity | None, bad: bool
) -> str:
    size = money_text(amount) if amount else None
    led = f"led by {investor.display}" if investor and kind == "round" else None
    if kind == "grant":
        return title(
            "Awarded",
            f"a {size}" if size else "a",
            "grant",
            f"from {investor.display}" if investor else None,
        )
    if kind == "debt":
        return title(
            f"{size} debt facility" if size else "Debt facility",
            "signed",
            f"with {investor.display}" if investor else None,
        )
    name = round_.title().replace("Series", "Series") if round_ else "funding round"
    if bad and round_ == "bridge":
        return title("Closed a", size, "bridge round", led)
    head = title("Closed", f"{size}" if size else None, name, led)
    return f"{head} (down round)" if bad and round_ != "bridge" else head


class InvestorDetector(Detector):
    name = "investors"
    event_types = (EventType.INVESTOR_INTEREST,)
    triggers: ClassVar[tuple[str, ...]] = ("term_sheet", "interest_cue", "contact_cue")

    def detect(self, ctx: Ctx) -> list[Candidate]:
        found = self._trigger(ctx)
        if found is None:
            return []
        kind, span = found
        if kind == "contact" and not (ctx.has("investor_noun") or ctx.has("round_noun")):
            return []  # "a customer reached out": contact, but not an investor's
        kind = "interest" if kind == "contact" else kind
        if not ctx.fact(span):
            return []
        investor = self._investor(ctx, span)
        if investor is not None and ctx.is_self(investor):
            investor = None
        clause = ctx.clause(span[0])
        round_ = round_name(ctx, *ctx.quote())
        amount = ctx.money(50_000, clause[0], clause[1]) or ctx.money(50_000)
        who = investor.key if investor else None
        key = f"{kind}:{who or round_ or (f'{milestone(amount.value):.0f}' if amount else 'any')}"
        label = "Term sheet" if kind == "term sheet" else "Investor interest"
        detail = ", ".join(
            x for x in (round_ and round_.title(), amount and money_text(amount)) if x
        )
        head = title(label, f"from {investor.display}" if investor else None)
        return [
            Candidate(
                detector=self.name,
                trigger=ctx.low[span[0] : span[1]],
                event_type=EventType.INVESTOR_INTEREST,
                frame=Frame(action=kind, object=round_, amount=amount, actor=investor),
                title=f"{head} ({detail})" if detail else head,
                key=key,
                quote=ctx.quote(),
                stage=("signed" if self._signed(ctx, span) else "term_sheet")
                if kind == "term sheet"
                else None,
                occurrence=f"round:{round_}" if kind == "term sheet" and round_ else None,
                metrics=ctx.metrics(default_money="amount"),
                stakeholders=[investor.display] if investor else [],
                severity=EventSeverity.HIGH if kind == "term sheet" else EventSeverity.MEDIUM,
                confidence=0.65,
                named=investor is not None,
            )
        ]

    @staticmethod
    def _signed(ctx: Ctx, span: tuple[int, int]) -> bool:
        """ "We countersigned the term sheet": the term sheet's signed stage."""
        return ctx.first("ts_signed", *ctx.clause(span[0])) is not None

    @staticmethod
    def _trigger(ctx: Ctx) -> tuple[str, tuple[int, int]] | None:
        for sheet in ctx.find("term_sheet"):
            clause = ctx.clause(sheet.start())
            cue = ctx.first("ts_received", *clause)
            if cue is not None:
                return "term sheet", (min(sheet.start(), cue.start()), max(sheet.end(), cue.end()))
        cues = [("interest", m) for m in ctx.find("interest_cue")]
        cues += [("contact", m) for m in ctx.find("contact_cue")]
        if not cues:
            return None
        # The earliest cue leads: "X reached out unprompted" is X's contact.
        kind, match = min(cues, key=lambda c: c[1].start())
        strong = any(k == "interest" for k, _ in cues)
        return ("interest" if strong else kind), match.span()

    @staticmethod
    def _investor(ctx: Ctx, span: tuple[int, int]) -> Entity | None:
        # A firm name ("… Ventures") is specific enough to trust anywhere in an email.
        stretches = [(ctx.sentence.start, ctx.sentence.end)]
        if not ctx.doc.message.is_chat:
            stretches.append((0, len(ctx.text)))
        for start, end in stretches:
            for entity in ctx.names.capitalised(ctx.text, start, end):
                if entity.text.lower().split()[-1] in ctx.names.investor_suffixes:
                    return entity
        investor = lead_investor(ctx, ctx.sentence.start)
        if investor is not None:
            return investor
        subject = ctx.subject(span[0])
        if subject.kind == "other" and subject.entity is not None:
            return subject.entity
        return next(iter(ctx.entities), None)
