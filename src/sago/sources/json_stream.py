"""Stream the values of a JSON file without loading it: JSON Lines, a top-level list, or
one (or several concatenated) pretty-printed documents.

Each value comes with a position a person can find again (`line 12`, `item 3 (line 40)`).
A JSON Lines file survives a bad line; a broken list or document cannot be resynchronised,
so the reader reports where it broke and stops.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

MAX_VALUE_CHARS = 256 * 1024 * 1024
_CHUNK = 1 << 16
_WHITESPACE = " \t\r\n"


@dataclass(frozen=True)
class JsonValue:
    """One parsed top-level value (a JSON Lines line, a list item, a document)."""

    position: str
    value: Any


@dataclass(frozen=True)
class JsonFault:
    """A value that could not be parsed; `fatal` when reading cannot go on after it."""

    position: str
    reason: str
    fatal: bool = False


JsonItem = JsonValue | JsonFault


def iter_json(handle: IO[bytes]) -> Iterator[JsonItem]:
    """The JSON values in `handle`, in order, as JsonValue or JsonFault."""
    head = handle.read(_CHUNK)
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    stripped = head.lstrip()
    if stripped[:1] == b"[":
        yield from _Scanner(handle, head).values(in_list=True)
        return
    first_line, newline, _ = stripped.partition(b"\n")
    if newline and _is_object(first_line):
        yield from _json_lines(head, handle)
        return
    yield from _Scanner(handle, head).values(in_list=False)


def _is_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _json_lines(head: bytes, handle: IO[bytes]) -> Iterator[JsonItem]:
    pending = head
    number = 0
    while True:
        newline = pending.find(b"\n")
        while newline < 0:
            more = handle.read(_CHUNK)
            if not more:
                break
            pending += more
            newline = pending.find(b"\n", len(pending) - len(more))
        if newline < 0:
            line, pending = pending, b""
        else:
            line, pending = pending[:newline], pending[newline + 1 :]
        number += 1
        if line.strip():
            yield _line_value(line, number)
        if newline < 0:
            return


def _line_value(line: bytes, number: int) -> JsonItem:
    position = f"line {number}"
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        return JsonFault(position, f"is not valid UTF-8 (byte {exc.start})")
    try:
        return JsonValue(position, json.loads(text))
    except json.JSONDecodeError as exc:
        return JsonFault(position, f"invalid JSON: {exc.msg} at column {exc.colno}")
    except (RecursionError, ValueError) as exc:
        return JsonFault(position, unparseable(exc))


def unparseable(exc: RecursionError | ValueError) -> str:
    """Why valid-looking JSON still cannot be parsed: the stdlib's own safety limits.

    Hostile files hit them with deep nesting (`[[[[…`, RecursionError) or integers of
    thousands of digits (ValueError since Python's int conversion limit).
    """
    if isinstance(exc, RecursionError):
        return "JSON nested too deeply to parse"
    return f"JSON value cannot be parsed ({str(exc).split(';')[0]})"


class _Scanner:
    """raw_decode over a growing text buffer; reads more only when a value is cut off."""

    def __init__(self, handle: IO[bytes], head: bytes) -> None:
        self._handle = handle
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._buf = self._decoder.decode(head)
        self._pos = 0
        self._line = 1
        self._eof = False
        self._json = json.JSONDecoder()

    def _fill(self) -> bool:
        if self._eof:
            return False
        chunk = self._handle.read(max(_CHUNK, len(self._buf) - self._pos))
        self._eof = not chunk
        # Drop what has been consumed so the buffer holds about one value at a time.
        self._buf = self._buf[self._pos :] + self._decoder.decode(chunk, final=self._eof)
        self._pos = 0
        return bool(chunk)

    def _peek(self) -> str:
        while True:
            while self._pos < len(self._buf) and self._buf[self._pos] in _WHITESPACE:
                if self._buf[self._pos] == "\n":
                    self._line += 1
                self._pos += 1
            if self._pos < len(self._buf) or not self._fill():
                return self._buf[self._pos : self._pos + 1]

    def _decode(self) -> tuple[Any, None] | tuple[None, str]:
        while True:
            try:
                value, end = self._json.raw_decode(self._buf, self._pos)
            except (RecursionError, ValueError) as exc:
                if not isinstance(exc, json.JSONDecodeError):
                    return None, unparseable(exc)
                if len(self._buf) - self._pos > MAX_VALUE_CHARS:
                    return None, f"a value is over {MAX_VALUE_CHARS:,} characters"
                if self._fill():
                    continue
                return None, f"invalid JSON: {exc.msg}"
            # A number or literal cut at the buffer's end may be longer: read on to be sure.
            if end == len(self._buf) and not self._eof and self._fill():
                continue
            self._line += self._buf.count("\n", self._pos, end)
            self._pos = end
            return value, None

    def values(self, *, in_list: bool) -> Iterator[JsonItem]:
        if in_list:
            self._peek()
            self._pos += 1
        index = 0
        while True:
            char = self._peek()
            if not char or (in_list and char == "]"):
                if in_list and not char:
                    yield JsonFault(f"line {self._line}", "the list is not closed", fatal=True)
                return
            index += 1
            where = f"{'item' if in_list else 'object'} {index} (line {self._line})"
            value, error = self._decode()
            if error is not None:
                yield JsonFault(where, f"{error}; the rest of the file cannot be read", True)
                return
            yield JsonValue(where, value)
            if in_list:
                after = self._peek()
                if after == ",":
                    self._pos += 1
                elif after != "]":
                    found = repr(after) if after else "end of file"
                    reason = f"expected ',' or ']' after it, found {found}"
                    yield JsonFault(where, reason, fatal=True)
                    return
