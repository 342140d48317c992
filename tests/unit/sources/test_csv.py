"""The seed's CSV reader: good rows flow, bad rows are named by file, row and field."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from sago.domain.message import Message, Notice, Rejection, Source
from sago.sources.base import SourceError
from sago.sources.csv import CsvSource

HEADER = "id,is_chat,chat_sender,email_sender,timestamp,content\n"


def read(path: Path, max_chars: int = 50_000) -> list[Message | Rejection]:
    return list(CsvSource(path, "acme", max_chars=max_chars).read())


def write(tmp_path: Path, body: str | bytes) -> Path:
    path = tmp_path / "in.csv"
    data = body if isinstance(body, bytes) else body.encode()
    path.write_bytes(HEADER.encode() + data)
    return path


def test_chat_and_email_rows(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '1,True,Maya,,2025-06-02T09:14:00,"hello, team"\n'
        '2,False,,ceo@acme.example,2025-06-02T10:00:00+02:00,"Subject: Q2 update\n\nMRR is up."\n',
    )
    chat, mail = read(path)
    assert isinstance(chat, Message)
    assert isinstance(mail, Message)
    assert (chat.id, chat.source, chat.sender, chat.text) == (
        "1",
        Source.SLACK,
        "Maya",
        "hello, team",
    )
    assert chat.timestamp.isoformat() == "2025-06-02T09:14:00+00:00"
    assert (mail.source, mail.subject, mail.text) == (Source.GMAIL, "Q2 update", "MRR is up.")
    assert mail.timestamp.isoformat() == "2025-06-02T08:00:00+00:00"


def test_raw_payloads_have_the_api_shapes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "1,True,Maya,,2025-06-02T09:14:00,hi\n"
        '2,False,,a@b.example,2025-06-02T09:15:00,"Subject: S\n\nbody ✓"\n',
    )
    chat, mail = read(path)
    assert isinstance(chat, Message)
    assert isinstance(mail, Message)
    assert {"client_msg_id", "ts", "blocks", "user", "text", "channel", "team"} <= chat.raw.keys()
    assert chat.raw["blocks"][0]["elements"][0]["elements"][0]["text"] == "hi"
    assert {"id", "threadId", "snippet", "payload", "labelIds"} <= mail.raw.keys()
    assert mail.raw["labelIds"] == ["INBOX", "UNREAD"]
    headers = {h["name"]: h["value"] for h in mail.raw["payload"]["headers"]}
    assert headers["Subject"] == "S"
    data = mail.raw["payload"]["body"]["data"]
    assert base64.urlsafe_b64decode(data).decode() == "body ✓"


@pytest.mark.parametrize(
    ("row", "field", "reason"),
    [
        (",True,Maya,,2025-06-02T09:14:00,hi", "id", "is missing"),
        ("5,True,Maya,,yesterday,hi", "timestamp", "not an ISO 8601 time"),
        ("5,True,Maya,,,hi", "timestamp", "is empty"),
        ("5,maybe,Maya,,2025-06-02T09:14:00,hi", "is_chat", "neither True nor False"),
    ],
)
def test_bad_rows_name_file_row_and_field(
    tmp_path: Path, row: str, field: str, reason: str
) -> None:
    path = write(
        tmp_path,
        f"1,True,Maya,,2025-06-02T09:14:00,ok\n{row}\n3,True,Leo,,2025-06-02T09:20:00,fine\n",
    )
    records = read(path)
    assert [type(r).__name__ for r in records] == ["Message", "Rejection", "Message"]
    rejection = records[1]
    assert isinstance(rejection, Rejection)
    assert rejection.field == field
    assert reason in rejection.reason
    assert str(rejection).startswith(f"{path}:row 3: field '{field}':")


def test_undecodable_bytes_reject_only_that_row(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        b"1,True,Maya,,2025-06-02T09:14:00,caf\xe9 latin-1\n2,True,Leo,,2025-06-02T09:15:00,fine\n",
    )
    bad, good = read(path)
    assert isinstance(bad, Rejection)
    assert bad.field == "content"
    assert "UTF-8" in bad.reason
    assert isinstance(good, Message)


def test_oversize_content_is_stored_truncated_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "1,True,Maya,,2025-06-02T09:14:00," + "x" * 600 + "\n")
    warning, cut = CsvSource(path, "acme", max_chars=500).read()
    assert isinstance(warning, Notice)
    assert (warning.kind, warning.position) == ("warning", "row 2")
    assert "500-character limit" in warning.reason
    assert isinstance(cut, Message)
    assert (cut.text, cut.truncated) == ("x" * 500, True)


def test_multiline_quoted_content_keeps_row_numbers(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '1,True,Maya,,2025-06-02T09:14:00,"line one\nline two\nline three"\n'
        "2,True,Leo,,not-a-time,x\n",
    )
    first, second = read(path)
    assert isinstance(first, Message)
    assert first.text == "line one\nline two\nline three"
    assert isinstance(second, Rejection)
    assert second.position == "row 5"


def test_empty_content_and_blank_lines_are_fine(tmp_path: Path) -> None:
    path = write(
        tmp_path, "1,True,Maya,,2025-06-02T09:14:00,\n\n2,True,Leo,,2025-06-02T09:15:00,🎉\n"
    )
    records = read(path)
    assert [r.text for r in records if isinstance(r, Message)] == ["", "🎉"]


def test_missing_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot open"):
        read(tmp_path / "absent.csv")


def test_wrong_header_is_a_source_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("id,text\n1,hello\n")
    with pytest.raises(SourceError, match="lacks column"):
        read(path)


def test_empty_file_is_a_source_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("")
    with pytest.raises(SourceError, match="empty"):
        read(path)


def test_reading_is_lazy(tmp_path: Path) -> None:
    path = write(
        tmp_path, "".join(f"{n},True,Maya,,2025-06-02T09:14:00,m{n}\n" for n in range(1, 1001))
    )
    stream = CsvSource(path, "acme").read()
    first = next(stream)
    assert isinstance(first, Message)
    assert first.id == "1"


def test_nul_characters_are_dropped(tmp_path: Path) -> None:
    path = write(tmp_path, "1,True,Ma\x00ya,,2025-06-02T09:14:00,we clo\x00sed it\n")
    [record] = read(path)
    assert isinstance(record, Message)
    assert (record.sender, record.text) == ("Maya", "we closed it")
