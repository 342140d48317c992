"""Numbers as people write them, read one way: examples, and properties over many values."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sago.extractors.rules.quantities import find_quantities, milestone, parse_amount, parse_number


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("$1.2M", 1_200_000.0, "USD"),
        ("$850k", 850_000.0, "USD"),
        ("€2.5m", 2_500_000.0, "EUR"),
        ("£3m", 3_000_000.0, "GBP"),
        ("1.2 million users", 1_200_000.0, "users"),
        ("40% MoM", 40.0, "%"),
        ("91,5 %", 91.5, "%"),
        ("3x", 3.0, "x"),
        ("12k DAU", 12_000.0, "dau"),
        ("1,000 clinics", 1_000.0, "clinics"),
        ("ARR of $2M", 2_000_000.0, "USD"),
        ("$2,040k", 2_040_000.0, "USD"),
        ("$18,412.07", 18_412.07, "USD"),
        ("620.000 €", 620_000.0, "EUR"),
        ("2,5 milioni di euro", 2_500_000.0, "EUR"),
        ("450 mil euros", 450_000.0, "EUR"),
        ("R$ 38 mil por mês", 38_000.0, "BRL"),
        ("3,2 mln zł", 3_200_000.0, "PLN"),
        ("800만 달러", 8_000_000.0, "USD"),
        ("1억 원", 100_000_000.0, "KRW"),
        ("5 tys. użytkowników", 5_000.0, "użytkowników"),
        ("5 Mio. Euro", 5_000_000.0, "EUR"),
        ("USD 3.5M", 3_500_000.0, "USD"),
        ("4 million dollars", 4_000_000.0, "USD"),
        ("two million dollars", 2_000_000.0, "USD"),
        ("4 millions d'euros", 4_000_000.0, "EUR"),
        ("1 234 567 €", 1_234_567.0, "EUR"),
        ("CHF 2'500'000", 2_500_000.0, "CHF"),
        ("p95 of 400ms", 400.0, "ms"),
        ("~3h of downtime", 3.0, "hours"),
        ("a 3-year term", 3.0, "years"),
        ("three engineers", 3.0, "engineers"),
        ("contratto triennale", 3.0, "years"),
    ],
)
def test_reads_common_forms(text: str, value: float, unit: str | None) -> None:
    parsed = parse_amount(text)
    assert parsed is not None
    assert parsed[0] == pytest.approx(value)
    assert parsed[1] == unit


def test_counted_noun_skips_modifiers() -> None:
    clinics, dau = find_quantities("1,000 active clinics and 12k DAU")
    assert (clinics.kind, clinics.noun) == ("count", "clinics")
    assert (dau.kind, dau.noun) == ("count", "dau")


def test_rates_say_their_period() -> None:
    (year,) = find_quantities("€240k a year")
    (month,) = find_quantities("R$ 38 mil por mês")
    assert (year.per, month.per) == ("year", "month")


@pytest.mark.parametrize(
    "text",
    [
        "on July 24",
        "since 2019",
        "at 14:05 ET",
        "ISO/IEC 27001:2022",
        "PR #812",
        "p95",
        "Q3 and v2",
        "QB-200",
        "Route Planner 2",
        "we have patients at 11",
    ],
)
def test_dates_times_years_versions_and_codes_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_lower_case_m_after_a_space_is_a_distance_not_millions() -> None:
    (q,) = find_quantities("the office is 3 m away")
    assert q.value == 3.0
    assert find_quantities("3m users")[0].value == 3_000_000.0


@pytest.mark.parametrize(
    ("raw", "scaled", "value"),
    [
        ("1,000", False, 1000.0),
        ("1.000", False, 1000.0),
        ("0.700", False, 0.7),
        ("1.250", True, 1.25),
        ("2,040", True, 2040.0),
        ("1 000 000", False, 1_000_000.0),
        ("18,412.07", False, 18412.07),
        ("18.412,07", False, 18412.07),
        ("2,5", False, 2.5),
    ],
)
def test_separators_follow_the_writers_convention(raw: str, scaled: bool, value: float) -> None:
    assert parse_number(raw, has_scale=scaled) == pytest.approx(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [(2_040_000, 2_000_000), (2_400_000, 2_400_000), (18_200, 18_000), (25, 25), (0, 0)],
)
def test_milestone_keeps_two_significant_figures(value: float, expected: float) -> None:
    assert milestone(value) == expected


# --- properties: any value, written any common way, reads back ---------------------------
_AMOUNTS = st.integers(min_value=1_000, max_value=999_999_999)


def _grouped(value: int, sep: str) -> str:
    return f"{value:,}".replace(",", sep)


@settings(max_examples=60, deadline=None)
@given(_AMOUNTS, st.sampled_from(["$", "€", "£", "R$"]))
def test_any_grouped_amount_with_a_symbol_reads_back(value: int, symbol: str) -> None:
    for text in (f"{symbol}{_grouped(value, ',')}", f"{_grouped(value, '.')} {symbol}"):
        parsed = parse_amount(f"closed at {text} today")
        assert parsed is not None
        assert parsed[0] == pytest.approx(value), text


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=9))
def test_any_scaled_amount_reads_back_in_both_decimal_conventions(whole: int, tenth: int) -> None:
    expected = (whole + tenth / 10) * 1e6
    for text in (
        f"${whole}.{tenth}M",
        f"€{whole},{tenth} Mio.",
        f"{whole},{tenth} milioni di euro",
    ):
        parsed = parse_amount(text)
        assert parsed is not None
        assert parsed[0] == pytest.approx(expected), text


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=10, max_value=9_999_999), st.sampled_from(["clinics", "users", "stores"])
)
def test_any_count_with_its_noun_reads_back(count: int, noun: str) -> None:
    (q,) = find_quantities(f"we now have {count:,} active {noun}")
    assert (q.value, q.kind, q.noun) == (count, "count", noun)


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=999), st.integers(min_value=0, max_value=9))
def test_any_percentage_reads_back(whole: int, tenth: int) -> None:
    for text in (f"{whole}.{tenth}%", f"{whole},{tenth} %", f"{whole}.{tenth} percent"):
        (q,) = find_quantities(f"up {text} this month")
        assert (q.kind, q.value) == ("percent", pytest.approx(whole + tenth / 10)), text


@settings(max_examples=80, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("0123456789 $€,.%kKmMx-:/abcdeüß월만원")), max_size=40)
)
def test_spans_always_point_into_the_text(text: str) -> None:
    for q in find_quantities(text):
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start : q.end].strip() == q.text
