"""Detectors for what the company builds and where it goes: launches, hires, new markets."""

from __future__ import annotations

import re

from sago.domain.event import EventSeverity, EventType
from sago.extractors import rules_lexicon as lex
from sago.extractors import rules_names as rn
from sago.extractors import rules_places as places
from sago.extractors.rules_base import Candidate, Context, Facets, gated

_I = re.IGNORECASE

# --- product launch ---------------------------------------------------------------------
_LAUNCH_OBJECT = re.compile(
    r"\b(?:launched|released|shipped|rolled\s+out|unveiled|debuted|introduced|introducing"
    r"|announcing|lançamos|lançámos|lanciato|abbiamo\s+lanciato|uruchomiliśmy|wypuściliśmy)\s+",
    _I,
)
# Korean puts the verb last: "AI 차트 기능 정식 출시했어요" (we launched the AI chart feature).
_KOREAN_LAUNCH = re.compile(
    r"([\w가-힣][\w가-힣 ]{1,30}?)\s*(?:을|를)?\s*(?:정식\s*)?(?:출시|런칭)(?:했|합니다|완료|됐)"
)
_LAUNCH_SUBJECT = re.compile(
    r"\s+(?:(?:is|are|has|have|just|now|officially|finally|went|goes|became|been)\s+)*"
    r"(?:live|ga|generally\s+available|available\s+(?:to|for)\s+(?:all|every)|out\s+now"
    r"|out\s+of\s+beta|(?:shipped|released|launched|rolled\s+out|deployed)\s+to\s+(?:all|every|100)"
    r"|in\s+general\s+availability|já\s+está\s+disponível|è\s+disponibile|jest\s+dostępn\w)\b"
    r"|(?-i:\s+GA\b)",
    _I,
)
_SMALL_THINGS = re.compile(
    r"\b(?:hotfix|fix|patch|bugfix|pr|pull\s+request|help\s+center|articles?|blog|docs|page"
    r"|website|dashboards?|build|deploy|migration|release\s+notes|newsletter|posts?|webinar"
    r"|survey|status|beta|alpha|pilot|staging|internal|piece|story|interview|podcast|report"
    r"|update|version|attempt|call|demo)\b",
    _I,
)
_GENERIC_PRODUCT = lex.GENERIC_NAME_TOKENS | lex.wordset(
    "ai app pro plus mobile connect teams for lite max premium enterprise cloud suite hub 기능 "
    "서비스 앱"
)


def _product_key(name: str) -> str:
    tokens = [t for t in re.split(r"[^\w]+", name.lower()) if t]
    useful = [t for t in tokens if t not in _GENERIC_PRODUCT and not re.fullmatch(r"v?\d+", t)]
    # The last distinctive word: "Lumen Recall" and "recall" agree, "Chart AI" → "chart".
    if useful:
        return useful[-1]
    plain = [t for t in tokens if t not in lex.GENERIC_NAME_TOKENS or t in {"app", "ai"}]
    return " ".join(plain)


def _place_after(text: str, pos: int) -> str | None:
    window = text[pos : pos + 40]
    prep = re.match(
        r"\s*(?:(?:in|into|to|across|em|en|no|na|a|ao|à|al|w|we|do|na\s+rynek)\s+(?:the\s+)?"
        r"|(?:our|an?|the|its)\s+(?:new\s+|first\s+)?(?=\S+(?:\s+\S+)?\s+(?:office|hub|entity|branch"
        r"|subsidiary|team|market)\b))",
        window,
        _I,
    )
    if prep is None:
        return None
    rest = window[prep.end() :]
    several = re.match(r"\d+\s+(?:new\s+)?(?:countries|markets|regions)\s*[:(—-]?\s*", rest, _I)
    if several:
        # "live in 3 new countries: Spain, Italy and France" → the first one named.
        return place_in(text[pos + prep.end() + several.end() : pos + 120], anchored=True)
    return place_in(rest, anchored=True)


def place_in(text: str, *, anchored: bool = False) -> str | None:
    """The canonical place first named in `text` (at its start when `anchored`)."""
    adjective = places.MARKET_ADJECTIVE_RE
    market = adjective.match(text) if anchored else adjective.search(text)
    if market is not None:
        return places.MARKET_ADJECTIVES[market.group(1).lower()]
    for pattern in (places.PLACE_RE, places.PLACE_CASED_RE):
        match = pattern.match(text) if anchored else pattern.search(text)
        if match is not None:
            return places.PLACE_OF.get(match.group(1).lower())
    return None


@gated(
    r"launch|releas|shipped|rolled|unveil|debut|introduc|announc|lança|lanci|uruchom|wypuści|live|\bga\b|available|out\s+now|disponi|dostępn|beta|deployed|출시|런칭"
)
def product_launch(ctx: Context) -> list[Candidate]:
    text = ctx.text
    if any(_place_after(text, found.end()) for found in _EXPAND.finditer(text)):
        return []  # "launched in Portugal" is a new market, not a product
    if re.search(r"\bpartner(?:ship)?s?\b|\bparceria\b|\baccordo\b", text, _I):
        return []
    name, trigger = "", None
    for found in _LAUNCH_OBJECT.finditer(text):
        if _place_after(text, found.end() - 1) or ctx.third_party(found.start()):
            continue
        name = rn.words_after(text, found.end(), 4)
        trigger = found.span()
        break
    if trigger is None:
        for found in _LAUNCH_SUBJECT.finditer(text):
            head = re.sub(r",[^,]*,\s*$|\([^)]*\)\s*$", "", text[: found.start()])
            head = head.split(":")[-1]
            name = rn.words_before(head, len(head), 4)
            if name and not place_in(name):
                trigger = (max(0, found.start() - len(name) - 1), found.end())
                break
    if trigger is None:
        korean = _KOREAN_LAUNCH.search(text)
        if korean is not None and not place_in(korean.group(1)):
            name, trigger = (
                re.sub(r"^(?:오늘|드디어|새|신규)\s*", "", korean.group(1)).strip(),
                korean.span(),
            )
    if trigger is None or not name or _SMALL_THINGS.search(name) or name[0].isdigit():
        return []
    if ctx.blocked(trigger):
        return []
    key = _product_key(name)
    if not key or place_in(name):
        return []
    facets = Facets({"product": key})
    everyone = bool(re.search(r"\b(?:all|every)\b", text, _I))
    return [
        ctx.candidate(
            EventType.PRODUCT_LAUNCH,
            facets,
            ("product",),
            f"Launched {rn.display(name)}",
            stakeholders=[name],
            confidence=0.6,
            severity=EventSeverity.HIGH if everyone else EventSeverity.MEDIUM,
        )
    ]


# --- hiring -----------------------------------------------------------------------------
_HIRE = re.compile(
    r"\b(?:joining|joins|joined|join\s+us|hired|welcom(?:e|ed|ing)|onboarded|signed\s+(?:her|his"
    r"|their|the|an?|my)\s+offer|accepted\s+(?:the|our|her|his|their|an?|my)\s+offer"
    r"|offer\s+letter|offer\s+accepted|new\s+hire|appointed|named|promoted|say\s+(?:hello|hi)\s+to"
    r"|accept(?:ed|ing)?\s+(?:the|your|our|this)\s+(?:[\w-]+\s+){0,5}(?:offer|position|role|job)"
    r"|(?:please\s+)?meet\s+our\s+new|starts?\b[^!?\n]{0,20}\bas|started\s+as"
    r"|coming\s+on(?:\s+board)?\s+as|brought\s+on|entra(?:rá)?\s+(?:como|come)|si\s+unisce"
    r"|dołącza|dołączył\w*|bem-vind[oa]|benvenut[oa]|witamy|bienvenid[oa]|willkommen|bienvenue"
    r"|contratamos|contratámos|assunt[oa]|abbiamo\s+assunto|zatrudniliśmy|hemos\s+contratado"
    r"|eingestellt)\b"
    r"|합류|입사",
    _I,
)
_NOT_HIRE = re.compile(
    r"\b(?:board|advisory|we'?re\s+hiring|hiring\s+for|looking\s+for|job|posting|interview\w*"
    r"|candidates?|recruit\w*|open\s+roles?|webinar|call|meeting|channel)\b",
    _I,
)
_HEADCOUNT = re.compile(
    r"\b(?:headcount|team\s+size)\b[^!?\n\d]{0,20}(\d+)|\bwe(?:'re|\s+are)\s+now\s+(\d+)\s+"
    r"(?:people|employees|ftes?|strong)\b",
    _I,
)


def _role_key(role: str) -> str:
    lowered = " ".join(role.lower().split())
    for long, short in lex.ROLE_ABBREVIATIONS.items():
        lowered = lowered.replace(long, short)
    lowered = re.sub(r"\b(?:of|for|the|our|a|an|new|first|founding)\b", " ", lowered)
    return " ".join(lowered.split())


@gated(
    r"join|hired|welcom|onboard|offer|hire|appoint|named|promot|start|coming\s+on|brought\s+on|entra|unisce|dołącz|vind[oa]|benvenut|witamy|bienvenid|willkommen|bienvenue|합류|입사|headcount|team\s+size|now\s+\d|hello|meet\s+our|contrat|assunt|zatrudn|eingestellt|accept"
)
def hiring(ctx: Context) -> list[Candidate]:
    text = ctx.text
    headcount = _HEADCOUNT.search(text)
    if headcount and not ctx.blocked(headcount):
        size = headcount.group(1) or headcount.group(2)
        return [
            ctx.candidate(
                EventType.HIRING,
                Facets({"role": f"headcount {size}"}),
                ("role",),
                f"Team grew to {size} people",
                confidence=0.55,
            )
        ]
    trigger = _HIRE.search(text)
    if trigger is None or _NOT_HIRE.search(text) or ctx.competitor_before(trigger.start()):
        return []
    role = lex.ROLE.search(text)
    if role is None or ctx.blocked(trigger) or ctx.blocked(role):
        return []
    owner = re.search(r"([\w&-]+)'s\s+(?:new\s+|first\s+)?$", text[: role.start()])
    if owner and rn.name_key(owner.group(1)) not in ctx.self_names:
        return []  # "Zeta's new CEO joined from Google": their hire, not ours
    names = rn.capitalised_names(text[: role.start()], ctx.self_names)
    person = next((n for n in names if len(n.split()) >= 2 and not lex.ROLE.fullmatch(n)), None)
    if person is None:
        lead = re.match(r"\s*([a-z]+\s+[a-z]+)\s+(?:signed|is\s+joining|joins|accepted)", text)
        person = lead.group(1).title() if lead else None
    facets = Facets({"role": _role_key(role.group())})
    facets.add("person", rn.name_key(person) if person else None)
    who = f"{person} as {role.group()}" if person else f"a {role.group()}"
    return [
        ctx.candidate(
            EventType.HIRING,
            facets,
            ("role", "person"),
            f"Hired {who}",
            stakeholders=[person] if person else [],
            confidence=0.65,
            severity=EventSeverity.HIGH
            if re.match(r"c\wo\b|chief", facets.values["role"])
            else EventSeverity.MEDIUM,
        )
    ]


# --- market expansion -------------------------------------------------------------------
_EXPAND = re.compile(
    r"\b(?:launched|launching|live|went\s+live|expanded|expanding|entered|opened|opens"
    r"|now\s+available|now\s+operating|started\s+operating|open\s+for\s+business"
    r"|(?:started|began|kicked\s+off)\s+operations|first\s+(?:\d+\s+)?(?:customers?|clinics?"
    r"|clients?|users?|stores?|merchants?|deals?)|no\s+ar|lançamos|lançámos|chegamos|chegámos|estreamos|siamo\s+live"
    r"|lanciat[oi]|sbarchiamo|arrivati|startujemy|wystartowaliśmy|wchodzimy|weszliśmy"
    r"|uruchomiliśmy|działamy|estamos(?:\s+presentes)?|llegamos|lanzamos)\b",
    _I,
)
_PLACE_LIVE = re.compile(r"\s+(?:is|are)\s+(?:now\s+|officially\s+)?live\b", _I)
_KOREAN_EXPAND = re.compile(r"(진출|출시|런칭|오픈)")


@gated(
    r"launch|live|expand|enter|open|available|operating|first|no\s+ar|lança|chega|estreamos|siamo|lanciat|sbarch|arrivat|startuj|wystartow|wchodzimy|weszliśmy|uruchom|działamy|estamos|llegamos|lanzamos|진출|출시|런칭|오픈"
)
def market_expansion(ctx: Context) -> list[Candidate]:
    text = ctx.text
    place, trigger = None, None
    for found in _EXPAND.finditer(text):
        place = _place_after(text, found.end())
        if place is not None:
            # Only an active verb has an agent that could be somebody else ("X opens in…").
            active = re.match(r"launch|expand|enter|open", found.group(), _I)
            if active and ctx.third_party(found.start()):
                return []
            trigger = (found.start(), found.end() + 20)
            break
    if trigger is None:
        for found in _PLACE_LIVE.finditer(text):
            place = place_in(rn.words_before(text, found.start(), 3))
            if place is not None:
                trigger = (max(0, found.start() - 20), found.end())
                break
    if trigger is None:
        korean = _KOREAN_EXPAND.search(text)
        place = place_in(text[: korean.start()]) if korean else None
        trigger = korean.span() if korean and place else None
    if trigger is None or place is None or ctx.blocked(trigger):
        return []
    counts = [q for q in ctx.quantities if q.kind == "count"]
    metrics = [counts[0].metric(counts[0].noun or "count")] if counts else []
    return [
        ctx.candidate(
            EventType.MARKET_EXPANSION,
            Facets({"place": place}),
            ("place",),
            f"Launched in {place.title()}",
            metrics=metrics,
            stakeholders=[place.title()],
            confidence=0.65,
        )
    ]
