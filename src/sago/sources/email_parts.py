"""Read an RFC 822 message (stdlib `email`, compat32) into the fields Sago keeps.

Shared by the mbox/eml reader and Gmail `format=raw` messages. Real mail is often broken,
so every step degrades instead of raising: unknown charsets, mislabelled HTML, multiparts
whose boundary the parser cannot find, headers holding raw 8-bit bytes.
"""

from __future__ import annotations

import email.message
import email.policy
import hashlib
import re
from datetime import UTC, datetime
from email.header import Header, decode_header
from email.parser import BytesParser
from email.utils import getaddresses, parseaddr, parsedate_to_datetime
from typing import Any

from sago.sources.mime_text import (
    decode_text,
    enriched_to_text,
    html_to_text,
    looks_like_html,
    tidy,
)

EmailMessage = email.message.Message
_MAX_DEPTH = 12
_READABLE = {"plain", "html", "enriched", "richtext"}


def parse_bytes(data: bytes) -> EmailMessage:
    """The message tree; compat32 keeps undecodable bytes instead of raising."""
    return BytesParser().parsebytes(data)


def header_text(value: str | Header | None) -> str:
    """An RFC 2047 header as plain text; raw 8-bit bytes go through the charset fallback."""
    if value is None:
        return ""
    try:
        pieces = decode_header(value)
    except (ValueError, LookupError, AssertionError):
        return " ".join(str(value).split())
    out: list[str] = []
    for chunk, charset in pieces:
        out.append(chunk if isinstance(chunk, str) else decode_text(chunk, charset))
    # decode_header drops the space between an encoded word and plain text on either side.
    joined = ""
    for i, piece in enumerate(out):
        encoded = pieces[i][1] is not None
        previous_encoded = i > 0 and pieces[i - 1][1] is not None
        if i and encoded != previous_encoded and not joined.endswith(" ") and piece[:1] != " ":
            joined += " "
        joined += piece
    return " ".join(joined.replace("\ufffd\ufffd", "\ufffd").split())


def sender_text(value: str | Header | None) -> str:
    """`Name <addr>` or just the address, from a From header as found in the message.

    The undecoded header goes to the stdlib's RFC 5322 parser, which decodes RFC 2047
    words itself: `=?iso-8859-1?Q?Last=2C_First?= <a@b>` keeps its comma inside the name.
    Headers already decoded (Gmail format=full, raw 8-bit bytes) go through
    `email.utils`, and a decoded name with a comma is put back together.
    """
    if value is None:
        return ""
    if isinstance(value, str) and value.isascii():
        # Fast path: one mailbox found in the undecoded header (an encoded comma is still
        # `=2C` there), its name decoded afterwards; the full parser only for the rest.
        pairs = [(name, addr) for name, addr in getaddresses([value]) if name or addr]
        if len(pairs) == 1 and "@" in pairs[0][1]:
            return _pair_text(header_text(pairs[0][0]), pairs[0][1])
        parsed = _registry_addresses(value)
        if parsed:
            return _pair_text(*parsed)
    return _decoded_sender(header_text(value))


def _registry_addresses(value: str) -> tuple[str, str] | None:
    try:
        header = email.policy.default.header_factory("From", value)
        addresses = [(a.display_name, a.addr_spec) for a in getattr(header, "addresses", ())]
    except Exception:  # noqa: BLE001 - the stdlib parser raises on some hostile headers
        return None
    with_domain = [(name, addr) for name, addr in addresses if "@" in addr]
    if not with_domain or len(with_domain) != len(addresses):
        return None
    name, addr = with_domain[0]
    if not name:  # `addr (Comment Name)`: the registry drops the comment, parseaddr keeps it
        name = parseaddr(header_text(value))[0]
    return name, addr


def _decoded_sender(value: str) -> str:
    parsed = [(name, addr) for name, addr in getaddresses([value]) if addr or name]
    if not parsed:
        return value.strip()
    mailboxes = [pair for pair in parsed if "@" in pair[1]]
    if len(mailboxes) == 1 and "@" in parsed[-1][1] and len(parsed) > 1:
        # `Last, First <a@b>` decoded from an encoded word: one mailbox, its name split.
        pieces = [addr or name for name, addr in parsed[:-1]] + [parsed[-1][0]]
        return _pair_text(", ".join(p for p in pieces if p), parsed[-1][1])
    name, addr = mailboxes[0] if mailboxes else parsed[0]
    return _pair_text(name, addr)


def _pair_text(name: str, addr: str) -> str:
    name = " ".join(name.split())
    if name and addr:
        return f"{name} <{addr}>"
    return addr or name


_MSG_ID = re.compile(r"<([^<>\s]+)>")


def message_ids(value: str) -> list[str]:
    """The ids in a References/In-Reply-To/Message-ID header, angle brackets removed."""
    found = _MSG_ID.findall(value)
    if found:
        return found
    bare = value.strip().strip("<>").strip()
    return [bare] if bare and " " not in bare else []


def thread_root(msg: EmailMessage, own_id: str) -> str:
    """The first message of the conversation: References' first id, else In-Reply-To."""
    for name in ("References", "In-Reply-To"):
        ids = message_ids(header_text(msg.get(name)))
        if ids:
            return ids[0]
    return own_id


def content_hash(data: bytes) -> str:
    """A stable id for mail that lacks a Message-ID."""
    return "sha256-" + hashlib.sha256(data).hexdigest()[:32]


def to_utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def parse_date(value: str) -> datetime | None:
    """An RFC 5322 date in UTC; None when missing or unreadable (callers pick a fallback)."""
    if not value.strip():
        return None
    try:
        return to_utc(parsedate_to_datetime(value.strip()))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def received_dates(msg: EmailMessage) -> list[datetime]:
    """The readable dates of the Received hops, top (last hop, delivery) first."""
    found: list[datetime] = []
    for value in msg.get_all("Received") or []:
        _, _, when = str(value).rpartition(";")
        moment = parse_date(" ".join(when.split()))
        if moment is not None:
            found.append(moment)
    return found


def received_date(msg: EmailMessage) -> datetime | None:
    """When the last hop received the mail: the date after the `;` in the top Received."""
    found = received_dates(msg)
    return found[0] if found else None


def is_attachment(part: EmailMessage) -> bool:
    """A part that is not meant to be read as the mail's text; its body is never decoded."""
    if part.get_content_disposition() == "attachment":
        return True
    declared = str(part.get("Content-Type", "")).split(";", 1)[0].strip().lower()
    if not declared:
        # `Content-Type: ; name="x.jpg"` (real spam): a file, whatever the default says.
        return part.get_filename() is not None
    main = declared.split("/", 1)[0]
    return main not in {"text", "multipart", "message"}


def body_text(part: EmailMessage, depth: int = 0) -> str:
    """The readable text of a message or part, before reply trimming."""
    if depth > _MAX_DEPTH:
        return ""
    main, sub = part.get_content_maintype(), part.get_content_subtype()
    if main == "message":  # before is_multipart(): an enclosed message's payload is a list
        return _enclosed_text(part, depth)
    if part.is_multipart():
        return _multipart_text(part, sub, depth)
    if main == "multipart":
        return _salvage_multipart(part, depth)
    if is_attachment(part) or main != "text" or sub not in _READABLE:
        return ""
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return ""
    return render_text(decode_text(data, part.get_content_charset()), sub)


def render_text(text: str, subtype: str) -> str:
    """Decoded text of a text/* part in plain form (HTML and enriched converted)."""
    if subtype == "html" or (subtype == "plain" and looks_like_html(text)):
        return html_to_text(text)
    if subtype in {"enriched", "richtext"}:
        return enriched_to_text(text)
    return tidy(text)


def _children(part: EmailMessage) -> list[EmailMessage]:
    payload = part.get_payload()
    return [p for p in payload if isinstance(p, EmailMessage)] if isinstance(payload, list) else []


def _multipart_text(part: EmailMessage, sub: str, depth: int) -> str:
    children = _children(part)
    if sub == "alternative":
        # Plain text wins; a nested multipart (related → html) next; bare HTML last.
        def rank(child: EmailMessage) -> int:
            kind = child.get_content_type()
            return {"text/plain": 0, "text/html": 2}.get(kind, 1 if child.is_multipart() else 3)

        for child in sorted(children, key=rank):
            text = body_text(child, depth + 1)
            if text.strip():
                return text
        return ""
    if sub in {"signed", "related", "report", "encrypted"}:
        # The first part is the readable one (the rest: signature, inline images, DSN data).
        for child in children[:1]:
            return body_text(child, depth + 1)
        return ""
    texts = (body_text(child, depth + 1) for child in children if not is_attachment(child))
    return "\n\n".join(text for text in texts if text.strip())


def _salvage_multipart(part: EmailMessage, depth: int) -> str:
    """A multipart the parser could not split (odd boundary, none at all): split it ourselves."""
    payload = part.get_payload(decode=False)
    if not isinstance(payload, str):
        return ""
    boundary = str(part.get_param("boundary", "", unquote=False) or "").strip().strip('"')
    if not boundary or f"--{boundary}" not in payload:
        # Declared multipart but holds plain text (seen in the wild): read it as text.
        raw = payload.encode("ascii", "surrogateescape")
        return render_text(decode_text(raw, part.get_content_charset()), "plain")
    texts: list[str] = []
    pattern = re.compile(r"^--" + re.escape(boundary) + r"(?:--)?[ \t]*\r?$", re.MULTILINE)
    for chunk in pattern.split(payload)[1:]:
        inner = parse_bytes(chunk.lstrip("\r\n").encode("ascii", "surrogateescape"))
        if not is_attachment(inner):
            text = body_text(inner, depth + 1)
            if text.strip():
                texts.append(text)
    return "\n\n".join(texts)


def _enclosed_text(part: EmailMessage, depth: int) -> str:
    """A forwarded message/rfc822: its headers and text, since a forward's content is news."""
    inner = _children(part)
    if not inner or part.get_content_subtype() not in {"rfc822", "news", "global"}:
        return ""
    enclosed = inner[0]
    lines = ["---------- Forwarded message ----------"]
    for name in ("From", "Date", "Subject"):
        value = header_text(enclosed.get(name))
        if value:
            lines.append(f"{name}: {value}")
    return "\n".join(lines) + "\n\n" + body_text(enclosed, depth + 1)


def raw_headers(msg: EmailMessage, limit: int = 200) -> list[dict[str, Any]]:
    """Headers in Gmail API shape (`{name, value}`), decoded; capped against header floods."""
    return [{"name": name, "value": header_text(value)} for name, value in msg.items()[:limit]]
