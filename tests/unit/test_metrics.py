"""Numbers as people write them, normalised."""

from __future__ import annotations

import pytest

from sago.domain.metrics import find_quantities, label_before, milestone, parse_amount, parse_number


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("$1.2M", 1_200_000.0, "USD"),
        ("$850k", 850_000.0, "USD"),
        ("€2.5m", 2_500_000.0, "EUR"),
        ("£3m", 3_000_000.0, "GBP"),
        ("1.2 million users", 1_200_000.0, "users"),
        ("40% MoM", 40.0, "%"),
        ("3x", 3.0, "x"),
        ("12k DAU", 12_000.0, "DAU"),
        ("1,000 clinics", 1_000.0, "clinics"),
        ("2.4B", 2_400_000_000.0, None),
        ("ARR of $2M", 2_000_000.0, "USD"),
        ("$2,040k", 2_040_000.0, "USD"),
        ("$18,412.07", 18_412.07, "USD"),
        ("620.000 €", 620_000.0, "EUR"),
        ("2,5 milioni di euro", 2_500_000.0, "EUR"),
        ("450 mil euros", 450_000.0, "EUR"),
        ("$2 mil", 2_000_000.0, "USD"),
        ("800만 달러", 8_000_000.0, "USD"),
        ("1억 원", 100_000_000.0, "KRW"),
        ("5 tys. użytkowników", 5_000.0, "użytkowników"),
        ("5 Mio. Euro", 5_000_000.0, "EUR"),
        ("USD 3.5M", 3_500_000.0, "USD"),
        ("4 million dollars", 4_000_000.0, "USD"),
        ("4 millions d'euros", 4_000_000.0, "EUR"),
        ("p95 of 400ms", 400.0, "ms"),
    ],
)
def test_reads_common_forms(text: str, value: float, unit: str | None) -> None:
    parsed = parse_amount(text)
    assert parsed is not None
    assert parsed[0] == pytest.approx(value)
    assert parsed[1] == unit


def test_counted_noun_skips_modifiers_and_keeps_acronyms() -> None:
    clinics, dau = find_quantities("1,000 active clinics and 12k DAU")
    assert (clinics.kind, clinics.noun) == ("count", "clinics")
    assert (dau.kind, dau.noun) == ("count", "DAU")


def test_shouted_nouns_are_lowered_but_acronyms_kept() -> None:
    (shout,) = find_quantities("WE CROSSED 1,000 ACTIVE CLINICS")
    assert shout.noun == "clinics"


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
    ],
)
def test_dates_times_years_and_codes_are_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_lower_case_m_after_a_space_is_a_distance_not_millions() -> None:
    (q,) = find_quantities("the office is 3 m away")
    assert q.value == 3.0
    assert find_quantities("3m users")[0].value == 3_000_000.0


def test_spans_point_into_the_text() -> None:
    text = "we raised $3.5M and hit 40% MoM"
    for q in find_quantities(text):
        assert text[q.start : q.end].strip() == q.text


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
    ],
)
def test_separators_follow_the_writers_convention(raw: str, scaled: bool, value: float) -> None:
    assert parse_number(raw, has_scale=scaled) == pytest.approx(value)


def test_label_before_names_a_number_from_the_left() -> None:
    text = "headcount 25 and ARR of $2M"
    headcount, arr = find_quantities(text)
    assert label_before(text, headcount) == "headcount"
    assert label_before(text, arr) == "ARR"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(2_040_000, 2_000_000), (2_400_000, 2_400_000), (18_200, 18_000), (25, 25), (0, 0)],
)
def test_milestone_keeps_two_significant_figures(value: float, expected: float) -> None:
    assert milestone(value) == expected


def test_metric_carries_name_value_and_unit() -> None:
    (q,) = find_quantities("$8.0M")
    metric = q.metric("amount_usd")
    assert (metric.name, metric.value, metric.unit) == ("amount_usd", 8_000_000.0, "USD")
