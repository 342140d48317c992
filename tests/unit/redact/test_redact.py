"""Redaction with Presidio: what is withheld in several languages, what is kept, and the
way back from a redacted text to the original one.

These are the developer's own examples (the data engineer's held-out set is measured in
test_redaction_set.py).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sago.redact.base import Redactor
from support.factories import shared_redactor

DEVSET = Path(__file__).resolve().parents[4] / "shared" / "devset" / "messages.csv"

# (text, must be withheld, must be kept)
CASES: list[tuple[str, list[str], list[str]]] = [
    (
        "Olivia accepted! base is $185k + 0.8% equity, please keep that between us.",
        ["$185k", "0.8% equity"],
        ["Olivia accepted!", "please keep that between us"],
    ),
    ("Her salary will be $140,000 plus a $20k signing bonus.", ["$140,000", "$20k"], []),
    ("Offer letter out to Dev: €95k, 0.25% options, 4-year vesting.", ["€95k", "0.25%"], []),
    ("We closed the $8M Series A with Northbeam.", [], ["$8M Series A", "Northbeam"]),
    ("MRR is $200k, up 18% MoM; customer base of 700 clinics.", [], ["$200k", "700 clinics"]),
    ("Call me on +1 415 555 0134 if the deal stalls.", ["415 555 0134"], ["if the deal stalls"]),
    (
        "My personal email is maya.okafor@gmail.com, use that this week.",
        ["maya.okafor@gmail.com"],
        ["use that this week"],
    ),
    ("Send the contract to legal@harlowkent.com please", [], ["legal@harlowkent.com"]),
    ("I live at 12 Baker Street, London NW1 6XE.", ["12 Baker Street", "NW1 6XE"], []),
    (
        "Leo is on sick leave until Friday, Priya covers standup.",
        ["sick leave until Friday"],
        ["Priya covers standup"],
    ),
    ("Sam's performance review is Thursday; keep it quiet.", ["performance review"], []),
    ("Ana has a PIP starting Monday.", ["PIP starting Monday"], []),
    ("pip install presidio-analyzer broke the build", [], ["pip install"]),
    # Dates, figures and standard numbers are not phone numbers.
    (
        "Certified 2025-06-18 under ISO 27001-5521; arr 2000000.0 USD, 1,500,000 patients.",
        [],
        ["2025-06-18", "27001-5521", "2000000.0", "1,500,000"],
    ),
    (
        "Call +44 7700 900123 or 0151 2345 6789, or 415 555 0134.",
        ["7700 900123", "0151 2345 6789", "415 555 0134"],
        [],
    ),
    ("Signed Gruppo Sorriso for €620k, 85 clinics!", ["Gruppo Sorriso"], ["€620k", "85 clinics"]),
    ("Project Falcon kicks off in May.", ["Project Falcon"], ["kicks off in May"]),
    # Portuguese
    ("O salário base da Inês é €4.000 por mês.", ["€4.000"], []),
    ("O João está de baixa médica esta semana.", ["baixa médica"], []),
    ("Liga-me para +351 912 345 678 amanhã.", ["912 345 678"], ["amanhã"]),
    ("A minha morada é Rua das Flores 23, 1200-195 Lisboa.", ["Rua das Flores 23", "1200-195"], []),
    ("Fechámos 25 clínicas em Portugal!", [], ["25 clínicas"]),
    # Italian
    ("La RAL di Marco sarà 55.000€ più bonus.", ["55.000€"], []),
    ("Giulia è in malattia fino a lunedì.", ["in malattia fino a lunedì"], []),
    ("Spedite i campioni a Via Roma 12, 20121 Milano (MI).", ["Via Roma 12", "20121 Milano"], []),
    ("Abbiamo firmato con 85 cliniche in Lombardia.", [], ["85 cliniche"]),
    # Polish
    ("Pensja Kasi to 12 000 zł brutto.", ["12 000 zł"], []),
    ("Tomek jest na zwolnieniu lekarskim do piątku.", ["zwolnieniu lekarskim"], []),
    ("Adres: ul. Marszałkowska 10/5, 00-590 Warszawa.", ["Marszałkowska 10/5", "00-590"], []),
    ("Uruchomiliśmy 12 klinik w Polsce.", [], ["12 klinik"]),
    # Korean
    ("민수 연봉은 8천만원입니다.", ["8천만원"], []),
    ("지은 씨는 병가 중입니다.", ["병가"], []),
    ("연락처 010-1234-5678 로 주세요.", ["1234-5678"], []),
    ("서울시 강남구 테헤란로 123 으로 보내주세요.", ["테헤란로 123"], []),
    ("이번 달 신규 병원 30곳과 계약했습니다.", [], ["30곳"]),
    # German, Spanish, French
    ("Lenas Gehalt steigt auf 78.000 € brutto.", ["78.000"], []),
    ("Jonas ist krankgeschrieben bis Mittwoch.", ["krankgeschrieben"], []),
    ("El sueldo de Ana será 60.000 € al año.", ["60.000"], []),
    ("Le salaire de Paul passe à 70 k€.", ["70 k€"], []),
    ("Claire est en arrêt maladie jusqu'à lundi.", ["arrêt maladie"], []),
]


@pytest.fixture(scope="module")
def redactor() -> Redactor:
    return shared_redactor()


@pytest.mark.parametrize(("text", "withheld", "kept"), CASES, ids=[c[0][:30] for c in CASES])
@pytest.mark.parametrize("audience", ["investor", "llm"])
def test_withheld_and_kept(
    redactor: Redactor, text: str, withheld: list[str], kept: list[str], audience: str
) -> None:
    redacted = redactor.redact(text, audience)  # type: ignore[arg-type]
    for secret in withheld:
        assert secret not in redacted.text, redacted.text
    for keep in kept:
        assert keep in redacted.text, redacted.text
    assert bool(redacted.withheld) == bool(withheld)
    for span in redacted.withheld:
        assert text[span.start : span.end] == span.text
        assert span.reason


def test_placeholders_per_audience_and_the_way_back(redactor: Redactor) -> None:
    text = "Welcome Olivia! base is $185k + 0.8% equity, starts Monday."
    investor = redactor.redact(text, "investor")
    assert investor.text == "Welcome Olivia! (withheld), starts Monday."
    llm = redactor.redact(text, "llm")
    assert llm.text.startswith("Welcome Olivia! [compensation-")
    token = llm.text.split("! ", 1)[1].split(",", 1)[0]
    assert llm.placeholders() == {token: "base is $185k + 0.8% equity"}
    # Same text, same placeholder: ids of events from redacted text stay stable.
    assert redactor.redact(text, "llm").text == llm.text
    start = llm.text.index("starts Monday")
    assert llm.to_original(start, start + len("starts Monday")) == (
        text.index("starts Monday"),
        text.index("starts Monday") + len("starts Monday"),
    )
    assert llm.to_original(0, len(llm.text)) is None  # covers the placeholder


def _devset_texts() -> list[str]:
    if not DEVSET.exists():
        return []
    with DEVSET.open(encoding="utf-8", newline="") as handle:
        return [row["content"] for row in csv.DictReader(handle)]


def test_the_screen_passes_every_text_presidio_finds_something_in(redactor: Redactor) -> None:
    # The cheap screen decides whether Presidio runs at all; it may pass too much, never
    # too little.
    from sago.redact.presidio import PresidioRedactor

    assert isinstance(redactor, PresidioRedactor)
    texts = [c[0] for c in CASES] + _devset_texts()
    for text in texts:
        found = redactor.analyze(text, "investor")
        if found:
            assert redactor.screened(text), (text, found)
    assert not redactor.screened("Closed the $8M seed round, MRR $200k (+18%).")


def test_a_quote_over_a_placeholder_is_cut_to_clean_original_text(redactor: Redactor) -> None:
    from sago.domain.event import Evidence
    from sago.redact.extractor import ground_in_original

    text = "Olivia Brandt joins as VP Sales, base is $185k + 0.8% equity, from August 4."
    redacted = redactor.redact(text, "llm")
    whole = Evidence(message_id="1", quote=redacted.text)
    cut = ground_in_original(whole, redacted)
    assert cut is not None
    assert cut.quote == "Olivia Brandt joins as VP Sales,"
    assert (cut.start, cut.end) == (0, len(cut.quote))
    clean = redacted.text[-len("from August 4.") :]
    moved = ground_in_original(Evidence(message_id="1", quote=clean), redacted)
    assert moved is not None
    assert moved.start is not None
    assert text[moved.start : moved.end] == "from August 4."
    token = next(iter(redacted.placeholders()))
    assert ground_in_original(Evidence(message_id="1", quote=token), redacted) is None
