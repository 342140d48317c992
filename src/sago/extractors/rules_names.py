"""Names in text: the identifying word of a company, who did a thing, who sent an email."""

from __future__ import annotations

import re

from sago.domain.event import normalise_key
from sago.extractors import rules_lexicon as lex

# --- names ------------------------------------------------------------------------------
_NAME_TOKEN = r"[A-Z][\w&'’.-]*[\w&]|[A-Z]"  # noqa: S105 - a pattern, not a secret
_CAPITALISED = re.compile(
    # Names do not run across lines: a signature's person and company are two names.
    rf"(?:{_NAME_TOKEN})(?:[ \t]+(?:(?:de|del|della|do|da|dos|of|&|and|von|van)[ \t]+)?"
    rf"(?:{_NAME_TOKEN}))*"
)
_STOP_LEADS = lex.wordset(
    """
    the a an we our i it this that our they he she you your hi hello dear thanks thank best
    regards cheers please attached just today yesterday team all every highlights lowlights
    product enterprise customers customer revenue security press financing usage investors
    partnership new market team note key metric update re fwd subject yes no ok so and but
    also per as on in at by for from with to of is are was were has have had signed closed
    launched welcomed hired crossed raised landed won inked renewed acquired onboarded
    partnered shipped released introducing announcing congrats congratulations welcome
    excited thrilled proud happy big huge great wins win
    """
)
_MONTH_WORDS = lex.wordset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday q1 q2 q3 q4 h1 h2"
)


def name_key(name: str) -> str:
    """The identifying token of a name: "Gruppo Sorriso" → "sorriso", "The Dentiva GmbH" →
    "dentiva". Keys match across messages that spell a name with or without its suffixes."""
    tokens = normalise_key(name).replace(".", " ").split()
    for token in tokens:
        if token not in lex.GENERIC_NAME_TOKENS and not token.isdigit() and len(token) > 1:
            return token
    return ""


def capitalised_names(text: str, self_names: frozenset[str] = frozenset()) -> list[str]:
    """Capitalised word runs that could be organisations, in order, minus our own name."""
    found: list[str] = []
    opening = re.match(r"[\W_]*", text)
    first = opening.end() if opening else 0
    for match in _CAPITALISED.finditer(text):
        words = match.group().split()
        if match.start() == first and len(words) == 1:
            continue  # a sentence's first word is capitalised anyway ("Landed our first…")
        while words and (words[0].lower() in _STOP_LEADS or words[0].lower() in _MONTH_WORDS):
            words = words[1:]
        if not words:
            continue
        name = " ".join(words).strip(".'’")
        key = name_key(name)
        if not key or key in self_names or (name.isupper() and len(name) <= 4):
            continue
        if key in _MONTH_WORDS or key in _STOP_LEADS:
            continue
        found.append(name)
    return found


_FILLER = lex.wordset(
    """
    fyi btw so and just also officially finally today yesterday now breaking news update
    psst ok okay well oh wow huge big great the has have had already really that this
    oficialmente ufficialmente oficjalnie finalmente finalnie hoje oggi dzisiaj ontem ieri
    wczoraj já già już
    """
)
COMPETITOR = re.compile(
    r"\b(?:competitors?|rivals?|competition|concorrent[ei]|concorrência|konkurencj\w*|경쟁사)\b",
    re.I,
)
# "our partner X raised…", "my friend's startup launched…": someone we know, not us.
THEIR_NEWS = _THEIR_NEWS = re.compile(
    r"\b(?:our|my|a)\s+(?:\w+\s+)?(?:partners?|customers?|clients?|investors?|vendors?"
    r"|suppliers?|friends?|portfolio\s+compan(?:y|ies)|neighbou?rs?)\b",
    re.I,
)
_PASSIVE = lex.wordset("is was were are be been being got gets has have")


def actor_before(text: str, self_names: frozenset[str]) -> str | None:
    """Who does the verb that follows `text`: None when it is us, passive or unclear."""
    head = re.split(r"[:;—–]|\s-\s", text)[-1]
    tokens = [t.strip("'\"“”‘’*_()[],!?.") for t in head.split()]
    tokens = [t for t in tokens if t]
    while tokens and tokens[-1].lower() in _FILLER:
        tokens.pop()
    if not tokens or tokens[-1].lower() in _PASSIVE:
        return None
    phrase = " ".join(tokens[-3:])
    if COMPETITOR.search(" ".join(tokens[-5:])) or _THEIR_NEWS.search(" ".join(tokens[-5:])):
        return tokens[-1]
    if lex.FIRST_PERSON.search(phrase) or any(t.isdigit() for t in tokens[-3:]):
        return None
    key = name_key(phrase)
    if not key or any(key == own or own.startswith(key) for own in self_names):
        return None
    if phrase.lower().startswith(("who ", "which ")):
        return None
    return tokens[-1]


FREE_MAIL = lex.wordset(
    "gmail googlemail outlook hotmail live yahoo icloud me proton protonmail aol gmx mail web "
    "wp onet o2 libero virgilio naver daum"
)


def sender_org(sender: str, text: str, self_names: frozenset[str]) -> tuple[str, str] | None:
    """The organisation an outside sender writes for, as its signature spells it.

    "procurement@maple.com" signing "Procurement, Maple Hotels Inc" → ("maple", "Maple Hotels
    Inc"). Free-mail and our own domains name nobody.
    """
    if "@" not in sender:
        return None
    label = sender.rsplit("@", 1)[1].split(".", maxsplit=1)[0].lower()
    if label in FREE_MAIL or label in self_names or len(label) < 3:
        return None
    # Only the signature counts: a name mentioned in the body may be anybody.
    tail = [line for line in text.splitlines() if line.strip()][-4:]
    signature = "\n".join(line for line in tail if len(line.split()) <= 6)
    for name in reversed(capitalised_names(signature, self_names)):
        squashed = re.sub(r"[^a-z0-9]", "", name.lower())
        if len(squashed) >= 3 and (squashed.startswith(label) or label.startswith(squashed)):
            key = name_key(name)
            if key:
                return key, name
    return None


_OWN_UPDATE = re.compile(
    r"\b(?:investor|shareholder|board|monthly|quarterly)\s+(?:update|letter|report)\b",
    re.IGNORECASE,
)


def own_update_author(
    sender: str, subject: str, text: str, self_names: frozenset[str]
) -> str | None:
    """The key of the organisation whose own investor update this email is.

    A founder's "Harbor Health – May investor update", signed "CEO, Harbor Health", reports
    that company's news: its name is ours here, not a customer's, even when no company name
    is configured. Decided from the message alone so batch boundaries cannot change it.
    """
    first_line = text.lstrip().partition("\n")[0]
    heading = subject or (first_line if first_line.lower().startswith("subject:") else "")
    if not _OWN_UPDATE.search(heading):
        return None
    org = sender_org(sender, text, self_names)
    return org[0] if org else None


_TOKEN = re.compile(r"[\w&'’.+-]*\w|[^\w\s]")
_NAME_STOPS = lex.wordset(
    """
    to for in on at with and from by of is are was were be has have had that which who a an
    the our their its this these those today yesterday now officially publicly globally also
    after before since as via into across per plus just finally they they're he she it it's
    you you're them
    """
)
_NAME_SKIP_LEAD = lex.wordset("the our a an new its their his her your my all")


_CONNECTORS = lex.wordset("for of & and de del della di da do dos von van")


def _joins_names(tokens: list[str], index: int) -> bool:
    """ "Vista for Teams", "Consorzio Odontoiatri del Nord": a connector between capitals."""
    return (
        tokens[index].lower() in _CONNECTORS
        and 0 < index < len(tokens) - 1
        and tokens[index - 1][:1].isupper()
        and tokens[index + 1][:1].isupper()
    )


def words_after(text: str, pos: int, limit: int = 4) -> str:
    """The name-like run of words that starts at `pos`: stops at punctuation or a stop word."""
    tokens = [m.group() for m in _TOKEN.finditer(text, pos)][: limit * 3]
    out: list[str] = []
    for index, token in enumerate(tokens):
        if not token[0].isalnum() and token not in {"&", "+"}:
            break
        lowered = token.lower()
        if not out and lowered in _NAME_SKIP_LEAD:
            continue
        stop = lowered in _NAME_STOPS or lex.FIRST_PERSON.fullmatch(lowered)
        if stop and not (out and _joins_names(tokens, index)):
            break
        out.append(token)
        if len(out) >= limit:
            break
    return " ".join(out).strip(".'’")


def words_before(text: str, pos: int, limit: int = 3) -> str:
    """The name-like run of words that ends at `pos`."""
    tokens = [m.group() for m in _TOKEN.finditer(text[:pos])][-limit * 3 :]
    out: list[str] = []
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        lowered = token.lower()
        if not token[0].isalnum():
            break
        if lowered in _FILLER and not out:
            continue
        stop = (
            lowered in _NAME_STOPS
            or lowered in _NAME_SKIP_LEAD
            or lex.FIRST_PERSON.fullmatch(lowered)
        )
        if stop and not (out and _joins_names(tokens, index)):
            break
        out.insert(0, token)
        if len(out) >= limit:
            break
    return " ".join(out).strip(".'’")


def display(name: str) -> str:
    """A name as a title shows it: "dentiva" and "SMILECARE" → "Dentiva", "Smilecare";
    acronyms ("AWS", "MAU") and mixed case ("SmileCare") are kept."""
    name = " ".join(name.split())
    if len(name) <= 4 and name.isupper():
        return name
    if name.islower() or name.isupper():
        return " ".join(w if len(w) <= 3 and w.isupper() else w.capitalize() for w in name.split())
    return name
