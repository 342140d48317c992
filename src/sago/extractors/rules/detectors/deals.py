"""Companies we sell to and work with: customer deals through their whole life (pilot,
signed, expanded; churned, downgraded, lost) as `enterprise_deal`, and partnerships."""

from __future__ import annotations

import re
from typing import ClassVar

from sago.domain.event import EventSeverity, EventType, Polarity
from sago.extractors.rules.detectors.base import Ctx, Detector
from sago.extractors.rules.entities import Entity
from sago.extractors.rules.frames import Candidate, Frame, money_text, title
from sago.extractors.rules.modality import Mood
from sago.extractors.rules.quantities import Quantity, milestone

_NEGATIVE = {"churned": "churn_verb", "downgraded": "downgrade_verb", "lost": "lost_verb"}
_POSITIVE = ("expand_verb", "sign_verb")


def customer_of(
    ctx: Ctx, verb: tuple[int, int], *, exclude: Entity | None = None, subject_first: bool = False
) -> Entity | None:
    """Whom a deal is with: "with X", the subject, the object, a name in the sentence, or
    the outside company that sent the email."""
    start, end = ctx.clause(verb[0])

    chat = ctx.doc.message.is_chat

    def usable(entity: Entity | None) -> Entity | None:
        if entity is None or ctx.is_self(entity):
            return None
        if not chat and entity.text.islower():
            return None  # emails capitalise names; a lower-case word there is just a word
        if exclude is not None and entity.key == exclude.key:
            return None
        return entity

    subject = ctx.subject(verb[0])
    # "X downgraded from Pro to Basic": the one who moved is the subject, not "from X".
    if subject_first and subject.kind == "other" and usable(subject.entity):
        return subject.entity
    entity = usable(with_entity(ctx, start, end))
    if entity is not None:
        return entity
    if subject.kind == "other" and usable(subject.entity):
        return subject.entity
    entity = usable(ctx.entity_after(verb[1]))
    # In object position only a capitalised name counts ("countersigned copy is in…").
    if entity is not None and any(w[:1].isupper() for w in entity.text.split()):
        return entity
    for named in ctx.entities:
        if start <= named.start < end and usable(named):
            return named
    return _sender_org(ctx)


def with_entity(ctx: Ctx, start: int, end: int) -> Entity | None:
    """The company after "with" (in any language), or before a Korean "와/과"."""
    for found in ctx.tools.prep("with_prep").finditer(ctx.low, start, end):
        entity = ctx.entity_after(found.end())
        if entity is not None and not ctx.is_self(entity):
            return entity
    particles = ctx.pattern("with_particle").pattern
    for found in re.finditer(rf"([^\W\d_][\w&-]*?)(?:{particles})(?=\s)", ctx.low[start:end]):
        text = ctx.text[start + found.start(1) : start + found.end(1)]
        key = ctx.names.key(text)
        if key and key not in ctx.names.common:
            return Entity(text, start + found.start(1), start + found.end(1), key)
    return None


def _sender_org(ctx: Ctx) -> Entity | None:
    """The organisation an outside sender writes for, as its signature spells it."""
    sender = ctx.doc.message.sender
    if "@" not in sender:
        return None
    label = sender.rsplit("@", 1)[1].split(".", maxsplit=1)[0].lower()
    free = ctx.lexicon.words("names", "free_mail")
    if label in free or len(label) < 3 or any(label.startswith(o) for o in ctx.doc.self_names):
        return None
    lines = [line for line in ctx.text.splitlines() if line.strip()][-4:]
    tail_start = ctx.text.rfind(lines[0]) if lines else len(ctx.text)
    for entity in reversed(ctx.names.capitalised(ctx.text, tail_start, len(ctx.text))):
        squashed = re.sub(r"[^a-z0-9]", "", entity.text.lower())
        if len(squashed) >= 3 and (squashed.startswith(label) or label.startswith(squashed[:5])):
            return entity
    return None


def _deal_evidence(ctx: Ctx, start: int, end: int) -> bool:
    if ctx.has("deal_noun", start, end) or ctx.money(1000, start, end) is not None:
        return True
    return any(q.kind == "count" and start <= q.start < end for q in ctx.quantities)


class DealDetector(Detector):
    name = "deals"
    event_types = (EventType.ENTERPRISE_DEAL,)
    triggers: ClassVar[tuple[str, ...]] = (
        "deal_superlative",
        "sign_verb",
        "pilot_noun",
        "expand_verb",
        "churn_verb",
        "downgrade_verb",
        "lost_verb",
    )

    def detect(self, ctx: Ctx) -> list[Candidate]:
        if ctx.has("partner_noun") or ctx.has("term_sheet"):
            return []
        if ctx.has("grant_noun") or ctx.has("debt_noun") or ctx.has("bad_round"):
            return []  # money coming in is funding, not a customer
        if ctx.has("grant_given") and not ctx.has("deal_noun"):
            return []  # "NCBR awarded us PLN 2M": a grant ("awarded us the contract" is a deal)
        if ctx.has("layoff_cue"):
            return []  # "fünf Kollegen … gekündigt": staff let go, not a customer leaving
        found = self._negative(ctx) or (None if ctx.has("not_deal") else self._positive(ctx))
        if found is None:
            return []
        stage, span, customer = found
        negative = stage in _NEGATIVE
        clause = ctx.clause(span[0])
        amount = ctx.money(1000, clause[0], clause[1]) or ctx.money(1000)
        counts = [q for q in ctx.quantities if q.kind == "count" and q.value >= 2]
        identity = customer.key if customer else _fallback_key(amount, counts)
        if identity is None:
            return []
        key = identity if stage == "signed" else f"{identity}:{stage}"
        head = _deal_title(stage, customer, amount)
        high = negative or (amount is not None and amount.value >= 100_000)
        # The name's identifying word, as the id: "Pinecrest Dental Group" and "Pinecrest"
        # are one customer across messages.
        occurrence = customer.key if customer else identity
        return [
            Candidate(
                detector=self.name,
                trigger=ctx.low[span[0] : span[1]],
                event_type=EventType.ENTERPRISE_DEAL,
                frame=Frame(action=stage, counterparty=customer, amount=amount),
                title=head,
                key=f"customer:{key}",
                quote=ctx.quote(),
                polarity=Polarity.NEGATIVE if negative else Polarity.POSITIVE,
                stage=stage,
                occurrence=f"customer:{occurrence}",
                metrics=ctx.metrics(default_money="contract_value"),
                stakeholders=[customer.display] if customer else [],
                severity=EventSeverity.HIGH if high else EventSeverity.MEDIUM,
                confidence=0.65,
                named=customer is not None,
            )
        ]

    def _negative(self, ctx: Ctx) -> tuple[str, tuple[int, int], Entity | None] | None:
        for stage, concept in _NEGATIVE.items():
            for match in ctx.find(concept):
                span = match.span()
                subject = ctx.subject(span[0])
                if stage != "lost" and subject.kind == "self":
                    continue  # "we cancelled the venue": our own cancellation is no churn
                if not ctx.fact(span, frozenset({Mood.PLAN})):
                    continue
                if ctx.has("not_churn", span[0], min(ctx.sentence.end, span[1] + 24)):
                    continue  # "SLAs and termination clauses": a contract's terms
                clause = ctx.clause(span[0])
                if stage == "lost":
                    found = self._lost(ctx, match)
                    if found is not None:
                        return found
                    continue
                customer = customer_of(ctx, span, subject_first=True)
                near = customer is not None and (
                    subject.entity is not None
                    or abs(customer.end - span[0]) <= 40
                    or abs(customer.start - span[1]) <= 40
                )
                if re.search(
                    r"(?:\d|\b(?:two|three|four|five|several|few|some))\s+$",
                    ctx.low[max(0, span[0] - 12) : span[0]],
                ):
                    continue  # "two downgrades": a count, not a customer's move
                if not near:
                    # "two downgrades" in a revenue line: nobody named did it.
                    if (
                        match.group().endswith("s")
                        and match.group() not in {"cancels", "downgrades"}
                    ) or not ctx.has("deal_noun", *clause):
                        continue
                    customer = None
                return stage, span, customer
        return None

    @staticmethod
    def _lost(ctx: Ctx, match: re.Match[str]) -> tuple[str, tuple[int, int], Entity | None] | None:
        """ "we lost X (to Y)", "X went with Y", "they signed with Y", "não fechamos com X,
        escolheram outro fornecedor": a prospect or a customer chose somebody else."""
        span = match.span()
        start, end = ctx.clause(span[0])
        lose = ctx.first("lose_verb", span[0], span[1])
        if lose is not None:
            # "verloren aan Ridder": the phrase runs on into a preposition, so the name
            # after it is the rival; the customer stands before the verb.
            lost = ctx.entity_after(span[1]) if lose.end() >= span[1] else None
            if lost is None and lose.end() < span[1]:
                lost = ctx.entity_before(span[0], 6)
            if lost is None and not _deal_evidence(ctx, start, end):
                return None
            if ctx.subject(span[0]).kind == "other":
                return None
            return "lost", span, lost or customer_of(ctx, span)
        if ctx.first("fell_through", span[0], span[1]) is not None:
            return "lost", span, customer_of(ctx, span) if _deal_evidence(ctx, start, end) else None
        rival = ctx.entity_after(span[1])
        if rival is not None and (rival.text.islower() or ctx.is_self(rival)):
            rival = None  # "outro fornecedor", "us": no rival's name
        generic_rival = ctx.first("rival_noun", span[1], min(end, span[1] + 30)) is not None
        if rival is None and not generic_rival:
            return None
        who = ctx.subject(span[0])
        if who.kind == "self":
            return None  # "we went with AWS": our own choice
        customer = who.entity
        if customer is None:
            # "we did not close X, they signed with Y": X is the one who went elsewhere.
            other = rival.key if rival else ""
            customer = next((e for e in ctx.entities if e.key != other), None)
            opening = ctx.low[ctx.sentence.start : start]
            for close in ctx.find("close_verb", ctx.sentence.start, start):
                after = ctx.tools.prep("with_prep").match(ctx.low, close.end() + 1)
                named = ctx.entity_after(after.end() if after else close.end())
                if named is not None and named.key != other:
                    customer = named
            if customer is None and who.kind == "none" and not opening.strip():
                return None  # "went with a competitor" alone: for whom?
        return "lost", span, customer

    def _positive(self, ctx: Ctx) -> tuple[str, tuple[int, int], Entity | None] | None:
        for pilot in ctx.find("pilot_noun"):
            start, _ = ctx.clause(pilot.start())
            verb = ctx.first("pilot_start", max(start, pilot.start() - 40), pilot.start())
            if verb is None or not ctx.fact((verb.start(), pilot.end())):
                continue
            return "pilot", (verb.start(), pilot.end()), customer_of(ctx, verb.span())
        weak = ctx.lexicon.words("concepts", "weak_sign", ctx.doc.languages)
        for concept in _POSITIVE:
            for match in ctx.find(concept):
                span = match.span()
                clause = ctx.clause(span[0])
                evidence = _deal_evidence(ctx, *clause)
                adjacent = (
                    ctx.subject(span[0]).entity
                    or with_entity(ctx, *clause)
                    or ctx.entity_after(span[1])
                )
                if not evidence and (adjacent is None or ctx.is_self(adjacent)):
                    continue  # "closed the ticket": neither a deal word nor a company
                if match.group() in weak and not (ctx.has("deal_noun") or ctx.money(1000)):
                    continue  # "reservations booked through us": no contract in sight
                if (
                    ctx.tools.prep("with_prep", articles=False).match(ctx.low, span[1] + 1)
                    and ctx.subject(span[0]).kind == "other"
                ):
                    continue  # "they signed with Y": the lost-deal reading handles it
                if not ctx.fact(span):
                    continue
                stage = "expanded" if concept == "expand_verb" else "signed"
                if stage == "signed" and ctx.has("pilot_noun", *clause):
                    stage = "pilot"
                customer = customer_of(ctx, span)
                if customer is None and not _deal_evidence(ctx, *clause):
                    continue
                if concept == "sign_verb" and customer is None and ctx.money(1000) is None:
                    continue  # "Signed! 🎉": nothing says what or with whom
                return stage, span, customer
        # "the Kestrel contract is the biggest we've ever done": told by its size alone.
        for big in ctx.find("deal_superlative"):
            noun = ctx.first("deal_noun", max(ctx.sentence.start, big.start() - 40), big.end() + 20)
            if noun is None or not ctx.fact(big.span()):
                continue
            customer = ctx.entity_before(noun.start(), 3) or customer_of(ctx, big.span())
            if customer is not None and not ctx.is_self(customer):
                return "signed", big.span(), customer
        return None


def _fallback_key(amount: Quantity | None, counts: list[Quantity]) -> str | None:
    if amount is not None:
        return f"{amount.unit or ''}{milestone(amount.value):.0f}".lower()
    if counts:
        return f"{counts[0].value:.0f}-{counts[0].noun}"
    return None


def _deal_title(stage: str, customer: Entity | None, amount: Quantity | None) -> str:
    who = customer.display if customer else None
    size = f"({money_text(amount)})" if amount else None
    heads = {
        "signed": title("Signed", who or "an enterprise customer", size),
        "pilot": title("Pilot with", who or "a customer", size),
        "expanded": title(who or "A customer", "expanded", size),
        "churned": title(who or "A customer", "churned", size),
        "downgraded": title(who or "A customer", "downgraded", size),
        "lost": title("Lost", who or "a deal", size),
    }
    return heads[stage]


class PartnershipDetector(Detector):
    name = "partners"
    event_types = (EventType.PARTNERSHIP,)
    triggers: ClassVar[tuple[str, ...]] = ("partner_noun", "partner_with")

    def detect(self, ctx: Ctx) -> list[Candidate]:
        span = self._trigger(ctx)
        if span is None or not ctx.fact(span):
            return []
        if ctx.subject(span[0]).kind == "other" and ctx._others(ctx.sentence.start, span[0]):
            return []
        partner = self._partner(ctx, span)
        occurrence = partner.key if partner else None
        return [
            Candidate(
                detector=self.name,
                trigger=ctx.low[span[0] : span[1]],
                event_type=EventType.PARTNERSHIP,
                frame=Frame(action="partnered", counterparty=partner),
                title=title("Partnership with", partner.display)
                if partner
                else "Partnership signed",
                key=f"partner:{partner.key if partner else 'unnamed'}",
                quote=ctx.quote(),
                stage="signed",
                occurrence=f"partner:{occurrence}" if occurrence else None,
                metrics=ctx.metrics(),
                stakeholders=[partner.display] if partner else [],
                confidence=0.65,
                named=partner is not None,
            )
        ]

    @staticmethod
    def _trigger(ctx: Ctx) -> tuple[int, int] | None:
        if ctx.has("not_partnership"):
            return None
        for noun in ctx.find("partner_noun"):
            # The verb may open the sentence on its own: "Firmato! 🇮🇹 Accordo di …".
            verb = ctx.first("partner_verb") or ctx.first("sign_verb")
            if verb is not None:
                return min(noun.start(), verb.start()), max(noun.end(), verb.end())
        verb = ctx.first("partner_with")
        return verb.span() if verb is not None else None

    @staticmethod
    def _partner(ctx: Ctx, span: tuple[int, int]) -> Entity | None:
        start, end = ctx.clause(span[0])
        if "ko" in ctx.doc.languages:
            particle = with_entity(ctx, ctx.sentence.start, ctx.sentence.end)
            if particle is not None:
                return particle  # "한빛바이오와 … 계약": the name before "와"
        kinds = ctx.lexicon.words("names", "partnership_kinds")
        noun = ctx.first("partner_noun", start, end)
        if noun is not None:
            # "the dentiva partnership", "our Adyen partnership": the name right before.
            before = ctx.entity_before(noun.start(), 3)
            if (
                before is not None
                and not ctx.is_self(before)
                and not all(w.lower() in kinds for w in re.findall(r"[\w-]+", before.text))
            ):
                return before
        entity = with_entity(ctx, start, end) or with_entity(
            ctx, ctx.sentence.start, ctx.sentence.end
        )
        if entity is not None:
            return entity
        subject = ctx.subject(span[0])
        if subject.entity is not None and not ctx.is_self(subject.entity):
            return subject.entity
        inside = [e for e in ctx.entities if start <= e.start < end]
        return next(iter(inside), None) or next(iter(ctx.entities), None) or _sender_org(ctx)
