"""Hostile input for the CSV reader: nothing crashes, bad rows are named, good rows survive."""

from __future__ import annotations

from pathlib import Path

import pytest

from sago.domain.message import Rejection
from sago.sources.base import SourceError
from sago.sources.csv import CsvSource
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

HEADER = b"id,is_chat,chat_sender,email_sender,timestamp,content\n"
GOOD_A = b'good-a,True,Maya,,2025-06-02T09:14:00,"We closed the seed, finally."\n'
GOOD_B = b'good-b,False,,ceo@acme.example,2025-06-02T10:00:00Z,"Subject: Q2\n\nMRR is up."\n'
VALID = (
    HEADER
    + GOOD_A
    + b'2,True,Ravi,,2025-06-02T09:15:00+02:00,"quote "" inside, and \xc3\xbcn\xc3\xafcode"\n'
    + GOOD_B
    + b"4,false,,x@y.example,2025-06-03,plain\r\n"
)


def read(path: Path) -> Records | SourceError:
    return outcome(CsvSource(path, "acme", max_chars=5_000))


def csv_input(kind: str, blob: bytes) -> bytes:
    if kind == "after header":
        return HEADER + edit(blob[:48], blob[48:])
    if kind == "sandwich":
        # A `"` opens a quoted field that may run to the end of the file; CSV cannot
        # resynchronise after that, so the garbage between the good rows has none.
        junk = edit(blob[:48], blob[48:]).replace(b'"', b"'")
        return HEADER + GOOD_A + junk + b"\n" + GOOD_B
    return generic_input(kind, blob, VALID)


def test_csv_reader_survives_hostile_input() -> None:
    survives(
        "csv",
        filename="in.csv",
        read=read,
        kinds=["after header", "sandwich"],
        build=csv_input,
        positions=("row ",),
        good={"good-a": "We closed the seed, finally.", "good-b": "MRR is up."},
        intact={"sandwich"},
        readable=lambda case: case.data.startswith(HEADER),  # a header: rows, never an error
    )


def test_a_10_mb_line_is_cut_and_the_rows_around_it_are_read(tmp_path: Path) -> None:
    huge = b"big,True,Maya,,2025-06-02T09:14:00," + b"x" * 10_000_000 + b"\n"
    result = read(write(tmp_path, "in.csv", HEADER + GOOD_A + huge + GOOD_B))
    assert sorted(texts_by_id(messages(result))) == ["big", "good-a", "good-b"]
    assert not rejections(result)
    [big] = [m for m in messages(result) if m.id == "big"]
    assert (len(big.text), big.truncated) == (5_000, True)


@pytest.mark.parametrize(
    ("row", "field"),
    [
        # Regression: an id over Message's 512-character limit raised ValidationError.
        (b"x" * 600 + b",True,Maya,,2025-06-02T09:14:00,hi\n", "id"),
        # Regression: a time that leaves datetime's range once in UTC raised OverflowError.
        (b"early,True,Maya,,0001-01-01T00:00:00+01:00,hi\n", "timestamp"),
        (b"late,True,Maya,,9999-12-31T23:59:59-01:00,hi\n", "timestamp"),
    ],
)
def test_a_row_breaking_a_message_rule_is_a_rejection(
    tmp_path: Path, row: bytes, field: str
) -> None:
    result = read(write(tmp_path, "in.csv", HEADER + GOOD_A + row + GOOD_B))
    assert sorted(texts_by_id(messages(result))) == ["good-a", "good-b"]
    [bad] = rejections(result)
    assert isinstance(bad, Rejection)
    assert (bad.position, bad.field) == ("row 3", field)
