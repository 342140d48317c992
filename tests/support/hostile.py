"""Shared pieces of the hostile-input property tests (tests/unit/sources/test_hostile_*.py).

`outcome` reads a whole input and checks the contract every reader promises: it yields
only Messages and Rejections, each Rejection names the file, a position and a reason, each
Message survives the JSON round trip every store and queue makes, and the only exception
is a one-line SourceError for an input that is unreadable as a whole.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from hypothesis import given, settings
from hypothesis import strategies as st

from sago.domain.message import Message, Notice, Rejection
from sago.sources.base import MessageSource, SourceError

Records = list[Message | Rejection]
T = TypeVar("T")

MIN_CASES = 10_000
CASES: Counter[str] = Counter()  # cases run per reader; tests/unit/conftest.py prints them


def hostile_settings() -> settings:
    """The "hostile" profile (registered in tests/unit/conftest.py) for an inner @given."""
    return settings(settings.get_profile("hostile"))


def assert_enough_cases(reader: str) -> None:
    ran = CASES[reader]
    assert ran >= MIN_CASES, f"{reader}: only {ran:,} generated cases ran, {MIN_CASES:,} needed"


def run_cases(reader: str, strategy: st.SearchStrategy[T], check: Callable[[T], None]) -> None:
    """Run `check` on the hostile profile's generated cases, counted under `reader`, and fail
    unless at least MIN_CASES of them really ran (a filter or a health check could starve it)."""

    @hostile_settings()
    @given(strategy)
    def run(case: T) -> None:
        CASES[reader] += 1
        check(case)

    run()
    assert_enough_cases(reader)


class Case(NamedTuple):
    """One generated case of a file reader's test: its kind, its blob, and the input built."""

    kind: str
    blob: bytes
    data: bytes


def survives(
    reader: str,
    *,
    filename: str,
    read: Callable[[Path], Records | SourceError],
    kinds: Sequence[str],
    build: Callable[[str, bytes], bytes],
    positions: tuple[str, ...] = (),
    good: Mapping[str, str] | None = None,
    intact: Collection[str] = (),
    readable: Callable[[Case], bool] = lambda case: False,
    expect: Callable[[Case, Records | SourceError], None] | None = None,
) -> None:
    """The property test every file reader shares: each case (GENERIC_KINDS plus the reader's
    own `kinds`) is built into bytes, written to a scratch file and read under `outcome`'s
    checks, and then held to what this reader promises:

    - an input `readable` says it opens is never refused whole;
    - after the damage of an `intact` kind, the `good` messages come through with their text;
    - every rejection names its place the reader's way (`positions`: "row ", "line "...);
    - and whatever else `expect` checks.
    """
    with scratch_dir() as scratch:

        def check(case: tuple[str, bytes]) -> None:
            kind, blob = case
            built = Case(kind, blob, build(kind, blob))
            result = read(write(scratch, filename, built.data))
            if readable(built):
                assert isinstance(result, list), result
            if kind in intact:
                assert good is not None
                assert_survivors(result, good)
            if positions and isinstance(result, list):
                assert_rejected_at(result, *positions)
            if expect is not None:
                expect(built, result)

        run_cases(reader, cases(*GENERIC_KINDS, *kinds), check)


def assert_survivors(result: Records | SourceError, good: Mapping[str, str]) -> None:
    """The good messages around the damage all came through, with their own text."""
    found = texts_by_id(messages(result))
    assert {key: found.get(key) for key in good} == dict(good), found


def assert_rejected_at(result: Records | SourceError, *prefixes: str) -> None:
    """Every rejection names its place the way this reader counts (row, line, message...)."""
    for rejection in rejections(result):
        assert rejection.position.startswith(prefixes), rejection


def check_record(record: object, path: Path) -> None:
    """One yielded record keeps the reader's promises (see the module docstring)."""
    if isinstance(record, Notice):
        assert record.file == str(path)
        assert record.reason.strip(), record
        return
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


# -- text and JSON values from a blob -----------------------------------------------------------

TEXT_TOKENS = [
    "Subject: ", "Re: ", "FWD:", "Betreff: ", "\n", "\r\n", "\r", "\x00", "\ud800", "\udfff",
    "\U0001f600", "\ufffd", " ", "\t", "\u2028", "\x85", "\u202e", "<script>", "&amp;", "$12M",
    "Series A", "<@U1>", "\\", '"', "\x7f", "\ufeff",
]  # fmt: skip


def text_of(blob: bytes) -> str:
    """A string from a blob: tokens, ASCII, and any UTF-16 code unit, lone surrogates included.

    (Hypothesis' own text strategies never produce surrogates, and JSON input does.)
    """
    out: list[str] = []
    for i in range(0, len(blob) - 1, 2):
        kind, value = blob[i], blob[i + 1]
        if kind < 64:
            out.append(TEXT_TOKENS[value % len(TEXT_TOKENS)])
        elif kind < 176:
            out.append(chr(value % 95 + 32))
        else:
            out.append(chr((kind << 8 | value) % 0x10000))
    return "".join(out)


def json_value(blob: bytes) -> Any:
    """A JSON-like value built by a tiny stack machine over the blob's bytes.

    Covers every JSON type, the values Python's json module also accepts (NaN, Infinity,
    integers past 64 bits), lone surrogates, and nesting hundreds of levels deep.
    """
    stack: list[Any] = []
    leaves: list[Any] = [None, True, False, 0, -1, 2**70, 1.5, 1e308, float("inf"), "", "x"]
    for i, byte in enumerate(blob):
        op, arg = byte % 8, byte // 8
        if op == 0:
            stack.append(leaves[arg % len(leaves)])
        elif op == 1:
            stack.append(text_of(blob[i : i + 2 + arg % 8]))
        elif op == 2:
            stack.append(int.from_bytes(blob[i : i + 9], "big", signed=True))
        elif op == 3 and stack:
            stack.append([stack.pop()])
        elif op == 4 and stack:
            stack.append({TEXT_TOKENS[arg % len(TEXT_TOKENS)].strip() or "k": stack.pop()})
        elif op == 5 and len(stack) >= 2:
            stack.append([stack.pop(), stack.pop()])
        elif op == 6 and stack:
            value = stack.pop()
            for _ in range(arg * 12):  # up to 372 levels: past every recursion guard
                value = [value]
            stack.append(value)
        elif op == 7 and len(stack) >= 2:
            value, into = stack.pop(), stack.pop()
            stack.append({**into, "v": value} if isinstance(into, dict) else [into, value])
    return stack[-1] if stack else {}


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


def json_mutated(value: Any, blob: bytes) -> Any:
    """A copy of a valid JSON document with one node replaced by a hostile value, or removed.

    Type confusion is what JSON readers meet in the wild: `"ts": {}`, `"parts": 5`,
    `"headers": [null]`, a missing `payload`.
    """
    copy = json.loads(json.dumps(value))
    paths = _paths(copy)
    path = paths[int.from_bytes(blob[:2].ljust(2, b"\0"), "big") % len(paths)]
    if not path:
        return json_value(blob[3:])
    parent = copy
    for step in path[:-1]:
        parent = parent[step]
    if blob[2:3] < b"\x40":
        del parent[path[-1]]
    else:
        parent[path[-1]] = json_value(blob[3:])
    return copy
