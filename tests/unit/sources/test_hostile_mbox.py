"""Hostile input for the mbox/eml reader: nothing crashes, bad mail is named, good mail survives."""

from __future__ import annotations

from pathlib import Path

from sago.sources.base import SourceError
from sago.sources.mbox import MboxSource
from support.hostile import (
    Records,
    edit,
    generic_input,
    messages,
    outcome,
    rejections,
    survives,
    texts_by_id,
    write,
)

GOOD_A = (
    b"From maya@acme.example Mon Mar  4 09:00:00 2024\n"
    b"From: Maya <maya@acme.example>\nSubject: Seed\nDate: Mon, 4 Mar 2024 10:00:00 +0100\n"
    b"Message-ID: <good-a@acme.example>\n\nWe closed the seed round.\n\n"
)
GOOD_B = (
    b"From ravi@acme.example Tue Mar  5 09:00:00 2024\n"
    b"From: Ravi <ravi@acme.example>\nSubject: MRR\nDate: Tue, 5 Mar 2024 10:00:00 +0000\n"
    b"Message-ID: <good-b@acme.example>\nContent-Type: text/plain; charset=utf-8\n\n"
    b"MRR is up.\n"
)
MIME = (
    b"From lena@acme.example Tue Mar  5 11:00:00 2024\n"
    b"From: =?utf-8?q?Lena_M=C3=BCller?= <lena@acme.example>\nSubject: Re: MRR\n"
    b"Date: Tue, 5 Mar 2024 11:00:00 +0000\nIn-Reply-To: <good-b@acme.example>\n"
    b'Content-Type: multipart/mixed; boundary="m"\n\n--m\n'
    b'Content-Type: multipart/alternative; boundary="a"\n\n--a\n'
    b"Content-Type: text/plain; charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n"
    b"\nGro=DFartig!\n>From the thread:\n> MRR is up.\n--a\nContent-Type: text/html\n\n"
    b"<p>Gro&szlig;artig!</p>\n--a--\n--m\n"
    b'Content-Type: application/pdf; name="deck.pdf"\nContent-Transfer-Encoding: base64\n\n'
    b"JVBERi0xLjQK\n--m--\n\n"
)
# Small on purpose: a few edits in a short mailbox hit its structure more often, and each
# case parses fast. The full fixture mailbox has its own tests.
VALID = GOOD_A + GOOD_B + MIME
EML = MIME.split(b"\n", 1)[1]  # one mail as a single .eml: no From_ line


def read(path: Path) -> Records | SourceError:
    return outcome(MboxSource(path, "acme", max_chars=5_000, max_message_bytes=50_000))


def mbox_input(kind: str, blob: bytes) -> bytes:
    if kind == "eml":
        return edit(EML, blob[:16])
    if kind == "sandwich":
        # A message of garbage between two good ones: the strict From_ line of the next
        # message always ends it, whatever the garbage holds.
        junk = edit(blob[:48], blob[48:])
        return GOOD_A + b"From junk Mon Mar  4 12:00:00 2024\n" + junk + b"\n" + GOOD_B
    return generic_input(kind, blob, VALID)


def test_mbox_reader_survives_hostile_input() -> None:
    survives(
        "mbox",
        filename="in.mbox",
        read=read,
        kinds=["eml", "sandwich"],
        build=mbox_input,
        positions=("message ",),
        good={
            "good-a@acme.example": "We closed the seed round.",
            "good-b@acme.example": "MRR is up.",
        },
        intact={"sandwich"},
        readable=lambda case: case.data.startswith(b"From "),  # an mbox: never an error
    )


def test_a_10_mb_line_is_cut_and_the_mail_around_it_is_read(tmp_path: Path) -> None:
    huge = (
        b"From big@acme.example Mon Mar  4 11:00:00 2024\nSubject: big\n"
        b"Date: Mon, 4 Mar 2024 11:00:00 +0000\n\n" + b"x" * 10_000_000 + b"\n\n"
    )
    result = outcome(MboxSource(write(tmp_path, "in.mbox", GOOD_A + huge + GOOD_B), "acme"))
    found = messages(result)
    assert [m.id for m in found][::2] == ["good-a@acme.example", "good-b@acme.example"]
    assert not rejections(result)
    assert found[1].truncated
    assert found[1].subject == "big"


def test_mime_nested_past_the_parser_limit_is_one_rejection(tmp_path: Path) -> None:
    # Thousands of nested multiparts exhaust the stdlib parser's recursion: that message is
    # a rejection, the mailbox goes on.
    nested = b"".join(
        b"Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n" % (i, i) for i in range(3000)
    )
    deep = b"From deep@x Mon Mar  4 11:00:00 2024\nDate: Mon, 4 Mar 2024 11:00:00 +0000\n" + nested
    result = read(write(tmp_path, "in.mbox", GOOD_A + deep + b"\nhi\n\n" + GOOD_B))
    assert sorted(texts_by_id(messages(result))) == ["good-a@acme.example", "good-b@acme.example"]
    [bad] = rejections(result)
    assert bad.position.startswith("message 2 ")


def test_an_envelope_date_outside_utc_range_is_no_date(tmp_path: Path) -> None:
    # Regression: `From x Mon Jan  1 00:00:00 +0100 0001` overflowed in astimezone and the
    # message was rejected as "unreadable (OverflowError)" instead of for its missing date.
    undated = b"From x Mon Jan  1 00:00:00 +0100 0001\nSubject: s\n\nbody\n\n"
    result = read(write(tmp_path, "in.mbox", GOOD_A + undated + GOOD_B))
    assert sorted(texts_by_id(messages(result))) == ["good-a@acme.example", "good-b@acme.example"]
    [bad] = rejections(result)
    assert bad.field == "Date"
