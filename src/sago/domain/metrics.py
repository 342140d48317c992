"""Numbers as people write them: "$1.2M", "€2.5m", "850k", "1,000 clinics", "40% MoM", "3x".

Pure functions, no I/O. `find_quantities` scans free text and returns every quantity it
can read with its span, normalised value and unit; `parse_amount` reads one token.
Separators follow the writer's locale where it can be told apart ("620.000 €" is six
hundred and twenty thousand, "2,5 milioni" is two and a half million).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sago.domain.event import Metric

_CURRENCY_PREFIX = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "€": "EUR",
    "eur": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "r$": "BRL",
    "brl": "BRL",
    "chf": "CHF",
    "¥": "JPY",
    "₩": "KRW",
    "krw": "KRW",
    "pln": "PLN",
    "₹": "INR",
    "inr": "INR",
}
_CURRENCY_SUFFIX = {
    "usd": "USD",
    "dollars": "USD",
    "dollar": "USD",
    "dólares": "USD",
    "dollari": "USD",
    "달러": "USD",
    "불": "USD",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "€": "EUR",
    "유로": "EUR",
    "gbp": "GBP",
    "pounds": "GBP",
    "£": "GBP",
    "pln": "PLN",
    "zł": "PLN",
    "złotych": "PLN",
    "reais": "BRL",
    "chf": "CHF",
    "원": "KRW",
    "krw": "KRW",
}
_SCALE = {
    "k": 1e3,
    "thousand": 1e3,
    "mil": 1e3,
    "tys": 1e3,
    "mila": 1e3,
    "천": 1e3,
    "만": 1e4,
    "m": 1e6,
    "mm": 1e6,
    "mn": 1e6,
    "mln": 1e6,
    "mio": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "milhão": 1e6,
    "milhões": 1e6,
    "milione": 1e6,
    "milioni": 1e6,
    "millón": 1e6,
    "millones": 1e6,
    "miliony": 1e6,
    "milionów": 1e6,
    "milion": 1e6,
    "억": 1e8,
    "b": 1e9,
    "bn": 1e9,
    "billion": 1e9,
    "billions": 1e9,
    "mld": 1e9,
    "mrd": 1e9,
}
# Counted nouns are single words after the number, once these modifiers are skipped.
_MODIFIERS = {
    "active",
    "new",
    "paying",
    "registered",
    "monthly",
    "daily",
    "weekly",
    "total",
    "live",
    "enterprise",
    "more",
    "additional",
    "net",
    "unique",
    "happy",
    "signed",
    "of",
    "our",
}
_NOT_NOUNS = {
    "and",
    "or",
    "to",
    "in",
    "on",
    "at",
    "by",
    "for",
    "with",
    "from",
    "the",
    "a",
    "an",
    "is",
    "was",
    "are",
    "were",
    "this",
    "that",
    "it",
    "we",
    "they",
    "per",
    "over",
    "up",
    "down",
    "than",
    "as",
    "so",
    "but",
    "then",
    "now",
    "today",
    "yesterday",
    "am",
    "pm",
    "et",
    "utc",
    "pre",
    "post",
    "mom",
    "yoy",
    "qoq",
    "wow",
    "de",
    "da",
    "di",
    "del",
    "em",
    "w",
    "na",
}
_DURATION = {"ms": "ms", "s": "s", "sec": "s", "secs": "s", "seconds": "s", "second": "s"}
_MULTIPLE_WORDS = {"x", "×"}

_PREFIX_RE = r"(?P<cur>us\$|r\$|\$|€|£|¥|₩|₹|(?:usd|eur|gbp|chf|brl|krw|pln|inr)\s?)"
_NUMBER_RE = r"(?P<num>\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
_SCALE_RE = (
    r"(?P<scale>\s?(?:thousand|millions?|billions?|milhões|milhão|milioni|milione|millones|millón"
    r"|miliony|milionów|milion|mila|mil|mln|mld|mrd|mio|bn|mm|mn|tys|k|m|b)(?:(?<=[a-z]{3})\.)?"
    r"(?![a-zà-ÿ])"
    r"|\s?[천만억])?"
)
_SUFFIX_RE = (
    r"(?P<suffix>\s?(?:%|percent\b|per cent\b|pct\b|[x×](?![a-z0-9])"
    r"|ms\b|s\b|secs?\b|seconds?\b"
    r"|(?:de\s|di\s|d')?(?:usd|eur|gbp|pln|chf|brl|krw)\b"
    r"|(?:de\s|di\s|d')?(?:dollars?|dólares|dollari|euros?|pounds"
    r"|złotych|zł|reais)\b|€|£|\s?달러|\s?유로|\s?원|\s?불))?"
)
_QUANTITY = re.compile(
    r"(?<![\w#/:.,@-])" + _PREFIX_RE + r"?\s?~?" + _NUMBER_RE + _SCALE_RE + _SUFFIX_RE,
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_][\w'-]*", re.UNICODE)
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june"
    "|july|august|september|october|november|december"
)
_DATE_BEFORE = re.compile(rf"\b(?:{_MONTHS})\.?\s*$", re.IGNORECASE)
_DATE_AFTER = re.compile(rf"^\s*(?:st|nd|rd|th)?\s*(?:of\s)?(?:{_MONTHS})\b", re.IGNORECASE)
_TIME_AFTER = re.compile(r"^[:h]\d\d|^\s?(?:am|pm)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Quantity:
    """One number read from text, normalised. `noun` is the counted word after it, if any."""

    value: float
    kind: str  # money | percent | multiple | duration | count | number
    unit: str | None
    start: int
    end: int
    text: str
    noun: str | None = None

    def metric(self, name: str) -> Metric:
        return Metric(name=name[:80] or "value", value=self.value, unit=self.unit)


def parse_number(raw: str, *, has_scale: bool = False) -> float | None:
    """A bare numeral with thousands or decimal separators, either convention."""
    text = raw.replace("\u00a0", " ").replace("\u202f", " ").strip()
    text = text.replace(" ", ",") if re.fullmatch(r"\d{1,3}(?: \d{3})+", text) else text
    if "," in text and "." in text:
        decimal = "." if text.rfind(".") > text.rfind(",") else ","
        grouping = "," if decimal == "." else "."
        text = text.replace(grouping, "").replace(decimal, ".")
    elif text.count(",") > 1 or text.count(".") > 1:
        text = text.replace(",", "").replace(".", "")
    elif "," in text or "." in text:
        sep = "," if "," in text else "."
        whole, frac = text.split(sep)
        # "1,000", "$2,040k" and "620.000" are thousands; "2,5 milioni", "1.250M" and "0.700"
        # are not.
        thousands = len(frac) == 3 and whole != "0" and not (has_scale and sep == ".")
        text = whole + frac if thousands else f"{whole}.{frac}"
    try:
        return float(text)
    except ValueError:
        return None


def _scale_of(raw: str | None) -> float:
    if not raw:
        return 1.0
    return _SCALE.get(raw.strip().rstrip(".").lower(), 1.0)


def _counted_noun(text: str, end: int) -> str | None:
    words: list[str] = _WORD.findall(text[end : end + 60])
    for word in words[:4]:
        lowered = word.lower()
        if lowered in _MODIFIERS:
            continue
        if lowered in _NOT_NOUNS or len(lowered) < 2:
            return None
        # Acronyms (DAU, MAU) keep their case; a shouted "CLINICS" does not.
        return word if word.isupper() and len(word) <= 4 else lowered
    return None


def _looks_like_date_or_code(text: str, match: re.Match[str], value: float) -> bool:
    before = text[max(0, match.start() - 12) : match.start()]
    after = text[match.end() : match.end() + 14]
    if _TIME_AFTER.match(after) or _DATE_BEFORE.search(before) or _DATE_AFTER.match(after):
        return True
    plain = not (match.group("cur") or match.group("scale") or match.group("suffix"))
    return plain and value.is_integer() and 1990 <= value <= 2100


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in `text`, left to right. Dates, times, years and codes are skipped."""
    found: list[Quantity] = []
    for match in _QUANTITY.finditer(text):
        scale_raw = match.group("scale")
        number = parse_number(match.group("num"), has_scale=bool(scale_raw and scale_raw.strip()))
        if number is None:
            continue
        scale_word = (scale_raw or "").strip().rstrip(".").lower()
        cur_raw = (match.group("cur") or "").strip().lower()
        suffix = (match.group("suffix") or "").strip().lower()
        suffix = re.sub(r"^(?:de\s|di\s|d')", "", suffix).strip()
        currency = _CURRENCY_PREFIX.get(cur_raw) or _CURRENCY_SUFFIX.get(suffix)
        end = match.end()
        scale = _scale_of(scale_word)
        if scale_word == "mil":
            # "$2 mil" is two million in English; "450 mil euros" is Portuguese/Spanish thousands.
            scale = 1e6 if cur_raw else 1e3
        elif scale_word in {"m", "b"} and not currency and not _money_context(text, end):
            # "3m users" and "2.4B" scale; "3 m away" is a distance.
            raw_scale = scale_raw or ""
            if raw_scale[:1].isspace() and raw_scale.strip().islower():
                scale = 1.0
                end = match.start("scale")
        value = number * scale
        if _looks_like_date_or_code(text, match, number):
            continue
        noun: str | None = None
        unit: str | None
        if currency:
            kind, unit = "money", currency
        elif suffix in {"%", "percent", "per cent", "pct"}:
            kind, unit = "percent", "%"
        elif suffix in _MULTIPLE_WORDS:
            kind, unit = "multiple", "x"
        elif suffix in _DURATION:
            kind, unit = "duration", _DURATION[suffix]
        else:
            end = min(end, match.start("suffix")) if match.group("suffix") else end
            noun = _counted_noun(text, end)
            kind, unit = ("count", noun) if noun else ("number", None)
        start = match.start()
        found.append(
            Quantity(
                value=value,
                kind=kind,
                unit=unit,
                start=start,
                end=end,
                text=text[start:end].strip(),
                noun=noun,
            )
        )
    return found


def _money_context(text: str, end: int) -> bool:
    after = text[end : end + 24].lower()
    return bool(re.match(r"\s*(?:arr|mrr|acv|tcv|revenue|in revenue|round|raise|series)", after))


def parse_amount(text: str) -> tuple[float, str | None] | None:
    """The first quantity of `text` as (value, unit): "$1.2M" → (1200000.0, "USD")."""
    quantities = find_quantities(text)
    if not quantities:
        return None
    first = quantities[0]
    return first.value, first.unit


def milestone(value: float) -> float:
    """Round to two significant figures, so "$2.04M" and "$2M mark" share a key."""
    if value == 0:
        return 0.0
    magnitude = 10 ** (len(str(int(abs(value)))) - 2)
    return float(int(value / magnitude) * magnitude) if magnitude >= 1 else round(value, 1)


_LABEL_GLUE = re.compile(
    r"(?:\s*(?:of|is|was|at|to|=|:|now|reached|hit|hits|crossed|passed|just|over|above|by"
    r"|topped|surpassed|exceeded|doubled|tripled|grew|jumped|rose|climbed|went|up|officially"
    r"|are|were|has|have|reaches|past))*\s*$",
    re.IGNORECASE,
)


def label_before(text: str, quantity: Quantity, max_words: int = 3) -> str | None:
    """The words naming a quantity from the left: "ARR of $2M" → "ARR", "headcount 25"."""
    head = text[max(0, quantity.start - 60) : quantity.start]
    # Only the words since the previous number or clause belong to this one.
    head = re.split(r"[\d;!?()\[\]\n]|[.,](?=\s)", head)[-1]
    head = _LABEL_GLUE.sub("", head)
    words = _WORD.findall(head)[-max_words:]
    while words and words[0].lower() in {"and", "or", "the", "with", "a", "an", "our", "e", "y"}:
        words = words[1:]
    return " ".join(words) if words else None
