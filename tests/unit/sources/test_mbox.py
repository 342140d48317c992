"""The mbox/.eml reader: framing, MIME, charsets, trimming, dates, and hostile input."""

from __future__ import annotations

import base64
import tracemalloc
from pathlib import Path

import pytest

from sago.domain.message import Message, Notice, Rejection, Source
from sago.sources.base import SourceError
from sago.sources.mbox import MboxSource

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "sources" / "mail" / "threads.mbox"
ENVELOPE = b"From someone@example.com Mon Mar  4 09:00:00 2024\n"


def read(path: Path, **kwargs: int) -> list[Message | Rejection]:
    """Messages and rejections; notices (warnings) are checked where a test means them."""
    return [r for r in MboxSource(path, "acme", **kwargs).read() if not isinstance(r, Notice)]


def messages(path: Path, **kwargs: int) -> list[Message]:
    records = read(path, **kwargs)
    assert all(isinstance(r, Message) for r in records), records
    return [r for r in records if isinstance(r, Message)]


def mail(
    body: bytes,
    *,
    headers: bytes = b"Content-Type: text/plain; charset=utf-8\n",
    subject: bytes = b"Hello",
    msg_id: bytes = b"<m1@example.com>",
) -> bytes:
    return (
        b"From: Maya <maya@example.com>\nTo: team@example.com\nSubject: " + subject + b"\n"
        b"Date: Mon, 4 Mar 2024 09:00:00 +0000\nMessage-ID: " + msg_id + b"\n"
        b"MIME-Version: 1.0\n" + headers + b"\n" + body
    )


def write(tmp_path: Path, *mails: bytes, name: str = "in.mbox") -> Path:
    path = tmp_path / name
    path.write_bytes(b"".join(ENVELOPE + m + b"\n" for m in mails))
    return path


def one(tmp_path: Path, body: bytes, **kwargs: bytes) -> Message:
    (found,) = messages(write(tmp_path, mail(body, **kwargs)))
    return found


# --- the committed fixture: a thread, quoting, HTML-only, date fallbacks ---------------


def test_fixture_thread_trimming_and_date_policy() -> None:
    records = read(FIXTURE)
    assert len(records) == 5
    root, reply, html, enveloped, undated = records
    assert isinstance(root, Message)
    assert isinstance(reply, Message)
    assert isinstance(html, Message)
    assert isinstance(enveloped, Message)
    assert (root.id, root.source, root.thread_id) == (
        "root-1@acme.example",
        Source.GMAIL,
        "root-1@acme.example",
    )
    assert root.timestamp.isoformat() == "2024-03-04T09:00:00+00:00"
    # mboxrd: the body line `>From now on` was `From now on`; the `-- ` signature is cut.
    assert root.text.endswith(
        "We closed the $2M seed round led by Example Ventures.\nFrom now on we report monthly."
    )
    assert "Maya Chen, CEO" not in root.text
    # Quoted lines, the attribution and the list footer go; QP latin-1 and RFC 2047 decode.
    assert reply.text == "Großartig! Hiring starts next week."
    assert reply.sender == "Ravi Kümar <ravi@acme.example>"
    assert (reply.thread_id, html.thread_id) == ("root-1@acme.example", "root-1@acme.example")
    # HTML-only: visible text only; no style, title, script or Gmail quote.
    assert html.text == "Globex signed the pilot & wants 50 seats.\n\n- Start: April\n- Value: €40k"
    # No Date header: the mbox From_ line dates it; with no date at all it is rejected.
    assert enveloped.timestamp.isoformat() == "2024-03-05T09:00:00+00:00"
    assert isinstance(undated, Rejection)
    assert undated.field == "Date"
    offset = FIXTURE.read_bytes().index(b"From nobody\n")
    assert undated.position == f"message 5 (byte {offset})"


def test_raw_has_the_gmail_api_shape(tmp_path: Path) -> None:
    found = one(tmp_path, b"Revenue is up.\n")
    raw = found.raw
    assert {"id", "threadId", "labelIds", "snippet", "internalDate", "payload"} <= raw.keys()
    names = [h["name"] for h in raw["payload"]["headers"]]
    assert {"From", "To", "Subject", "Date", "Message-ID"} <= set(names)
    assert base64.urlsafe_b64decode(raw["payload"]["body"]["data"]).decode() == "Revenue is up."
    assert raw["id"] == found.id == "m1@example.com"


def test_takeout_thread_id_and_labels(tmp_path: Path) -> None:
    found = one(
        tmp_path,
        b"hi\n",
        headers=b"X-GM-THRID: 1592839251187360811\nX-Gmail-Labels: Inbox,Important\n",
    )
    assert found.thread_id == format(1592839251187360811, "x")
    assert found.raw["labelIds"] == ["Inbox", "Important"]


# --- framing -----------------------------------------------------------------------


def test_mboxrd_unescaping_and_unescaped_from_lines(tmp_path: Path) -> None:
    first = mail(b"Start.\n\nFrom here on, all good.\nsecond line\n>From escaped\n")
    only_quote = mail(b">>From x\n", msg_id=b"<m2@example.com>")
    a, b = messages(write(tmp_path, first, only_quote))
    # An unescaped "From " body line with no date, not followed by a header, stays put;
    # the escaped one is unescaped.
    assert a.text == "Start.\n\nFrom here on, all good.\nsecond line\nFrom escaped"
    # `>>From` loses one `>`; a body that is all quote is kept whole rather than emptied.
    assert b.text == ">From x"


def test_a_dated_from_line_inside_a_body_splits_only_after_a_blank_line(tmp_path: Path) -> None:
    body = b"Please see\nFrom now on 10:30 meetings move.\n"
    (found,) = messages(write(tmp_path, mail(body)))
    assert "From now on 10:30 meetings move." in found.text


def test_crlf_and_a_single_eml_with_leading_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "one.eml"
    path.write_bytes(b"  \r\n" + mail(b"Line one\nLine two\n").replace(b"\n", b"\r\n"))
    (found,) = messages(path)
    assert found.text == "Line one\nLine two"
    assert found.subject == "Hello"


# --- MIME, charsets ---------------------------------------------------------------------


def test_wrong_charset_label_falls_back(tmp_path: Path) -> None:
    smart = one(
        tmp_path,
        b"\x93quoted\x94 caf\xe9\n",
        headers=b"Content-Type: text/plain; charset=us-ascii\n",
    )
    assert smart.text == "“quoted” café"
    utf8_as_latin1 = one(
        tmp_path, "Grüße".encode(), headers=b"Content-Type: text/plain; charset=iso-8859-1\n"
    )
    assert utf8_as_latin1.text == "Grüße"
    unknown = one(
        tmp_path, "naïve".encode(), headers=b"Content-Type: text/plain; charset=x-bogus\n"
    )
    assert unknown.text == "naïve"
    broken = one(
        tmp_path, b"ok \xff\xfe end\n", headers=b"Content-Type: text/plain; charset=utf-8\n"
    )
    assert broken.text.startswith("ok ")
    assert broken.text.endswith(" end")


def test_base64_and_rfc2047(tmp_path: Path) -> None:
    body = base64.encodebytes("Привет, команда".encode("koi8-r"))
    found = one(
        tmp_path,
        body,
        headers=b"Content-Type: text/plain; charset=koi8-r\nContent-Transfer-Encoding: base64\n",
        subject=b"=?utf-8?B?0J/RgNC40LLQtdGC?= team",
    )
    assert found.text == "Привет, команда"
    assert found.subject == "Привет team"


def test_broken_mime_is_salvaged(tmp_path: Path) -> None:
    odd_boundary = mail(
        b"--<<001-x>>\nContent-type: text/plain\n\nThe real text.\n--<<001-x>>--\n",
        headers=b'Content-Type: multipart/mixed; boundary="<<001-x>>"\n',
    )
    no_parts = mail(
        b"Plain words in a false multipart.\n",
        headers=b'Content-Type: multipart/alternative; boundary="nope"\n',
        msg_id=b"<m2@example.com>",
    )
    unterminated = mail(
        b"--b\nContent-Type: text/plain\n\nNo closing boundary.\n",
        headers=b"Content-Type: multipart/mixed; boundary=b\n",
        msg_id=b"<m3@example.com>",
    )
    found = messages(write(tmp_path, odd_boundary, no_parts, unterminated))
    assert [m.text for m in found] == [
        "The real text.",
        "Plain words in a false multipart.",
        "No closing boundary.",
    ]


def test_attachments_and_typeless_parts_are_not_read_as_text(tmp_path: Path) -> None:
    body = (
        b"--b\nContent-Type: text/plain\n\nSee attached.\n"
        b'--b\nContent-Type: ; name="photo.jpg"\nContent-Transfer-Encoding: base64\n\n'
        + base64.encodebytes(b"JPEGDATA" * 10)
        + b"--b\nContent-Type: text/plain; name=notes.txt\nContent-Disposition: attachment\n\n"
        b"SECRET NOTES\n"
        b"--b--\n"
    )
    found = one(tmp_path, body, headers=b"Content-Type: multipart/mixed; boundary=b\n")
    assert found.text == "See attached."


def test_forwarded_message_rfc822_is_included(tmp_path: Path) -> None:
    inner = (
        b"From: cfo@globex.example\nSubject: PO approved\n"
        b"Date: Sun, 3 Mar 2024 10:00:00 +0000\n\nPO 4411 approved.\n"
    )
    body = (
        b"--b\nContent-Type: text/plain\n\nFYI\n--b\nContent-Type: message/rfc822\n\n"
        + inner
        + b"--b--\n"
    )
    found = one(tmp_path, body, headers=b"Content-Type: multipart/mixed; boundary=b\n")
    assert found.text.startswith("FYI\n\n---------- Forwarded message ----------")
    assert "Subject: PO approved" in found.text
    assert found.text.endswith("PO 4411 approved.")


def test_html_mislabelled_as_plain_is_converted(tmp_path: Path) -> None:
    found = one(tmp_path, b"<html><body><div>Signed <b>Acme</b></div><br></body></html>\n")
    assert found.text == "Signed Acme"


# --- ids, dates, limits -------------------------------------------------------------------


def test_missing_message_id_gets_a_stable_content_hash(tmp_path: Path) -> None:
    path = write(tmp_path, mail(b"one\n", msg_id=b""), mail(b"two\n", msg_id=b""))
    first, second = messages(path)
    again, _ = messages(path)
    assert first.id.startswith("sha256-")
    assert first.id == again.id
    assert first.id != second.id
    assert first.thread_id == first.id


def test_date_falls_back_to_received(tmp_path: Path) -> None:
    text = mail(b"hi\n").replace(
        b"Date: Mon, 4 Mar 2024 09:00:00 +0000\n",
        b"Date: someday\nReceived: from mx by mx2; Tue, 5 Mar 2024 07:15:00 +0100\n",
    )
    path = tmp_path / "r.eml"
    path.write_bytes(text)
    (found,) = messages(path)
    assert found.timestamp.isoformat() == "2024-03-05T06:15:00+00:00"


def test_over_long_text_is_stored_truncated_with_a_warning(tmp_path: Path) -> None:
    # Defect class "oversize": a 1.16M-character list mail was rejected whole.
    path = write(tmp_path, mail(b"x" * 500 + b"\n"), mail(b"short\n", msg_id=b"<m2@example.com>"))
    warning, cut, kept = MboxSource(path, "acme", max_chars=100).read()
    assert isinstance(warning, Notice)
    assert (warning.kind, warning.position) == ("warning", "message 1 (byte 0)")
    assert "stored truncated" in warning.reason
    assert isinstance(cut, Message)
    assert (cut.text, cut.truncated) == ("x" * 100, True)
    assert isinstance(kept, Message)
    assert (kept.text, kept.truncated) == ("short", False)


def test_oversize_text_parts_are_cut_without_keeping_them(tmp_path: Path) -> None:
    path = write(tmp_path, mail(b"y" * 5000 + b"\n"), mail(b"next\n", msg_id=b"<m2@example.com>"))
    warning, cut, kept = MboxSource(path, "acme", max_message_bytes=1000).read()
    assert isinstance(warning, Notice)
    assert "1,000 bytes" in warning.reason
    assert isinstance(cut, Message)
    assert cut.truncated
    assert set(cut.text) == {"y"}
    assert len(cut.text) < 1000
    assert isinstance(kept, Message)


def test_a_20_mb_attachment_is_skipped_in_bounded_memory_and_time(tmp_path: Path) -> None:
    line = base64.b64encode(b"\x00\xff" * 38)[:76] + b"\n"
    attachment = line * (20 * 1024 * 1024 // len(line))
    body = (
        b"--b\nContent-Type: text/plain\n\nDeck attached.\n"
        b"--b\nContent-Type: application/pdf; name=deck.pdf\nContent-Transfer-Encoding: base64\n\n"
        + attachment
        + b"--b\nContent-Type: text/plain\n\nFootnote after it.\n--b--\n"
    )
    path = write(
        tmp_path,
        mail(body, headers=b"Content-Type: multipart/mixed; boundary=b\n"),
        mail(b"next one\n", msg_id=b"<m2@example.com>"),
    )
    assert path.stat().st_size > 20 * 1024 * 1024
    tracemalloc.start()
    try:
        big, after = messages(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 2 * 1024 * 1024
    assert big.text == "Deck attached.\n\nFootnote after it."
    assert after.text == "next one"


# --- whole-input errors -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"", "empty"), (b"\n\n", "empty"), (b"\x89PNG\r\n\x1a\nnot mail", "neither an mbox")],
)
def test_unreadable_inputs_raise_one_line_errors(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "x.mbox"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=expected) as caught:
        read(path)
    assert "\n" not in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot open"):
        read(tmp_path / "absent.mbox")
