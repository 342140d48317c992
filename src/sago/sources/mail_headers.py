"""Header names mail tools know, as a table: the splitter and the file sniffer read it.

A block of `Name: value` lines is taken for a mail header when it holds at least one of
these. They are the fields RFC 5322 defines, the trace fields, and those written by the
mailers and stores whose files Sago reads (Netscape/Mozilla, Gmail Takeout, Exchange).
"""

from __future__ import annotations

import re

KNOWN_HEADERS = frozenset(
    {
        # RFC 5322 originator, destination, identification and information fields
        b"from", b"sender", b"reply-to", b"to", b"cc", b"bcc", b"date", b"subject",
        b"message-id", b"in-reply-to", b"references", b"comments", b"keywords",
        # trace and resent fields
        b"received", b"return-path", b"resent-date", b"resent-from", b"resent-to",
        b"resent-message-id", b"delivered-to", b"envelope-to", b"x-original-to",
        # MIME
        b"mime-version", b"content-type", b"content-transfer-encoding",
        # mail stores and clients
        b"x-mozilla-status", b"x-mozilla-status2", b"x-mozilla-keys", b"x-uidl", b"status",
        b"x-status", b"x-gm-thrid", b"x-gmail-labels", b"thread-topic", b"thread-index",
        b"x-ms-exchange-organization-authas", b"x-mailer", b"user-agent",
    }
)  # fmt: skip

# A header line: a name of printable ASCII without colon, then a colon (RFC 5322 2.2).
HEADER_LINE = re.compile(rb"^([!-9;-~]+)[ \t]*:")


def header_name(line: bytes) -> bytes | None:
    """The lower-case field name of a header line, or None for any other line."""
    match = HEADER_LINE.match(line)
    return match.group(1).lower() if match else None


def is_continuation(line: bytes) -> bool:
    """A folded header line: whitespace-led and not blank."""
    return line[:1] in {b" ", b"\t"} and bool(line.strip())


def header_block_names(lines: list[bytes]) -> list[bytes] | None:
    """The field names of a header block (lines up to, not including, the blank line that
    ends it), or None when a line in it is neither a header nor a folded continuation."""
    names: list[bytes] = []
    for line in lines:
        name = header_name(line)
        if name is not None:
            names.append(name)
        elif not is_continuation(line):
            return None
    return names


def known_count(names: list[bytes]) -> int:
    return len(set(names) & KNOWN_HEADERS)
