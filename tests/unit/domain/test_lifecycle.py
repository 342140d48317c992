"""The lifecycle vocabulary: stage order, negative stages, occurrence and series keys."""

from __future__ import annotations

import datetime as dt

import pytest

from sago.domain.event import EventType, Polarity
from sago.domain.lifecycle import (
    DEAL,
    LAUNCH,
    ROUND,
    effective_stage,
    higher_is_better,
    lifecycle_of,
    normalise_occurrence,
    normalise_period,
    occurrence_key,
    parse_occurrence,
    period_of,
    previous_period,
    series_key,
)
from support.factories import event


def test_round_stages_follow_the_devset_convention() -> None:
    assert lifecycle_of(EventType.INVESTOR_INTEREST) is ROUND
    assert lifecycle_of(EventType.FUNDING) is ROUND
    rank = ROUND.rank
    assert rank("term_sheet") < rank("signed") < rank("closed")  # type: ignore[operator]
    assert lifecycle_of(EventType.MEDIA_COVERAGE) is None


def test_negative_stages_supersede_or_retract() -> None:
    # A churned customer was a paying one; a lost deal never got past the pilot.
    assert not DEAL.retracts("churned", "signed")
    assert DEAL.retracts("lost", "signed")
    assert not DEAL.retracts("lost", "pilot")
    assert LAUNCH.retracts("delayed", "launched")
    assert not LAUNCH.retracts("delayed", "beta")
    assert DEAL.is_negative("churned")
    assert not DEAL.is_negative("signed")


def test_effective_stage_defaults_by_type_for_positive_reports_only() -> None:
    funding = event(event_type=EventType.FUNDING)
    assert effective_stage(funding) == "closed"
    assert effective_stage(funding.model_copy(update={"stage": "term_sheet"})) == "term_sheet"
    assert effective_stage(funding.model_copy(update={"stage": "bogus"})) == "closed"
    deal = event(event_type=EventType.ENTERPRISE_DEAL).model_copy(
        update={"polarity": Polarity.NEGATIVE}
    )
    assert effective_stage(deal) is None
    assert effective_stage(deal.model_copy(update={"stage": "churned"})) == "churned"


def test_occurrence_keys_normalise_names_but_keep_them_apart() -> None:
    assert occurrence_key("round", "The Seed Round") == "round:seed"
    assert occurrence_key("round", "Series A") == "round:series a"
    assert occurrence_key("customer", "Bluefin Sushi, Inc.") == "customer:bluefin sushi"
    assert occurrence_key("customer", "Bluefin Seafood") != occurrence_key(
        "customer", "Bluefin Sushi"
    )
    assert occurrence_key("customer", "Inc.") is None
    assert parse_occurrence("round:series a") == ("round", "series a")
    assert parse_occurrence("nonsense") is None
    assert normalise_occurrence("Customer:Crédit Agricole SA") == "customer:credit agricole"
    assert normalise_occurrence("metric:ARR USD") == "metric:arr_usd"
    assert normalise_occurrence("planet:mars") is None
    with pytest.raises(ValueError, match="unknown occurrence kind"):
        occurrence_key("planet", "mars")


def test_series_and_periods() -> None:
    assert series_key("ARR (USD)") == "arr_usd"
    assert series_key("churn %") == "churn_pct"
    assert period_of(dt.date(2025, 3, 31)) == "2025-03"
    assert normalise_period("2025-04-02") == "2025-04"
    assert normalise_period("2025-13") is None
    assert previous_period("2025-01") == "2024-12"
    assert higher_is_better("arr_usd")
    assert not higher_is_better("logo_churn_pct")
