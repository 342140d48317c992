"""Ordinary business phrasings in every lexicon language: a launch, a hire, a signed deal,
a milestone or a passed audit told the way a native writer would is found, and the same
news hedged, planned or negated in that language is not (invented sentences, not from a
labelled set). Each positive needs a phrase the lexicons did not have before."""

from __future__ import annotations

import pytest

from sago.domain.event import EventType
from support.rules_text import rules_events

LAUNCH, HIRE, DEAL = EventType.PRODUCT_LAUNCH, EventType.HIRING, EventType.ENTERPRISE_DEAL
GROWTH, AUDIT = EventType.USER_GROWTH, EventType.COMPLIANCE


def _events(text: str) -> list[EventType]:
    return [e.event_type for e in rules_events(text)]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # de
        ("Wir konnten Jonas Krüger als neuen CTO für uns gewinnen", HIRE),
        ("Die Brandt AG hat uns beauftragt: Rahmenvertrag über 3 Jahre", DEAL),
        # es
        ("La app Rutaviva ya está en App Store y Google Play", LAUNCH),
        ("Grupo Helvia nos eligió: contrato de 3 años", DEAL),
        ("Hemos superado la auditoría ISO 27001", AUDIT),
        # fr
        ("L'application Lumo est désormais disponible pour tous", LAUNCH),
        ("Claire Martin nous a rejoints comme directrice commerciale", HIRE),
        ("Groupe Lavande nous a choisis pour 3 ans", DEAL),
        # it
        ("L'app Voce è su App Store e Google Play", LAUNCH),
        ("Giulia Rossi si è unita al team come direttrice commerciale", HIRE),
        ("Ci siamo aggiudicati la gara con Ospedale San Marco", DEAL),
        ("Abbiamo toccato 8.000 utenti", GROWTH),
        # nl
        ("De app Kompas staat nu live voor iedereen", LAUNCH),
        ("Sanne de Vries is benoemd tot CFO", HIRE),
        ("Gemeente Delft heeft voor ons gekozen: contract voor 4 jaar", DEAL),
        ("We zitten nu op 9.000 gebruikers", GROWTH),
        # pl
        ("Anna Nowak objęła stanowisko CTO", HIRE),
        ("Szpital Miejski wybrał nas: umowa na 3 lata", DEAL),
        ("Przeszliśmy audyt ISO 27001", AUDIT),
        # pt
        ("O app Rota já está na App Store e na Google Play", LAUNCH),
        ("Damos as boas-vindas à Ana Souza, nossa nova diretora de vendas", HIRE),
        ("O Hospital Central nos escolheu: contrato de 3 anos", DEAL),
        ("Passamos na auditoria ISO 27001", AUDIT),
        # sv
        ("Appen Kompass är nu live för alla kunder", LAUNCH),
        ("Erik Lind tillträder som ny CFO", HIRE),
        ("Region Skåne har valt oss: avtal på 3 år", DEAL),
        ("Vi har nu 6 000 användare", GROWTH),
        ("Vi har klarat revisionen för ISO 27001", AUDIT),
    ],
)
def test_a_native_phrasing_is_found(text: str, kind: EventType) -> None:
    assert _events(text) == [kind]


@pytest.mark.parametrize(
    "text",
    [
        # de: hedged, planned
        "Eventuell konnten wir Jonas Krüger als neuen CTO für uns gewinnen",
        "Wir wollen Jonas Krüger als neuen CTO für uns gewinnen",
        "Voraussichtlich hat uns die Brandt AG beauftragt",
        # es: hedged
        "A lo mejor la app Rutaviva ya está en App Store y Google Play",
        "Tal vez Grupo Helvia nos eligió",
        # fr: hedged
        "Sans doute, l'application Lumo est désormais disponible pour tous",
        "Je pense que Groupe Lavande nous a choisis pour 3 ans",
        # it: hedged
        "Forse l'app Voce è su App Store e Google Play",
        # nl: hedged, hearsay, failed
        "Sanne de Vries is wellicht benoemd tot CFO",
        "Gemeente Delft heeft naar verluidt voor ons gekozen",
        "Eventueel zitten we nu op 9.000 gebruikers",
        "De ISO 27001 audit is niet gelukt",
        # pl: hearsay
        "Szpital Miejski podobno wybrał nas: umowa na 3 lata",
        # pt: hedged
        "Talvez o app Rota já está na App Store e na Google Play",
        # sv: hedged
        "Förhoppningsvis är appen Kompass nu live för alla kunder",
        "Erik Lind tillträder kanske som ny CFO",
        "Region Skåne har sannolikt valt oss",
    ],
)
def test_the_same_news_hedged_planned_or_negated_is_no_event(text: str) -> None:
    assert _events(text) == []
