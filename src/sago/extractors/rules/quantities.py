"""Numbers as people write them, read one way everywhere in the rules.

"$1.2M", "€2,5 Mio.", "620.000 €", "R$ 38 mil por mês", "3,2 mln zł", "800만 달러", "40% MoM",
"3x", "~3h", "a 3-year term", "two million dollars", "1,000 clinics". `QuantityParser.find`
scans a text and returns every quantity with its span, normalised value, kind and unit;
dates, times, years, versions and codes ("ISO 27001", "QB-200", "p95") are not quantities.
The words (scales, currencies, units, spelled numbers) come from the lexicon files, so a
language adds its own without touching this module.

Separators follow the writer's convention where it can be told apart: one separator
followed by exactly three digits groups thousands ("1,000", "620.000"), otherwise it is the
decimal mark ("2,5 milioni", "91,5 %"); with both, the last one is the decimal mark.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from sago.domain.event import Metric
from sago.extractors.rules.lexicon import Lexicon, alternation, default_lexicon

Kind = str  # money | percent | multiple | duration | count | number


@dataclass(frozen=True, slots=True)
class Quantity:
    """One number read from text. `unit` is a currency code, "%", "x", a duration unit
    ("hours", "years") or the counted noun; `per` is "year" or "month" for rates."""

    value: float
    kind: Kind
    unit: str | None
    start: int
    end: int
    text: str
    noun: str | None = None
    per: str | None = None

    def metric(self, name: str) -> Metric:
        return Metric(name=name[:80] or "value", value=self.value, unit=self.unit)


_SEPARATED = re.compile(r"\d{1,3}(?:[ \u00a0\u202f']\d{3})+")


def parse_number(raw: str, *, has_scale: bool = False) -> float | None:
    """A bare numeral with thousands or decimal separators, either convention."""
    text = raw.strip()
    if _SEPARATED.fullmatch(text):
        return float(re.sub(r"[ \u00a0\u202f']", "", text))
    text = re.sub(r"[ \u00a0\u202f']", "", text)
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
        thousands = len(frac) == 3 and whole not in {"", "0"} and not (has_scale and sep == ".")
        text = whole + frac if thousands else f"{whole or '0'}.{frac}"
    try:
        return float(text)
    except ValueError:
        return None


def _alt(words: Iterable[str], *, head: bool = True) -> str:
    return alternation(((str(w), True) for w in words), head=head)


class QuantityParser:
    """Finds quantities; built once from a lexicon (see `default_parser`)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.scales = {k: float(v) for k, v in lexicon.table("numbers", "scales").items()}
        self.number_words = {k: float(v) for k, v in lexicon.table("numbers", "words").items()}
        symbols = lexicon.common("currency_symbols")
        codes = lexicon.shared.get("currency_codes", {}).get("codes", [])
        self.currencies: dict[str, str] = {str(k).lower(): str(v) for k, v in symbols.items()}
        self.currencies.update({str(c).lower(): str(c).upper() for c in codes})
        self.currency_words = {k: str(v) for k, v in lexicon.table("numbers", "currencies").items()}
        self.durations = {k: str(v) for k, v in lexicon.table("numbers", "durations").items()}
        self.terms = {k: float(v) for k, v in lexicon.table("numbers", "terms").items()}
        self.modifiers = lexicon.words("numbers", "count_modifiers")
        self.not_nouns = lexicon.words("numbers", "not_nouns") | frozenset(
            w for words in lexicon.function_words.values() for w in words
        )
        self.code_leads = lexicon.words("numbers", "code_leads")
        months = lexicon.table("months")
        money_nouns = lexicon.phrases("numbers", "money_nouns")
        per = lexicon.table("numbers", "per")
        self._per = [
            (period, re.compile(r"\s*(?:" + _alt(phrases) + r")"))
            for period, phrases in per.items()
        ]
        prefix = _alt(self.currencies)
        scale = _alt(self.scales, head=False)
        self.percent_words = lexicon.words("numbers", "percent") | {"%"}
        suffix = _alt(
            [*self.currencies, *self.currency_words, *self.percent_words, "x", "×"], head=False
        )
        joiners = _alt(lexicon.words("numbers", "currency_joiners"))
        self._quantity = re.compile(
            r"(?<![\w#/@.,:-])(?P<approx>[~≈±]|\bca\.?\s|\bc\.\s)?(?P<sign>[+\-−])?"
            rf"(?P<cur>{prefix})?\s?(?P<sign2>[+\-−])?\s?"
            r"(?P<num>\d{1,3}(?:[,.\u00a0\u202f' ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?|[.,]\d+)"
            rf"(?:\s?(?P<scale>{scale})\.?)?"
            rf"(?:\s?(?:(?:{joiners})\s?)?(?P<suffix>{suffix}))?"
        )
        spelled = _alt(self.number_words)
        self._spelled = re.compile(
            rf"(?<![\w-])(?P<word>{spelled})(?:[\s-](?P<scale>{scale}))?(?![\w])"
        )
        self._duration = re.compile(r"[\s-]?(?P<unit>" + _alt(self.durations, head=False) + r")")
        self._term = re.compile(r"(?<!\w)(?P<term>" + _alt(self.terms) + r")(?!\w)")
        self._money_after = re.compile(r"\s*(?:" + alternation(money_nouns) + r")")
        month_alt = _alt(months)
        self._date_before = re.compile(rf"(?:{month_alt})\.?\s*$")
        self._date_after = re.compile(rf"^\s*(?:st|nd|rd|th)?\s*(?:of\s)?(?:{month_alt})(?!\w)")
        self._time_after = re.compile(r"^(?:[:h]\d\d|\s?(?:am|pm|a\.m\.|p\.m\.)(?!\w)|/\d)")
        self._code_before = re.compile(r"(?:" + _alt(self.code_leads) + r")[\s#:-]*$")
        self._word = re.compile(r"[^\W\d_][\w'’-]*")

    # --- the scan ------------------------------------------------------------------------
    def find(self, text: str) -> list[Quantity]:
        """Every quantity in `text`, left to right (matching on a lower-cased copy)."""
        low = text.lower()
        if len(low) != len(text):
            low = text  # a character changed length when lowered; offsets must stay true
        found = [q for m in self._quantity.finditer(low) if (q := self._read(text, low, m))]
        taken = [(q.start, q.end) for q in found]
        for match in self._spelled.finditer(low):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            spelled = self._read_spelled(text, low, match)
            if spelled is not None:
                found.append(spelled)
        for match in self._term.finditer(low):
            value = self.terms[match.group("term")]
            found.append(
                Quantity(value, "duration", "years", match.start(), match.end(), match.group())
            )
        return sorted(found, key=lambda q: q.start)

    def _read(self, text: str, low: str, match: re.Match[str]) -> Quantity | None:
        scale_raw = match.group("scale")
        number = parse_number(match.group("num"), has_scale=bool(scale_raw))
        if number is None:
            return None
        cur = (match.group("cur") or "").strip()
        suffix = (match.group("suffix") or "").strip()
        end = match.end()
        scale = self.scales.get(scale_raw or "", 1.0)
        currency = self.currencies.get(cur) or self.currencies.get(suffix)
        currency = currency or self.currency_words.get(suffix)
        spaced_scale = scale_raw in {"m", "b"} and low[match.start("scale") - 1].isspace()
        # "3m users" and "2.4B ARR" scale; "3 m away" and "a 2 m wall" are distances.
        if spaced_scale and not currency and not self._money_after.match(low, match.end("scale")):
            scale, scale_raw, end, suffix = 1.0, None, match.start("scale"), ""
        if self._skip(text, low, match, number, bool(currency or scale_raw or suffix)):
            return None
        value = number * scale
        kind, unit, noun = self._kind(low, suffix, currency, end)
        if kind == "number":
            duration = self._duration.match(low, end)
            if duration:
                unit = self.durations[duration.group("unit")]
                kind, end = "duration", duration.end()
        start = match.start()
        per = self._period(low, end)
        return Quantity(value, kind, unit, start, end, text[start:end].strip(), noun, per)

    def _kind(
        self, low: str, suffix: str, currency: str | None, end: int
    ) -> tuple[Kind, str | None, str | None]:
        if currency:
            return "money", currency, None
        if suffix in self.percent_words:
            return "percent", "%", None
        if suffix in {"x", "×"}:
            return "multiple", "x", None
        noun = self.counted_noun(low, end)
        return ("count", noun, noun) if noun else ("number", None, None)

    def _read_spelled(self, text: str, low: str, match: re.Match[str]) -> Quantity | None:
        base = self.number_words[match.group("word")]
        scale_raw = match.group("scale")
        end = match.end()
        if base < 2 and not scale_raw:
            return None  # "one of us", "a year": a spelled one only counts with a scale
        if scale_raw:
            value = base * self.scales[scale_raw]
            suffix = re.match(r"\s*(?:(?:de|di|d')\s?)?(\w+)", low[end:])
            currency = self.currency_words.get(suffix.group(1)) if suffix else None
            if currency and suffix:
                return Quantity(
                    value,
                    "money",
                    currency,
                    match.start(),
                    end + suffix.end(),
                    text[match.start() : end + suffix.end()],
                )
            noun = self.counted_noun(low, end)
            return Quantity(
                value, "count", noun, match.start(), end, text[match.start() : end], noun
            )
        duration = self._duration.match(low, end)
        if duration:
            unit = self.durations[duration.group("unit")]
            return Quantity(
                base,
                "duration",
                unit,
                match.start(),
                duration.end(),
                text[match.start() : duration.end()],
            )
        noun = self.counted_noun(low, end)
        if noun is None:
            return None
        return Quantity(base, "count", noun, match.start(), end, text[match.start() : end], noun)

    def _skip(self, text: str, low: str, match: re.Match[str], value: float, marked: bool) -> bool:
        """Dates, times, years, versions and codes are not quantities."""
        start = match.start()
        before, after = low[max(0, start - 14) : start], low[match.end() : match.end() + 14]
        if self._time_after.match(after) or self._date_after.match(after):
            return True
        if self._date_before.search(before) and not marked:
            return True
        if self._code_before.search(before) and not marked:
            return True
        if (
            not marked
            and value <= 24
            and re.search(r"(?:\bat|\bby|\buntil|\bbefore|\bafter)\s*$", before)
        ):
            return self.counted_noun(low, match.end()) is None  # "patients at 11": a time
        if (
            not marked
            and value <= 20
            and re.search(r"[A-Z][\w-]+\s$", text[max(0, match.start() - 30) : match.start()])
        ):
            return True  # "Route Planner 2", "Verdant OS 3": a version, part of a name
        year = re.fullmatch(r"(?:19|20)\d\d", match.group("num")) is not None
        return not marked and year and 1990 <= value <= 2100

    def counted_noun(self, low: str, end: int) -> str | None:
        """The noun a number counts: "1,000 active clinics" → "clinics"."""
        words: list[str] = self._word.findall(low[end : end + 60])
        for word in words[:4]:
            if word in self.modifiers:
                continue
            if word in self.not_nouns or len(word) < 2 or word in self.durations:
                return None
            if word in self.scales or word in self.currency_words:
                return None
            return word
        return None

    def _period(self, low: str, end: int) -> str | None:
        for period, pattern in self._per:
            if pattern.match(low, end):
                return period
        return None


@cache
def default_parser() -> QuantityParser:
    return QuantityParser(default_lexicon())


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in `text` (the default lexicon's words)."""
    return default_parser().find(text)


def parse_amount(text: str) -> tuple[float, str | None] | None:
    """The first quantity of `text` as (value, unit): "$1.2M" → (1200000.0, "USD")."""
    quantities = find_quantities(text)
    return (quantities[0].value, quantities[0].unit) if quantities else None


def milestone(value: float) -> float:
    """Round to two significant figures, so "$2.04M" and "$2M mark" share a key."""
    if value == 0:
        return 0.0
    magnitude = 10 ** (len(str(int(abs(value)))) - 2)
    return float(int(value / magnitude) * magnitude) if magnitude >= 1 else round(value, 1)
