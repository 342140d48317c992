"""Detectors for outside signals and incidents: certifications, press, engineering results,
outages and acquisitions."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from sago.domain.event import EventSeverity, EventType
from sago.domain.metrics import milestone
from sago.extractors import rules_lexicon as lex
from sago.extractors import rules_names as rn
from sago.extractors import rules_text as rt
from sago.extractors.rules_base import Candidate, Context, Facets, gated, labelled_metrics

_I = re.IGNORECASE

# --- compliance -------------------------------------------------------------------------
_COMPLIANCE_DONE = re.compile(
    r"\b(?:certified|certification\s+(?:achieved|granted|issued|complete\w*|awarded)"
    r"|certificate\s+(?:issued|received|granted)|report\s+(?:is\s+in|received|arrived|is\s+final)"
    r"|final|attached|received|achieved|obtained|passed|completed|earned|secured|cleared|granted"
    r"|attestation|compliant|is\s+in|zero\s+exceptions|no\s+exceptions|unqualified\s+opinion"
    r"|certificad[oa]s?|certificat[oaie]|certyfikat\w*|zertifiziert|certifiée?s?|ottenut[oa]"
    r"|conseguit[oa]|uzyskaliśmy|otrzymaliśmy|recebemos|obtivemos|conquistamos|obtuvimos)\b"
    r"|✅|획득|취득",
    _I,
)
_COMPLIANCE_NOT_YET = re.compile(
    r"\b(?:readiness|gap\s+assessment|working\s+on|in\s+progress|preparing|prep"
    r"|kick(?:ed)?\s*off|scoping|evidence\s+collection|audit\s+starts?|auditors?\s+selected)\b",
    _I,
)


@gated(r"soc|iso|hipaa|gdpr|rgpd|pci|hitrust|fedramp|\bce\b|fda|510|cyber|tisax|csa|mdr")
def compliance(ctx: Context) -> list[Candidate]:
    text = ctx.text
    found = [(name, p.search(text)) for name, p in lex.COMPLIANCE_STANDARDS]
    canonical, standard = next(((n, m) for n, m in found if m is not None), ("", None))
    if standard is None:
        return []
    done = _COMPLIANCE_DONE.search(text)
    if done is None or _COMPLIANCE_NOT_YET.search(text):
        return []
    span = (min(standard.start(), done.start()), max(standard.end(), done.end()))
    if ctx.blocked(span):
        return []
    major = canonical.startswith(("soc2", "iso27001", "hipaa", "fda", "fedramp"))
    return [
        ctx.candidate(
            EventType.COMPLIANCE,
            Facets({"standard": canonical}),
            ("standard",),
            f"{standard.group().strip()} achieved",
            stakeholders=[],
            severity=EventSeverity.HIGH if major else EventSeverity.MEDIUM,
            confidence=0.75,
        )
    ]


# --- media coverage ---------------------------------------------------------------------
_PIECE = (
    r"(?:piece|article|story|interview|feature|profile|podcast|episode|coverage|write-?up|op-ed"
    r"|segment|column|matéria|reportagem|articolo|artykuł|기사)"
)
# A capitalised name of up to four words, on one line (an outlet, a publisher).
_NAME = r"[A-Z][\w&]*(?:[ \t]+[A-Z][\w&]*){0,3}"
_MEDIA = re.compile(
    rf"\b(?P<piece>{_PIECE})\b[^!?\n]{{0,15}}?\b(?:is\s+live|went\s+live|is\s+out|is\s+up"
    r"|published|ran|came\s+out|aired|dropped|live)\b"
    r"|\b(?:featured|covered|profiled|quoted|interviewed|highlighted)\s+(?:us\s+)?(?:in|by|on)\b"
    rf"|\b(?:made|hit|reached)\s+the\s+front\s+page\s+of\s+(?-i:(?P<outlet3>{_NAME}))"
    rf"|(?-i:(?P<subj3>\b{_NAME}))\s+(?:listed|named|ranked|included)\s+us\b"
    rf"|(?-i:(?P<subj2>\b{_NAME}))\s+(?:just\s+)?(?:published|ran|posted|wrote|aired)\s+(?:a|an)\s+"
    rf"{_PIECE}\s+(?:about|on|featuring|covering)\s+(?:us|our)\b"
    rf"|\b{_PIECE}\s+(?:about|on|featuring|covering)\s+(?:us|our\s+\w+)\s+(?:in|on|by)\s+"
    rf"(?-i:(?P<outlet2>(?:The\s+)?{_NAME}))"
    rf"|(?-i:(?P<subj>\b{_NAME}))\s+(?:covered|featured|profiled"
    r"|interviewed|wrote\s+about|ran\s+a\s+(?:piece|story)\s+on)\s+(?:us|our|me)\b"
    rf"|\bwe(?:'re|\s+are|\s+were)\s+(?:on|in)\s+(?-i:(?P<outlet>{_NAME}))"
    rf"|\b(?:saímos|saimos|estamos|siamo|jesteśmy)\s+(?:na|no|em|su|sul|sulla|nel|nella|w)\s+"
    rf"(?-i:(?P<outlet4>{_NAME}))"
    rf"|\b(?:parlano\s+di\s+noi|napisali\s+o\s+nas|piszą\s+o\s+nas|falam\s+de\s+nós)\b",
    _I,
)
_URL = re.compile(r"https?://[^\s)>\"']+")
_FREE_MAIL = frozenset({"gmail", "outlook", "yahoo", "hotmail", "icloud", "proton", "protonmail"})


_OUTLET_SUFFIXES = (
    "news",
    "daily",
    "weekly",
    "pro",
    "magazine",
    "mag",
    "online",
    "digest",
    "wire",
    "times",
    "journal",
    "today",
    "post",
    "review",
    "insider",
    "report",
    "hq",
    "media",
)


def _outlet_key(name: str) -> str:
    """ "TechFunding News", "techfundingnews.com" and "TechFunding" share a key."""
    tokens = [t for t in re.split(r"[^\w]+", name.lower()) if t and t != "the"]
    key = "".join(tokens)
    key = key[3:] if key.startswith("the") and len(key) > 7 else key
    stripped = True
    while stripped:
        stripped = False
        for suffix in _OUTLET_SUFFIXES:
            if key.endswith(suffix) and len(key) - len(suffix) >= 4:
                key, stripped = key[: -len(suffix)], True
    return key


@gated(
    r"piece|article|story|interview|feature|profile|podcast|episode|coverage|write-?up|op-ed|segment|column|matéria|reportagem|articolo|artykuł|기사|covered|quoted|highlighted|published|\bwe(?:\'re|\s+are|\s+were)\s+(?:on|in)\b|front\s+page|listed|named|ranked|included|saímos|saimos|siamo|estamos|jesteśmy|parlano|napisali|piszą|falam"
)
def media_coverage(ctx: Context) -> list[Candidate]:
    text = ctx.text
    match = _MEDIA.search(text)
    if match is None or ctx.blocked(match, frozenset({"historical"})):
        return []
    outlet = (
        match.group("outlet")
        or match.group("subj")
        or match.group("subj2")
        or match.group("outlet2")
        or match.group("outlet3")
        or match.group("subj3")
        or match.group("outlet4")
    )
    if outlet is None and match.group("piece"):
        before = rn.words_before(text, match.start("piece"), 3)
        outlet = before if before and not lex.FIRST_PERSON.search(before) else None
    if outlet:
        outlet = outlet.split(":")[-1].strip()
        outlet = re.sub(r"^(?:Press|Media|News)\s+", "", outlet)
    url = _URL.search(text)
    if not outlet and url:
        host = (urlparse(url.group()).hostname or "").removeprefix("www.")
        outlet = host.rsplit(".", 1)[0] if host else None
    if not outlet and ctx.message.sender and "@" in ctx.message.sender:
        domain = ctx.message.sender.split("@", 1)[1].rsplit(".", 1)[0]
        outlet = domain if domain not in _FREE_MAIL else None
    facets = Facets()
    facets.add("outlet", _outlet_key(outlet) if outlet else None)
    summary = f"Covered by {rn.display(outlet)}" if outlet else "Press coverage"
    return [
        ctx.candidate(
            EventType.MEDIA_COVERAGE,
            facets,
            ("outlet",),
            summary,
            stakeholders=[outlet] if outlet else [],
            severity=EventSeverity.LOW,
            confidence=0.6,
        )
    ]


# --- technical achievement --------------------------------------------------------------
_TECH = re.compile(
    r"(?P<x>\d+(?:[.,]\d+)?)\s?[x×]\s+(?:faster|quicker|cheaper|smaller|more\s+efficient|speed-?up"
    r"|throughput|better|improvement)"
    r"|(?P<pct>\d+)\s?%\s+(?:faster|quicker|cheaper|less\s+memory|lower\s+latency)"
    r"|\b(?P<ml>accuracy|sensitivity|specificity|precision|f1|auc|recall\s+(?=of|at|:|=)"
    r"|word\s+error\s+rate|accuratezza|acurácia|dokładność|czułość)\b[^!?\n]{0,25}?"
    r"(?P<mlv>\d+(?:[.,]\d+)?)\s?%"
    r"|(?P<ko>정확도|민감도|특이도|정밀도)\s*(?P<kov>\d+(?:[.,]\d+)?)\s?%"
    r"|\b(?P<up>uptime|availability)\b[^!?\n]{0,20}?(?P<upv>99(?:[.,]\d+)?)\s?%"
    r"|(?P<mlv2>\d+(?:[.,]\d+)?)\s?%\s+(?P<ml2>accuracy|sensitivity|specificity|precision|f1)\b"
    r"|(?P<upv2>99(?:[.,]\d+)?)\s?%\s+(?P<up2>uptime|availability)\b"
    r"|\b(?P<lat>latency|load\s+times?|response\s+times?|p\d\d|build\s+times?|query\s+times?"
    r"|cold\s+starts?|page\s+loads?)\b[^!?\n]{0,30}?\b(?:dropped|down|reduced|cut|fell|improved"
    r"|went)\b[^!?\n]{0,12}?(?:from\s+)?\d[\d.,]*\s?(?:ms|s)\b[^!?\n]{0,6}?(?:to|→|->)\s*"
    r"(?P<latv>\d[\d.,]*)\s?(?P<latu>ms|s)\b"
    r"|\bpatent\s+(?:was\s+)?(?:granted|issued|awarded|approved)\b"
    r"|\b(?P<mig>migrat\w+)\b[^!?\n]{0,60}?(?:zero\s+downtime|100\s?%|completed?|done|finished)"
    r"|\b(?:granted|awarded|issued|received)\s+(?:us\s+)?(?:a|an|our|the|its)\s+(?:first\s+)?"
    r"(?:\w+\s+)?patent\b"
    r"|\b(?:state[- ]of[- ]the[- ]art|sota)\b",
    _I,
)
_KOREAN_METRIC = {
    "정확도": "accuracy",
    "민감도": "sensitivity",
    "특이도": "specificity",
    "정밀도": "precision",
}


_TECH_LEADS = lex.wordset(
    "new our the a an we just finally today after with now it this that i is are was p95 p99 p50"
)


def _tech_subject(text: str) -> str | None:
    words: list[str] = re.findall(r"[^\W\d_][\w-]*", text)
    for word in words[:4]:
        lowered = word.lower()
        if lowered not in _TECH_LEADS and not _TECH.match(word) and len(lowered) > 2:
            return lowered
    return None


@gated(r"\d|patent|state|sota|migrat")
def technical_achievement(ctx: Context) -> list[Candidate]:
    match = _TECH.search(ctx.text)
    if match is None or ctx.blocked(match):
        return []
    groups = match.groupdict()
    if groups["x"]:
        metric, value = "speedup", groups["x"]
    elif groups["pct"]:
        metric, value = "improvement", groups["pct"]
    elif groups["ml"] or groups["ml2"]:
        metric = (groups["ml"] or groups["ml2"]).strip().lower()
        value = groups["mlv"] or groups["mlv2"]
    elif groups["ko"]:
        metric, value = _KOREAN_METRIC[groups["ko"]], groups["kov"]
    elif groups["up"] or groups["up2"]:
        metric, value = "uptime", groups["upv"] or groups["upv2"]
    elif groups["mig"]:
        metric, value = "migration", ""
    elif groups["lat"]:
        metric, value = groups["lat"].lower().rstrip("s"), groups["latv"]
    else:
        metric, value = match.group().lower(), ""
    number = float(value.replace(",", ".")) if value else None
    claim = f"{metric}:{milestone(number):g}" if number else metric
    subject = _tech_subject(ctx.text)
    # "scheduler: 4x faster" and "search: 4x faster" are different achievements.
    facets = Facets({"achievement": f"{subject}:{claim}" if subject else claim})
    metrics = labelled_metrics(ctx, {"multiple", "percent", "duration"}, metric)
    if groups["lat"]:
        summary = f"{metric.capitalize()} cut to {value}{groups['latu']}"
    elif value:
        summary = f"{metric.capitalize()} reached {value}{'x' if groups['x'] else '%'}"
    else:
        summary = f"Technical milestone: {metric}"
    return [
        ctx.candidate(
            EventType.TECHNICAL_ACHIEVEMENT,
            facets,
            ("achievement",),
            summary,
            metrics=metrics,
            confidence=0.55,
        )
    ]


# --- other: outages and acquisitions ----------------------------------------------------
_OUTAGE = re.compile(
    r"\b(?:outage|downtime|went\s+down|(?:is|are|was|api|service|site|app)\s+down|down\s+for"
    r"|unavailable|service\s+disruption|major\s+incident|incident|sev[- ]?[01]|p0|data\s+breach"
    r"|security\s+breach|security\s+incident)\b",
    _I,
)
_OUTAGE_SCALE = re.compile(
    r"\b(?:all|every|entire|platform[- ]wide|whole|major|complete|full|everyone)\b"
    r"|\d+(?:[.,]\d+)?\s?-?(?:h|hours?|hrs?|min|mins|minutes)\b|🚨|\bsev[- ]?[01]\b|\bp0\b",
    _I,
)
_NOT_OUTAGE = re.compile(
    r"\b(?:zero|no|without)\s+downtime|scheduled\s+maintenance|planned\s+maintenance",
    _I,
)
_ACQUIRED = re.compile(
    r"\bwe(?:'ve|\s+have)?\s+(?:just\s+|officially\s+|now\s+)?(?:acquired|bought)\s+"
    r"|\b(?:closed|completed|finali[sz]ed)\s+(?:the|our)\s+(?:acquisition\s+of|merger\s+with)\s+"
    r"|\bacquisition\s+of\s+(?P<t>[^;\n]{2,60}?)\s+(?:by\s+[^;\n]{2,60}?\s+)?(?:has\s+|is\s+)?(?:closed"
    r"|completed|is\s+complete|is\s+done)\b"
    r"|\b(?:adquirimos|abbiamo\s+acquisito|przejęliśmy)\s+",
    _I,
)


_NOT_TARGETS = lex.wordset(
    "customers customer users user clients client leads signups accounts logos subscribers "
    "members talent skills momentum traction new more several some many"
)


@gated(
    r"outage|downtime|down|unavailable|disruption|incident|sev|p0|breach|acqui|bought|adquir"
    r"|przejęl|merger"
)
def other(ctx: Context) -> list[Candidate]:
    text = ctx.text
    acquired = _ACQUIRED.search(text)
    if acquired is not None and not ctx.blocked(acquired):
        target = acquired.group("t") or rn.words_after(text, acquired.end(), 3)
        key = rn.name_key(target) if target else ""
        # "we acquired 3 new customers" is sales, not M&A.
        if key and not target[:1].isdigit() and key not in _NOT_TARGETS:
            return [
                ctx.candidate(
                    EventType.OTHER,
                    Facets({"acquisition": key}),
                    ("acquisition",),
                    f"Acquired {rn.display(target)}",
                    stakeholders=[target],
                    severity=EventSeverity.HIGH,
                    confidence=0.7,
                )
            ]
    outage = _OUTAGE.search(text)
    if outage is None or _NOT_OUTAGE.search(text):
        return []
    breach = re.search(r"\b(?:breach|security\s+incident)\b", text, _I)
    if not breach and not _OUTAGE_SCALE.search(text):
        return []
    if ctx.blocked(outage):
        return []
    day = rt.mentioned_date(text, ctx.message.timestamp.date()) or ctx.message.timestamp.date()
    hours = next((q for q in ctx.quantities if re.search(r"h", ctx.text[q.end : q.end + 6])), None)
    metrics = [hours.metric("downtime_hours")] if hours else []
    return [
        ctx.candidate(
            EventType.OTHER,
            Facets({"outage": day.isoformat()}),
            ("outage",),
            f"Service outage on {day:%B} {day.day}",
            metrics=metrics,
            confidence=0.6,
        )
    ]
