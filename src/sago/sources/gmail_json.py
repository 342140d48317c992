"""Gmail API message resources saved as JSON: JSON Lines, a list, or a single object.

Accepts `users.messages.get` (format=full or raw), a `users.drafts.get` `{id, message}`,
a `users.threads.get` `{id, messages: [...]}` and a gapi-client `{result: …}` wrapper.

format=full text is decoded as UTF-8 whatever charset its part headers declare: Gmail has
already removed the transfer encoding and transcoded to UTF-8 but leaves the original
headers (see shared/realdata/SOURCES.md). Only format=raw bytes get the declared charset.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sago.domain.message import MAX_TEXT_CHARS, Notice, Rejection
from sago.sources.base import MessageSource, Record, SourceError, invalid_field
from sago.sources.email_parts import (
    body_text,
    header_text,
    message_ids,
    parse_bytes,
    parse_date,
    received_dates,
    render_text,
    sender_text,
    thread_root,
)
from sago.sources.json_stream import JsonFault, iter_json
from sago.sources.mail_dates import choose_date
from sago.sources.mime_text import decode_text, trim_reply
from sago.sources.normalise import cut_text, email_message

_MAX_DEPTH = 12
_READABLE = {"text/plain", "text/html", "text/enriched"}


class RecordError(ValueError):
    """One message object cannot become a Message; it is reported, the file goes on."""

    def __init__(self, field: str | None, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


def b64url(data: str) -> bytes:
    """Gmail's base64url, with or without `=` padding (older captures pad, newer do not)."""
    cleaned = "".join(data.split()).replace("+", "-").replace("/", "_")
    return base64.urlsafe_b64decode(cleaned + "=" * (-len(cleaned) % 4))


def _headers(part: dict[str, Any]) -> dict[str, str]:
    found: dict[str, str] = {}
    for header in part.get("headers") or []:
        if isinstance(header, dict) and isinstance(header.get("name"), str):
            found.setdefault(header["name"].lower(), str(header.get("value") or ""))
    return found


def _is_attachment(part: dict[str, Any]) -> bool:
    body = part.get("body") or {}
    disposition = _headers(part).get("content-disposition", "").lower()
    return (
        bool(part.get("filename"))
        or disposition.startswith("attachment")
        or ("attachmentId" in body and "data" not in body)
    )


def payload_text(part: dict[str, Any], depth: int = 0) -> str:
    """The readable text of a format=full payload: text/plain preferred, else HTML as text."""
    mime = str(part.get("mimeType") or "").lower()
    children = [p for p in part.get("parts") or [] if isinstance(p, dict)]
    if depth > _MAX_DEPTH:
        return ""
    if mime.startswith("multipart/") or (children and not mime.startswith("text/")):
        return _multipart_text(mime.partition("/")[2], children, depth)
    if _is_attachment(part) or mime not in _READABLE:
        return ""
    data = (part.get("body") or {}).get("data")
    if not isinstance(data, str) or not data:
        return ""
    try:
        raw = b64url(data)
    except (binascii.Error, ValueError):
        raise RecordError("payload.body.data", "is not valid base64url") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        # Not what Gmail sends for format=full; a hand-built file may carry original bytes.
        text = decode_text(raw, _charset(_headers(part).get("content-type", "")))
    return render_text(text, mime.partition("/")[2])


def _charset(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"')
    return None


def _multipart_text(sub: str, children: list[dict[str, Any]], depth: int) -> str:
    if sub in {"alternative", "alternate"}:  # "alternate": non-standard, seen from the API

        def rank(child: dict[str, Any]) -> int:
            kind = str(child.get("mimeType") or "").lower()
            nested = kind.startswith("multipart/")
            return {"text/plain": 0, "text/html": 2}.get(kind, 1 if nested else 3)

        for child in sorted(children, key=rank):
            text = payload_text(child, depth + 1)
            if text.strip():
                return text
        return ""
    if sub in {"related", "signed", "report"}:
        return payload_text(children[0], depth + 1) if children else ""
    texts = (payload_text(c, depth + 1) for c in children if not _is_attachment(c))
    return "\n\n".join(text for text in texts if text.strip())


class GmailJsonSource(MessageSource):
    """Streams Gmail API message JSON into email Messages; `raw` keeps the original object."""

    kind = "gmail_json"

    def __init__(self, path: Path, company_id: str, max_chars: int = MAX_TEXT_CHARS) -> None:
        super().__init__(path, company_id)
        self.max_chars = max_chars

    def read(self) -> Iterator[Record]:
        try:
            handle = self.watch(self.path.open("rb"))
        except OSError as exc:
            raise SourceError(f"{self.path}: cannot open ({exc.strerror or exc})") from exc
        with handle:
            for item in iter_json(handle):
                if isinstance(item, JsonFault):
                    yield self._reject(item.position, item.reason)
                    continue
                yield from self.records_of(item.value, item.position)

    def records_of(self, value: Any, position: str) -> Iterator[Record]:
        """The records of one JSON value (also what the live Gmail sync feeds in)."""
        if isinstance(value, list):
            for index, entry in enumerate(value, 1):
                yield from self.records_of(entry, f"{position}, item {index}")
            return
        if not isinstance(value, dict):
            yield self._reject(position, f"is a JSON {type(value).__name__}, not a message object")
            return
        if isinstance(value.get("result"), dict):  # gapi client response wrapper
            value = value["result"]
        if isinstance(value.get("message"), dict):  # users.drafts.get
            value = value["message"]
        if (
            "payload" not in value
            and "raw" not in value
            and isinstance(value.get("messages"), list)
        ):
            # users.threads.get: the thread's `id` is the threadId of every message in it.
            thread = value.get("id") if isinstance(value.get("id"), str) else None
            for index, entry in enumerate(value["messages"], 1):  # threads.get / a list page
                inherits = thread and isinstance(entry, dict) and not entry.get("threadId")
                item = {**entry, "threadId": thread} if inherits else entry
                yield from self.records_of(item, f"{position}, message {index}")
            return
        try:
            for record in self._message(value):
                placed = isinstance(record, Notice)
                yield record.model_copy(update={"position": position}) if placed else record
        except RecordError as exc:
            yield self._reject(position, exc.reason, exc.field, str(value.get("id") or ""))
        except ValidationError as exc:  # a Message rule the checks above do not know of
            field, reason = invalid_field(exc)
            yield self._reject(position, reason, field, str(value.get("id") or "")[:200])
        except Exception as exc:  # noqa: BLE001 - one odd object must not stop the file
            yield self._reject(position, f"unreadable message ({type(exc).__name__}: {exc})")

    def _message(self, obj: dict[str, Any]) -> Iterator[Record]:
        payload = obj.get("payload")
        if isinstance(obj.get("raw"), str):
            return self._from_raw(obj)
        if not isinstance(payload, dict):
            raise RecordError(
                "payload",
                "is missing: ids only (a list page?) or format=minimal; fetch with format=full",
            )
        headers = _headers(payload)
        text = payload_text(payload)
        subject = header_text(headers.get("subject")) or None
        own_ids = message_ids(headers.get("message-id", ""))
        native_id = str(obj.get("id") or (own_ids[0] if own_ids else ""))
        if not native_id:
            raise RecordError("id", "is missing (and there is no Message-ID header)")
        thread = str(obj.get("threadId") or "")
        if not thread:
            # No Gmail threadId: the conversation's first RFC Message-ID, the same for the
            # first message (its own Message-ID) as for every reply (their References).
            refs = message_ids(headers.get("references", "") or headers.get("in-reply-to", ""))
            thread = (refs or own_ids or [native_id])[0]
        internal = _internal_date(obj)
        hops = [] if internal is None else [internal]
        moment, note = choose_date(parse_date(header_text(headers.get("date"))), hops)
        return self._build(
            obj, native_id, thread, headers.get("from"), subject, text, (moment, note)
        )

    def _from_raw(self, obj: dict[str, Any]) -> Iterator[Record]:
        try:
            msg = parse_bytes(b64url(str(obj["raw"])))
        except (binascii.Error, ValueError):
            raise RecordError("raw", "is not valid base64url") from None
        own_ids = message_ids(header_text(msg.get("Message-ID")))
        native_id = str(obj.get("id") or (own_ids[0] if own_ids else ""))
        if not native_id:
            raise RecordError("id", "is missing (and there is no Message-ID header)")
        thread = str(obj.get("threadId") or thread_root(msg, own_ids[0] if own_ids else native_id))
        internal = _internal_date(obj)
        hops = received_dates(msg) + ([internal] if internal is not None else [])
        moment = choose_date(parse_date(header_text(msg.get("Date"))), hops)
        subject = header_text(msg.get("Subject")) or None
        return self._build(obj, native_id, thread, msg.get("From"), subject, body_text(msg), moment)

    def _build(
        self,
        obj: dict[str, Any],
        native_id: str,
        thread: str,
        sender: Any,
        subject: str | None,
        text: str,
        when: tuple[datetime | None, str | None],
    ) -> Iterator[Record]:
        moment, date_note = when
        if moment is None:
            raise RecordError("Date", "has no readable Date header and no internalDate")
        text = trim_reply(text)
        if not text.strip() and not subject:
            raise RecordError("payload", "has neither readable text nor a subject")
        text, cut = cut_text(text, self.max_chars)
        message = email_message(
            native_id=native_id,
            company_id=self.company_id,
            sender=sender_text(sender) or "unknown",
            subject=subject,
            body=text,
            moment=moment,
            thread_id=thread,
            raw=obj,
            truncated=cut,
            notes={"date": date_note} if date_note else None,
        )
        if cut:
            yield self.warning(
                "",  # the caller knows the position
                f"text over the {self.max_chars:,}-character limit; stored truncated",
            )
        yield message

    def _reject(
        self, position: str, reason: str, field: str | None = None, excerpt: str = ""
    ) -> Rejection:
        return Rejection(
            file=str(self.path), position=position, reason=reason, field=field, excerpt=excerpt
        )


def _internal_date(obj: dict[str, Any]) -> datetime | None:
    """Gmail's receipt time, epoch milliseconds as a string."""
    try:
        return datetime.fromtimestamp(int(str(obj.get("internalDate"))) / 1000, tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None
