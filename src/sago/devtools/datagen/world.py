"""The fictional company a generated dataset is about: its team, products and neighbours.

Everything is drawn from one seeded `random.Random`, so a seed always describes the same
world. Name pools are combinatorial, so long datasets rarely repeat a customer or product.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_BRAND_A = _words(
    "Kestrel Lumo Tandem Quill Fathom Helio Cobalt Brightpath Orbit Juniper Sable Vireo "
    "Mosaic Alder Lattice Beacon Cinder Drift Ember Fjord Harbor Ion Kindle Larch Meridian "
    "Nova Opal"
)
_BRAND_B = _words("Labs Health Logistics Pay Works Cloud Analytics Robotics Learning Care")
_FIRST = _words(
    "Maya Leo Priya Sam Giulia Rafael Kasia Jiwoo Dev Olivia Tom Aisha Noah Elena Marco Ines "
    "Yuki Omar Sofia Lukas Chloe Mateo Hana Ben Zoe Arjun Lea Diego Nina Felix Amara Jonas"
)
_LAST = _words(
    "Okafor Brandt Costa Novak Kim Rossi Silva Patel Moreau Lindqvist Haddad Fischer Tanaka "
    "Nowak Ribeiro Cole Alder Reyes Dubois Berg Shah Ito Walsh Greco Kowalski Park Duarte"
)
_ORG_HEAD = _words(
    "Blue Stone Red North Silver Ever Clear Iron Lake Oak River High Pine Bay Maple Cedar "
    "Falcon Key Meadow Sterling Fair Golden West East Bright Rock Spring Wolf Elm Hawk"
)
_ORG_TAIL = _words(
    "water gate wood field line view bridge shore crest ridge point brook haven stone dale "
    "mont ford well side vale"
)
_ORG_B = _words(
    "Foods Logistics Medical Retail Freight Dental Pharmacy Hotels Insurance Bank Motors "
    "Energy Clinics Markets Airlines Telecom Schools Labs Builders Outfitters"
)
_ORG_C = ("Group", "Inc", "Co", "Holdings", "", "", "", "")
_INVESTOR_A = _words(
    "Northbeam Balderton Crestline Ridgeway Foundry Lighthouse Blackbird Harbourview Seedcamp "
    "Redpoint Firstmark Atomico Pointnine Kindred Notion Speedinvest Lakestar Creandum Cherry"
)
_INVESTOR_B = ("Ventures", "Capital", "Partners", "VC", "Growth")
_OUTLETS = (
    ("TechWire Daily", "techwiredaily.com"),
    ("The Founder Ledger", "founderledger.com"),
    ("SaaS Weekly", "saasweekly.io"),
    ("Business Insider", "businessinsider.com"),
    ("Sifted", "sifted.eu"),
    ("The Information", "theinformation.com"),
    ("VentureBeat", "venturebeat.com"),
    ("Fast Company", "fastcompany.com"),
    ("Forbes", "forbes.com"),
    ("Wired", "wired.com"),
    ("Axios Pro", "axios.com"),
    ("Protocol Review", "protocolreview.com"),
)
_PARTNER_HEAD = _words(
    "Shop Pay Cloud Ledger Route Medi Stack Data Quo Bright Till Care Fleet Open Signal"
)
_PARTNER_TAIL = _words("line stream desk ly wise base point well tient wire house bridge hub works")
_PRODUCT_A = _words(
    "Insights Autopilot Pulse Compass Relay Vault Beacon Forecast Radar Canvas Scheduler "
    "Copilot Inbox Ledger Tracker Studio Lens Harbor Signal Anchor Prism Orbit Spark Bridge "
    "Keeper Scout Pilot Flow Frame Grid Hub Loom Quill Shield Tide Trail Vista Wave"
)
_PRODUCT_B = ("", "", "AI", "Pro", "Mobile", "for Teams", "2.0", "Connect")
_TARGET_HEAD = _words("Zen Lumi Kora Velo Quanta Nexa Orbi Tiva Sola Miro Pexa Rava Dela Fira Hexa")
_TARGET_TAIL = _words("ly io fy ra nix tek loop base mind sync")
COUNTRIES = (
    ("Germany", "de"),
    ("France", "fr"),
    ("Spain", "es"),
    ("Portugal", "pt"),
    ("Italy", "it"),
    ("Poland", "pl"),
    ("the UK", "gb"),
    ("Ireland", "ie"),
    ("the Netherlands", "nl"),
    ("Brazil", "br"),
    ("Mexico", "mx"),
    ("Canada", "ca"),
    ("Australia", "au"),
    ("Japan", "jp"),
    ("South Korea", "kr"),
    ("Singapore", "sg"),
    ("India", "in"),
    ("Sweden", "se"),
    ("Switzerland", "ch"),
    ("Austria", "at"),
    ("Belgium", "be"),
    ("Denmark", "dk"),
    ("Norway", "no"),
    ("Finland", "fi"),
    ("Chile", "cl"),
    ("Colombia", "co"),
    ("the UAE", "ae"),
    ("Israel", "il"),
    ("New Zealand", "nz"),
    ("Czechia", "cz"),
)
STANDARDS = (
    "SOC 2 Type I",
    "SOC 2 Type II",
    "ISO 27001",
    "HIPAA",
    "PCI DSS",
    "ISO 9001",
    "Cyber Essentials Plus",
    "HITRUST",
    "ISO 27701",
    "FedRAMP",
    "TISAX",
    "ISO 13485",
)
ROLES = (
    "VP Sales",
    "VP Engineering",
    "Head of Marketing",
    "CFO",
    "Head of Product",
    "COO",
    "Head of Customer Success",
    "VP Marketing",
    "Chief Revenue Officer",
    "Head of Data",
    "Head of People",
    "General Counsel",
    "Head of Design",
    "VP Operations",
    "CTO",
    "Head of Partnerships",
    "Chief Medical Officer",
    "Head of Security",
)
COMPETITORS = ("Zentrix", "Quorra", "Halcyon", "Brisk", "Tallo", "Vantix", "Orbis", "Kopra")
BIG_COMPANIES = ("Oracle", "Salesforce", "Siemens", "Microsoft", "SAP", "Adobe", "Intuit")
AGENCIES = (
    "the EU Innovation Council",
    "Innovate UK",
    "the Digital Health Fund",
    "NSF SBIR",
    "the Regional Growth Fund",
    "Horizon Europe",
)


@dataclass
class Person:
    """A member of the team: first name in chat, an address for email."""

    first: str
    last: str
    role: str
    email: str


@dataclass
class World:
    """The company, its people and a supply of fresh names for customers and products."""

    rng: random.Random
    name: str
    domain: str
    team: list[Person]
    products: list[str]
    customers: list[str] = field(default_factory=list)
    _used: set[str] = field(default_factory=set)
    _keys: set[str] = field(default_factory=set)
    _outlets: list[tuple[str, str]] = field(default_factory=list)
    _firms: dict[str, str] = field(default_factory=dict)

    @classmethod
    def create(cls, rng: random.Random) -> World:
        name = f"{rng.choice(_BRAND_A)} {rng.choice(_BRAND_B)}"
        domain = name.lower().replace(" ", "") + rng.choice((".io", ".com", ".ai"))
        roles = ("CEO", "CTO", "eng", "eng", "eng", "ml", "sales", "sales", "cs", "finance")
        firsts = rng.sample(_FIRST, len(roles) + 4)
        team = [
            Person(first, rng.choice(_LAST), role, f"{first.lower()}@{domain}")
            for first, role in zip(firsts, (*roles, "growth", "design", "ops", "eng"), strict=True)
        ]
        world = cls(rng=rng, name=name, domain=domain, team=team, products=[])
        world.products = [world.product() for _ in range(3)]
        return world

    def person(self, *roles: str) -> Person:
        pool = [p for p in self.team if not roles or p.role in roles]
        return self.rng.choice(pool or self.team)

    def _fresh(self, make: Callable[[], str], key: Callable[[str], str]) -> str:
        """A name whose identifying word was not used yet, while the pool lasts."""
        candidate = make()
        for _ in range(30):
            if key(candidate) not in self._keys and candidate not in self._used:
                break
            candidate = make()
        number = 2
        base = candidate
        while candidate in self._used:
            # Pools are finite; a long dataset numbers its repeats ("Summit Foods 2").
            candidate, number = f"{base} {number}", number + 1
        self._used.add(candidate)
        self._keys.add(key(candidate))
        return candidate

    def _org(self) -> str:
        head = self.rng.choice(_ORG_HEAD) + self.rng.choice(_ORG_TAIL)
        return f"{head} {self.rng.choice(_ORG_B)} {self.rng.choice(_ORG_C)}".strip()

    def customer(self) -> str:
        """A customer never named before (events need distinct names)."""
        name = self._fresh(self._org, lambda n: n.split()[0].lower())
        self.customers.append(name)
        return name

    def any_customer(self) -> str:
        """A plausible customer name, possibly seen before (for chatter)."""
        if self.customers and self.rng.random() < 0.6:
            return self.rng.choice(self.customers[-30:])
        return self._org()

    def investor(self, fresh: bool = False) -> str:
        """A venture firm; one first word is always the same firm ("Notion" → "Notion VC")."""
        if fresh:
            return self._fresh(self.investor, lambda n: "vc:" + n.split()[0].lower())
        head = self.rng.choice(_INVESTOR_A)
        if head not in self._firms:
            self._firms[head] = f"{head} {self.rng.choice(_INVESTOR_B)}"
        return self._firms[head]

    def partner(self) -> str:
        return self._fresh(
            lambda: self.rng.choice(_PARTNER_HEAD) + self.rng.choice(_PARTNER_TAIL), str.lower
        )

    def product(self) -> str:
        def make() -> str:
            first = self.name.split()[0] if self.rng.random() < 0.4 else ""
            name = f"{first} {self.rng.choice(_PRODUCT_A)} {self.rng.choice(_PRODUCT_B)}"
            return " ".join(name.split())

        core = set(_PRODUCT_A)
        return self._fresh(make, lambda n: next((w for w in n.split() if w in core), n))

    def target(self) -> str:
        return self._fresh(
            lambda: self.rng.choice(_TARGET_HEAD) + self.rng.choice(_TARGET_TAIL), str.lower
        )

    def outlet(self) -> tuple[str, str]:
        """Outlets take turns, so one rarely covers the company twice in a short dataset."""
        if not self._outlets:
            self._outlets = list(_OUTLETS)
            self.rng.shuffle(self._outlets)
        return self._outlets.pop()

    def full_name(self) -> str:
        return f"{self.rng.choice(_FIRST)} {self.rng.choice(_LAST)}"
