"""Build the redaction set: sensitive messages with the spans a redactor must withhold.

Kelpie Systems is a fictional warehouse-robotics company with offices in London, Berlin,
Munich, Madrid, Paris, Amsterdam, Lisbon, São Paulo, Milan and Tokyo. Every text below is a
literal; `python3 tests/data/redaction/build.py` rewrites sensitive_messages.json and
confidential_terms.json next to this file and prints every broken rule (see README.md).

An item is (id, lang, text, withhold, keep); withhold is a list of
(span, category, why). Categories: compensation, contact, health_hr, confidential_term.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from support.redaction_set import write_set  # noqa: E402

COMP, CONTACT, HR, TERM = "compensation", "contact", "health_hr", "confidential_term"
SALARY = "salary of a named person"
OFFER = "offer terms of a named candidate"
EQUITY = "equity grant of a named person"
BONUS = "bonus of a named person"
PHONE = "phone number of a person"
PRIVATE_MAIL = "private email address"
HOME = "home address"
SICK = "sick leave"
MEDICAL = "medical detail"
PERF = "performance review or improvement plan"
DISCIPLINE = "disciplinary matter"
NDA = "customer or project under NDA (confidential_terms.json)"

# Customers, partners and projects the company treats as confidential; passed to the
# redactor as SAGO_REDACT_TERMS. Matching is case-insensitive.
TERMS = [
    "Harbor Pharma",
    "Nordwerk",
    "Kestrel Foods",
    "Bellamar",
    "Osaka Reito",
    "大阪冷蔵",
    "Project Aurora",
]

ITEMS = [
    # ------------------------------------------------------------------ English
    (
        "en-01",
        "en",
        "Priya accepted our offer to lead engineering 🎉 base is $185k + 0.8% equity, please "
        "keep that between us",
        [("$185k", COMP, OFFER), ("0.8% equity", COMP, EQUITY)],
        ["Priya accepted our offer to lead engineering"],
    ),
    (
        "en-02",
        "en",
        "Bonus pool decision: Marcus gets $22,000 for Q4, Lena $15,000. ARR closed the year at "
        "$4.1M, so we can afford it.",
        [("$22,000", COMP, BONUS), ("$15,000", COMP, BONUS)],
        ["ARR closed the year at $4.1M"],
    ),
    (
        "en-03",
        "en",
        "Tom is on sick leave until March 3 after his knee surgery, so the Nordwerk rollout "
        "moves to Ana.",
        [("sick leave", HR, SICK), ("knee surgery", HR, MEDICAL), ("Nordwerk", TERM, NDA)],
        ["rollout moves to Ana"],
    ),
    (
        "en-04",
        "en",
        "call me on my cell if the demo breaks: +1 (415) 555-0137. otherwise slack",
        [("+1 (415) 555-0137", CONTACT, PHONE)],
        ["otherwise slack"],
    ),
    (
        "en-05",
        "en",
        "Subject: Re: pilot kickoff\n\nSounds good, see you Thursday at the Reno site.\n\n"
        "Dana Whitfield\nPrincipal, Meridian Supply Chain Fund\nm: +1 312-555-0199\n"
        "dana.whitfield.home@gmail.com",
        [
            ("+1 312-555-0199", CONTACT, PHONE),
            ("dana.whitfield.home@gmail.com", CONTACT, PRIVATE_MAIL),
        ],
        ["see you Thursday at the Reno site", "Principal, Meridian Supply Chain Fund"],
    ),
    (
        "en-06",
        "en",
        "Mark's performance review went badly; we're putting him on a PIP for 60 days. "
        "Separately: the Bellamar pilot renewed for 12 months at $96k.",
        [
            ("performance review went badly", HR, PERF),
            ("on a PIP for 60 days", HR, PERF),
            ("Bellamar", TERM, NDA),
        ],
        ["renewed for 12 months at $96k"],
    ),
    (
        "en-07",
        "en",
        "Subject: PRESS RELEASE – Kelpie Systems opens Berlin office\n\n"
        "LONDON, 3 March 2025 – Kelpie Systems, the warehouse-robotics company, today opened "
        "its Berlin office at Torstraße 140, 10119 Berlin, its fourth in Europe.\n\n"
        "Media contact: press@kelpie.io, +44 20 7946 0321",
        [],
        ["Torstraße 140, 10119 Berlin", "press@kelpie.io", "+44 20 7946 0321"],
    ),
    (
        "en-08",
        "en",
        "Reminder for the customer newsletter: the support inbox is support@kelpie.io and the "
        "hotline +44 20 7946 0555 is staffed 24/7 from Monday.",
        [],
        ["support@kelpie.io", "+44 20 7946 0555"],
    ),
    (
        "en-09",
        "en",
        "ARR hit $3.2M in February, up 9% MoM; net burn $410k; runway 19 months.",
        [],
        ["ARR hit $3.2M in February, up 9% MoM", "net burn $410k", "runway 19 months"],
    ),
    (
        "en-10",
        "en",
        "Offer for the Head of Sales candidate: $160k base, $80k variable at OTE, 0.5% options "
        "vesting over 4 years. Sending it tonight.",
        [
            ("$160k base", COMP, OFFER),
            ("$80k variable", COMP, OFFER),
            ("0.5% options", COMP, OFFER),
        ],
        ["Sending it tonight."],
    ),
    (
        "en-11",
        "en",
        "Jamie's mom passed away, he's taking compassionate leave this week. Please cover his "
        "standups.",
        [("mom passed away", HR, "bereavement"), ("compassionate leave", HR, "leave reason")],
        ["Please cover his standups."],
    ),
    (
        "en-12",
        "en",
        "Formal written warning issued to the night-shift lead for repeated no-shows. It's on "
        "file with HR.",
        [("written warning", HR, DISCIPLINE), ("repeated no-shows", HR, DISCIPLINE)],
        [],
    ),
    (
        "en-13",
        "en",
        "Kestrel Foods signed!! 40 warehouses, $1.1M over 3 years. NDA until their earnings "
        "call, so don't post it anywhere.",
        [("Kestrel Foods", TERM, NDA)],
        ["40 warehouses, $1.1M over 3 years"],
    ),
    (
        "en-14",
        "en",
        "new address for the payroll file: 221 Elm Street, Apt 4B, Oakland, CA 94610 (moved "
        "last week)",
        [("221 Elm Street, Apt 4B, Oakland, CA 94610", CONTACT, HOME)],
        [],
    ),
    (
        "en-15",
        "en",
        "Hired 6 engineers in Q1; engineering headcount is now 31. Average time-to-hire "
        "dropped to 24 days.",
        [],
        ["Hired 6 engineers in Q1", "engineering headcount is now 31", "24 days"],
    ),
    (
        "en-16",
        "en",
        "my therapist says I should take two weeks off for burnout 😔 can we talk about who "
        "covers the osaka reito go-live?",
        [("therapist", HR, MEDICAL), ("burnout", HR, MEDICAL), ("osaka reito", TERM, NDA)],
        ["go-live"],
    ),
    (
        "en-17",
        "en",
        "Equity refresh approved by the board: Sam 40,000 options at a $1.12 strike, Ines "
        "25,000 options.",
        [("40,000 options at a $1.12 strike", COMP, EQUITY), ("25,000 options", COMP, EQUITY)],
        ["Equity refresh approved by the board"],
    ),
    (
        "en-18",
        "en",
        "Project Aurora: LOI sent to the founders this morning. Keep it to the exec team until "
        "we sign.",
        [("Project Aurora", TERM, "acquisition codename under NDA")],
        ["LOI sent to the founders this morning"],
    ),
    (
        "en-19",
        "en",
        "Her maternity leave starts May 12; Jo covers the Harbor Pharma account meanwhile.",
        [("maternity leave", HR, "leave that reveals a pregnancy"), ("Harbor Pharma", TERM, NDA)],
        ["Jo covers the"],
    ),
    (
        "en-20",
        "en",
        "Customer count 212 (+14), NRR 118%, gross margin 71%. Our new office address is "
        "20 Wharf Road, London N1 7GR.",
        [],
        ["Customer count 212 (+14), NRR 118%, gross margin 71%", "20 Wharf Road, London N1 7GR"],
    ),
    (
        "en-21",
        "en",
        "FYI Dan's salary goes from £92,000 to £105,000 in April, and the job ad for his old "
        "role says £70-85k.",
        [("£92,000", COMP, SALARY), ("£105,000", COMP, SALARY)],
        ["the job ad for his old role says £70-85k"],
    ),
    (
        "en-22",
        "en",
        "Subject: Board pre-read – people section\n\n"
        "Hi all,\n\n"
        "People update for Thursday:\n"
        "- Ines (VP Product) joins May 5; package $210k base and 1.1% equity.\n"
        "- Mark stays on a performance improvement plan until the end of May.\n"
        "- Our office manager is on medical leave after an accident; temp cover arranged.\n"
        "- Headcount 47, attrition 6% trailing 12 months.\n\n"
        "Commercial: Project Aurora diligence continues; the Kestrel Foods expansion is signed "
        "($420k).\n\n"
        "Reach me on my mobile this week: +44 7700 900123.\n\n"
        "Alex",
        [
            ("$210k base", COMP, OFFER),
            ("1.1% equity", COMP, EQUITY),
            ("performance improvement plan", HR, PERF),
            ("medical leave", HR, SICK),
            ("after an accident", HR, MEDICAL),
            ("Project Aurora", TERM, NDA),
            ("Kestrel Foods", TERM, NDA),
            ("+44 7700 900123", CONTACT, PHONE),
        ],
        [
            "Ines (VP Product) joins May 5",
            "Headcount 47, attrition 6% trailing 12 months",
            "expansion is signed ($420k)",
        ],
    ),
    # ------------------------------------------------------------------ German
    (
        "de-01",
        "de",
        "Katrin hat zugesagt: 145.000 € fix plus 20 % Bonus und 0,6 % virtuelle Anteile. "
        "Start 1. April.",
        [
            ("145.000 € fix", COMP, OFFER),
            ("20 % Bonus", COMP, OFFER),
            ("0,6 % virtuelle Anteile", COMP, EQUITY),
        ],
        ["Katrin hat zugesagt", "Start 1. April"],
    ),
    (
        "de-02",
        "de",
        "Tobi ist bis Freitag krankgeschrieben (Bandscheibenvorfall). Das Release verschieben "
        "wir trotzdem nicht.",
        [("krankgeschrieben", HR, SICK), ("Bandscheibenvorfall", HR, MEDICAL)],
        ["Das Release verschieben wir trotzdem nicht."],
    ),
    (
        "de-03",
        "de",
        "Meine Handynummer für Notfälle: 0151 2345 6789, privat auch unter jonas.weber@posteo.de",
        [("0151 2345 6789", CONTACT, PHONE), ("jonas.weber@posteo.de", CONTACT, PRIVATE_MAIL)],
        ["für Notfälle"],
    ),
    (
        "de-04",
        "de",
        "Neue Privatadresse für die Lohnabrechnung: Kastanienallee 12, 10435 Berlin.",
        [("Kastanienallee 12, 10435 Berlin", CONTACT, HOME)],
        ["für die Lohnabrechnung"],
    ),
    (
        "de-05",
        "de",
        "Abmahnung für M. wegen wiederholter Verspätung ist raus, Betriebsrat ist informiert.",
        [("Abmahnung", HR, DISCIPLINE), ("wiederholter Verspätung", HR, DISCIPLINE)],
        [],
    ),
    (
        "de-06",
        "de",
        "Nordwerk hat verlängert: 3 Jahre, 1,2 Mio. €. Bitte vertraulich behandeln, bis die "
        "Pressemitteilung draußen ist.",
        [("Nordwerk", TERM, NDA)],
        ["3 Jahre, 1,2 Mio. €"],
    ),
    (
        "de-07",
        "de",
        "ARR Ende März: 2,75 Mio. €, Bruttomarge 64 %, Runway 21 Monate.",
        [],
        ["ARR Ende März: 2,75 Mio. €", "Bruttomarge 64 %", "Runway 21 Monate"],
    ),
    (
        "de-08",
        "de",
        "Betreff: Pressemitteilung – Kelpie eröffnet Büro in München\n\n"
        "München, 7. April 2025 – Kelpie Systems eröffnet heute sein Büro in der "
        "Leopoldstraße 31, 80802 München.\n\n"
        "Pressekontakt: presse@kelpie.io, Tel. +49 89 2154 0000",
        [],
        ["Leopoldstraße 31, 80802 München", "presse@kelpie.io", "+49 89 2154 0000"],
    ),
    (
        "de-09",
        "de",
        "Mitarbeitergespräch mit Uwe: Leistung unter Erwartung, wir setzen einen "
        "Entwicklungsplan mit klaren Zielen für 90 Tage auf.",
        [
            ("Leistung unter Erwartung", HR, PERF),
            ("Entwicklungsplan mit klaren Zielen für 90 Tage", HR, PERF),
        ],
        [],
    ),
    (
        "de-10",
        "de",
        "Gehaltsband für die ausgeschriebene Stelle Senior Backend: 75–90 T€. Bewerbungen an "
        "jobs@kelpie.io",
        [],
        ["75–90 T€", "jobs@kelpie.io"],
    ),
    (
        "de-11",
        "de",
        "Stefan kommt nach der Reha zurück, Wiedereingliederung ab Montag mit 4 Stunden am Tag.",
        [("Reha", HR, MEDICAL), ("Wiedereingliederung", HR, "return-to-work after illness")],
        [],
    ),
    (
        "de-12",
        "de",
        "Bitte an Greta: die Abfindung für Herrn K. beträgt 38.000 €, der Aufhebungsvertrag "
        "liegt bei der Anwältin.",
        [
            ("38.000 €", COMP, "severance of a named person"),
            ("Aufhebungsvertrag", HR, "termination"),
        ],
        ["Bitte an Greta"],
    ),
    (
        "de-13",
        "de",
        "Kundenzahl 84, davon 12 neu im Q1; NPS 52. Die Supportadresse bleibt support@kelpie.io.",
        [],
        ["Kundenzahl 84, davon 12 neu im Q1; NPS 52", "support@kelpie.io"],
    ),
    (
        "de-14",
        "de",
        "Ruf mich an: Durchwahl +49 (0)30 5557 1201 oder mobil 0172-555 88 21.",
        [("+49 (0)30 5557 1201", CONTACT, PHONE), ("0172-555 88 21", CONTACT, PHONE)],
        [],
    ),
    (
        "de-15",
        "de",
        "Betreff: Personalthemen KW 14\n\n"
        "Hallo Jonas,\n\n"
        "kurz die Personalthemen:\n"
        "1. Anna (Sales) kündigt zum 30.6. Grund laut Gespräch: Gehalt (aktuell 62.000 €), "
        "ein Gegenangebot wäre 70.000 €.\n"
        "2. Kai hat eine Schwerbehinderung gemeldet, wir brauchen einen höhenverstellbaren "
        "Tisch.\n"
        "3. Neue Kollegin Lea, Telefon privat: 0176 98765432.\n\n"
        "Geschäftlich: Q1-Umsatz 690 T€, 9 neue Kunden.\n\n"
        "Greta",
        [
            ("62.000 €", COMP, SALARY),
            ("70.000 €", COMP, "counter-offer to a named person"),
            ("Schwerbehinderung", HR, "disability"),
            ("0176 98765432", CONTACT, PHONE),
        ],
        ["Anna (Sales) kündigt zum 30.6.", "Q1-Umsatz 690 T€, 9 neue Kunden"],
    ),
    # ------------------------------------------------------------------ Spanish
    (
        "es-01",
        "es",
        "Diego firma mañana: 72.000 € de fijo + 18.000 € de variable y un 0,3 % en stock options.",
        [
            ("72.000 € de fijo", COMP, OFFER),
            ("18.000 € de variable", COMP, OFFER),
            ("0,3 % en stock options", COMP, EQUITY),
        ],
        ["Diego firma mañana"],
    ),
    (
        "es-02",
        "es",
        "Lucía está de baja médica hasta el lunes por una gastroenteritis, la demo con "
        "Bellamar la hace Ana.",
        [("baja médica", HR, SICK), ("gastroenteritis", HR, MEDICAL), ("Bellamar", TERM, NDA)],
        ["la hace Ana"],
    ),
    (
        "es-03",
        "es",
        "Mi móvil personal es el 612 34 56 78 y mi correo personal lucia.fdez88@hotmail.com, "
        "por si falla Slack.",
        [("612 34 56 78", CONTACT, PHONE), ("lucia.fdez88@hotmail.com", CONTACT, PRIVATE_MAIL)],
        ["por si falla Slack"],
    ),
    (
        "es-04",
        "es",
        "Nueva dirección para la nómina: Calle de Toledo 45, 3º B, 28005 Madrid.",
        [("Calle de Toledo 45, 3º B, 28005 Madrid", CONTACT, HOME)],
        ["para la nómina"],
    ),
    (
        "es-05",
        "es",
        "Hemos cerrado marzo con 2,1 M€ de ARR y 36 clientes en España; el soporte sigue en "
        "soporte@kelpie.io.",
        [],
        ["2,1 M€ de ARR y 36 clientes en España", "soporte@kelpie.io"],
    ),
    (
        "es-06",
        "es",
        "Le hemos abierto un expediente disciplinario a Raúl por faltar tres turnos sin avisar.",
        [
            ("expediente disciplinario", HR, DISCIPLINE),
            ("faltar tres turnos sin avisar", HR, DISCIPLINE),
        ],
        [],
    ),
    (
        "es-07",
        "es",
        "Harbor Pharma quiere ampliar a 8 almacenes más (unos 240.000 € al año). Todo bajo NDA "
        "hasta junio.",
        [("Harbor Pharma", TERM, NDA)],
        ["ampliar a 8 almacenes más", "240.000 € al año"],
    ),
    (
        "es-08",
        "es",
        "Asunto: Nota de prensa – Kelpie abre oficina en Madrid\n\n"
        "Madrid, 2 de junio de 2025. Kelpie Systems abre su oficina en el Paseo de la "
        "Castellana 95, 28046 Madrid. Contacto de prensa: prensa@kelpie.io",
        [],
        ["Paseo de la Castellana 95, 28046 Madrid", "prensa@kelpie.io"],
    ),
    (
        "es-09",
        "es",
        "El bonus de Marta este año: 9.500 €. El de Jorge, 7.000 €. Que no salga del comité, "
        "por favor.",
        [("9.500 €", COMP, BONUS), ("7.000 €", COMP, BONUS)],
        [],
    ),
    (
        "es-10",
        "es",
        "llámame al +34 699 123 456 cuando aterrices en Barajas",
        [("+34 699 123 456", CONTACT, PHONE)],
        ["cuando aterrices en Barajas"],
    ),
    (
        "es-11",
        "es",
        "Contratamos 4 personas en Madrid este trimestre: 2 ingenieros, 1 preventa y 1 de soporte.",
        [],
        ["Contratamos 4 personas en Madrid este trimestre"],
    ),
    # ------------------------------------------------------------------ French
    (
        "fr-01",
        "fr",
        "Chloé accepte l'offre : 58 k€ brut annuel + 6 k€ de variable. Elle commence le 2 juin.",
        [("58 k€ brut annuel", COMP, OFFER), ("6 k€ de variable", COMP, OFFER)],
        ["Chloé accepte l'offre", "Elle commence le 2 juin."],
    ),
    (
        "fr-02",
        "fr",
        "Marc est en arrêt maladie pour trois semaines (dépression), merci de ne pas le "
        "solliciter.",
        [("arrêt maladie", HR, SICK), ("dépression", HR, MEDICAL)],
        [],
    ),
    (
        "fr-03",
        "fr",
        "mon 06 12 34 56 78 si besoin ce week-end, ou chloe.martin.perso@orange.fr",
        [
            ("06 12 34 56 78", CONTACT, PHONE),
            ("chloe.martin.perso@orange.fr", CONTACT, PRIVATE_MAIL),
        ],
        ["si besoin ce week-end"],
    ),
    (
        "fr-04",
        "fr",
        "Adresse pour le colis du matériel : 14 rue des Lilas, 69003 Lyon (c'est chez moi).",
        [("14 rue des Lilas, 69003 Lyon", CONTACT, HOME)],
        ["pour le colis du matériel"],
    ),
    (
        "fr-05",
        "fr",
        "On a signé avec Kestrel Foods France : 120 magasins, 310 k€ par an. Confidentiel "
        "jusqu'à leur annonce.",
        [("Kestrel Foods", TERM, NDA)],
        ["120 magasins, 310 k€ par an"],
    ),
    (
        "fr-06",
        "fr",
        "Objet : Communiqué – Kelpie ouvre un bureau à Paris\n\n"
        "Paris, le 5 mai 2025 – Kelpie Systems ouvre un bureau au 12 rue de la "
        "Chaussée-d'Antin, 75009 Paris. Contact presse : presse@kelpie.io, +33 1 84 88 00 00.",
        [],
        ["12 rue de la Chaussée-d'Antin, 75009 Paris", "presse@kelpie.io", "+33 1 84 88 00 00"],
    ),
    (
        "fr-07",
        "fr",
        "Entretien annuel de Julien : objectifs non atteints, on lance un plan d'amélioration "
        "de la performance.",
        [
            ("objectifs non atteints", HR, PERF),
            ("plan d'amélioration de la performance", HR, PERF),
        ],
        [],
    ),
    (
        "fr-08",
        "fr",
        "Chiffre d'affaires T1 : 640 k€, +22 % sur un an ; 3 nouveaux clients en France.",
        [],
        ["Chiffre d'affaires T1 : 640 k€, +22 % sur un an", "3 nouveaux clients en France"],
    ),
    (
        "fr-09",
        "fr",
        "Appelle-moi au +33 6 98 76 54 32, je suis chez le médecin jusqu'à 11h.",
        [("+33 6 98 76 54 32", CONTACT, PHONE), ("chez le médecin", HR, MEDICAL)],
        [],
    ),
    # ------------------------------------------------------------------ Dutch
    (
        "nl-01",
        "nl",
        "Femke gaat vanaf juli van €78.000 naar €84.000 per jaar, plus een bonus van €5.000.",
        [("€78.000", COMP, SALARY), ("€84.000", COMP, SALARY), ("€5.000", COMP, BONUS)],
        [],
    ),
    (
        "nl-02",
        "nl",
        "Mijn privénummer is 06-12345678, bel gerust na zessen.",
        [("06-12345678", CONTACT, PHONE)],
        ["bel gerust na zessen"],
    ),
    (
        "nl-03",
        "nl",
        "Joost zit ziek thuis met een burn-out; Chloé neemt Van Leeuwen over.",
        [("ziek thuis", HR, SICK), ("burn-out", HR, MEDICAL)],
        ["Chloé neemt Van Leeuwen over"],
    ),
    (
        "nl-04",
        "nl",
        "Onderwerp: Persbericht – Kelpie opent kantoor in Amsterdam\n\n"
        "Kelpie Systems opent vandaag haar kantoor aan de Prinsengracht 263, 1016 GV Amsterdam. "
        "Pers: pers@kelpie.io",
        [],
        ["Prinsengracht 263, 1016 GV Amsterdam", "pers@kelpie.io"],
    ),
    # ------------------------------------------------------------------ Portuguese
    (
        "pt-01",
        "pt",
        "O salário da Inês passa para R$ 18.500 por mês a partir de agosto.",
        [("R$ 18.500 por mês", COMP, SALARY)],
        [],
    ),
    (
        "pt-02",
        "pt",
        "Meu celular: +55 11 91234-5678. Endereço de casa: Rua Augusta 1500, apto 82, "
        "São Paulo - SP, 01304-001.",
        [
            ("+55 11 91234-5678", CONTACT, PHONE),
            ("Rua Augusta 1500, apto 82, São Paulo - SP, 01304-001", CONTACT, HOME),
        ],
        [],
    ),
    (
        "pt-03",
        "pt",
        "Fechámos o trimestre com 1,4 M€ de ARR e 18 clientes em Portugal. Apoio ao cliente: "
        "apoio@kelpie.io",
        [],
        ["1,4 M€ de ARR e 18 clientes em Portugal", "apoio@kelpie.io"],
    ),
    # ------------------------------------------------------------------ Italian
    (
        "it-01",
        "it",
        "Giulia è in malattia fino a venerdì (intervento al ginocchio), la call con Osaka Reito "
        "la fa Marco.",
        [
            ("in malattia", HR, SICK),
            ("intervento al ginocchio", HR, MEDICAL),
            ("Osaka Reito", TERM, NDA),
        ],
        ["la fa Marco"],
    ),
    (
        "it-02",
        "it",
        "Il mio cellulare è 347 123 4567, scrivimi lì se Slack non va.",
        [("347 123 4567", CONTACT, PHONE)],
        ["se Slack non va"],
    ),
    # ------------------------------------------------------------------ Japanese
    (
        "ja-01",
        "ja",
        "山田さんの年俸は850万円、ストックオプションは2万株です。社外秘でお願いします。",
        [("850万円", COMP, SALARY), ("2万株", COMP, EQUITY)],
        [],
    ),
    (
        "ja-02",
        "ja",
        "緊急連絡先：090-1234-5678（携帯）。大阪冷蔵との契約はまだ公表しないでください。",
        [("090-1234-5678", CONTACT, PHONE), ("大阪冷蔵", TERM, NDA)],
        ["との契約はまだ公表しないでください"],
    ),
    (
        "ja-03",
        "ja",
        "3月のARRは2.1億円、前月比8%増です。",
        [],
        ["3月のARRは2.1億円、前月比8%増です。"],
    ),
]


if __name__ == "__main__":
    problems = write_set(HERE, ITEMS, TERMS)
    print(f"items: {len(ITEMS)}")
    for p in problems:
        print("PROBLEM", p)
    sys.exit(1 if problems else 0)
