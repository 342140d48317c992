"""events.json is written one event at a time, and reads exactly as one json.dumps would."""

from __future__ import annotations

import json
from pathlib import Path

from sago.domain.event import EventType
from sago.pipeline.report import events_json_pieces, write_atomic
from support.factories import event


def test_pieces_join_to_the_same_text_as_one_dump() -> None:
    events = [
        event("seed round"),
        event("k2", title="line\nbreak, ünïcode ✓ 정확도", event_type=EventType.OTHER),
    ]
    whole = json.dumps([e.model_dump(mode="json") for e in events], indent=2, ensure_ascii=False)
    assert "".join(events_json_pieces(events)) == whole
    assert "".join(events_json_pieces([])) == json.dumps([], indent=2)
    assert len(list(events_json_pieces(events))) == len(events) + 2  # never one big string


def test_write_atomic_takes_pieces(tmp_path: Path) -> None:
    target = tmp_path / "out" / "events.json"
    write_atomic(target, iter(["[", "1", "]"]))
    assert json.loads(target.read_text(encoding="utf-8")) == [1]
