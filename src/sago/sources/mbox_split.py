"""Split an mbox byte stream into messages: where one ends and the next begins.

Follows what mail tools accept in practice (mbox(5), mutt, Thunderbird, Python's mailbox):

- mboxo/mboxrd: a message starts at a `From ` line; a body's `>From ` loses one `>`.
- mboxcl/mboxcl2: a `Content-Length:` header gives the body's size. When the bytes after
  it end the file or start the next `From ` line, the body is taken whole and a `From `
  line inside it is text (mboxcl2 does not escape them). A wrong length is ignored, as
  mutt ignores it.
- A `From ` line is a separator when it carries an asctime date, when a loose date line
  follows a blank line, or when the lines after it are a mail header block (Netscape's
  dateless `From - `, often with no blank line before it).

Every unescaped `From ` line is counted. The ones read as body text are listed in
`body_from`, so a reader can report a mismatch instead of merging two messages silently.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass

from sago.sources.mail_headers import header_block_names, header_name, known_count

_WEEKDAY_MONTH = (
    rb"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) +(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
)
_STRICT_FROM = re.compile(rb"^From \S* +" + _WEEKDAY_MONTH + rb" +\d{1,2} \d{1,2}:\d\d")
_LOOSE_FROM = re.compile(rb"^From .*\d{1,2}:\d\d")
_ESCAPED_FROM = re.compile(rb"^>+From ")
_CONTENT_LENGTH = re.compile(rb"^content-length[ \t]*:[ \t]*(\d{1,12})[ \t]*\r?$", re.IGNORECASE)
# How far a `From ` line looks ahead for the header block that would make it a separator.
_LOOKAHEAD_LINES = 64
# Known header names a block needs: one after a blank line, two without (body text such as
# "From the team:\nSubject: pricing" must not split a message).
_KNOWN_AFTER_BLANK = 1
_KNOWN_OTHERWISE = 2


@dataclass(frozen=True)
class Start:
    """A message begins at byte `offset`; `envelope` is its `From ` line (b"" in an .eml)."""

    offset: int
    envelope: bytes


class MboxSplitter:
    """Turns lines into `Start` marks and the message lines between them."""

    def __init__(
        self, lines: Iterator[bytes], start: int, *, is_mbox: bool, max_trusted: int
    ) -> None:
        self._lines = lines
        self._ahead: deque[bytes] = deque()
        self._start = start
        self._is_mbox = is_mbox
        self._max_trusted = max_trusted
        self.separators = 0
        self.body_from: list[int] = []

    def _take(self) -> bytes | None:
        if self._ahead:
            return self._ahead.popleft()
        return next(self._lines, None)

    def _peek(self, index: int) -> bytes | None:
        while len(self._ahead) <= index:
            line = next(self._lines, None)
            if line is None:
                return None
            self._ahead.append(line)
        return self._ahead[index]

    def events(self) -> Iterator[Start | bytes]:
        position = self._start
        if not self._is_mbox:  # an .eml: the whole file is one message
            yield Start(position, b"")
            while (line := self._take()) is not None:
                yield line
            return
        previous_blank, in_headers, first = True, False, True
        length: int | None = None
        after_trusted = False
        while (line := self._take()) is not None:
            at, position = position, position + len(line)
            if line.startswith(b"From "):
                if first or after_trusted or self._is_separator(line, previous_blank):
                    self.separators += 1
                    first, after_trusted, in_headers, length = False, False, True, None
                    previous_blank = False
                    yield Start(at, line)
                    continue
                self.body_from.append(at)
            after_trusted = False
            if in_headers:
                if not line.strip():
                    in_headers = False
                    yield line
                    body = self._trusted_body(length)
                    if body is not None:
                        yield from body
                        position += sum(len(b) for b in body)
                        after_trusted = True
                    previous_blank = True
                    continue
                found = _CONTENT_LENGTH.match(line) if line[:1] in b"Cc" else None
                if found:
                    length = int(found.group(1))
            # Only `>` lines can be escaped `From ` lines: skip the regex for the rest.
            yield line[1:] if line[:1] == b">" and _ESCAPED_FROM.match(line) else line
            previous_blank = not line.strip()

    def _trusted_body(self, length: int | None) -> list[bytes] | None:
        """The body lines a Content-Length covers, when the bytes after it agree."""
        if length is None or length > self._max_trusted:
            return None
        size, count = 0, 0
        while size < length:
            line = self._peek(count)
            if line is None:
                return None
            size, count = size + len(line), count + 1
        if size != length:
            return None
        after = self._peek(count)
        if after is not None and not after.startswith(b"From "):
            # Writers differ on whether the blank line before `From ` is counted.
            if after.strip() or not (self._peek(count + 1) or b"From ").startswith(b"From "):
                return None
            count += 1
        return [self._ahead.popleft() for _ in range(count)]

    def _is_separator(self, line: bytes, previous_blank: bool) -> bool:
        if _STRICT_FROM.match(line) or (previous_blank and _LOOSE_FROM.match(line)):
            return True
        block: list[bytes] = []
        for index in range(_LOOKAHEAD_LINES):
            ahead = self._peek(index)
            if ahead is None or not ahead.strip():
                break
            block.append(ahead)
        if not block or header_name(block[0]) is None:
            return False
        names = header_block_names(block)
        needed = _KNOWN_AFTER_BLANK if previous_blank else _KNOWN_OTHERWISE
        return names is not None and known_count(names) >= needed
