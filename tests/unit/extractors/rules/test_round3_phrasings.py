"""Failure classes of round 3 (#13), in invented sentences: Dutch and Swedish read from
their own lexicon files, papers signed with nobody as a customer, staff let go read as a
customer leaving, a rival's price and a dashboard row read as our achievement, a place
read as a product."""

from __future__ import annotations

import pytest

from sago.domain.event import EventType, Polarity, SignificantEvent
from support.rules_text import rules_events


def events(text: str) -> list[SignificantEvent]:
    return rules_events(text)


def kinds(text: str) -> list[tuple[EventType, Polarity]]:
    return [(e.event_type, e.polarity) for e in events(text)]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (
            "Bakkerij Meijer heeft getekend: 2 jaar, 14 filialen, €40.000 per jaar",
            EventType.ENTERPRISE_DEAL,
        ),
        ("Welkom Sofie de Boer! Ze begint maandag als onze nieuwe CFO", EventType.HIRING),
        ("Hemsida 3.0 staat live in de App Store 🎉", EventType.PRODUCT_LAUNCH),
        ("Nordbygg AB har sagt upp avtalet från 1 mars, 8 000 € per år", EventType.ENTERPRISE_DEAL),
        ("Vi har tecknat ett samarbetsavtal med Fjällkraft Logistik", EventType.PARTNERSHIP),
    ],
)
def test_dutch_and_swedish_events_are_read(text: str, wanted: EventType) -> None:
    assert wanted in {e.event_type for e in events(text)}


@pytest.mark.parametrize(
    "text",
    [
        "als Bakkerij Meijer tekent, openen we een kantoor in Gent",
        "om Nordbygg skriver på öppnar vi kontor i Oslo",
        "Signed IP assignment agreements for all founders",
        "notary signed 30 min ago, the shareholders' agreement is done",
        "Legal is reviewing the SLAs and termination clauses in the Hooli contract",
        "Weekly numbers: active sites 318 | sensor uptime 99.2% | open tickets 27",
        "we lost the Brightline tender to Corvex on price (~18% cheaper)",
    ],
)
def test_no_event_of_the_kind_it_mentions(text: str) -> None:
    found = kinds(text)
    assert (EventType.ENTERPRISE_DEAL, Polarity.POSITIVE) not in found
    assert EventType.TECHNICAL_ACHIEVEMENT not in {t for t, _ in found}
    assert EventType.MARKET_EXPANSION not in {t for t, _ in found}


def test_staff_let_go_is_a_layoff_not_a_customer_leaving() -> None:
    text = "Heute haben wir fünf Kolleginnen und Kollegen aus dem Lager betriebsbedingt gekündigt."
    assert kinds(text) == [(EventType.HIRING, Polarity.NEGATIVE)]


def test_a_place_that_went_live_is_not_a_product() -> None:
    text = "the first 3 stores in Aichi went live today"
    assert EventType.PRODUCT_LAUNCH not in {t for t, _ in kinds(text)}


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Say hello to our new Head of Sales, Tom Berg", "Tom Berg"),
        ("Welcome Maud Jansen, our new VP Sales", "Maud Jansen"),
    ],
)
def test_the_triggers_own_capital_is_not_the_new_hire(text: str, person: str) -> None:
    (hire,) = events(text)
    assert hire.title.startswith(f"{person} joined")


def test_a_participle_after_its_count_is_a_milestone_in_dutch_only() -> None:
    assert kinds("we zijn de 300 aangesloten kassen gepasseerd!! 🎉") == [
        (EventType.USER_GROWTH, Polarity.POSITIVE)
    ]
    assert events("14 beta warehouses moved over with zero issues") == []


def test_a_dutch_lost_tender_names_the_customer_not_the_rival() -> None:
    (lost,) = events("we hebben de tender van Looye Kwekers verloren aan Ridder")
    assert (lost.event_type, lost.polarity) == (EventType.ENTERPRISE_DEAL, Polarity.NEGATIVE)
    assert "Looye" in lost.title


@pytest.mark.parametrize(
    "text",
    [
        "Vinnova har beviljat oss 4,2 miljoner kronor för projektet",
        "Nos han concedido 480.000 € para el proyecto de mantenimiento",
    ],
)
def test_a_sum_granted_to_us_is_a_grant_without_its_noun(text: str) -> None:
    assert kinds(text) == [(EventType.FUNDING, Polarity.POSITIVE)]


def test_a_contract_awarded_to_us_is_a_deal_not_a_grant() -> None:
    found = kinds("Hooli awarded us the contract for 40 sites, $200k ACV")
    assert found == [(EventType.ENTERPRISE_DEAL, Polarity.POSITIVE)]
