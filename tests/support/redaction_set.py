"""Write and check the redaction set in tests/data/redaction/ (see its README.md).

Each message lists the exact spans a redactor must withhold (with a category and a reason)
and the strings it must keep. `check_redaction_set` re-reads the written files and lists
every broken rule: spans and keeps that are not in the text, keeps that overlap a
withheld span, a confidential term left unlabelled, or a digit run of a withheld figure
that also appears elsewhere in the text (which would make "no digits of the span survive"
an unfair test).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from support.labelled_sets import dump_json

CATEGORIES = ("compensation", "contact", "health_hr", "confidential_term")
LANGS = ("en", "de", "es", "fr", "nl", "pt", "it", "ja")
MIN_ITEMS = 60
MIN_LANGS = 4
MIN_NOTHING_WITHHELD = 15
MESSAGES_FILE = "sensitive_messages.json"
TERMS_FILE = "confidential_terms.json"
DESCRIPTION = (
    "Sensitive messages for testing redaction before an investor email or a cloud LLM "
    "(issue 15). Every `withhold` span must not survive redaction; every `keep` string "
    "must. Confidential terms are in confidential_terms.json (SAGO_REDACT_TERMS)."
)

Item = tuple[str, str, str, list[tuple[str, str, str]], list[str]]


def write_set(folder: Path, items: list[Item], terms: list[str]) -> list[str]:
    """Write both files into `folder`; return the problems `check_redaction_set` finds."""
    messages = [
        {
            "id": item_id,
            "lang": lang,
            "text": text,
            "withhold": [{"span": s, "category": c, "why": w} for s, c, w in withhold],
            "keep": keep,
        }
        for item_id, lang, text, withhold, keep in items
    ]
    dump_json(folder / MESSAGES_FILE, {"description": DESCRIPTION, "messages": messages})
    dump_json(folder / TERMS_FILE, terms)
    return check_redaction_set(folder)


def load_messages(folder: Path) -> list[dict[str, Any]]:
    data = json.loads((folder / MESSAGES_FILE).read_text(encoding="utf-8"))
    messages: list[dict[str, Any]] = data["messages"]
    return messages


def load_terms(folder: Path) -> list[str]:
    terms: list[str] = json.loads((folder / TERMS_FILE).read_text(encoding="utf-8"))
    return terms


def _occurrences(text: str, needle: str, *, fold: bool = False) -> list[tuple[int, int]]:
    hay, pin = (text.lower(), needle.lower()) if fold else (text, needle)
    return [(m.start(), m.start() + len(pin)) for m in re.finditer(re.escape(pin), hay)]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _check_item(item: dict[str, Any], terms: list[str], problems: list[str]) -> None:
    where = f"{MESSAGES_FILE} {item['id']}"
    text = item["text"]
    if item["lang"] not in LANGS:
        problems.append(f"{where}: lang {item['lang']!r}")
    held: list[tuple[int, int]] = []
    folded_terms = {t.lower() for t in terms}
    for w in item["withhold"]:
        found = _occurrences(text, w["span"])
        if not found or w["category"] not in CATEGORIES or not w["why"]:
            problems.append(f"{where}: span {w['span']!r} missing, or bad category/why")
        if w["category"] == "confidential_term" and w["span"].lower() not in folded_terms:
            problems.append(f"{where}: {w['span']!r} is not in {TERMS_FILE}")
        held.extend(found)
    for term in terms:
        for occ in _occurrences(text, term, fold=True):
            if not any(occ[0] >= h[0] and occ[1] <= h[1] for h in held):
                problems.append(f"{where}: confidential term {term!r} is not withheld")
    for keep in item["keep"]:
        found = _occurrences(text, keep)
        if not found or any(_overlaps(k, h) for k in found for h in held):
            problems.append(f"{where}: keep {keep!r} missing or overlapping a withheld span")
    outside = "".join(
        c if not any(h[0] <= i < h[1] for h in held) else " " for i, c in enumerate(text)
    )
    for w in item["withhold"]:
        if w["category"] in ("compensation", "contact"):
            for run in re.findall(r"\d{3,}", w["span"]):
                if run in outside:
                    problems.append(f"{where}: digits {run} of {w['span']!r} also occur elsewhere")


def check_redaction_set(folder: Path) -> list[str]:
    """Every rule of the redaction set's format that the files in `folder` break."""
    problems: list[str] = []
    messages = load_messages(folder)
    terms = load_terms(folder)
    ids = [m["id"] for m in messages]
    if len(ids) != len(set(ids)):
        problems.append(f"{MESSAGES_FILE}: repeated ids")
    if len(messages) < MIN_ITEMS:
        problems.append(f"{MESSAGES_FILE}: {len(messages)} items, want at least {MIN_ITEMS}")
    if len({m["lang"] for m in messages}) < MIN_LANGS:
        problems.append(f"{MESSAGES_FILE}: fewer than {MIN_LANGS} languages")
    if sum(not m["withhold"] for m in messages) < MIN_NOTHING_WITHHELD:
        problems.append(f"{MESSAGES_FILE}: fewer than {MIN_NOTHING_WITHHELD} clean messages")
    for item in messages:
        _check_item(item, terms, problems)
    return problems
