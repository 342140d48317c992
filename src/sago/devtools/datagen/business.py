"""Planted events about money and customers: funding, investors, partners, deals,
revenue, usage and customer results. Each states its facts in varied words."""

from __future__ import annotations

import random

from sago.devtools.datagen.story import (
    ROUND_SIZE,
    ROUNDS,
    Draft,
    Progress,
    Story,
    celebrations,
    money,
)
from sago.devtools.datagen.story import pick as _pick
from sago.devtools.datagen.world import AGENCIES, World

_GRANT = (
    "we were awarded a {a} grant from {g} 🙌 non-dilutive!",
    "Grant approved: {g} is giving us {a} to build out the data platform",
    "Ganhámos uma bolsa de {k} mil euros do {g} 🙌",
)
_FUNDING = (
    "we closed our {r}! {a} led by {l} 🎉",
    "{r} is officially closed — {a}, {l} leading, and all our existing investors followed on",
    "Signed the closing docs this morning: our {a} {r} is done. {l} led it 💸",
    "Big news: we raised {a} in our {r}, led by {l}. announcement goes out tuesday",
    "the {r} is closed. {a} from {l} + friends. thank you all, this is yours",
)
_FUNDING_EMAIL = (
    "Subject: We raised our {r}\n\nTeam,\n\nYesterday we closed our {a} {r}, led by {l} with"
    " participation from our existing investors.\n\nThis lets us grow the team and double down"
    " on the product. Please keep it internal until the announcement.\n\n{c}",
    "Subject: {r} closed\n\nHi all,\n\nQuick note that the {r} financing closed today: {a},"
    " led by {l}. Thank you for everything you've built.\n\n{c}",
)
_INTEREST_CHAT = (
    "{i} reached out unprompted about our {r} 👀 partner wants a call next week",
    "inbound from {i} — they're keen to lead our {r}",
)
_TERM_SHEET_CHAT = (
    "we have a term sheet from {i}!! {a} at {pre} pre. keep it in this channel pls",
    "{i} sent over a term sheet for the {r} 🚨 {a}",
)
_PARTNERSHIP = (
    "signed the {p} partnership 🎉 {d}",
    "We're now an official {p} partner — {d}",
    "partnership with {p} is official! {d}",
    "Inked a co-marketing agreement with {p} today: {d}",
)
_DEAL = (
    "{C} SIGNED 🔥 {n} {u}, {a} ACV, {y}-year term",
    "{c} is signed!! {a} a year over {y} years, all {n} {u}",
    "contract with {c} countersigned this morning — {n} {u}, {a}/yr",
    "closed {c}: {y}-year contract at {a} ACV 🔔",
)
_DEAL_ECHO = (
    "biggest deal in company history. {a} a year. {r} you legend",
    "{s} deal done 🙌 {a} ACV, well earned {r}",
)
_REVENUE = (
    "we just crossed {t} ARR 🥂",
    "officially over {t} in ARR as of today!",
    "MRR passed {m} for the first time — that's a {t} ARR run rate",
    "{t} ARR milestone hit 🎉 ({e} to be exact)",
)
_REVENUE_ECHO = ("{t} ARR!! 🚀 proud of this team", "{k} milhões de ARR!! que orgulho 🇧🇷")
_GROWTH = (
    "we just crossed {n:,.0f} {u}!! thank you all",
    "{N:,.0f} {U} 🎉🎉 {pct}% more than last month",
    "milestone: {s} active {u} on the platform",
    "{Ucap} passed {s} this week, up {pct}% MoM",
)
_SUCCESS = (
    "customer win 💚 {c}: {m} down {pct}% in 60 days with {p}",
    "{c} cut their {m} by {pct}% since rolling out {p} — case study incoming",
)
_ARR_STEPS = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 75, 100)


def funding(w: World, rng: random.Random, p: Progress) -> Story:
    ceo, fin = w.person("CEO"), w.person("finance", "CEO")
    if rng.random() < 0.2:
        agency, amount = rng.choice(AGENCIES), rng.choice((250, 300, 450, 600, 800)) * 1e3
        text = money(rng, amount, "EUR")
        drafts = [
            Draft(0, True, ceo.first, _pick(rng, _GRANT, a=text, g=agency, k=int(amount // 1e3)))
        ]
        return Story(
            "funding",
            f"Awarded {text} grant from {agency}",
            {"amount_eur": amount},
            "medium",
            drafts + celebrations(rng, w),
            f"Grant: {agency} awarded us {text}.",
        )
    name = ROUNDS[min(p.round_index, len(ROUNDS) - 1)]
    p.round_index += 1
    low, high = ROUND_SIZE.get(name, (40.0, 120.0))
    amount = round(rng.uniform(low, high) * 2) / 2 * 1e6
    lead = p.pending_lead or w.investor(fresh=True)
    p.pending_lead = None
    a1, a2, a3 = (money(rng, amount) for _ in range(3))
    sender = rng.choice((ceo, fin)).first
    drafts = [Draft(0, True, sender, _pick(rng, _FUNDING, r=name, a=a1, l=lead))]
    drafts += celebrations(rng, w)
    if rng.random() < 0.6:
        body = _pick(rng, _FUNDING_EMAIL, r=name, a=a2, l=lead, c=ceo.first)
        drafts.append(Draft(rng.uniform(60, 1500), False, ceo.email, body))
    if name.startswith("Series") and rng.random() < 0.25:
        won = f"{int(amount / 1e4)}만 달러"
        text = f"시리즈 {name[-1]} {won} 클로징!!! 다들 고생 많으셨어요 🥳"
        drafts.append(Draft(rng.uniform(3, 30), True, w.person("ml", "eng").first, text))
    line = f"Financing: we closed a {a3} {name} led by {lead}."
    title = f"Closed {a1} {name} led by {lead}"
    return Story("funding", title, {"amount_usd": amount}, "high", drafts, line)


def investor_interest(w: World, rng: random.Random, p: Progress) -> Story:
    ceo = w.person("CEO")
    nxt = ROUNDS[min(p.round_index, len(ROUNDS) - 1)]
    inv, partner = w.investor(fresh=True), w.full_name()
    address = f"{partner.split()[0].lower()}@{inv.split()[0].lower()}.vc"
    if rng.random() < 0.5:
        body = (
            f"Subject: {w.name} <> {inv}\n\nHi {ceo.first},\n\nI'm a partner at {inv}. We've been"
            f" following {w.name} for a while and would love to get to know you ahead of your"
            f" {nxt}. Do you have 30 minutes next week for an intro call?\n\nBest,\n{partner}"
        )
        short = inv.split()[0].lower() if rng.random() < 0.5 else inv
        chat = _pick(rng, _INTEREST_CHAT, i=short, r=nxt)
        drafts = [Draft(0, False, address, body), Draft(rng.uniform(10, 90), True, ceo.first, chat)]
        line = f"Investors: inbound interest from {inv} ahead of our {nxt}."
        return Story(
            "investor_interest", f"Inbound {nxt} interest from {inv}", {}, "medium", drafts, line
        )
    amount = round(rng.uniform(*ROUND_SIZE.get(nxt, (30.0, 90.0)))) * 1e6
    pre = amount * rng.choice((3, 4, 5))
    p.pending_lead = inv
    a1, a2 = money(rng, amount), money(rng, amount)
    body = (
        f"Subject: {w.name} – {nxt} term sheet\n\n{ceo.first},\n\nThank you for the time over the"
        f" last few weeks. Please find attached our proposed term sheet for {w.name}'s {nxt}: a"
        f" {a1} investment at a {money(rng, pre)} pre-money valuation.\n\nThe offer is open for"
        f" ten days.\n\nBest,\n{partner}\n{inv}"
    )
    chat = _pick(
        rng, _TERM_SHEET_CHAT, i=inv.split()[0].lower(), a=a2, pre=f"{pre / 1e6:.0f}", r=nxt
    )
    drafts = [Draft(0, False, address, body), Draft(rng.uniform(10, 60), True, ceo.first, chat)]
    line = f"Financing: we signed a term sheet with {inv} for a {a2} {nxt}."
    return Story(
        "investor_interest",
        f"Received {a1} {nxt} term sheet from {inv}",
        {"amount_usd": amount},
        "high",
        drafts,
        line,
    )


def partnership(w: World, rng: random.Random, _progress: Progress) -> Story:
    ceo, partner = w.person("CEO", "sales"), w.partner()
    n = rng.choice((800, 1500, 3000, 6000, 12000))
    detail = rng.choice(
        (
            f"native integration + joint webinars for their ~{n:,} customers",
            "we get listed in their marketplace and a shared sales motion",
            "co-marketing plus a two-way data sync",
        )
    )
    drafts = [Draft(0, True, ceo.first, _pick(rng, _PARTNERSHIP, p=partner, d=detail))]
    drafts += celebrations(rng, w)
    if rng.random() < 0.6:
        body = (
            f"Subject: {partner} x {w.name} – signed agreement\n\nHi {ceo.first},\n\nAttached is"
            f" the countersigned partnership agreement between {partner} and {w.name}, effective"
            " today. Our team will reach out to schedule the technical kickoff.\n\nKind regards,"
            f"\n{w.full_name()}\nPartnerships, {partner}"
        )
        sender = f"partnerships@{partner.split()[0].lower()}.com"
        drafts.append(Draft(rng.uniform(20, 300), False, sender, body))
    return Story(
        "partnership",
        f"Partnership signed with {partner}",
        {},
        "medium",
        drafts,
        f"Partnerships: we signed a partnership with {partner}.",
    )


def enterprise_deal(w: World, rng: random.Random, _progress: Progress) -> Story:
    rep, cust = w.person("sales"), w.customer()
    seats = rng.choice((40, 85, 120, 140, 250, 400, 1200))
    unit = rng.choice(("locations", "seats", "sites", "stores"))
    acv = rng.choice((60, 95, 140, 220, 380, 510, 750)) * 1e3
    years = rng.choice((1, 2, 3))
    short = cust.split()[0]
    text = _pick(rng, _DEAL, C=short.upper(), c=cust, n=seats, u=unit, a=money(rng, acv), y=years)
    drafts = [Draft(0, True, rep.first, text)]
    if rng.random() < 0.5:
        echo = _pick(rng, _DEAL_ECHO, a=money(rng, acv), r=rep.first.lower(), s=short)
        drafts.append(Draft(rng.uniform(1, 20), True, w.person("CEO").first, echo))
    drafts += celebrations(rng, w)
    if rng.random() < 0.4:
        body = (
            f"Subject: Signed agreement – {cust}\n\nHi {rep.first},\n\nPlease find attached the"
            f" signed subscription agreement and order form for {seats} {unit}. We look forward to"
            f" getting started.\n\nRegards,\n{w.full_name()}\nProcurement, {cust}"
        )
        drafts.append(Draft(rng.uniform(60, 900), False, f"procurement@{short.lower()}.com", body))
    value = money(rng, acv)
    line = f"Enterprise: {cust} signed a {years}-year contract for {seats} {unit} at {value} ACV."
    return Story(
        "enterprise_deal",
        f"{cust} signed: {seats} {unit}, {value} ACV",
        {"acv_usd": acv, unit: seats},
        "high" if acv >= 100e3 else "medium",
        drafts,
        line,
    )


def revenue_milestone(w: World, rng: random.Random, p: Progress) -> Story:
    index = sum(1 for s in _ARR_STEPS if s * 1e6 <= p.arr)
    laps = 1 + index // len(_ARR_STEPS)
    threshold = _ARR_STEPS[min(index, len(_ARR_STEPS) - 1)] * 1e6 * laps
    exact = threshold * rng.uniform(1.0, 1.04)
    p.arr = exact
    t = money(rng, threshold)
    text = _pick(rng, _REVENUE, t=t, m=money(rng, threshold / 12), e=money(rng, exact))
    drafts = [Draft(0, True, w.person("finance", "CEO").first, text)]
    if rng.random() < 0.4:
        k = f"{threshold / 1e6:g}".replace(".", ",")
        drafts.append(
            Draft(rng.uniform(2, 30), True, w.person().first, _pick(rng, _REVENUE_ECHO, t=t, k=k))
        )
    drafts += celebrations(rng, w)
    line = f"Revenue: ARR reached {money(rng, exact)}, crossing the {t} mark."
    return Story(
        "revenue_milestone", f"ARR crossed {t}", {"arr_usd": round(exact)}, "high", drafts, line
    )


_MAX_USERS = 1e9


def user_growth(w: World, rng: random.Random, p: Progress) -> Story:
    unit = p.unit
    # Capped: compounding over a million-row file overflowed to inf and then NaN.
    grown = min(max(p.users * rng.uniform(1.3, 1.8), 500), _MAX_USERS)
    n = float(f"{grown:.1g}") if grown < 10_000 else round(grown, -3)
    p.users = n
    pct = rng.randint(8, 45)
    short = f"{n / 1000:g}k" if n >= 1000 else f"{n:g}"
    text = _pick(
        rng, _GROWTH, n=n, N=n, u=unit, U=unit.upper(), Ucap=unit.capitalize(), s=short, pct=pct
    )
    drafts = [Draft(0, True, w.person("CEO", "growth").first, text), *celebrations(rng, w)]
    line = f"Usage: {short} active {unit}, up {pct}% month over month."
    return Story("user_growth", f"Crossed {n:,.0f} {unit}", {unit: n}, "medium", drafts, line)


def customer_success(w: World, rng: random.Random, _progress: Progress) -> Story:
    cs, cust = w.person("cs", "sales"), w.customer()
    if rng.random() < 0.25:
        nps, prev, answers = rng.randint(55, 80), rng.randint(30, 54), rng.randint(150, 900)
        text = f"customer NPS survey closed: {nps} 🎉 (last quarter {prev}), {answers} responses"
        return Story(
            "customer_success",
            f"Customer NPS reached {nps}",
            {"nps": nps},
            "low",
            [Draft(0, True, cs.first, text)],
        )
    metric = rng.choice(("no-show rate", "churn", "late deliveries", "support tickets"))
    before = rng.randint(12, 30)
    after = max(2, before - rng.randint(4, 10))
    pct = round((before - after) / before * 100)
    product = rng.choice(w.products)
    text = _pick(rng, _SUCCESS, c=cust, m=metric, pct=pct, p=product)
    drafts = [Draft(0, True, cs.first, text)]
    if rng.random() < 0.5:
        body = (
            f"Subject: Results after two months\n\nHi {cs.first},\n\nQuick note: since we switched"
            f" on {product}, our {metric} has dropped from {before}% to {after}%, and the team has"
            f" about {rng.randint(3, 9)} hours a week back.\n\nHappy to be a reference.\n\n"
            f"{w.full_name()}\n{cust}"
        )
        sender = f"ops@{cust.split()[0].lower()}.com"
        drafts.insert(0, Draft(-rng.uniform(60, 600), False, sender, body))
    line = f"Customers: {cust} reduced its {metric} by {pct}% after adopting {product}."
    return Story(
        "customer_success",
        f"{cust} cut {metric} {pct}% with {product}",
        {"reduction_pct": pct},
        "low",
        drafts,
        line,
    )
