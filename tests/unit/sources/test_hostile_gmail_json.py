"""Hostile input for the Gmail API JSON reader: nothing crashes, bad objects are named by
line or item, good messages survive (JSON Lines resynchronise at the next line)."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from sago.sources.base import SourceError
from sago.sources.gmail_json import GmailJsonSource
from support.hostile import (
    Records,
    edit,
    generic_input,
    json_mutated,
    messages,
    outcome,
    rejections,
    survives,
    texts_by_id,
    write,
)


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def full(message_id: str, text: str) -> dict[str, Any]:
    return {
        "id": message_id,
        "threadId": "t1",
        "internalDate": "1709550000000",
        "payload": {
            "mimeType": "text/plain",
            "headers": [
                {"name": "From", "value": "Maya <maya@acme.example>"},
                {"name": "Subject", "value": "Update"},
                {"name": "Date", "value": "Mon, 4 Mar 2024 10:00:00 +0100"},
            ],
            "body": {"size": len(text), "data": b64(text.encode())},
        },
    }


MULTIPART = {
    "id": "m-alt",
    "threadId": "t1",
    "internalDate": "1709553600000",
    "payload": {
        "mimeType": "multipart/mixed",
        "headers": [{"name": "Subject", "value": "=?utf-8?q?Gro=C3=9F?="}],
        "parts": [
            {
                "mimeType": "multipart/alternative",
                "parts": [
                    {"mimeType": "text/html", "body": {"data": b64(b"<p>Deal &amp; signed</p>")}},
                    {"mimeType": "text/plain", "body": {"data": b64(b"Deal signed")}},
                ],
            },
            {"mimeType": "application/pdf", "filename": "a.pdf", "body": {"attachmentId": "A"}},
        ],
    },
}
RAW = {
    "id": "m-raw",
    "internalDate": "1709557200000",
    "raw": b64(b"From: a@b.example\r\nSubject: Raw\r\nDate: Mon, 4 Mar 2024 12:00 +0000\r\n\r\nHi"),
}
GOOD_A, GOOD_B = full("good-a", "We closed the seed round."), full("good-b", "MRR is up.")
OBJECTS = [GOOD_A, MULTIPART, RAW]  # few and small: each case parses fast
JSONL = b"".join(json.dumps(o).encode() + b"\n" for o in OBJECTS)
PRETTY = json.dumps(OBJECTS, indent=1).encode()  # a top-level list, as some exports save it


def read(path: Path) -> Records | SourceError:
    return outcome(GmailJsonSource(path, "acme", max_chars=5_000))


def line(value: Any) -> bytes:
    return json.dumps(value).encode() + b"\n"


def gmail_input(kind: str, blob: bytes) -> bytes:
    if kind == "list":
        return edit(PRETTY, blob[:16])
    if kind == "field":  # one object's structure broken: the others still come through
        return line(GOOD_A) + line(json_mutated(MULTIPART, blob)) + line(GOOD_B)
    if kind == "sandwich":  # a garbage line between good ones
        junk = edit(blob[:48], blob[48:]).replace(b"\n", b" ")
        return line(GOOD_A) + junk + b"\n" + line(GOOD_B)
    return generic_input(kind, blob, JSONL)


def test_gmail_json_reader_survives_hostile_input() -> None:
    survives(
        "gmail_json",
        filename="in.jsonl",
        read=read,
        kinds=["list", "field", "sandwich"],
        build=gmail_input,
        positions=("line ", "item ", "object "),
        good={"good-a": "We closed the seed round.", "good-b": "MRR is up."},
        intact={"field", "sandwich"},
        readable=lambda case: True,  # a file that opens is never refused whole
    )


def test_a_10_mb_line_is_cut_and_the_lines_around_it_are_read(tmp_path: Path) -> None:
    huge = full("big", "x" * 10_000_000)
    result = read(write(tmp_path, "in.jsonl", line(GOOD_A) + line(huge) + line(GOOD_B)))
    assert sorted(texts_by_id(messages(result))) == ["big", "good-a", "good-b"]
    assert not rejections(result)
    big = next(m for m in messages(result) if m.id == "big")
    assert big.truncated
    # The raw payload is cut too, so the message still fits a Kafka record.
    assert len(big.model_dump_json()) < 1_000_000


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        # Regressions: json.loads raised RecursionError on deep nesting and ValueError on
        # an integer past Python's 4,300-digit conversion limit; both stopped the file.
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "nested too deeply"),
        (b'{"internalDate": ' + b"9" * 5_000 + b"}", "cannot be parsed"),
    ],
    ids=["deep-list", "deep-object", "long-integer"],
)
def test_unparseable_lines_are_rejections(tmp_path: Path, bad: bytes, reason: str) -> None:
    result = read(write(tmp_path, "in.jsonl", line(GOOD_A) + bad + b"\n" + line(GOOD_B)))
    assert sorted(texts_by_id(messages(result))) == ["good-a", "good-b"]
    [rejection] = rejections(result)
    assert rejection.position == "line 2"
    assert reason in rejection.reason


@pytest.mark.parametrize(
    "document",
    [b"[" * 100_000 + b"]" * 100_000, b"[" + b"9" * 5_000 + b"]"],
    ids=["deep", "long-integer"],
)
def test_an_unparseable_document_is_one_rejection(tmp_path: Path, document: bytes) -> None:
    [rejection] = rejections(read(write(tmp_path, "in.json", document)))
    assert rejection.position.startswith("item 1 ")
    assert "cannot be read" in rejection.reason


def test_an_over_long_id_is_a_rejection_naming_the_field(tmp_path: Path) -> None:
    # Was a rejection already, but its reason was a multi-line pydantic dump.
    result = read(write(tmp_path, "in.jsonl", line(full("x" * 600, "hi")) + line(GOOD_B)))
    assert list(texts_by_id(messages(result))) == ["good-b"]
    [rejection] = rejections(result)
    assert rejection.field == "id"
    assert "\n" not in rejection.reason
