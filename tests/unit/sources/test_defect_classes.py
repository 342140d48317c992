"""One test (or more) per defect class the real-file run found (issue 16). The fixtures are
written here from the formats' rules, not copied from anyone's files.
"""

from __future__ import annotations

import base64
import codecs
import json
from pathlib import Path
from typing import Any

from sago.domain.message import Message, Notice, Rejection
from sago.sources.detect import open_source
from sago.sources.gmail_json import GmailJsonSource
from sago.sources.mbox import MboxSource

DATE = b"Date: Tue, 3 Jun 2008 10:00:00 +0000\n"


def read(path: Path, **kwargs: Any) -> list[Message | Rejection | Notice]:
    return list(open_source(path, "acme", **kwargs).read())


def only(records: list[Message | Rejection | Notice]) -> list[Message]:
    assert not [r for r in records if isinstance(r, Rejection)], records
    return [r for r in records if isinstance(r, Message)]


def headers(n: int, subject: bytes = b"Hello", extra: bytes = b"") -> bytes:
    return (
        b"From: Maya <maya@acme.example>\nTo: team@acme.example\nSubject: " + subject + b"\n"
        + DATE + b"Message-ID: <m%d@acme.example>\n" % n + extra
    )  # fmt: skip


# --- silent loss in an mbox --------------------------------------------------------------


def test_a_dateless_from_dash_separator_without_a_blank_line_starts_a_message(
    tmp_path: Path,
) -> None:
    # Netscape 3 wrote `From - ` with no date, and not always after a blank line: the next
    # message used to be swallowed into the previous one, with nothing reported.
    mozilla = b"X-Mozilla-Status: 0001\nX-Mozilla-Status2: 00000000\n"
    data = b"".join(
        b"From - \n" + mozilla + headers(n, b"Part %d" % n) + b"\nbody %d\n" % n for n in (1, 2, 3)
    )
    path = tmp_path / "netscape.mbox"
    path.write_bytes(data)
    found = read(path)
    assert [m.subject for m in only(found)] == ["Part 1", "Part 2", "Part 3"]
    assert [m.text for m in only(found)] == ["body 1", "body 2", "body 3"]
    assert not [r for r in found if isinstance(r, Notice)]


def test_body_text_starting_with_from_stays_in_its_message(tmp_path: Path) -> None:
    body = b"\nFrom the team: thanks.\nSubject: matter below\nFrom here on we ship.\n"
    path = tmp_path / "in.mbox"
    path.write_bytes(
        b"From a@b Tue Jun  3 10:00:00 2008\n" + headers(1) + body
        + b"\nFrom a@b Tue Jun  3 10:00:00 2008\n" + headers(2) + b"\nsecond\n"
    )  # fmt: skip
    records = read(path)
    first, second = only(records)
    assert "From the team: thanks." in first.text
    assert "From here on we ship." in first.text
    assert second.text == "second"
    # Unescaped `From ` lines that were kept as text are counted and reported.
    [warning] = [r for r in records if isinstance(r, Notice)]
    assert warning.kind == "warning"
    assert "4 `From ` lines but 2 messages" in warning.reason


def test_content_length_bodies_keep_unescaped_from_lines(tmp_path: Path) -> None:
    # mboxcl2: a body's size is in Content-Length and its `From ` lines are not escaped.
    body = b"Numbers first.\n\nFrom Mon Jun  2 10:00:00 2008 the pipeline grew.\nend\n"
    cl = b"Content-Length: %d\n" % len(body)
    path = tmp_path / "cl2.mbox"
    path.write_bytes(
        b"From a@b Tue Jun  3 10:00:00 2008\n" + headers(1, extra=cl) + b"\n" + body
        + b"\nFrom a@b Tue Jun  3 11:00:00 2008\n" + headers(2) + b"\nsecond\n"
    )  # fmt: skip
    records = read(path)
    first, second = only(records)
    assert "From Mon Jun  2 10:00:00 2008 the pipeline grew." in first.text
    assert second.text == "second"
    assert not [r for r in records if isinstance(r, Notice)]


def test_a_wrong_content_length_is_ignored_as_mail_tools_do(tmp_path: Path) -> None:
    cl = b"Content-Length: 9999\n"
    path = tmp_path / "bad-cl.mbox"
    path.write_bytes(
        b"From a@b Tue Jun  3 10:00:00 2008\n" + headers(1, extra=cl) + b"\nfirst\n"
        b"\nFrom a@b Tue Jun  3 11:00:00 2008\n" + headers(2) + b"\nsecond\n"
    )
    assert [m.text for m in only(read(path))] == ["first", "second"]


# --- whole files refused that mail clients open -----------------------------------------


def test_a_leading_utf8_bom_is_skipped(tmp_path: Path) -> None:
    eml = tmp_path / "bom"  # no suffix: detection looks at the bytes
    eml.write_bytes(codecs.BOM_UTF8 + headers(1) + b"\nhello\n")
    mbox = tmp_path / "bom.mbox"
    mbox.write_bytes(
        codecs.BOM_UTF8 + b"From a@b Tue Jun  3 10:00:00 2008\n" + headers(2) + b"\nhi\n"
    )
    [one] = only(read(eml))
    [two] = only(read(mbox))
    assert (one.id, one.text, one.sender) == (
        "m1@acme.example",
        "hello",
        "Maya <maya@acme.example>",
    )
    assert (two.id, two.text) == ("m2@acme.example", "hi")


def test_subject_from_and_date_after_the_first_40_header_lines(tmp_path: Path) -> None:
    # Exchange and IronPort stamp dozens of trace and X- headers before the usual ones.
    trace = b"".join(
        b"Received: from relay%d.example.net by mx.example.net; Tue, 3 Jun 2008 10:00:%02d +0000\n"
        % (n, n)
        for n in range(30)
    )
    trace += b"".join(
        b"X-IronPort-AV: E=Sophos;i=%d;a=%d\n  folded part %d\n" % (n, n, n) for n in range(40)
    )
    path = tmp_path / "exchange"
    path.write_bytes(trace + headers(1) + b"\nQ2 pipeline looks strong.\n")
    [found] = only(read(path))
    assert (found.subject, found.text) == ("Hello", "Q2 pipeline looks strong.")


def test_a_header_block_that_starts_with_a_folded_line(tmp_path: Path) -> None:
    path = tmp_path / "folded"
    path.write_bytes(
        b"  by mx.example.net with ESMTP id 42;\n\tTue, 3 Jun 2008 10:00:00 +0000\n"
        + headers(1)
        + b"\nhi\n"
    )
    [found] = only(read(path))
    assert (found.id, found.text) == ("m1@acme.example", "hi")


def test_a_header_block_with_a_single_recognised_header(tmp_path: Path) -> None:
    path = tmp_path / "single"
    path.write_bytes(DATE + b"X-Note: written by hand\n\nWe signed Initech.\n")
    [found] = only(read(path))
    assert found.text == "We signed Initech."
    assert found.timestamp.year == 2008


# --- Gmail threads, senders -------------------------------------------------------------


def gmail_message(
    msg_id: str, own: str, refs: str | None = None, thread: str | None = None
) -> dict[str, Any]:
    headers_ = [
        {"name": "From", "value": "Maya <maya@acme.example>"},
        {"name": "Subject", "value": "Deal"},
        {"name": "Date", "value": "Tue, 3 Jun 2008 10:00:00 +0000"},
        {"name": "Message-ID", "value": f"<{own}>"},
    ]
    if refs:
        headers_.append({"name": "References", "value": f"<{refs}>"})
    body = base64.urlsafe_b64encode(f"text of {msg_id}".encode()).decode()
    found: dict[str, Any] = {
        "id": msg_id,
        "internalDate": "1212487200000",
        "payload": {"mimeType": "text/plain", "headers": headers_, "body": {"data": body}},
    }
    if thread:
        found["threadId"] = thread
    return found


def test_a_threads_get_response_is_one_thread(tmp_path: Path) -> None:
    # users.threads.get: messages inside may omit threadId; the thread's own id is theirs.
    thread = {
        "id": "18c0ffee",
        "historyId": "42",
        "messages": [
            gmail_message("18c0ffee", "root@acme.example"),
            gmail_message("18c0fff0", "reply@acme.example", refs="root@acme.example"),
        ],
    }
    path = tmp_path / "thread.json"
    path.write_text(json.dumps(thread))
    found = only(read(path))
    assert [(m.id, m.thread_id) for m in found] == [
        ("18c0ffee", "18c0ffee"),
        ("18c0fff0", "18c0ffee"),
    ]


def test_messages_without_any_thread_id_share_their_rfc_root(tmp_path: Path) -> None:
    path = tmp_path / "loose.jsonl"
    lines = [
        gmail_message("a1", "root@acme.example"),
        gmail_message("a2", "reply@acme.example", refs="root@acme.example"),
    ]
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    assert {m.thread_id for m in only(read(path))} == {"root@acme.example"}


def test_an_encoded_display_name_with_a_comma_keeps_name_and_address(tmp_path: Path) -> None:
    sender = b"From: =?iso-8859-1?Q?Last=DFlName=2C_FirstName?= <comma.name@example.com>\n"
    path = tmp_path / "comma.eml"
    path.write_bytes(sender + b"Subject: hi\n" + DATE + b"\nhello\n")
    [found] = only(read(path))
    assert found.sender == "Last\u00dflName, FirstName <comma.name@example.com>"
    raw = {
        "id": "r1",
        "raw": base64.urlsafe_b64encode(path.read_bytes()).decode(),
    }
    jsonl = tmp_path / "raw.jsonl"
    jsonl.write_text(json.dumps(raw) + "\n")
    [again] = only(list(GmailJsonSource(jsonl, "acme").read()))
    assert again.sender == found.sender


# --- dates ------------------------------------------------------------------------------


def test_a_date_in_year_3609_gives_way_to_the_received_time(tmp_path: Path) -> None:
    path = tmp_path / "future.eml"
    path.write_bytes(
        b"Received: from a by b; Tue, 3 Jun 2008 10:05:00 +0000\n"
        b"Received: from c by a; Tue, 3 Jun 2008 10:01:00 +0000\n"
        b"From: x@y.example\nSubject: hi\nDate: Sat, 3 Jun 3609 10:00:00 +0000\n\nhello\n"
    )
    [found] = only(read(path))
    assert found.timestamp.isoformat() == "2008-06-03T10:01:00+00:00"  # the first hop
    assert "suspect" in found.notes["date"]
    assert "3609" in found.notes["date"]


def test_a_date_long_before_the_first_hop_is_suspect_and_a_sane_one_is_kept(
    tmp_path: Path,
) -> None:
    hop = b"Received: from a by b; Tue, 3 Jun 2008 10:05:00 +0000\n"
    old = tmp_path / "old.eml"
    old.write_bytes(
        hop + b"From: x@y.example\nSubject: hi\nDate: Tue, 1 Jan 1980 00:00:00 +0000\n\nhi\n"
    )
    sane = tmp_path / "sane.eml"
    sane.write_bytes(hop + b"From: x@y.example\nSubject: hi\n" + DATE + b"\nhi\n")
    [was_old] = only(read(old))
    [was_sane] = only(read(sane))
    assert was_old.timestamp.year == 2008
    assert "long before the first Received hop" in was_old.notes["date"]
    assert was_sane.timestamp.isoformat() == "2008-06-03T10:00:00+00:00"
    assert was_sane.notes == {}


def test_gmail_json_prefers_internal_date_over_an_impossible_header(tmp_path: Path) -> None:
    obj = gmail_message("g1", "g1@acme.example", thread="t")
    obj["payload"]["headers"][2]["value"] = "Sat, 3 Jun 3609 10:00:00 +0000"
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps(obj) + "\n")
    [found] = only(read(path))
    assert found.timestamp.year == 2008
    assert "suspect" in found.notes["date"]


# --- oversize ---------------------------------------------------------------------------


def test_a_huge_list_mail_is_stored_truncated_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "digest.mbox"
    path.write_bytes(
        b"From a@b Tue Jun  3 10:00:00 2008\n" + headers(1) + b"\n" + b"digest line\n" * 100_000
        + b"\nFrom a@b Tue Jun  3 11:00:00 2008\n" + headers(2) + b"\nsmall\n"
    )  # fmt: skip
    records = read(path, max_chars=50_000)
    big, small = only(records)
    assert (len(big.text), big.truncated) == (50_000, True)
    assert (small.text, small.truncated) == ("small", False)
    [warning] = [r for r in records if isinstance(r, Notice)]
    assert (warning.kind, warning.position) == ("warning", "message 1 (byte 0)")


def test_mbox_reader_reports_no_rejection_for_an_ordinary_mailbox(tmp_path: Path) -> None:
    path = tmp_path / "plain.mbox"
    path.write_bytes(
        b"".join(
            b"From a@b Tue Jun  3 1%d:00:00 2008\n" % n + headers(n) + b"\nhi %d\n\n" % n
            for n in range(5)
        )
    )
    records = list(MboxSource(path, "acme").read())
    assert all(isinstance(r, Message) for r in records)
    assert len(records) == 5
