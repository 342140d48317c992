"""Planted events about what the company builds and becomes: launches, hires, new
markets, certifications, press, engineering results, outages and acquisitions."""

from __future__ import annotations

import random
from collections.abc import Callable

from sago.devtools.datagen.business import (
    customer_success,
    enterprise_deal,
    funding,
    investor_interest,
    partnership,
    revenue_milestone,
    user_growth,
)
from sago.devtools.datagen.story import Draft, Progress, Story, celebrations
from sago.devtools.datagen.story import pick as _pick
from sago.devtools.datagen.world import COUNTRIES, ROLES, STANDARDS, World

_LAUNCH = (
    "{p} GA: flag flipped to 100% of accounts ✅",
    "{p} is live for all customers 🚀",
    "we launched {p} today! 🚀",
    "just shipped {p} to everyone",
)
_HIRE = (
    "{h} signed the offer!! joining as our {r}, starts {s}",
    "please welcome {h}, our new {r} 👋",
    "excited to share that {h} is joining us as {r}",
    "{f} accepted our offer for {r} 🎉 starts {s}",
)
_EXPAND = (
    "we're live in {c} 🎉 {n} customers on day one",
    "{C} is live! first {n} customers onboarded today",
    "officially launched in {c} this morning, {n} customers already active",
    "first customers in {c} signed up today — {n} so far",
)
_LOCAL_LAUNCH = {
    "pt": "Estamos oficialmente no ar em Portugal! {n} clientes já estão a usar desde hoje.",
    "it": "Siamo live in Italia! 🇮🇹 {n} clienti attivi dal primo giorno.",
    "pl": "Oficjalnie startujemy w Polsce! Pierwszych {n} klientów już pracuje z nami.",
    "es": "¡Ya estamos en España! {n} clientes activos desde hoy 🇪🇸",
    "de": "Wir sind live in Deutschland! {n} Kunden seit heute aktiv.",
}
_COMPLIANCE = (
    "{s} report is in 🔒 zero exceptions",
    "we're officially {s} certified ✅",
    "{s} audit passed!! security questionnaires just got shorter",
    "{s} certificate issued today ✅",
)
_MEDIA = (
    "{o} piece is live!! we're the lead example 🗞️ {u}",
    "we're in {o} today 🗞️ {u}",
    "{o} covered our {t}: {u}",
    "great write-up about us in {o} this morning {u}",
)
_TECH_SPEED = (
    "{s} v2 at 100% ✅ p95 {b}s → {a:.1f}s, {x}x faster",
    "{s} latency dropped from {bm}ms to {am}ms after the rewrite",
)
_TECH_MODEL = (
    "new model hits {acc}% accuracy on the holdout set (was {prev}%) 🎯",
    "검증 결과: 정확도 {acc}% 달성했어요 🎉 (기존 {prev}%)",
)
_SYSTEMS = ("scheduler", "search", "sync engine", "billing pipeline", "API gateway", "importer")


def product_launch(w: World, rng: random.Random, _progress: Progress) -> Story:
    product, eng = w.product(), w.person("eng", "CTO")
    drafts = [Draft(0, True, eng.first, _pick(rng, _LAUNCH, p=product)), *celebrations(rng, w)]
    if rng.random() < 0.6:
        body = (
            f"Subject: Introducing {product}\n\nHi there,\n\n{product} is now available to every"
            f" {w.name} customer, at no extra cost. Turn it on under Settings.\n\nThe {w.name} team"
        )
        drafts.append(Draft(rng.uniform(120, 1500), False, f"product@{w.domain}", body))
    return Story(
        "product_launch",
        f"{product} generally available",
        {},
        "medium",
        drafts,
        f"Product: {product} became generally available to all customers.",
    )


def hiring(w: World, rng: random.Random, p: Progress) -> Story:
    role = ROLES[p.role_index % len(ROLES)]
    p.role_index += 1
    hire, ceo = w.full_name(), w.person("CEO")
    first = hire.split()[0]
    start = rng.choice(("monday", "the 1st", "next week", "aug 4", "sept 2"))
    text = _pick(rng, _HIRE, h=hire, r=role, s=start, f=first)
    drafts = [Draft(0, True, ceo.first, text), *celebrations(rng, w)]
    if rng.random() < 0.4:
        body = (
            f"Subject: Signed offer letter\n\nHi {ceo.first},\n\nAttached is my signed offer letter"
            f" for the {role} role. Really excited to join {w.name}.\n\nBest,\n{first}"
        )
        drafts.append(Draft(rng.uniform(200, 1500), False, f"{first.lower()}@gmail.com", body))
    return Story(
        "hiring", f"{hire} hired as {role}", {}, "medium", drafts, f"Team: {hire} joined as {role}."
    )


def market_expansion(w: World, rng: random.Random, p: Progress) -> Story:
    country, code = COUNTRIES[p.country_index % len(COUNTRIES)]
    p.country_index += 1
    n = rng.choice((8, 12, 25, 40, 60))
    bare = country.removeprefix("the ")
    local = _LOCAL_LAUNCH.get(code)
    if local and rng.random() < 0.5:
        text = local.format(n=n)
    else:
        text = _pick(rng, _EXPAND, c=country, C=bare, n=n)
    sender = w.person("CEO", "sales", "ops").first
    drafts = [Draft(0, True, sender, text), *celebrations(rng, w)]
    return Story(
        "market_expansion",
        f"Launched in {bare} with {n} customers",
        {"customers": n},
        "medium",
        drafts,
        f"New market: we launched in {country} with {n} customers live on day one.",
    )


def compliance(w: World, rng: random.Random, p: Progress) -> Story:
    std = STANDARDS[p.standard_index % len(STANDARDS)]
    p.standard_index += 1
    cto = w.person("CTO")
    drafts = [Draft(0, True, cto.first, _pick(rng, _COMPLIANCE, s=std)), *celebrations(rng, w)]
    if rng.random() < 0.5:
        body = (
            f"Subject: {w.name} – {std} (final)\n\nDear {cto.first},\n\nPlease find attached the"
            f" final {std} report for {w.name}. No exceptions were noted.\n\nRegards,\nVantage"
            " Assurance LLP"
        )
        drafts.insert(0, Draft(-rng.uniform(5, 30), False, "reports@vantage-assurance.com", body))
    return Story(
        "compliance", f"{std} achieved", {}, "high", drafts, f"Security: we achieved {std}."
    )


def media_coverage(w: World, rng: random.Random, _progress: Progress) -> Story:
    outlet, domain = w.outlet()
    slug = w.name.lower().replace(" ", "-")
    url = f"https://{domain}/2025/{slug}-{rng.randint(100, 999)}"
    topic = rng.choice(("launch", "funding round", "approach to AI", "growth"))
    text = _pick(rng, _MEDIA, o=outlet, u=url, t=topic)
    drafts = [Draft(0, True, w.person("growth", "CEO").first, text)]
    if rng.random() < 0.5:
        body = (
            f"Subject: Your story is live\n\nHi {w.person('CEO').first},\n\nThe piece went live"
            f" this morning: {url}\n\nThanks again for the interview!\n\n{w.full_name()}\n{outlet}"
        )
        drafts.append(Draft(rng.uniform(5, 120), False, f"newsdesk@{domain}", body))
    return Story(
        "media_coverage",
        f"Covered by {outlet}",
        {},
        "low",
        drafts,
        f"Press: {outlet} covered our {topic}.",
    )


def technical_achievement(w: World, rng: random.Random, p: Progress) -> Story:
    author = w.person("eng", "ml", "CTO").first
    if rng.random() < 0.5:
        system, x = rng.choice(_SYSTEMS), rng.choice((2, 3, 4, 5))
        before = rng.choice((1.6, 2.4, 2.8, 3.2, 4.8))
        text = _pick(
            rng,
            _TECH_SPEED,
            s=system,
            b=before,
            a=before / x,
            x=x,
            bm=int(before * 1000),
            am=int(before * 1000 / x),
        )
        metrics: dict[str, float] = {"speedup_x": x}
        title = f"{system.capitalize()} {x}x faster"
    else:
        prev = p.accuracy
        # Each model result beats the last, so no two claims are the same.
        p.accuracy = round(min(99.9, prev + rng.uniform(0.5, 4.0)), 1)
        text = _pick(rng, _TECH_MODEL, acc=f"{p.accuracy:g}", prev=f"{prev:g}")
        metrics, title = {"accuracy_pct": p.accuracy}, f"Model accuracy reached {p.accuracy:g}%"
    drafts = [Draft(0, True, author, text), *celebrations(rng, w)]
    return Story("technical_achievement", title, metrics, "low", drafts)


def other(w: World, rng: random.Random, p: Progress) -> Story:
    if rng.random() < 0.4:
        target, n = w.target(), rng.choice((120, 300, 800))
        body = (
            f"Subject: {target} – closing confirmation\n\n{w.person('CEO').first},\n\nThis confirms"
            f" that the acquisition of {target} Ltd. by {w.name}, Inc. closed today. All closing"
            " deliverables have been received.\n\nDaniel Kent\nHarlow Kent LLP"
        )
        chat = f"it's official: we acquired {target} 🎉 their ~{n} customers are coming over"
        drafts = [
            Draft(0, False, "legal@harlowkent-law.com", body),
            Draft(rng.uniform(5, 40), True, w.person("CEO").first, chat),
        ]
        return Story(
            "other",
            f"Acquired {target}",
            {"acquired_customers": n},
            "high",
            drafts,
            f"M&A: we acquired {target}, bringing ~{n} customers onto our platform.",
        )
    svc = rng.choice(("API", "dashboard", "checkout service", "sync service", "login service"))
    hours, eng = rng.choice((1, 2, 3, 4)), w.person("eng", "CTO")
    day = f"{p.today:%B} {p.today.day}"
    drafts = [
        Draft(0, True, eng.first, f"🚨 INCIDENT: {svc} down for all customers, rolling back"),
        Draft(
            hours * 60,
            True,
            eng.first,
            f"resolved. ~{hours}h of {svc} downtime. root cause:"
            " db migration lock. postmortem tomorrow",
        ),
    ]
    if rng.random() < 0.5:
        body = (
            f"Subject: Incident report: {svc} outage on {day}\n\nDear customer,\n\nOn"
            f" {p.today:%A}, {day}, our {svc} was unavailable for all customers for about {hours}"
            f" hours. No data was lost. We are sorry for the disruption.\n\n{eng.first} {eng.last}"
        )
        when = hours * 60 + rng.uniform(60, 600)
        drafts.append(Draft(when, False, f"status@{w.domain}", body))
    return Story(
        "other",
        f"~{hours}-hour {svc} outage for all customers",
        {"downtime_hours": hours},
        "medium",
        drafts,
        f"Lowlight: on {day} a ~{hours}-hour {svc} outage affected all customers.",
    )


STORIES: dict[str, Callable[[World, random.Random, Progress], Story]] = {
    "user_growth": user_growth,
    "revenue_milestone": revenue_milestone,
    "funding": funding,
    "partnership": partnership,
    "product_launch": product_launch,
    "hiring": hiring,
    "enterprise_deal": enterprise_deal,
    "technical_achievement": technical_achievement,
    "market_expansion": market_expansion,
    "compliance": compliance,
    "media_coverage": media_coverage,
    "investor_interest": investor_interest,
    "customer_success": customer_success,
    "other": other,
}
