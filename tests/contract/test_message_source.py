"""What every MessageSource must hold: the same ids (and the same rejections) on every read,
one id per message, and a valid file loses no message. The mbox and Slack fixtures hold
deliberately broken records, so only the CSV input is counted message by message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sago.domain.message import Message, Rejection
from sago.sources.detect import open_source

FIXTURES = Path(__file__).parent.parent / "fixtures" / "sources"

CSV = """id,is_chat,chat_sender,email_sender,timestamp,content
1,True,Hana,,2024-10-14T08:31:00,we signed the pilot with Bluefin
2,True,Ben,,2024-10-14T08:33:00,nice
3,False,,ceo@tessellate.example,2024-10-15T09:00:00,ARR is now $1.2M
"""


def _input(kind: str, tmp_path: Path) -> tuple[Path, int | None]:
    """The input, and how many messages it holds where the input is wholly valid."""
    if kind == "csv":
        path = tmp_path / "messages.csv"
        path.write_text(CSV, encoding="utf-8")
        return path, 3
    if kind == "mbox":
        return FIXTURES / "mail" / "threads.mbox", None
    path = tmp_path / "slack_export"
    shutil.copytree(FIXTURES / "slack_export", path)
    return path, None


def _read(path: Path) -> list[Message | Rejection]:
    return [r for r in open_source(path, "tessellate").read() if isinstance(r, Message | Rejection)]


@pytest.mark.parametrize("kind", ["csv", "mbox", "slack_export"])
def test_ids_are_stable_and_nothing_is_lost(kind: str, tmp_path: Path) -> None:
    path, expected = _input(kind, tmp_path)
    first = _read(path)
    ids = [r.id for r in first if isinstance(r, Message)]
    assert ids
    assert len(set(ids)) == len(ids), "one id per message"
    if expected is not None:
        assert not [r for r in first if isinstance(r, Rejection)], "a valid file rejects nothing"
        assert len(ids) == expected
    again = _read(path)
    assert [r.id for r in again if isinstance(r, Message)] == ids
    assert [r for r in again if isinstance(r, Rejection)] == [
        r for r in first if isinstance(r, Rejection)
    ]
