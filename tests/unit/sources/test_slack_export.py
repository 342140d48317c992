"""Slack workspace exports, as a folder and as a zip, including hostile archives."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from sago.domain.message import Message, Notice, Rejection, Source
from sago.sources.base import SourceError
from sago.sources.slack_export import SlackExportSource
from sago.sources.slack_text import render

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "sources" / "slack_export"


def read(path: Path, **kwargs: int) -> list[Message | Rejection]:
    """Messages and rejections; the skipped-record notices are checked on their own."""
    records = SlackExportSource(path, "acme", **kwargs).read()
    return [r for r in records if not isinstance(r, Notice)]


def notices(path: Path) -> list[Notice]:
    return [r for r in SlackExportSource(path, "acme").read() if isinstance(r, Notice)]


def by_id(records: list[Message | Rejection]) -> dict[str, Message]:
    return {r.id: r for r in records if isinstance(r, Message)}


def zip_folder(folder: Path, target: Path, prefix: str = "") -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, prefix + path.relative_to(folder).as_posix())
    return target


def test_fixture_folder_messages_in_order() -> None:
    records = read(FIXTURE)
    ids = [r.id if isinstance(r, Message) else f"! {r.position}" for r in records]
    assert ids == [
        # channels.json order (general, deals), then dms.json; days in date order.
        "general/1709280060.000200",
        "general/1709280180.000400",
        "general/1709280300.000600",
        "general/1709280360.000700",
        "general/1709280420.000800",
        "general/1709280480.000900",
        "! general/2024-03-01.json message 10",
        # The thread reply repeated in the next day's file is not read twice.
        "general/1709366400.000100",
        "! deals/2024-03-01.json",
        "deals/1709539200.000100",
        "! deals/2024-03-04.json message 2",
        "D0DM1/1709625600.000100",
    ]


def test_system_and_empty_messages_are_skipped_and_counted_not_rejected() -> None:
    # Defect class "Slack no text": joins and empty posts were rejections, so a normal
    # export exited 1. They are skipped on purpose and counted by reason.
    found = notices(FIXTURE)
    assert {n.kind for n in found} == {"skipped"}
    assert sorted((n.position, n.reason) for n in found) == [
        ("general/2024-03-01.json message 1", "bot or system message"),
        ("general/2024-03-01.json message 11", "bot or system message"),
        ("general/2024-03-01.json message 3", "bot or system message"),
    ]
    assert not any("no text" in r.reason for r in read(FIXTURE) if isinstance(r, Rejection))


def test_names_mentions_links_and_escapes() -> None:
    found = by_id(read(FIXTURE))
    welcome = found["general/1709280060.000200"]
    assert (welcome.source, welcome.channel, welcome.sender) == (
        Source.SLACK,
        "general",
        "Maya Chen",
    )
    assert welcome.text == (
        "Welcome @lena.k! We closed the seed round: $2M & the announcement (https://acme.example/news)"
    )
    assert welcome.timestamp.isoformat() == "2024-03-01T08:01:00.000200+00:00"
    dm = found["D0DM1/1709625600.000100"]
    assert dm.sender == "Ravi"  # display name when real_name is blank
    assert dm.text == "can you review the term sheet? @legal see #deals & legal@acme.example"


def test_edits_bots_and_system_messages() -> None:
    records = read(FIXTURE)
    found = by_id(records)
    # The message_changed event in the same day wins over the exported text.
    assert found["general/1709280180.000400"].text == "Revenue hit 120k MRR"
    assert "general/1709280120.000300" not in found  # bot_message
    assert "general/1709280000.000100" not in found  # channel_join
    assert "general/1709280600.001000" not in found  # channel_leave
    assert "general/1709280200.000500" not in found  # the message_changed event itself
    assert not any("build #12" in r.text for r in found.values())


def test_threads_broadcasts_and_unresolvable_authors() -> None:
    found = by_id(read(FIXTURE))
    parent = found["general/1709280300.000600"]
    reply = found["general/1709280360.000700"]
    broadcast = found["general/1709280420.000800"]
    assert parent.thread_id == reply.thread_id == broadcast.thread_id == "1709280300.000600"
    assert found["general/1709366400.000100"].thread_id is None
    assert broadcast.text == "Globex signed the pilot"
    assert broadcast.raw["subtype"] == "thread_broadcast"
    assert broadcast.sender == "ghost"  # not in users.json: the `username` it carries
    assert parent.sender == "lena.k"  # no real or display name: the handle


def test_file_share_title_and_token_redaction() -> None:
    shared = by_id(read(FIXTURE))["general/1709280480.000900"]
    assert shared.text == "[file: Q1 board deck]"
    assert shared.raw["channel"] == "general"
    assert shared.raw["ts"] == "1709280480.000900"
    url = shared.raw["files"][0]["url_private"]
    assert url == "https://files.slack.com/files-pri/T0-F01/board.pdf?t=[redacted]"
    assert "xoxe" not in json.dumps(shared.raw)
    original = json.loads((FIXTURE / "general" / "2024-03-01.json").read_text())
    assert "xoxe-123-secret-token" in json.dumps(original)  # the fixture really has one


def test_rejections_name_the_file_and_field() -> None:
    rejections = [r for r in read(FIXTURE) if isinstance(r, Rejection)]
    bad_ts, not_list, not_object = rejections
    assert (bad_ts.field, bad_ts.file) == ("ts", str(FIXTURE))
    assert "'not-a-number' is not a Slack timestamp" in bad_ts.reason
    assert not_list.reason == "is not a JSON list of messages"
    assert not_object.reason == "is not a JSON object"


def test_zip_matches_folder_including_a_wrapping_folder(tmp_path: Path) -> None:
    expected = [r.model_dump() for r in read(FIXTURE) if isinstance(r, Message)]
    for prefix in ("", "Acme Slack export Mar 1 2024 - Mar 5 2024/"):
        archive = zip_folder(FIXTURE, tmp_path / "export.zip", prefix)
        assert [r.model_dump() for r in read(archive) if isinstance(r, Message)] == expected


def test_path_traversal_members_are_refused_and_never_read(tmp_path: Path) -> None:
    archive = zip_folder(FIXTURE, tmp_path / "export.zip")
    with zipfile.ZipFile(archive, "a") as handle:
        handle.writestr("../x", "[]")
        handle.writestr("/etc/evil.json", "[]")
        handle.writestr("general/../../up.json", "[]")
        handle.writestr("..\\windows\\2024-03-01.json", "[]")
    records = read(archive)
    refused = [r for r in records if isinstance(r, Rejection) and "escapes" in r.reason]
    assert {r.position for r in refused} == {
        "../x",
        "/etc/evil.json",
        "general/../../up.json",
        "..\\windows\\2024-03-01.json",
    }
    assert len(by_id(records)) == 9  # the good members still flow


def test_zip_bomb_and_total_size_are_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as handle:
        handle.writestr("users.json", "[]")
        handle.writestr("general/2024-01-01.json", b"[" + b" " * (8 * 1024 * 1024) + b"]")
    with pytest.raises(SourceError, match="zip bomb") as caught:
        read(bomb)
    assert "general/2024-01-01.json" in str(caught.value)
    archive = zip_folder(FIXTURE, tmp_path / "export.zip")
    with pytest.raises(SourceError, match="over the 1,000 limit"):
        read(archive, max_total_bytes=1000)


def test_broken_members_become_rejections(tmp_path: Path) -> None:
    export = tmp_path / "export"
    (export / "general").mkdir(parents=True)
    (export / "channels.json").write_text('[{"id": "C1", "name": "general"}]')
    (export / "users.json").write_text("{oops")
    (export / "general" / "2024-01-01.json").write_bytes(b'[{"text": "\xff"}]')
    (export / "general" / "2024-01-02.json").write_text(
        '[{"type": "message", "user": "U1", "text": "still here", "ts": "1704153600.000100"}]'
    )
    records = read(export)
    users, bad_utf8, good = records
    assert isinstance(users, Rejection)
    assert users.position == "users.json"
    assert isinstance(bad_utf8, Rejection)
    assert "UTF-8" in bad_utf8.reason
    assert isinstance(good, Message)
    assert good.sender == "U1"  # users.json unreadable: the raw id


@pytest.mark.parametrize(
    ("setup", "expected"),
    [("no_days", "no conversation folders"), ("not_zip", "not a readable zip")],
)
def test_unreadable_exports_raise(tmp_path: Path, setup: str, expected: str) -> None:
    if setup == "no_days":
        path = tmp_path / "export"
        path.mkdir()
        (path / "users.json").write_text("[]")
    else:
        path = tmp_path / "export.zip"
        path.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(SourceError, match=expected):
        read(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<@U1> and <@U9|old>", "@Ann and @old"),
        (
            "<!channel> <!here|here> <!date^1392734382^{date}|Feb 18, 2014>",
            "@channel @here Feb 18, 2014",
        ),
        (
            "<https://x.example/a|https://x.example/a> <http://y.example|y.example>",
            "https://x.example/a http://y.example",
        ),
        ("a &lt;b&gt; &amp;lt; c", "a <b> &lt; c"),
        ("<#C1> <#C2|random>", "#general #random"),
    ],
)
def test_render(text: str, expected: str) -> None:
    assert render(text, {"U1": "Ann"}, {"C1": "general"}) == expected
