"""Figures read one way everywhere: the email, the dashboard, titles and history notes."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sago.domain.event import Metric
from sago.domain.presentation import compact, format_figure, format_metric, format_number


def test_compact_numbers() -> None:
    assert [compact(v) for v in (4e6, 1500.0, 5000.0, 999.0, 0.25, 2.5e9, 1_234_567.0)] == [
        "4M", "1.5k", "5k", "999", "0.25", "2.5B", "1.23M",
    ]  # fmt: skip


def test_figures_in_every_unit() -> None:
    assert format_figure(1_200_000.0, "USD") == "$1,200,000"
    assert format_figure(1_200_000.0, "USD", short=True) == "$1.2M"
    assert format_figure(620_000.0, "eur", short=True) == "€620k"
    assert format_figure(3_200_000.0, "PLN", short=True) == "3.2M PLN"
    assert format_figure(38_000.0, "BRL") == "R$38,000"
    assert format_figure(40.0, "%") == "40%"
    assert format_figure(3.0, "x") == "3x"
    assert format_figure(12_000.0, "DAU") == "12,000 DAU"
    assert format_figure("Series A", None) == "Series A"
    assert format_metric(Metric(name="arr", value=2.5, unit=None)) == "2.5"


@given(st.floats(min_value=0, max_value=1e12, allow_nan=False))
def test_a_short_figure_stays_within_a_percent(value: float) -> None:
    text = compact(value)
    scale = {"k": 1e3, "M": 1e6, "B": 1e9}.get(text[-1], 1.0)
    shown = float(text.rstrip("kMB").replace(",", "")) * scale
    assert abs(shown - value) <= max(0.01 * value, 0.005)


@given(st.integers(min_value=0, max_value=10**12))
def test_a_full_figure_keeps_every_digit(value: int) -> None:
    assert int(format_number(float(value)).replace(",", "")) == value
