"""Slack export: edits and deletions in a later day's file than the message (issue 16), and
messages with no text skipped and counted so a normal export exits 0."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sago.domain.message import Message, Notice, Rejection
from sago.pipeline.ingest import split_records
from sago.pipeline.summary import RunSummary
from sago.rawstore.sqlite import SqliteRawStore
from sago.sources.slack_export import SlackExportSource

USERS = [{"id": "U1", "real_name": "Maya Chen"}]


def export(tmp_path: Path, days: dict[str, list[dict[str, Any]]]) -> Path:
    root = tmp_path / "export"
    (root / "general").mkdir(parents=True)
    (root / "users.json").write_text(json.dumps(USERS))
    (root / "channels.json").write_text(json.dumps([{"id": "C1", "name": "general"}]))
    for day, messages in days.items():
        (root / "general" / f"{day}.json").write_text(json.dumps(messages))
    return root


def post(ts: str, text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "message", "user": "U1", "text": text, "ts": ts, **extra}


def changed(ts: str, target: str, text: str, edited: str) -> dict[str, Any]:
    new = post(target, text, edited={"user": "U1", "ts": edited})
    return {"type": "message", "subtype": "message_changed", "ts": ts, "message": new}


def deleted(ts: str, target: str) -> dict[str, Any]:
    return {"type": "message", "subtype": "message_deleted", "ts": ts, "deleted_ts": target}


def records(path: Path) -> list[Message | Rejection | Notice]:
    return list(SlackExportSource(path, "acme").read())


def messages(path: Path) -> dict[str, Message]:
    found = records(path)
    assert not [r for r in found if isinstance(r, Rejection)], found
    return {r.id: r for r in found if isinstance(r, Message)}


def test_an_edit_in_a_later_day_file_is_applied(tmp_path: Path) -> None:
    path = export(
        tmp_path,
        {
            "2024-03-01": [post("1709280000.000100", "ARR is $1M")],
            "2024-03-02": [
                changed("1709366400.000100", "1709280000.000100", "ARR is $1.2M", "1709366400.0"),
                post("1709366500.000100", "next day"),
            ],
            "2024-03-03": [
                changed("1709452800.000100", "1709280000.000100", "ARR is $1.3M", "1709452800.0"),
            ],
        },
    )
    found = messages(path)
    edited = found["general/1709280000.000100"]
    assert edited.text == "ARR is $1.3M"  # the newest edit wins
    assert edited.edited_at is not None
    assert edited.edited_at.isoformat() == "2024-03-03T08:00:00+00:00"
    assert edited.timestamp.isoformat().startswith("2024-03-01")  # posted time unchanged
    assert sorted(found) == ["general/1709280000.000100", "general/1709366500.000100"]


def test_a_delete_in_a_later_day_file_gives_a_tombstone(tmp_path: Path) -> None:
    path = export(
        tmp_path,
        {
            "2024-03-01": [post("1709280000.000100", "we lost Globex"), post("1709280001.0", "ok")],
            "2024-03-02": [deleted("1709366400.000100", "1709280000.000100")],
        },
    )
    found = messages(path)
    gone = found["general/1709280000.000100"]
    assert (gone.deleted, gone.text) == (True, "")
    assert "we lost Globex" not in json.dumps(gone.raw)
    assert not found["general/1709280001.0"].deleted


def test_changes_of_messages_outside_the_export_still_come_out(tmp_path: Path) -> None:
    path = export(
        tmp_path,
        {
            "2024-03-02": [
                changed("1709366400.000100", "1709000000.000100", "Seed closed", "1709366400.0"),
                deleted("1709366401.000100", "1709000001.000100"),
            ],
        },
    )
    found = messages(path)
    assert found["general/1709000000.000100"].text == "Seed closed"
    assert found["general/1709000000.000100"].edited_at is not None
    assert found["general/1709000001.000100"].deleted


def test_messages_without_text_are_skipped_and_counted_not_rejected(tmp_path: Path) -> None:
    path = export(
        tmp_path,
        {
            "2024-03-01": [
                post("1709280000.000100", "   \n "),
                post("1709280001.000100", "", subtype="file_share", files=[{"id": "F1"}]),
                post("1709280002.000100", "<@U1> has joined the channel", subtype="channel_join"),
                post("1709280003.000100", "real news"),
            ]
        },
    )
    found = records(path)
    skipped = [r for r in found if isinstance(r, Notice)]
    assert [(n.kind, n.reason) for n in skipped] == [
        ("skipped", "no text"),
        ("skipped", "no text"),
        ("skipped", "bot or system message"),
    ]
    summary = RunSummary(company_id="acme")
    store = SqliteRawStore(tmp_path / "raw.sqlite3")
    try:
        kept = split_records(found, "acme", store, summary)
    finally:
        store.close()
    assert [m.text for m in kept] == ["real news"]
    # The run's exit code follows `rejected`: a normal export now ends 0.
    assert (summary.rejected, summary.records_read) == (0, 1)
    assert summary.skipped == {"no text": 2, "bot or system message": 1}
