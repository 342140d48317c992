#!/usr/bin/env python3
"""Turn a hand-written labelled set (`set.yaml`) into the dev set's three files.

    python3 scripts/build_labelled_set.py tests/data/rules_train/*/set.yaml

`set.yaml` holds `messages` (each with `at`, `from` — a first name for chat, an address for
email — `text` and an optional `key`), `events` (`type`, `title`, `sources` as keys,
optional `polarity`, `metrics`, `severity`) and `traps` (`key`, `kind`, `note`, optional
`event_types`). Written next to it: `messages.csv`, `expected_events.json`, `traps.json`,
in the format `sago eval` reads (see /work/shared/devset/README.md). Ids run 1..N in time
order, so the set can be edited by inserting messages anywhere.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

import yaml

TRAP_KINDS = {
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
    "question",
    "quoted",
}


def build(path: Path) -> str:
    spec: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    messages = sorted(spec["messages"], key=lambda m: str(m["at"]))
    ids: dict[str, int] = {}
    rows = []
    for number, message in enumerate(messages, 1):
        sender = str(message["from"])
        email = "@" in sender
        if "key" in message:
            if message["key"] in ids:
                raise ValueError(f"{path}: duplicate key {message['key']}")
            ids[message["key"]] = number
        rows.append(
            {
                "id": number,
                "is_chat": "False" if email else "True",
                "chat_sender": "" if email else sender,
                "email_sender": sender if email else "",
                "timestamp": str(message["at"]).replace(" ", "T"),
                "content": str(message["text"]).rstrip("\n"),
            }
        )
    folder = path.parent
    with (folder / "messages.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    events = []
    for event in spec.get("events", []):
        sources = sorted(ids[key] for key in event["sources"])
        first = rows[sources[0] - 1]["timestamp"][:10]
        entry: dict[str, Any] = {
            "event_type": event["type"],
            "title": event["title"],
            "source_ids": sources,
            "key_metrics": event.get("metrics", {}),
            "severity": event.get("severity", "medium"),
            "date": first,
            "polarity": event.get("polarity", "positive"),
        }
        events.append(entry)
    traps = []
    for trap in spec.get("traps", []):
        if trap["kind"] not in TRAP_KINDS:
            raise ValueError(f"{path}: unknown trap kind {trap['kind']}")
        entry = {"id": ids[trap["key"]], "kind": trap["kind"], "note": trap.get("note", "")}
        if "event_types" in trap:
            entry["event_types"] = trap["event_types"]
        traps.append(entry)
    traps.sort(key=lambda t: t["id"])
    for name, data in (("expected_events.json", events), ("traps.json", traps)):
        (folder / name).write_text(
            json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    return f"{folder}: {len(rows)} messages, {len(events)} events, {len(traps)} traps"


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        print(build(Path(argument)))
