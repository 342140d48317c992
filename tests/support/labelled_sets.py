"""Build and check the hand-labelled extraction sets in tests/data/ (the dev set's format).

A set's `build.py` holds every message as a literal, in time order, and refers to messages
by symbolic keys; `LabelledSet.write` assigns ids 1..N, resolves the keys and writes
`messages.csv`, `expected_events.json` and `traps.json`. `check_set` re-reads the written
files with the stdlib only and lists every broken rule, so a careless edit of a label shows
up as a failing unit test rather than as a wrong figure months later.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

EVENT_TYPES = (
    "user_growth",
    "revenue_milestone",
    "funding",
    "partnership",
    "product_launch",
    "hiring",
    "enterprise_deal",
    "technical_achievement",
    "market_expansion",
    "compliance",
    "media_coverage",
    "investor_interest",
    "customer_success",
    "other",
)
TRAP_KINDS = (
    "negated",
    "delayed",
    "speculative",
    "conditional",
    "goal",
    "draft",
    "template",
    "joke",
    "historical",
    "third_party",
    "spam",
    "injection",
    "rumour",
)
SEVERITIES = ("high", "medium", "low")
POLARITIES = ("positive", "negative")
FIELDS = ["id", "is_chat", "chat_sender", "email_sender", "timestamp", "content"]
# An email's first line names its subject in the sender's language.
SUBJECT_PREFIXES = (
    "Subject:",
    "Betreff:",
    "Asunto:",
    "Objet :",
    "Objet:",
    "Onderwerp:",
    "Assunto:",
    "Ämne:",
    "件名:",
    "件名：",
)

TESTS = Path(__file__).resolve().parents[1]
FRESH_LOGISTICS = TESTS / "data" / "fresh_logistics"
FRESH_CONSUMER = TESTS / "data" / "fresh_consumer"
FRESH_HEALTH = TESTS / "data" / "fresh_health"
FRESH_MARITIME = TESTS / "data" / "fresh_maritime"
REDACTION = TESTS / "data" / "redaction"


@dataclass
class _Message:
    timestamp: str
    chat_sender: str
    email_sender: str
    content: str
    key: str | None


@dataclass
class LabelledSet:
    """Messages, gold events and traps of one set, written by `write`."""

    messages: list[_Message] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    traps: list[dict[str, Any]] = field(default_factory=list)

    def chat(self, timestamp: str, sender: str, text: str, key: str | None = None) -> None:
        self.messages.append(_Message(timestamp, sender, "", text, key))

    def email(self, timestamp: str, address: str, text: str, key: str | None = None) -> None:
        self.messages.append(_Message(timestamp, "", address, text, key))

    def event(
        self,
        event_type: str,
        title: str,
        sources: list[str],
        date: str,
        *,
        polarity: str = "positive",
        key_metrics: dict[str, float] | None = None,
        severity: str = "medium",
    ) -> None:
        self.events.append(
            {
                "event_type": event_type,
                "title": title,
                "sources": sources,
                "key_metrics": key_metrics or {},
                "severity": severity,
                "date": date,
                "polarity": polarity,
            }
        )

    def trap(self, key: str, kind: str, note: str, event_types: list[str] | None = None) -> None:
        entry: dict[str, Any] = {"key": key, "kind": kind, "note": note}
        if event_types is not None:
            entry["event_types"] = event_types
        self.traps.append(entry)

    def write(self, out_dir: Path) -> list[str]:
        """Write the three files into `out_dir`; return the problems `check_set` finds."""
        key_to_id: dict[str, int] = {}
        rows = []
        for i, m in enumerate(self.messages, 1):
            if m.key is not None:
                if m.key in key_to_id:
                    raise ValueError(f"duplicate message key {m.key!r}")
                key_to_id[m.key] = i
            rows.append(
                {
                    "id": i,
                    "is_chat": "True" if m.chat_sender else "False",
                    "chat_sender": m.chat_sender,
                    "email_sender": m.email_sender,
                    "timestamp": m.timestamp,
                    "content": m.content,
                }
            )
        out_dir.mkdir(parents=True, exist_ok=True)
        with (out_dir / "messages.csv").open("w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=FIELDS)
            writer.writeheader()
            writer.writerows(rows)
        events = [
            {
                "event_type": e["event_type"],
                "title": e["title"],
                "source_ids": sorted(key_to_id[k] for k in e["sources"]),
                "key_metrics": e["key_metrics"],
                "severity": e["severity"],
                "date": e["date"],
                "polarity": e["polarity"],
            }
            for e in self.events
        ]
        traps = []
        for t in self.traps:
            entry: dict[str, Any] = {"id": key_to_id[t["key"]], "kind": t["kind"]}
            entry["note"] = t["note"]
            if "event_types" in t:
                entry["event_types"] = t["event_types"]
            traps.append(entry)
        traps.sort(key=lambda x: x["id"])
        dump_json(out_dir / "expected_events.json", events)
        dump_json(out_dir / "traps.json", traps)
        return check_set(out_dir)

    def main(self, out_dir: Path) -> int:
        """What a set's build.py runs: write, print the counts and problems, exit code."""
        problems = self.write(out_dir)
        n_chat = sum(1 for m in self.messages if m.chat_sender)
        n_email = len(self.messages) - n_chat
        print(f"messages: {len(self.messages)} ({n_chat} chat, {n_email} email)")
        print(f"events:   {len(self.events)}")
        print(f"traps:    {len(self.traps)}")
        for p in problems:
            print("PROBLEM", p)
        return 1 if problems else 0


def dump_json(path: Path, data: object) -> None:
    with path.open("w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.write("\n")


def read_rows(folder: Path) -> list[dict[str, str]]:
    with (folder / "messages.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _check_rows(rows: list[dict[str, str]], problems: list[str]) -> None:
    previous: datetime | None = None
    for n, row in enumerate(rows, 1):
        where = f"messages.csv row {n}"
        if list(row) != FIELDS:
            problems.append(f"{where}: columns {list(row)}")
            continue
        if row["id"] != str(n):
            problems.append(f"{where}: id {row['id']!r}, expected {n}")
        if row["is_chat"] not in ("True", "False"):
            problems.append(f"{where}: is_chat {row['is_chat']!r}")
        is_chat = row["is_chat"] == "True"
        if is_chat != bool(row["chat_sender"]) or is_chat == bool(row["email_sender"]):
            problems.append(f"{where}: exactly one of chat_sender/email_sender must be set")
        if not is_chat and not row["content"].startswith(SUBJECT_PREFIXES):
            problems.append(f"{where}: email does not start with a subject line")
        try:
            at = datetime.fromisoformat(row["timestamp"])
        except ValueError:
            problems.append(f"{where}: timestamp {row['timestamp']!r} is not ISO")
            continue
        if previous is not None and at <= previous:
            problems.append(f"{where}: timestamp not after the previous row")
        previous = at


def _check_events(
    events: list[dict[str, Any]], dates: dict[int, str], problems: list[str]
) -> dict[int, set[str]]:
    sourced: dict[int, set[str]] = {}
    for n, e in enumerate(events):
        where = f"expected_events.json[{n}] ({e.get('title')})"
        if e["event_type"] not in EVENT_TYPES:
            problems.append(f"{where}: event_type {e['event_type']!r}")
        if e["severity"] not in SEVERITIES or e.get("polarity") not in POLARITIES:
            problems.append(f"{where}: severity or polarity")
        ids = e["source_ids"]
        if not ids or ids != sorted(set(ids)) or any(i not in dates for i in ids):
            problems.append(f"{where}: source_ids {ids} empty, unsorted or unknown")
            continue
        if e["date"] != dates[ids[0]]:
            problems.append(f"{where}: date {e['date']} is not the first source's {dates[ids[0]]}")
        if not all(isinstance(v, int | float) for v in e["key_metrics"].values()):
            problems.append(f"{where}: key_metrics must be numbers")
        for i in ids:
            sourced.setdefault(i, set()).add(e["event_type"])
    return sourced


def _check_traps(
    traps: list[dict[str, Any]], sourced: dict[int, set[str]], n_rows: int, problems: list[str]
) -> None:
    seen: set[int] = set()
    for t in traps:
        where = f"traps.json id {t['id']}"
        if t["kind"] not in TRAP_KINDS:
            problems.append(f"{where}: kind {t['kind']!r}")
        if not 1 <= t["id"] <= n_rows or t["id"] in seen:
            problems.append(f"{where}: unknown or repeated id")
        seen.add(t["id"])
        real = sourced.get(t["id"], set())
        limited = t.get("event_types")
        if limited is None and real:
            problems.append(f"{where}: is a gold source of {sorted(real)} but has no event_types")
        if limited is not None and (not real or real & set(limited)):
            problems.append(
                f"{where}: event_types {limited} must only name types it is no source of"
            )
        if limited is not None and not set(limited) <= set(EVENT_TYPES):
            problems.append(f"{where}: event_types {limited}")


def check_set(folder: Path) -> list[str]:
    """Every rule of the dev-set format that the files in `folder` break."""
    problems: list[str] = []
    rows = read_rows(folder)
    _check_rows(rows, problems)
    dates = {int(r["id"]): r["timestamp"][:10] for r in rows if r["id"].isdigit()}
    events = json.loads((folder / "expected_events.json").read_text(encoding="utf-8"))
    traps = json.loads((folder / "traps.json").read_text(encoding="utf-8"))
    sourced = _check_events(events, dates, problems)
    _check_traps(traps, sourced, len(rows), problems)
    return problems
