"""mbox mailboxes (Gmail Takeout, Thunderbird, list archives) and single .eml files.

Streams line by line: a message is split off at its `From ` line, attachment bodies are
dropped as they stream past (never decoded or kept), and only the remaining text parts go
to the stdlib parser. mboxrd/mboxo escaping (`>From `) loses one `>`; in mboxo that is
ambiguous for a body line that really began `>From`, which is the format's own flaw.

Date policy: the Date header; when it is missing or unreadable, the newest Received hop's
date; then the mbox `From ` line's date; with none of these the message is a Rejection.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from email.parser import BytesHeaderParser
from itertools import chain
from pathlib import Path

from sago.domain.message import MAX_TEXT_CHARS, Rejection
from sago.sources.base import MessageSource, Record, SourceError
from sago.sources.email_parts import (
    EmailMessage,
    body_text,
    header_text,
    is_attachment,
    message_ids,
    parse_bytes,
    parse_date,
    raw_headers,
    received_date,
    sender_text,
    thread_root,
)
from sago.sources.mime_text import trim_reply
from sago.sources.normalise import email_message, gmail_raw

# Text parts of one message beyond this are not kept; such a message becomes a Rejection.
MAX_KEPT_BYTES = 16 * 1024 * 1024
_MAX_HEADER_LINES = 2_000
_WEEKDAY_MONTH = (
    rb"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) +(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
)
# A separator is a strict asctime `From ` line, or a looser one (any time of day) after a
# blank line; that keeps unescaped "From here on…" body lines inside their message.
_STRICT_FROM = re.compile(rb"^From \S* +" + _WEEKDAY_MONTH + rb" +\d{1,2} \d{1,2}:\d\d")
_LOOSE_FROM = re.compile(rb"^From .*\d{1,2}:\d\d")
_ESCAPED_FROM = re.compile(rb"^>+From ")
_FROM_DATE = re.compile(
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +(\d{1,2}) +(\d{1,2}):(\d\d)(?::(\d\d))?"
    r"(?: +([+-]\d{4}))? +(\d{4})"
)
_HEADER_LINE = re.compile(rb"^[!-9;-~]+:")
_BOUNDARY = re.compile(r"""boundary\s*=\s*(?:"([^"]*)"|([^;\s]+))""", re.IGNORECASE)


def looks_like_mail(head: bytes) -> bool:
    """True for bytes that start like an mbox (`From `) or an RFC 822 header block."""
    if head.startswith(b"From "):
        return True
    lines = head.replace(b"\r\n", b"\n").split(b"\n")[:40]
    names = {ln.split(b":", 1)[0].lower() for ln in lines if _HEADER_LINE.match(ln)}
    known = {b"from", b"date", b"subject", b"message-id", b"received", b"return-path", b"to"}
    return bool(lines) and _HEADER_LINE.match(lines[0]) is not None and len(names & known) >= 2


def from_line_date(line: bytes) -> datetime | None:
    """The delivery time an mbox `From ` line carries (asctime, optionally with a zone)."""
    match = _FROM_DATE.search(line.decode("latin-1"))
    if match is None:
        return None
    month, day, hour, minute, second, zone, year = match.groups()
    try:
        moment = datetime.strptime(
            f"{year} {month} {day} {hour}:{minute}:{second or '00'} {zone or '+0000'}",
            "%Y %b %d %H:%M:%S %z",
        )
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):  # OverflowError: year 1 east of UTC, 9999 west of it
        return None


class _Pruner:
    """Keeps one message's bytes except attachment bodies, tracking MIME boundaries."""

    def __init__(self, limit: int) -> None:
        self.kept: list[bytes] = []
        self.size = 0
        self.limit = limit
        self.oversize = False
        self.skipped = 0
        self._boundaries: list[bytes] = []
        self._headers: list[bytes] | None = []
        self._skipping = False
        self.digest = hashlib.sha256()

    def feed(self, line: bytes) -> None:
        self.digest.update(line)
        if self._headers is not None:
            self._keep(line)
            if line.strip() == b"" or len(self._headers) > _MAX_HEADER_LINES:
                self._end_headers(b"".join(self._headers))
            else:
                self._headers.append(line)
            return
        if self._boundaries and line.startswith(b"--"):
            stripped = line.rstrip()
            for level in range(len(self._boundaries) - 1, -1, -1):
                mark = b"--" + self._boundaries[level]
                if stripped == mark:
                    del self._boundaries[level + 1 :]
                    self._keep(line)
                    self._headers, self._skipping = [], False
                    return
                if stripped == mark + b"--":
                    del self._boundaries[level:]
                    self._keep(line)
                    self._skipping = False
                    return
        if not self._skipping:
            self._keep(line)

    def _keep(self, line: bytes) -> None:
        if self.size + len(line) > self.limit:
            self.oversize = True
            return
        self.kept.append(line)
        self.size += len(line)

    def _end_headers(self, block: bytes) -> None:
        self._headers = None
        part = BytesHeaderParser().parsebytes(block)
        if part.get_content_maintype() == "multipart":
            # The literal boundary: compat32's get_boundary() strips `<…>` from `<<x>>`.
            match = _BOUNDARY.search(str(part.get("Content-Type", "")))
            if match:
                value = match.group(1) if match.group(1) is not None else match.group(2)
                self._boundaries.append(value.encode("latin-1", "replace"))
            return
        if is_attachment(part):
            self._skipping = True
            self.skipped += 1


class _Draft:
    """A message being collected: where it started and its pruned bytes so far."""

    def __init__(self, number: int, offset: int, envelope: bytes, limit: int) -> None:
        self.number = number
        self.offset = offset
        self.envelope = envelope
        self.pruner = _Pruner(limit)


class MboxSource(MessageSource):
    """Streams an mbox (or one .eml) into email Messages; bad messages become Rejections."""

    kind = "mbox"

    def __init__(
        self,
        path: Path,
        company_id: str,
        max_chars: int = MAX_TEXT_CHARS,
        max_message_bytes: int = MAX_KEPT_BYTES,
    ) -> None:
        super().__init__(path, company_id)
        self.max_chars = max_chars
        self.max_message_bytes = max_message_bytes

    def read(self) -> Iterator[Record]:
        try:
            handle = self.path.open("rb")
        except OSError as exc:
            raise SourceError(f"{self.path}: cannot open ({exc.strerror or exc})") from exc
        with handle:
            first, skipped = handle.readline(), 0
            # Some writers lead with blank lines, which a parser would take as the header end.
            while first and not first.strip() and skipped < 1000:
                first, skipped = handle.readline(), skipped + 1
            if not first.strip():
                raise SourceError(f"{self.path}: the file is empty (expected mbox or RFC 822 mail)")
            is_mbox = first.startswith(b"From ")
            if not is_mbox and not looks_like_mail(first + handle.peek(4096)[:4096]):
                raise SourceError(
                    f"{self.path}: neither an mbox (first line `From …`) nor an RFC 822 message"
                )
            start = handle.tell() - len(first)
            yield from self._split(chain([first], handle), is_mbox, start)

    def _split(self, lines: Iterator[bytes], is_mbox: bool, start: int) -> Iterator[Record]:
        draft: _Draft | None = None
        # A dateless `From ` line after a blank line: the next line decides (a header or not).
        pending: tuple[bytes, int] | None = None
        previous_blank, position = True, start
        for line in lines:
            if pending is not None and draft is not None:
                held, held_at = pending
                pending = None
                if _HEADER_LINE.match(line):
                    yield self._finish(draft)
                    draft = _Draft(draft.number + 1, held_at, held, self.max_message_bytes)
                else:
                    draft.pruner.feed(held)
            separator = is_mbox and line.startswith(b"From ")
            if draft is None:
                draft = _Draft(1, position, line if is_mbox else b"", self.max_message_bytes)
                if not is_mbox:  # an .eml: the whole file is message 1
                    draft.pruner.feed(line)
            elif separator and (
                _STRICT_FROM.match(line) or (previous_blank and _LOOSE_FROM.match(line))
            ):
                yield self._finish(draft)
                draft = _Draft(draft.number + 1, position, line, self.max_message_bytes)
            elif separator and previous_blank:
                pending = (line, position)
            else:
                draft.pruner.feed(line[1:] if is_mbox and _ESCAPED_FROM.match(line) else line)
            previous_blank = not line.strip()
            position += len(line)
        if draft is not None:
            if pending is not None:
                draft.pruner.feed(pending[0])
            yield self._finish(draft)

    def _finish(self, draft: _Draft) -> Record:
        position = f"message {draft.number} (byte {draft.offset})"
        pruner = draft.pruner
        if pruner.oversize:
            return self._reject(
                position,
                f"its text parts exceed {self.max_message_bytes:,} bytes; skipped",
                field="body",
            )
        try:
            msg = parse_bytes(b"".join(pruner.kept))
            fallback_id = "sha256-" + pruner.digest.hexdigest()[:32]
            return self._message(msg, position, draft.envelope, fallback_id)
        except Exception as exc:  # noqa: BLE001 - hostile mail must not stop the mailbox
            return self._reject(position, f"unreadable message ({type(exc).__name__}: {exc})")

    def _message(
        self, msg: EmailMessage, position: str, envelope: bytes, fallback_id: str
    ) -> Record:
        subject = header_text(msg.get("Subject")) or None
        ids = message_ids(header_text(msg.get("Message-ID")))
        native_id = ids[0] if ids and len(ids[0]) <= 300 else fallback_id
        moment = (
            parse_date(header_text(msg.get("Date")))
            or received_date(msg)
            or from_line_date(envelope)
        )
        if moment is None:
            return self._reject(
                position,
                "has no readable Date header (nor a Received or mbox `From ` line date)",
                field="Date",
                excerpt=subject or "",
            )
        text = trim_reply(body_text(msg))
        if len(text) > self.max_chars:
            return self._reject(
                position,
                f"text is {len(text):,} characters, over the {self.max_chars:,} limit",
                field="body",
                excerpt=subject or "",
            )
        if not text.strip() and not subject:
            return self._reject(position, "has neither readable text nor a subject", field="body")
        gm_thread = header_text(msg.get("X-GM-THRID")).strip()
        # Takeout's decimal X-GM-THRID in hex is the Gmail API's threadId: the two sources agree.
        thread = format(int(gm_thread), "x") if gm_thread.isdigit() else thread_root(msg, native_id)
        sender = sender_text(header_text(msg.get("From"))) or "unknown"
        raw = gmail_raw(
            native_id=native_id,
            sender=sender,
            subject=subject,
            body=text,
            moment=moment,
            thread_id=thread,
            to=header_text(msg.get("To")),
        )
        raw["payload"]["headers"] = raw_headers(msg)
        labels = header_text(msg.get("X-Gmail-Labels"))
        raw["labelIds"] = [label.strip() for label in labels.split(",") if label.strip()]
        return email_message(
            native_id=native_id,
            company_id=self.company_id,
            sender=sender,
            subject=subject,
            body=text,
            moment=moment,
            thread_id=thread,
            raw=raw,
        )

    def _reject(
        self, position: str, reason: str, field: str | None = None, excerpt: str = ""
    ) -> Rejection:
        return Rejection(
            file=str(self.path),
            position=position,
            reason=reason,
            field=field,
            excerpt=excerpt[:200],
        )
