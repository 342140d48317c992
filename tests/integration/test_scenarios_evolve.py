"""Events that evolve, end to end: a company's month as `sago run` reads it, final events.

Each scenario runs with the offline rules extractor and with an LLM (the real extractor
against the stub model), on the embedded stores and on PostgreSQL; the ones where
message versions matter also on Cassandra. The messages are written for these tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from sago.config import Settings
from sago.domain.event import EventStatus, EventType, Polarity, SignificantEvent
from sago.domain.series import latest_change
from support.scenarios import (
    Post,
    active,
    changed,
    deleted,
    model,
    posted,
    run,
    settings,
    stored,
    write_csv,
    write_slack_export,
)

T = EventType
Check = Callable[[list[SignificantEvent], Settings], None]


@dataclass
class Scenario:
    name: str
    posts: list[Post]
    # What the stub model answers for a message containing the key.
    script: dict[str, list[dict[str, Any]]]
    check: Check
    extra: dict[str, Any] = field(default_factory=dict)


def _one(events: Sequence[SignificantEvent], **fields: Any) -> SignificantEvent:
    found = [e for e in events if all(getattr(e, k) == v for k, v in fields.items())]
    assert len(found) == 1, f"expected one event with {fields}, got {[e.title for e in found]}"
    return found[0]


def _of(events: Sequence[SignificantEvent], *types: EventType) -> list[SignificantEvent]:
    return [e for e in events if e.event_type in types]


def _email(config: Settings) -> str:
    return (config.out_dir / "investor_email.md").read_text(encoding="utf-8").lower()


# -- the round's lifecycle --------------------------------------------------------------


def check_round(events: list[SignificantEvent], config: Settings) -> None:
    now = _of(active(events), T.FUNDING, T.INVESTOR_INTEREST)
    assert [(e.event_type, e.stage) for e in now] == [(T.FUNDING, "closed")]
    closed = now[0]
    assert closed.metric("amount_usd") == 4_000_000
    sheet = _one(events, event_type=T.INVESTOR_INTEREST)
    assert (sheet.status, sheet.superseded_by) == (EventStatus.SUPERSEDED, closed.id)
    assert sheet.stage == "signed"
    assert {"1", "2"} <= set(sheet.source_message_ids)
    assert [h.kind for h in sheet.history][-1] == "superseded"
    assert "term sheet" not in _email(config)


ROUND = Scenario(
    "round lifecycle",
    [
        Post("2025-03-03T09:12:00", "june",
             "Huge morning: Northpoint Capital sent over a term sheet for our $4M seed 🙌"),
        Post("2025-03-11T16:40:00", "june",
             "We countersigned the Northpoint term sheet today. Lawyers are on the closing docs."),
        Post("2025-03-28T18:05:00", "june",
             "It's official: our $4M seed round led by Northpoint Capital has closed and the "
             "money landed this afternoon."),
    ],
    {
        "sent over a term sheet": [
            {"event_type": "investor_interest", "title": "Term sheet from Northpoint Capital",
             "stage": "term_sheet", "occurrence": "round:seed",
             "stakeholders": ["Northpoint Capital"], "quote": "sent over a term sheet",
             "metrics": [{"name": "amount_usd", "value": 4e6, "unit": "USD"}]}],
        "countersigned": [
            {"event_type": "investor_interest", "title": "Signed the Northpoint term sheet",
             "stage": "signed", "occurrence": "round:seed", "stakeholders": ["Northpoint"],
             "quote": "We countersigned the Northpoint term sheet today"}],
        "has closed": [
            {"event_type": "funding", "title": "Closed the $4M seed led by Northpoint Capital",
             "stage": "closed", "occurrence": "round:seed",
             "stakeholders": ["Northpoint Capital"], "quote": "has closed",
             "metrics": [{"name": "amount_usd", "value": 4e6, "unit": "USD"}]}],
    },
    check_round,
)  # fmt: skip


# -- a correction ------------------------------------------------------------------------


def check_correction(events: list[SignificantEvent], config: Settings) -> None:
    [funding] = _of(active(events), T.FUNDING)
    assert funding.metric("amount_usd") == 3_500_000
    assert funding.source_message_ids == ["1", "2"]
    assert "correction" in [h.kind for h in funding.history]
    assert _of(events, T.FUNDING) == [funding]


CORRECTION = Scenario(
    "a correction",
    [
        Post("2025-04-01T10:00:00", "june",
             "We closed our seed round at $4M, led by Northpoint Capital."),
        Post("2025-04-02T08:30:00", "june",
             "Correction to yesterday: the seed closed at $3.5M, not $4M. My mistake."),
    ],
    {
        "closed our seed round at $4M": [
            {"event_type": "funding", "title": "Closed the $4M seed", "stage": "closed",
             "occurrence": "round:seed", "quote": "We closed our seed round at $4M",
             "metrics": [{"name": "amount_usd", "value": 4e6, "unit": "USD"}]}],
        "Correction to yesterday": [
            {"event_type": "funding", "title": "Seed closed at $3.5M", "stage": "closed",
             "occurrence": "round:seed", "quote": "the seed closed at $3.5M, not $4M",
             "metrics": [{"name": "amount_usd", "value": 3.5e6, "unit": "USD"}]}],
    },
    check_correction,
)  # fmt: skip


# -- two similar but distinct rounds -----------------------------------------------------


def check_two_rounds(events: list[SignificantEvent], config: Settings) -> None:
    rounds = _of(active(events), T.FUNDING)
    assert sorted((e.metric("amount_usd"), e.source_message_ids) for e in rounds) == [
        (4_000_000, ["1"]),
        (9_000_000, ["2"]),
    ]


TWO_ROUNDS = Scenario(
    "two similar but distinct rounds",
    [
        Post("2025-02-10T12:00:00", "june",
             "Closed a $4M seed round led by Northpoint Capital. Thank you all!"),
        Post("2025-10-20T15:30:00", "june",
             "We just closed a second seed round: $9M, led by Acorn VC."),
    ],
    {
        "$4M seed round led by Northpoint": [
            {"event_type": "funding", "title": "Closed a $4M seed led by Northpoint Capital",
             "stage": "closed", "occurrence": "round:seed", "quote": "Closed a $4M seed round",
             "stakeholders": ["Northpoint Capital"],
             "metrics": [{"name": "amount_usd", "value": 4e6, "unit": "USD"}]}],
        "second seed round": [
            {"event_type": "funding", "title": "Closed a $9M seed led by Acorn VC",
             "stage": "closed", "occurrence": "round:seed", "stakeholders": ["Acorn VC"],
             "quote": "We just closed a second seed round: $9M, led by Acorn VC",
             "metrics": [{"name": "amount_usd", "value": 9e6, "unit": "USD"}]}],
    },
    check_two_rounds,
)  # fmt: skip


# -- churn of a paying customer ----------------------------------------------------------


def check_churn(events: list[SignificantEvent], config: Settings) -> None:
    marlowe = [e for e in events if "marlowe" in (e.occurrence or e.title.lower())]
    [churn] = active(marlowe)
    assert churn.polarity is Polarity.NEGATIVE
    assert churn.event_type in (T.ENTERPRISE_DEAL, T.CUSTOMER_SUCCESS)
    deal = _one(marlowe, polarity=Polarity.POSITIVE)
    assert (deal.status, deal.superseded_by) == (EventStatus.SUPERSEDED, churn.id)


CHURN = Scenario(
    "churn of a paying customer",
    [
        Post("2025-05-06T11:00:00", "june",
             "Marlowe Bakeries signed a 12-month contract, $38k ARR across their 9 shops."),
        Post("2025-08-19T17:45:00", "june",
             "Ugh. Marlowe Bakeries cancelled today, $38k ARR walking out the door at the end "
             "of the month."),
    ],
    {
        "Marlowe Bakeries signed": [
            {"event_type": "enterprise_deal", "title": "Marlowe Bakeries signed ($38k ARR)",
             "stage": "signed", "occurrence": "customer:marlowe bakeries",
             "stakeholders": ["Marlowe Bakeries"],
             "quote": "Marlowe Bakeries signed a 12-month contract, $38k ARR",
             "metrics": [{"name": "arr_usd", "value": 38000, "unit": "USD"}]}],
        "Marlowe Bakeries cancelled": [
            {"event_type": "enterprise_deal", "polarity": "negative",
             "title": "Marlowe Bakeries churned ($38k ARR)", "stage": "churned",
             "occurrence": "customer:marlowe bakeries", "stakeholders": ["Marlowe Bakeries"],
             "quote": "Marlowe Bakeries cancelled today, $38k ARR walking out the door",
             "metrics": [{"name": "arr_usd", "value": 38000, "unit": "USD"}]}],
    },
    check_churn,
)  # fmt: skip


# -- an ARR decline, and a monthly series ----------------------------------------------


def check_decline(events: list[SignificantEvent], config: Settings) -> None:
    points = sorted((e for e in active(events) if e.series == "arr_usd"), key=lambda e: e.period)
    assert [(e.period, e.metric("arr_usd"), e.polarity) for e in points] == [
        ("2025-03", 1_200_000, Polarity.POSITIVE),
        ("2025-04", 1_100_000, Polarity.NEGATIVE),
    ]
    change = latest_change(events, "arr_usd")
    assert change is not None
    assert change.delta == -100_000
    assert change.good_news is False


DECLINE = Scenario(
    "an ARR decline",
    [
        Post("2025-03-31T17:00:00", "june", "March books are closed: ARR is $1.2M."),
        Post("2025-04-30T17:00:00", "june",
             "April books are closed: ARR came in at $1.1M, down from $1.2M after two "
             "downgrades."),
    ],
    {
        "ARR is $1.2M": [
            {"event_type": "revenue_milestone", "title": "ARR at $1.2M", "series": "arr_usd",
             "period": "2025-03", "quote": "ARR is $1.2M",
             "metrics": [{"name": "arr_usd", "value": 1.2e6, "unit": "USD"}]}],
        "ARR came in at $1.1M": [
            {"event_type": "revenue_milestone", "polarity": "negative",
             "title": "ARR fell to $1.1M", "series": "arr_usd", "period": "2025-04",
             "quote": "ARR came in at $1.1M, down from $1.2M",
             "metrics": [{"name": "arr_usd", "value": 1.1e6, "unit": "USD"}]}],
    },
    check_decline,
)  # fmt: skip


def check_series(events: list[SignificantEvent], config: Settings) -> None:
    points = sorted((e for e in active(events) if e.series == "mrr_usd"), key=lambda e: e.period)
    assert [(e.period, e.metric("mrr_usd")) for e in points] == [
        ("2025-01", 82_000),
        ("2025-02", 91_000),
        ("2025-03", 104_000),
    ]
    assert {e.polarity for e in points} == {Polarity.POSITIVE}
    change = latest_change(events, "mrr_usd")
    assert change is not None
    assert change.delta == 13_000


def _mrr(month: str, text: str, value: float) -> dict[str, list[dict[str, Any]]]:
    return {
        text: [
            {"event_type": "revenue_milestone", "title": f"MRR at ${value / 1000:.0f}k",
             "series": "mrr_usd", "period": month, "quote": text,
             "metrics": [{"name": "mrr_usd", "value": value, "unit": "USD"}]}]
    }  # fmt: skip


SERIES = Scenario(
    "a monthly ARR series",
    [
        Post("2025-01-31T18:00:00", "june", "January close: MRR $82k."),
        Post("2025-02-28T18:00:00", "june", "February close: MRR $91k."),
        Post("2025-03-31T18:00:00", "june", "March close: MRR $104k, best month yet."),
    ],
    _mrr("2025-01", "January close: MRR $82k", 82e3)
    | _mrr("2025-02", "February close: MRR $91k", 91e3)
    | _mrr("2025-03", "March close: MRR $104k", 104e3),
    check_series,
)


# -- announced, then retracted -----------------------------------------------------------


def check_fell_through(events: list[SignificantEvent], config: Settings) -> None:
    pinecrest = [e for e in events if "pinecrest" in (e.occurrence or e.title.lower())]
    signed = _one(pinecrest, polarity=Polarity.POSITIVE)
    assert signed.status is EventStatus.RETRACTED
    assert signed.history[-1].kind == "retracted"
    assert [e.polarity for e in active(pinecrest)] == [Polarity.NEGATIVE]
    assert signed.superseded_by == active(pinecrest)[0].id


FELL_THROUGH = Scenario(
    "an event announced and later retracted",
    [
        Post("2025-06-02T10:20:00", "june",
             "Pinecrest Dental Group is signed 🎉 $60k a year, starting July."),
        Post("2025-06-20T09:05:00", "june",
             "Update on Pinecrest: the deal fell through, their procurement pulled the plug "
             "at the last minute."),
    ],
    {
        "Pinecrest Dental Group is signed": [
            {"event_type": "enterprise_deal", "title": "Signed Pinecrest Dental Group",
             "stage": "signed", "occurrence": "customer:pinecrest dental group",
             "quote": "Pinecrest Dental Group is signed",
             "metrics": [{"name": "acv_usd", "value": 60000, "unit": "USD"}]}],
        "the deal fell through": [
            {"event_type": "enterprise_deal", "polarity": "negative",
             "title": "Pinecrest Dental Group deal fell through", "stage": "lost",
             "occurrence": "customer:pinecrest dental group",
             "quote": "the deal fell through, their procurement pulled the plug"}],
    },
    check_fell_through,
)  # fmt: skip

SCENARIOS = [ROUND, CORRECTION, TWO_ROUNDS, CHURN, DECLINE, SERIES, FELL_THROUGH]


# -- running them ------------------------------------------------------------------------


@pytest.fixture(params=["embedded", pytest.param("postgres", marks=pytest.mark.postgres)])
def backends(request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    if request.param == "embedded":
        yield {}
        return
    from support.postgres import schema_dsn

    dsn = request.getfixturevalue("postgres_dsn")
    with schema_dsn(dsn, request.getfixturevalue("unique_name")) as own:
        yield {"eventstore": "postgres", "postgres_dsn": own}


def _cases() -> list[Any]:
    cases = []
    for scenario in SCENARIOS:
        cases.append(pytest.param(scenario, "llm", id=f"{scenario.name}-llm"))
        cases.append(pytest.param(scenario, "rules", id=f"{scenario.name}-rules"))
    return cases


@pytest.mark.parametrize(("scenario", "extractor"), _cases())
def test_scenario(
    scenario: Scenario, extractor: str, backends: dict[str, Any], tmp_path: Path
) -> None:
    data = write_csv(tmp_path / "month.csv", scenario.posts)
    with model(scenario.script) as stub:
        config = settings(tmp_path, extractor, stub, **backends)
        run(config, data)
        first = stored(config)
        scenario.check(first, config)
        # Running the same month again changes nothing.
        again = run(config, data)
        assert again.stored_new == 0
        assert stored(config) == first


# -- Slack exports whose messages change -------------------------------------------------

CLOSED_A = Post(
    "2025-07-01T09:30:00", "june", "We closed the Series A! $12M led by Harbor Lane Ventures."
)
QUAYSIDE = Post("2025-07-01T11:10:00", "june", "Signed Quayside Hotels, $45k ACV.")
NEXT_DAY = Post("2025-07-02T08:00:00", "june", "")
NOT_CLOSED = "Ignore my last message: we did NOT close the Series A yet, still negotiating."
SLACK_SCRIPT: dict[str, list[dict[str, Any]]] = {
    "We closed the Series A!": [
        {"event_type": "funding", "title": "Closed the $12M Series A", "stage": "closed",
         "occurrence": "round:series a", "stakeholders": ["Harbor Lane Ventures"],
         "quote": "We closed the Series A! $12M led by Harbor Lane Ventures",
         "metrics": [{"name": "amount_usd", "value": 12e6, "unit": "USD"}]}],
    "Signed Quayside Hotels": [
        {"event_type": "enterprise_deal", "title": "Signed Quayside Hotels ($45k ACV)",
         "stage": "signed", "occurrence": "customer:quayside hotels",
         "quote": "Signed Quayside Hotels, $45k ACV",
         "metrics": [{"name": "acv_usd", "value": 45000, "unit": "USD"}]}],
}  # fmt: skip


SCALE = [pytest.mark.kafka, pytest.mark.redis, pytest.mark.postgres, pytest.mark.cassandra]


@pytest.fixture(params=["embedded", pytest.param("scale", marks=SCALE)])
def version_backends(request: pytest.FixtureRequest) -> Iterator[dict[str, Any]]:
    """Embedded backends, or the scale path: Kafka, Redis, Cassandra and PostgreSQL."""
    if request.param == "embedded":
        yield {}
        return
    from sago.rawstore.cassandra import CassandraRawStore
    from support.postgres import schema_dsn

    unique = request.getfixturevalue("unique_name")
    hosts = request.getfixturevalue("cassandra_hosts")
    keyspace = request.getfixturevalue("cassandra_keyspace")
    with schema_dsn(request.getfixturevalue("postgres_dsn"), unique) as own:
        yield {
            "queue": "kafka",
            "kafka_bootstrap": request.getfixturevalue("kafka_bootstrap"),
            "kafka_topic_slack": f"{unique}-slack",
            "kafka_topic_gmail": f"{unique}-gmail",
            "kafka_group": unique,
            "kafka_partitions": 1,
            "batcher": "redis",
            "redis_url": request.getfixturevalue("redis_url"),
            "redis_prefix": unique,
            "eventstore": "postgres",
            "postgres_dsn": own,
            "rawstore": "cassandra",
            "cassandra_hosts": hosts,
            "cassandra_keyspace": keyspace,
        }
    # The session's keyspace is shared: leave it empty, as every Cassandra test does.
    store = CassandraRawStore(hosts, keyspace=keyspace)
    store.flush()
    store.close()


@pytest.mark.parametrize("extractor", ["llm", "rules"])
def test_a_slack_export_reimported_after_an_edit_and_a_delete(
    extractor: str, version_backends: dict[str, Any], tmp_path: Path
) -> None:
    first = write_slack_export(
        tmp_path / "export-1", {"2025-07-01": [posted(CLOSED_A), posted(QUAYSIDE)]}
    )
    # The same workspace exported a day later: the round message edited, the deal deleted.
    later = {
        "2025-07-01": [posted(CLOSED_A), posted(QUAYSIDE)],
        "2025-07-02": [changed(CLOSED_A, NOT_CLOSED, NEXT_DAY), deleted(QUAYSIDE, NEXT_DAY)],
    }
    second = write_slack_export(tmp_path / "export-2", later)
    with model(SLACK_SCRIPT) as stub:
        config = settings(tmp_path, extractor, stub, **version_backends)
        run(config, first)
        before = active(stored(config))
        assert sorted(e.event_type for e in before) == [T.ENTERPRISE_DEAL, T.FUNDING]
        again = run(config, second)
        assert again.stored_new == 2  # two changed messages, extracted again
        after = stored(config)
        assert active(after) == []
        for event in before:
            [now] = [e for e in after if e.id == event.id]
            assert now.status is EventStatus.RETRACTED
            kinds = [h.kind for h in now.history]
            assert kinds[-1] == "retracted"
            assert ("deleted" if event.event_type is T.ENTERPRISE_DEAL else "edited") in kinds
        # Re-importing the unchanged export changes nothing.
        third = run(config, second)
        assert third.stored_new == 0
        assert stored(config) == after
    from sago.bootstrap import build_rawstore

    raw = build_rawstore(config)
    try:
        [message_id] = [m.id for m in raw.messages("tidewater") if "Series A" in m.text]
        assert [m.text for m in raw.versions("tidewater", message_id)] == [
            CLOSED_A.text,
            NOT_CLOSED,
        ]
    finally:
        raw.close()


@pytest.mark.parametrize("extractor", ["llm", "rules"])
def test_an_edit_in_a_later_days_file_applies_within_one_export(
    extractor: str, tmp_path: Path
) -> None:
    export = write_slack_export(
        tmp_path / "export",
        {
            "2025-07-01": [posted(CLOSED_A), posted(QUAYSIDE)],
            "2025-07-02": [changed(CLOSED_A, NOT_CLOSED, NEXT_DAY)],
        },
    )
    with model(SLACK_SCRIPT) as stub:
        config = settings(tmp_path, extractor, stub)
        summary = run(config, export)
    events = stored(config)
    assert summary.stored_new == 2
    assert [e.event_type for e in events] == [T.ENTERPRISE_DEAL]
    assert events[0].status is EventStatus.ACTIVE


def test_a_newer_version_arriving_while_the_older_waits_in_a_batch_wins(tmp_path: Path) -> None:
    # Both exports in one run, batches held until the end of input: the edited message
    # reaches the batcher while it still holds the first version, which is extracted
    # first; the newer version is batched again before the run ends.
    first = write_slack_export(tmp_path / "export-1", {"2025-07-01": [posted(CLOSED_A)]})
    second = write_slack_export(
        tmp_path / "export-2",
        {"2025-07-01": [posted(CLOSED_A)], "2025-07-02": [changed(CLOSED_A, NOT_CLOSED, NEXT_DAY)]},
    )
    config = settings(tmp_path, "rules", batch_max_wait=30.0)
    summary = run(config, first, second)
    assert summary.recovered == 1
    [event] = stored(config)
    assert event.event_type is T.FUNDING
    assert event.status is EventStatus.RETRACTED
    assert [h.kind for h in event.history][-2:] == ["edited", "retracted"]


def test_reports_time_cannot_settle_are_kept_and_listed_for_review(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    posts = [
        Post("2025-02-03T10:00:00", "june", "Seed is closed: $4M in the bank."),
        Post("2025-02-20T10:00:00", "june", "Seed closed at $9M, wire landed today."),
    ]
    script = {
        post.text: [
            {"event_type": "funding", "title": f"Closed the seed ({amount})", "stage": "closed",
             "occurrence": "round:seed", "quote": post.text,
             "metrics": [{"name": "amount_usd", "value": value, "unit": "USD"}]}]
        for post, amount, value in zip(posts, ("$4M", "$9M"), (4e6, 9e6), strict=True)
    }  # fmt: skip
    with model(script) as stub:
        config = settings(tmp_path, "llm", stub)
        run(config, write_csv(tmp_path / "month.csv", posts))
    [seed] = stored(config)
    assert seed.metric("amount_usd") == 9e6  # the later statement stands
    assert seed.review is not None
    assert "another round" in seed.review
    results = (config.out_dir / "pipeline_results.md").read_text(encoding="utf-8")
    assert "### Needs review" in results
    assert "1 event has conflicting reports" in capsys.readouterr().err
