"""mbox mailboxes (Gmail Takeout, Thunderbird, list archives) and single .eml files.

Streams line by line: `mbox_split` finds where each message starts (mboxo/mboxrd/mboxcl
variants, Content-Length, Netscape's dateless `From - `), attachment bodies are dropped as
they stream past (never decoded or kept), and only the remaining text parts go to the
stdlib parser. The `From ` lines seen are counted against the messages read: a mismatch
is reported as a warning, never a silent merge.

Date policy (`mail_dates`): the Date header, unless the Received hops show it cannot be
right; when it is missing or unreadable, the newest Received hop's date; then the mbox
`From ` line's date; with none of these the message is a Rejection.
"""

from __future__ import annotations

import codecs
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
    received_dates,
    sender_text,
    thread_root,
)
from sago.sources.mail_dates import choose_date
from sago.sources.mail_headers import header_block_names, is_continuation, known_count
from sago.sources.mbox_split import MboxSplitter, Start
from sago.sources.mime_text import trim_reply
from sago.sources.normalise import cut_text, email_message, gmail_raw

# Text parts of one message beyond this are not kept; the message is stored truncated.
MAX_KEPT_BYTES = 16 * 1024 * 1024
_MAX_HEADER_LINES = 2_000
_SNIFF_BYTES = 64 * 1024
_FROM_DATE = re.compile(
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +(\d{1,2}) +(\d{1,2}):(\d\d)(?::(\d\d))?"
    r"(?: +([+-]\d{4}))? +(\d{4})"
)
_BOUNDARY = re.compile(r"""boundary\s*=\s*(?:"([^"]*)"|([^;\s]+))""", re.IGNORECASE)
_LISTED_BODY_FROM = 5
# Blank lines only: a leading space-led line is a folded header, not padding.
_LEADING_BLANK_LINES = re.compile(rb"^(?:[ \t]*\r?\n)+")


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


def looks_like_mail(head: bytes) -> bool:
    """True for bytes that start like an mbox (`From `) or an RFC 822 header block.

    A leading byte-order mark and blank lines are skipped, a block may start with a folded
    line, and one header that mail tools know is enough when every line of the block
    (up to its blank line, or as far as `head` goes) is a header or a folded line.
    """
    head = _LEADING_BLANK_LINES.sub(b"", head.removeprefix(codecs.BOM_UTF8))
    if head.startswith(b"From "):
        return True
    block, _, rest = head.replace(b"\r\n", b"\n").partition(b"\n\n")
    lines = block.split(b"\n")
    if not rest and not head.endswith(b"\n") and len(lines) > 1:
        lines = lines[:-1]  # cut mid-line by the sniff window
    while lines and is_continuation(lines[0]):
        lines = lines[1:]
    names = header_block_names(lines) if lines else None
    return bool(names) and names is not None and known_count(names) >= 1


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
        # Past the limit nothing more is kept: the message is stored as the prefix it has.
        if self.oversize or self.size + len(line) > self.limit:
            if not self.oversize:
                self.kept.append(line[: self.limit - self.size])
                self.size = self.limit
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
            handle = self.watch(self.path.open("rb"))
        except OSError as exc:
            raise SourceError(f"{self.path}: cannot open ({exc.strerror or exc})") from exc
        with handle:
            head = handle.read(_SNIFF_BYTES)
            bom = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
            handle.seek(bom)
            first, skipped = handle.readline(), 0
            # Some writers lead with blank lines, which a parser would take as the header end.
            while first and not first.strip() and skipped < 1000:
                first, skipped = handle.readline(), skipped + 1
            if not first.strip():
                raise SourceError(f"{self.path}: the file is empty (expected mbox or RFC 822 mail)")
            is_mbox = first.startswith(b"From ")
            if not is_mbox and not looks_like_mail(head):
                raise SourceError(
                    f"{self.path}: neither an mbox (first line `From …`) nor an RFC 822 message"
                )
            start = handle.tell() - len(first)
            splitter = MboxSplitter(
                chain([first], handle), start, is_mbox=is_mbox, max_trusted=self.max_message_bytes
            )
            yield from self._split(splitter)
            if is_mbox and splitter.body_from:
                yield self._mismatch(splitter)

    def _split(self, splitter: MboxSplitter) -> Iterator[Record]:
        draft: _Draft | None = None
        for event in splitter.events():
            if isinstance(event, Start):
                if draft is not None:
                    yield from self._finish(draft)
                number = draft.number + 1 if draft else 1
                draft = _Draft(number, event.offset, event.envelope, self.max_message_bytes)
            elif draft is not None:
                draft.pruner.feed(event)
        if draft is not None:
            yield from self._finish(draft)

    def _mismatch(self, splitter: MboxSplitter) -> Record:
        shown = ", ".join(f"{at:,}" for at in splitter.body_from[:_LISTED_BODY_FROM])
        more = len(splitter.body_from) - _LISTED_BODY_FROM
        where = shown + (f" and {more:,} more" if more > 0 else "")
        seen = splitter.separators + len(splitter.body_from)
        return self.warning(
            "whole file",
            f"{seen:,} `From ` lines but {splitter.separators:,} messages: the `From ` "
            f"lines at byte {where} were read as body text (no date and no mail header "
            "after them); if they start messages, the mbox is damaged",
        )

    def _finish(self, draft: _Draft) -> Iterator[Record]:
        position = f"message {draft.number} (byte {draft.offset})"
        pruner = draft.pruner
        try:
            msg = parse_bytes(b"".join(pruner.kept))
            fallback_id = "sha256-" + pruner.digest.hexdigest()[:32]
            yield from self._message(msg, position, draft, fallback_id)
        except Exception as exc:  # noqa: BLE001 - hostile mail must not stop the mailbox
            yield self._reject(position, f"unreadable message ({type(exc).__name__}: {exc})")

    def _message(
        self, msg: EmailMessage, position: str, draft: _Draft, fallback_id: str
    ) -> Iterator[Record]:
        subject = header_text(msg.get("Subject")) or None
        ids = message_ids(header_text(msg.get("Message-ID")))
        native_id = ids[0] if ids and len(ids[0]) <= 300 else fallback_id
        moment, date_note = choose_date(
            parse_date(header_text(msg.get("Date"))),
            received_dates(msg),
            (from_line_date(draft.envelope),),
        )
        if moment is None:
            yield self._reject(
                position,
                "has no readable Date header (nor a Received or mbox `From ` line date)",
                field="Date",
                excerpt=subject or "",
            )
            return
        text = trim_reply(body_text(msg))
        if not text.strip() and not subject:
            yield self._reject(position, "has neither readable text nor a subject", field="body")
            return
        text, cut = cut_text(text, self.max_chars)
        cut = cut or draft.pruner.oversize
        if cut:
            yield self.warning(
                position,
                f"text over the size limit ({self.max_chars:,} characters, "
                f"{self.max_message_bytes:,} bytes of text parts); stored truncated",
            )
        gm_thread = header_text(msg.get("X-GM-THRID")).strip()
        # Takeout's decimal X-GM-THRID in hex is the Gmail API's threadId: the two sources agree.
        thread = format(int(gm_thread), "x") if gm_thread.isdigit() else thread_root(msg, native_id)
        sender = sender_text(msg.get("From")) or "unknown"
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
        yield email_message(
            native_id=native_id,
            company_id=self.company_id,
            sender=sender,
            subject=subject,
            body=text,
            moment=moment,
            thread_id=thread,
            raw=raw,
            truncated=cut,
            notes={"date": date_note} if date_note else None,
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
