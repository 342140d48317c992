"""Gmail API JSON: file shapes, format=full decoding rules, positions of bad records."""

from __future__ import annotations

import base64
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from sago.domain.message import Message, Notice, Rejection, Source
from sago.sources.base import SourceError
from sago.sources.gmail_json import GmailJsonSource


def b64(text: str | bytes, *, pad: bool = False) -> str:
    data = text.encode() if isinstance(text, str) else text
    encoded = base64.urlsafe_b64encode(data).decode()
    return encoded if pad else encoded.rstrip("=")


def part(
    mime: str, text: str = "", *, headers: Sequence[tuple[str, str]] = (), **extra: Any
) -> dict[str, Any]:
    found: dict[str, Any] = {
        "mimeType": mime,
        "filename": extra.pop("filename", ""),
        "headers": [{"name": n, "value": v} for n, v in headers],
        "body": {"size": len(text.encode()), **({"data": b64(text)} if text else {})},
    }
    found.update(extra)
    return found


def message(
    payload: dict[str, Any],
    *,
    msg_id: str = "18c1a2b3c4d5e6f7",
    date: str | None = "Mon, 4 Mar 2024 09:00:00 +0000",
    subject: str = "Q1 update",
    **extra: Any,
) -> dict[str, Any]:
    top = [("From", "Maya Chen <maya@acme.example>"), ("Subject", subject)]
    if date is not None:
        top.append(("Date", date))
    payload = {**payload, "headers": [{"name": n, "value": v} for n, v in top] + payload["headers"]}
    return {
        "id": msg_id,
        "threadId": "18c1a2b3c4d5e000",
        "labelIds": ["INBOX"],
        "internalDate": "1709546400000",
        "payload": payload,
        **extra,
    }


def plain(text: str, **kwargs: Any) -> dict[str, Any]:
    return message(part("text/plain", text), **kwargs)


def read(path: Path, **kwargs: int) -> list[Message | Rejection]:
    return list(GmailJsonSource(path, "acme", **kwargs).read())


def write_jsonl(tmp_path: Path, *lines: dict[str, Any] | str) -> Path:
    path = tmp_path / "mail.jsonl"
    path.write_text(
        "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines),
        encoding="utf-8",
    )
    return path


def test_jsonl_fields_and_raw_is_the_original_object(tmp_path: Path) -> None:
    original = plain("We signed Globex.\n\n> old quote\n")
    (found,) = read(write_jsonl(tmp_path, original))
    assert isinstance(found, Message)
    assert (found.id, found.thread_id, found.source) == (
        "18c1a2b3c4d5e6f7",
        "18c1a2b3c4d5e000",
        Source.GMAIL,
    )
    assert (found.sender, found.subject, found.text) == (
        "Maya Chen <maya@acme.example>",
        "Q1 update",
        "We signed Globex.",
    )
    assert found.timestamp.isoformat() == "2024-03-04T09:00:00+00:00"
    assert found.raw == original


def test_bad_lines_are_rejected_with_line_numbers_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "mail.jsonl"
    path.write_bytes(
        json.dumps(plain("one", msg_id="a")).encode()
        + b"\n{not json\n\n"
        + b'{"id": "x", "payload": {"mimeType": "text/plain", "headers": []}, "s": "\xff"}\n'
        + json.dumps({"id": "ids-only", "threadId": "t"}).encode()
        + b"\n"
        + json.dumps(plain("two", msg_id="b")).encode()
    )
    records = read(path)
    assert [type(r).__name__ for r in records] == [
        "Message",
        "Rejection",
        "Rejection",
        "Rejection",
        "Message",
    ]
    bad_json, bad_utf8, ids_only = records[1:4]
    assert isinstance(bad_json, Rejection)
    assert isinstance(bad_utf8, Rejection)
    assert isinstance(ids_only, Rejection)
    assert (bad_json.position, bad_utf8.position, ids_only.position) == (
        "line 2",
        "line 4",
        "line 5",
    )
    assert "invalid JSON" in bad_json.reason
    assert "UTF-8" in bad_utf8.reason
    assert ids_only.field == "payload"


def test_a_pretty_list_and_a_truncated_one(tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text(json.dumps([plain("a", msg_id="1"), plain("b", msg_id="2")], indent=2))
    first, second = read(path)
    assert isinstance(first, Message)
    assert isinstance(second, Message)
    assert second.id == "2"
    full = json.dumps([plain("a", msg_id="1"), plain("b", msg_id="2")], indent=2)
    path.write_text(full[: full.rindex('"payload"')])
    kept, broken = read(path)
    assert isinstance(kept, Message)
    assert isinstance(broken, Rejection)
    assert broken.position.startswith("item 2 (line ")
    assert "the rest of the file cannot be read" in broken.reason


def test_single_object_draft_wrapper_and_thread(tmp_path: Path) -> None:
    shapes = {
        "single": plain("single"),
        "draft": {"id": "r-123", "message": {**plain("draft text"), "labelIds": ["DRAFT"]}},
        "gapi": {"result": plain("wrapped"), "status": 200, "body": "{...}"},
        "thread": {"id": "t1", "messages": [plain("m1", msg_id="1"), plain("m2", msg_id="2")]},
    }
    texts: dict[str, list[str]] = {}
    for name, shape in shapes.items():
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(shape, indent=4))
        texts[name] = [r.text for r in read(path) if isinstance(r, Message)]
    assert texts == {
        "single": ["single"],
        "draft": ["draft text"],
        "gapi": ["wrapped"],
        "thread": ["m1", "m2"],
    }


def test_full_format_text_is_utf8_whatever_the_declared_charset(tmp_path: Path) -> None:
    latin1_labelled = part(
        "text/plain",
        "Grüße aus München",
        headers=[
            ("Content-Type", 'text/plain; charset="iso-8859-1"'),
            ("Content-Transfer-Encoding", "quoted-printable"),
        ],
    )
    (found,) = read(write_jsonl(tmp_path, message(latin1_labelled)))
    assert isinstance(found, Message)
    assert found.text == "Grüße aus München"
    assert "Ã" not in found.text


def test_base64url_with_padding_and_url_safe_characters(tmp_path: Path) -> None:
    text = "ok?>>>~~~ ÿ!"  # base64url `b2s_Pj4-fn5-IMO_IQ==`: padding, `-` and `_`
    padded = part("text/plain")
    padded["body"]["data"] = b64(text, pad=True)
    assert "=" in padded["body"]["data"]
    assert {"-", "_"} & set(padded["body"]["data"])
    (found,) = read(write_jsonl(tmp_path, message(padded)))
    assert isinstance(found, Message)
    assert found.text == text


def test_nested_parts_plain_preferred_html_fallback_attachments_skipped(tmp_path: Path) -> None:
    mixed = part(
        "multipart/mixed",
        parts=[
            part(
                "multipart/alternative",
                parts=[part("text/html", "<p>HTML twin</p>"), part("text/plain", "Plain wins")],
            ),
            part("text/plain", "attached notes", filename="notes.txt"),
            part("image/png", body={"attachmentId": "ANGj", "size": 9000}),
        ],
    )
    html_only = part(
        "multipart/related",
        parts=[part("text/html", "<div>Only <b>HTML</b>&nbsp;here</div>"), part("image/gif")],
    )
    alternate = part("multipart/alternate", parts=[part("text/plain", "API-sent text")])
    records = read(
        write_jsonl(
            tmp_path,
            message(mixed, msg_id="1"),
            message(html_only, msg_id="2"),
            message(alternate, msg_id="3"),
        )
    )
    assert [r.text for r in records if isinstance(r, Message)] == [
        "Plain wins",
        "Only HTML here",
        "API-sent text",
    ]


def test_dates_internal_date_fallback_and_rejection(tmp_path: Path) -> None:
    no_header = plain("x", date=None, msg_id="1")
    nothing = plain("y", date="garbage", msg_id="2")
    del nothing["internalDate"]
    fallback, rejected = read(write_jsonl(tmp_path, no_header, nothing))
    assert isinstance(fallback, Message)
    assert fallback.timestamp.isoformat() == "2024-03-04T10:00:00+00:00"
    assert isinstance(rejected, Rejection)
    assert (rejected.field, rejected.position, rejected.excerpt) == ("Date", "line 2", "2")


def test_format_raw_uses_the_declared_charset(tmp_path: Path) -> None:
    rfc822 = (
        b"From: ops@acme.example\r\nSubject: =?iso-8859-1?q?R=E9sum=E9?=\r\n"
        b"Date: Tue, 5 Mar 2024 10:00:00 +0000\r\nMessage-ID: <raw-1@acme.example>\r\n"
        b"Content-Type: text/plain; charset=iso-8859-1\r\n\r\nCaf\xe9 opened in Lyon.\r\n"
    )
    (found,) = read(write_jsonl(tmp_path, {"id": "r1", "threadId": "t9", "raw": b64(rfc822)}))
    assert isinstance(found, Message)
    assert (found.text, found.subject, found.thread_id) == ("Café opened in Lyon.", "Résumé", "t9")


def test_broken_records(tmp_path: Path) -> None:
    bad_data = part("text/plain")
    bad_data["body"]["data"] = "!!!not base64!!!"
    weird = message(part("text/plain", "x"))
    weird["payload"]["body"] = "not an object"
    no_id = plain("no id")
    del no_id["id"]
    no_id["payload"]["headers"].append({"name": "Message-ID", "value": "<mid@acme.example>"})
    records = read(write_jsonl(tmp_path, message(bad_data), weird, no_id, "[1, 2]"))
    bad, odd, fallback, not_object_1, not_object_2 = records
    assert isinstance(bad, Rejection)
    assert bad.field == "payload.body.data"
    assert isinstance(odd, Rejection)
    assert "unreadable message" in odd.reason
    assert isinstance(fallback, Message)
    assert fallback.id == "mid@acme.example"
    assert isinstance(not_object_1, Rejection)
    assert not_object_1.position == "line 4, item 1"
    assert isinstance(not_object_2, Rejection)


def test_over_long_text_is_stored_truncated_with_a_warning(tmp_path: Path) -> None:
    # Defect class "oversize": the message is kept, cut at the limit, and flagged.
    warning, found = read(write_jsonl(tmp_path, plain("z" * 300)), max_chars=100)
    assert isinstance(warning, Notice)
    assert (warning.kind, warning.position) == ("warning", "line 1")
    assert isinstance(found, Message)
    assert (found.text, found.truncated) == ("z" * 100, True)


def test_missing_file() -> None:
    with pytest.raises(SourceError, match="cannot open"):
        read(Path("/nonexistent/mail.jsonl"))


def test_values_larger_than_a_read_chunk_and_numbers_at_its_edge(tmp_path: Path) -> None:
    big = plain("word " * 15_000, msg_id="big")  # 100 KB of base64: more than one read
    listed = tmp_path / "list.json"
    listed.write_text(json.dumps([big, plain("after", msg_id="2")]))
    assert [r.id for r in read(listed) if isinstance(r, Message)] == ["big", "2"]
    concatenated = tmp_path / "docs.json"
    concatenated.write_text(json.dumps(big, indent=1) + "\n" + json.dumps(plain("b"), indent=1))
    assert len([r for r in read(concatenated) if isinstance(r, Message)]) == 2
    # A bare number cut at a read boundary must not be taken as complete.
    edge = tmp_path / "edge.json"
    edge.write_text("[" + " " * (65536 - 3) + "12345]")
    (number,) = read(edge)
    assert isinstance(number, Rejection)
    assert number.reason == "is a JSON int, not a message object"
    assert number.excerpt == ""
