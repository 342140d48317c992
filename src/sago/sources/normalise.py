"""Shape messages the way the Slack and Gmail APIs do (the seed's Slack/GmailProcessor).

Every importer ends here, so a message from a CSV row and one from a real Slack export
carry the same `raw` layout downstream.
"""

from __future__ import annotations

import base64
import hashlib
import re
import uuid
from datetime import UTC, datetime
from email.utils import format_datetime
from functools import lru_cache
from typing import Any

from sago.domain.message import Message, Source

_NAMESPACE = uuid.UUID("5a90c0de-5a90-4a90-8a90-5a905a905a90")
SUBJECT_PREFIXES = ("subject", "oggetto", "assunto", "asunto", "betreff", "objet", "temat", "제목")
_SUBJECT_LINE = re.compile(
    r"^\s*(?:" + "|".join(SUBJECT_PREFIXES) + r")\s*:\s*(?P<subject>[^\n]*)\n?", re.IGNORECASE
)
_REPLY_PREFIX = re.compile(r"^\s*((re|fwd?|aw|wg|r|i|enc|odp)\s*:\s*)+", re.IGNORECASE)
_SURROGATE = re.compile("[\ud800-\udfff]")
# A truncated message's raw strings are cut here (characters), whatever the text limit.
MAX_RAW_STRING = 128 * 1024
# Real Slack and Gmail payloads nest a few dozen levels at most. Deeper input is hostile,
# and pydantic's JSON reader stops at about 200 levels: a deeper `raw` could be stored
# but never read back.
MAX_RAW_DEPTH = 64
TOO_DEEP = "[nested too deeply; cut by sago]"


def clean_text(text: str) -> str:
    """Lone surrogates (JSON `\\ud800` escapes with no partner) become U+FFFD.

    They are not Unicode characters: no UTF-8 encoder, store or queue accepts them.
    """
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


def cut_text(text: str, limit: int) -> tuple[str, bool]:
    """Text within the size limit, and whether it had to be cut (kept, not rejected)."""
    return (text[:limit], True) if len(text) > limit else (text, False)


def clean_raw(value: Any, depth: int = 0, max_str: int | None = None) -> Any:
    """A copy of a reader's raw payload that every store can encode and read back.

    `max_str` cuts long strings (a truncated mail's base64 body): the text was cut at the
    size limit, so the payload must not carry the whole original past Kafka's record limit.
    """
    if isinstance(value, str):
        if max_str is not None and len(value) > max_str:
            value = value[: max_str - max_str % 4]  # whole base64 quads stay decodable
        return clean_text(value)
    if isinstance(value, dict | list) and depth >= MAX_RAW_DEPTH:
        return TOO_DEEP
    if isinstance(value, dict):
        return {clean_text(str(k)): clean_raw(v, depth + 1, max_str) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_raw(item, depth + 1, max_str) for item in value]
    return value


def split_subject(content: str) -> tuple[str | None, str]:
    """An email row starts with `Subject: …` (or its translation); split it off the body."""
    match = _SUBJECT_LINE.match(content)
    if match is None:
        return None, content
    return match.group("subject").strip() or None, content[match.end() :].lstrip("\n")


def thread_key(subject: str | None) -> str:
    """Replies share a thread with their original: strip Re:/Fwd: and compare the rest."""
    base = _REPLY_PREFIX.sub("", clean_text(subject or "")).strip().lower()
    return hashlib.sha1(base.encode(), usedforsecurity=False).hexdigest()[:16]


def slack_ts(moment: datetime) -> str:
    """Slack's message timestamp: epoch seconds with six decimals, as a string."""
    return f"{moment.timestamp():.6f}"


def client_msg_id(company_id: str, native_id: str) -> str:
    """`str(uuid.uuid5(_NAMESPACE, "company:id"))`, without building a UUID object.

    The same bytes and bit settings as uuid.uuid5 (RFC 4122 §4.3), at a quarter of its
    cost: this runs once per Slack message read, and a UUID object was most of it.
    """
    name = f"{company_id}:{native_id}".encode()
    digest = bytearray(hashlib.sha1(_NAMESPACE.bytes + name, usedforsecurity=False).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


@lru_cache(maxsize=1024)
def slack_team(company_id: str) -> str:
    """A Slack team id of the company (a run has one or a few companies)."""
    return "T" + hashlib.sha1(company_id.encode(), usedforsecurity=False).hexdigest()[:10].upper()


def slack_raw(
    *, native_id: str, company_id: str, sender: str, text: str, moment: datetime, channel: str
) -> dict[str, Any]:
    """A `conversations.history` message object."""
    return {
        "type": "message",
        "client_msg_id": client_msg_id(company_id, native_id),
        "user": sender,
        "text": text,
        "ts": slack_ts(moment),
        "team": slack_team(company_id),
        "channel": channel,
        "blocks": [
            {
                "type": "rich_text",
                "block_id": hashlib.sha1(native_id.encode(), usedforsecurity=False).hexdigest()[:5],
                "elements": [
                    {"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}
                ],
            }
        ],
    }


def gmail_raw(
    *,
    native_id: str,
    sender: str,
    subject: str | None,
    body: str,
    moment: datetime,
    thread_id: str,
    to: str = "team@company.example",
) -> dict[str, Any]:
    """A `users.messages.get?format=full` message resource with a single text/plain part."""
    data = base64.urlsafe_b64encode(body.encode()).decode()
    headers = [
        {"name": "From", "value": sender},
        {"name": "To", "value": to},
        {"name": "Subject", "value": subject or ""},
        {"name": "Date", "value": format_datetime(moment)},
        {"name": "Content-Type", "value": 'text/plain; charset="UTF-8"'},
    ]
    return {
        "id": native_id,
        "threadId": thread_id,
        "labelIds": ["INBOX", "UNREAD"],
        "snippet": " ".join(body.split())[:200],
        "internalDate": str(int(moment.timestamp() * 1000)),
        "sizeEstimate": len(data),
        "payload": {
            "partId": "",
            "mimeType": "text/plain",
            "filename": "",
            "headers": headers,
            "body": {"size": len(body.encode()), "data": data},
        },
    }


def chat_message(
    *,
    native_id: str,
    company_id: str,
    sender: str,
    text: str,
    moment: datetime,
    channel: str = "general",
    thread_id: str | None = None,
    raw: dict[str, Any] | None = None,
    **state: Any,
) -> Message:
    """A Slack message; `raw` defaults to the API shape built from the fields.

    `state` passes Message's change fields through (edited_at, deleted, truncated, notes).

    Text is cleaned of what no store can encode, and a given `raw` is copied clean and
    depth-capped: every reader ends here, so every Message can be stored and read back.
    """
    moment = moment.astimezone(UTC)
    native_id, text, sender = clean_text(native_id), clean_text(text), clean_text(sender)
    channel = clean_text(channel)
    thread_id = clean_text(thread_id) if thread_id else thread_id
    return Message(
        id=native_id,
        company_id=company_id,
        source=Source.SLACK,
        channel=channel,
        thread_id=thread_id,
        sender=sender,
        timestamp=moment,
        text=text,
        **_state(state),
        raw=clean_raw(raw, max_str=_raw_cap(state))
        if raw is not None
        else slack_raw(
            native_id=native_id,
            company_id=company_id,
            sender=sender,
            text=text,
            moment=moment,
            channel=channel,
        ),
    )


def email_message(
    *,
    native_id: str,
    company_id: str,
    sender: str,
    subject: str | None,
    body: str,
    moment: datetime,
    thread_id: str | None = None,
    raw: dict[str, Any] | None = None,
    **state: Any,
) -> Message:
    """A Gmail message; `raw` defaults to the API shape built from the fields (cleaned as in
    `chat_message`)."""
    moment = moment.astimezone(UTC)
    native_id, body, sender = clean_text(native_id), clean_text(body), clean_text(sender)
    subject = clean_text(subject) if subject else subject
    thread = clean_text(thread_id or thread_key(subject))
    return Message(
        id=native_id,
        company_id=company_id,
        source=Source.GMAIL,
        thread_id=thread,
        sender=sender,
        timestamp=moment,
        text=body,
        subject=subject,
        **_state(state),
        raw=clean_raw(raw, max_str=_raw_cap(state))
        if raw is not None
        else gmail_raw(
            native_id=native_id,
            sender=sender,
            subject=subject,
            body=body,
            moment=moment,
            thread_id=thread,
        ),
    )


_STATE_FIELDS = ("edited_at", "deleted", "truncated", "notes")


def _state(state: dict[str, Any]) -> dict[str, Any]:
    unknown = set(state) - set(_STATE_FIELDS)
    if unknown:
        raise TypeError(f"unknown message fields: {', '.join(sorted(unknown))}")
    return {k: v for k, v in state.items() if v is not None}


def _raw_cap(state: dict[str, Any]) -> int | None:
    return MAX_RAW_STRING if state.get("truncated") else None
