"""Resolution: the events a set of reports tells, the same in every order and grouping."""

from __future__ import annotations

import random

from sago.domain.event import EventStatus, EventType, Metric, Polarity
from sago.domain.merge import merge_events
from sago.domain.resolution import resolve_reports, story_of
from support.evolve import report, said, usd

T = EventType


def _by(events, **fields):  # type: ignore[no-untyped-def]
    return [e for e in events if all(getattr(e, k) == v for k, v in fields.items())]


def test_two_seed_rounds_with_different_leads_stay_apart() -> None:
    events = resolve_reports(
        [
            report(said(1), T.FUNDING, occurrence="round:seed",
                   metrics=[usd("amount_usd", 4e6)], stakeholders=["Northpoint"]),
            report(said(5), T.FUNDING, occurrence="round:seed",
                   metrics=[usd("amount_usd", 9e6)], stakeholders=["Acorn VC"]),
            report(said(6), T.FUNDING, occurrence="round:seed", stakeholders=["Acorn Ventures"]),
        ]
    )  # fmt: skip
    assert sorted((e.metric("amount_usd"), e.source_message_ids) for e in events) == [
        (4e6, ["1"]),
        (9e6, ["5", "6"]),
    ]
    assert {e.status for e in events} == {EventStatus.ACTIVE}
    assert all(e.review is None for e in events)


def test_a_jump_without_a_counterparty_is_flagged_for_review() -> None:
    [event] = resolve_reports(
        [
            report(said(1), T.FUNDING, occurrence="round:seed", metrics=[usd("amount_usd", 4e6)]),
            report(said(5), T.FUNDING, occurrence="round:seed", metrics=[usd("amount_usd", 9e6)]),
        ]
    )
    assert event.metric("amount_usd") == 9e6
    assert event.review is not None
    assert "another round" in event.review
    assert "conflict" in [h.kind for h in event.history]


def test_churn_supersedes_the_deal_and_a_lost_deal_retracts_it() -> None:
    events = resolve_reports(
        [
            report(said(1), T.ENTERPRISE_DEAL, stage="signed", occurrence="customer:bluefin sushi",
                   metrics=[usd("arr_usd", 38e3)]),
            report(said(9), T.CUSTOMER_SUCCESS, stage="churned",
                   occurrence="customer:bluefin sushi", negative=True),
            report(said(2), T.ENTERPRISE_DEAL, stage="signed", occurrence="customer:harvest"),
            report(said(8), T.ENTERPRISE_DEAL, stage="lost", occurrence="customer:harvest",
                   negative=True),
        ]
    )  # fmt: skip
    [churn] = _by(events, occurrence="customer:bluefin sushi", polarity=Polarity.NEGATIVE)
    [deal] = _by(events, occurrence="customer:bluefin sushi", polarity=Polarity.POSITIVE)
    assert churn.status is EventStatus.ACTIVE
    assert (deal.status, deal.superseded_by) == (EventStatus.SUPERSEDED, churn.id)
    [lost] = _by(events, occurrence="customer:harvest", polarity=Polarity.NEGATIVE)
    [signed] = _by(events, occurrence="customer:harvest", polarity=Polarity.POSITIVE)
    assert (signed.status, signed.superseded_by) == (EventStatus.RETRACTED, lost.id)
    assert signed.history[-1].kind == "retracted"


def test_a_launch_delayed_then_shipped_ends_launched() -> None:
    events = resolve_reports(
        [
            report(said(1), T.PRODUCT_LAUNCH, stage="delayed", occurrence="product:recall",
                   negative=True),
            report(said(4), T.PRODUCT_LAUNCH, stage="launched", occurrence="product:recall"),
        ]
    )  # fmt: skip
    [active] = _by(events, status=EventStatus.ACTIVE)
    [delay] = _by(events, status=EventStatus.SUPERSEDED)
    assert (active.stage, delay.stage, delay.superseded_by) == ("launched", "delayed", active.id)


def test_a_series_is_one_event_per_period_and_a_decline_is_bad_news() -> None:
    points = [
        report(said(n), T.REVENUE_MILESTONE, series="ARR USD", period=period,
               metrics=[usd("arr_usd", value)])
        for n, period, value in (
            (1, "2025-03", 1.2e6), (2, "2025-04", 1.1e6), (3, "2025-05", 1.3e6)
        )
    ]  # fmt: skip
    # A second report of April, later, corrects it.
    points.append(
        report(said(4), T.REVENUE_MILESTONE, series="arr_usd", period="2025-04",
               metrics=[usd("arr_usd", 1.05e6)])
    )  # fmt: skip
    events = sorted(resolve_reports(points), key=lambda e: e.period or "")
    assert [(e.period, e.metric("arr_usd"), e.polarity.value) for e in events] == [
        ("2025-03", 1.2e6, "positive"),
        ("2025-04", 1.05e6, "negative"),
        ("2025-05", 1.3e6, "positive"),
    ]
    assert [story_of(e) for e in events] == [f"series:arr_usd:{e.period}" for e in events]
    assert [h.kind for h in events[1].history] == ["reported", "correction"]


def test_resolution_depends_on_the_set_of_reports_only() -> None:
    rng = random.Random(14)
    reports = [
        report(said(1), T.INVESTOR_INTEREST, stage="term_sheet", occurrence="round:series a",
               metrics=[usd("amount_usd", 8e6)], stakeholders=["Northbeam"]),
        report(said(2), T.INVESTOR_INTEREST, stage="signed", occurrence="round:series a",
               key="series a"),
        report(said(3), T.INVESTOR_INTEREST, stage="term_sheet", occurrence="round:series a",
               key="series a"),
        report(said(7), T.FUNDING, occurrence="round:series a", metrics=[usd("amount_usd", 8e6)]),
        report(said(8), T.FUNDING, occurrence="round:series a",
               metrics=[usd("amount_usd", 8.5e6)], stakeholders=["Northbeam"]),
        report(said(9), T.ENTERPRISE_DEAL, stage="pilot", occurrence="customer:smilecare"),
        report(said(10), T.ENTERPRISE_DEAL, stage="signed", occurrence="customer:smilecare",
               metrics=[Metric(name="clinics", value=140.0)]),
        report(said(11), T.REVENUE_MILESTONE, series="arr_usd", metrics=[usd("arr_usd", 2e6)]),
        report(said(12), T.OTHER, key="outage"),
        report(said(13), T.OTHER, key="outage"),
    ]  # fmt: skip
    reference = sorted(e.model_dump_json() for e in resolve_reports(reports))
    for _ in range(30):
        shuffled = rng.sample(reports, len(reports))
        # Any grouping of reports with one id into merged reports (one batch or several).
        grouped: list = []  # type: ignore[type-arg]
        for one in shuffled:
            twin = next((g for g in grouped if g.id == one.id), None)
            if twin is not None and rng.random() < 0.5:
                grouped[grouped.index(twin)] = merge_events(twin, one)
            else:
                grouped.append(one)
        assert sorted(e.model_dump_json() for e in resolve_reports(grouped)) == reference
    series_a = _by(resolve_reports(reports), occurrence="round:series a")
    assert sorted((e.event_type.value, e.status.value, e.stage) for e in series_a) == [
        ("funding", "active", "closed"),
        ("investor_interest", "superseded", "signed"),
    ]
