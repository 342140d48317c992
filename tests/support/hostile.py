"""Shared pieces of the hostile-input property tests (tests/unit/test_hostile_*.py).

`outcome` reads a whole input and checks the contract every reader promises: it yields
only Messages and Rejections, each Rejection names the file, a position and a reason, each
Message survives the JSON round trip every store and queue makes, and the only exception
is a one-line SourceError for an input that is unreadable as a whole.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from hypothesis import settings
from hypothesis import strategies as st

from sago.domain.message import Message, Rejection
from sago.sources.base import MessageSource, SourceError

Records = list[Message | Rejection]

MIN_CASES = 10_000
CASES: Counter[str] = Counter()  # cases run per reader; tests/unit/conftest.py prints them


def hostile_settings() -> settings:
    """The "hostile" profile (registered in tests/unit/conftest.py) for an inner @given."""
    return settings(settings.get_profile("hostile"))


def assert_enough_cases(reader: str) -> None:
    ran = CASES[reader]
    assert ran >= MIN_CASES, f"{reader}: only {ran:,} generated cases ran, {MIN_CASES:,} needed"


def check_record(record: object, path: Path) -> None:
    """One yielded record keeps the reader's promises (see the module docstring)."""
    if isinstance(record, Rejection):
        assert record.file == str(path)
        assert record.position.strip(), record
        assert record.reason.strip(), record
        assert str(record).startswith(f"{path}:{record.position}")
        return
    assert isinstance(record, Message), f"a reader yielded {type(record).__name__}"
    assert record.company_id == "acme"
    # Stores and the Kafka queue keep a message as its JSON: it must come back equal.
    dumped = record.model_dump_json()
    assert Message.model_validate_json(dumped).model_dump_json() == dumped


def outcome(source: MessageSource) -> Records | SourceError:
    """Every record of the input, checked; or the SourceError that refused it as a whole."""
    records: Records = []
    try:
        for record in source.read():
            check_record(record, source.path)
            records.append(record)
    except SourceError as exc:
        text = str(exc)
        assert text.startswith(str(source.path)), text
        assert "\n" not in text, text
        return exc
    return records


def messages(result: Records | SourceError) -> list[Message]:
    assert not isinstance(result, SourceError), result
    return [r for r in result if isinstance(r, Message)]


def rejections(result: Records | SourceError) -> list[Rejection]:
    assert not isinstance(result, SourceError), result
    return [r for r in result if isinstance(r, Rejection)]


# -- byte-level inputs -----------------------------------------------------------------------
# A case is (kind, blob): two draws. The blob is read as data or as an edit script, so
# Hypothesis spends its time running cases rather than generating them, and shrinking the
# blob shrinks the input.

# Bytes that make readers stumble: quotes, separators, newlines, NUL, invalid UTF-8 lead
# and continuation bytes, a UTF-8 encoded lone surrogate, a BOM, JSON and MIME syntax.
TOKENS = [
    b'"', b",", b"\n", b"\r", b"\r\n", b"\x00", b"\xff", b"\xc3", b"\x80", b"\xed\xa0\x80",
    b"\xef\xbb\xbf", b"{", b"}", b"[", b"]", b":", b"\\", b"\\u", b"\\ud800", b"=?", b"?=",
    b"--", b"From ", b">From ", b"PK\x03\x04", b"\t", b" ", b"=\n", b"<", b">", b"9" * 20,
    b"\n\n", b'"text": ', b"null", b"1e999", b"-", b".",
]  # fmt: skip
GENERIC_KINDS = ("raw", "soup", "truncated", "mutated", "truncated+mutated")


def edit(data: bytes, script: bytes) -> bytes:
    """`data` changed by an edit script: every 4 bytes are (operation, position, value)."""
    buf = bytearray(data)
    for i in range(0, len(script) - 3, 4):
        op, value = script[i] % 5, script[i + 3]
        at = int.from_bytes(script[i + 1 : i + 3], "big") % (len(buf) + 1)
        if op == 0 and at < len(buf):
            buf[at] = value
        elif op == 1:
            buf[at:at] = TOKENS[value % len(TOKENS)]
        elif op == 2:
            del buf[at : at + value % 16 + 1]
        elif op == 3:
            buf[at:at] = buf[at : at + value % 32 + 1]
        else:
            buf.insert(at, value)
    return bytes(buf)


def cut(data: bytes, blob: bytes) -> bytes:
    """`data` truncated at an offset the blob's first two bytes pick."""
    return data[: int.from_bytes(blob[:2], "big") % (len(data) + 1)]


def generic_input(kind: str, blob: bytes, valid: bytes) -> bytes:
    """Arbitrary bytes, a token soup, or the valid input truncated and/or mutated."""
    if kind == "raw":
        return blob
    if kind == "soup":
        half = len(blob) // 2
        return edit(blob[:half], blob[half:])
    if kind == "truncated":
        return cut(valid, blob)
    if kind == "mutated":
        return edit(valid, blob[:16])  # at most 4 edits: still close to valid
    return edit(cut(valid, blob), blob[2:18])


def cases(*kinds: str, max_size: int = 96) -> st.SearchStrategy[tuple[str, bytes]]:
    return st.tuples(st.sampled_from(kinds), st.binary(max_size=max_size))


@contextmanager
def scratch_dir() -> Iterator[Path]:
    """A private folder for the inputs, in RAM when the machine has /dev/shm.

    Each case writes its input to a file (readers take paths); on an overlay or network
    file system an open() costs ~0.3 ms, which alone would take seconds per 10k cases.
    """
    shm = Path("/dev/shm")
    base = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="sago-hostile-", dir=base) as name:
        yield Path(name)


def write(directory: Path, name: str, data: bytes) -> Path:
    path = directory / name
    path.write_bytes(data)
    return path


def texts_by_id(found: Sequence[Message]) -> dict[str, str]:
    return {m.id: m.text for m in found}
