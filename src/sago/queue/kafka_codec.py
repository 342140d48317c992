"""The bytes on the Kafka topics: a Message as JSON, headers, and why a record is refused.

No driver import here, so the wire format is testable (and readable) without a broker.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from pydantic import ValidationError

from sago.domain.message import Message, Rejection, Source

SCHEMA_VERSION = "1"
# What confluent-kafka hands back as a record's headers.
Headers = dict[str, str | bytes | None] | Sequence[tuple[str, str | bytes | None]]


def encode(message: Message) -> tuple[bytes, bytes, list[tuple[str, bytes]]]:
    """Key (the company: one company's messages stay in order), value and headers."""
    key, headers = _envelope(message.source, message.company_id)
    return key, message.model_dump_json().encode(), headers


@functools.lru_cache(maxsize=256)
def _envelope(source: Source, company_id: str) -> tuple[bytes, list[tuple[str, bytes]]]:
    # The same key and headers for every message of one company and source: built once,
    # not per message (the client only reads them).
    headers = [
        ("source", source.value.encode()),
        ("company", company_id.encode()),
        ("schema-version", SCHEMA_VERSION.encode()),
        ("content-type", b"application/json"),
    ]
    return company_id.encode(), headers


def decode(
    value: bytes | None,
    headers: Headers | None,
    *,
    source: Source | None,
    max_record_bytes: int,
    max_text_chars: int,
) -> Message | str:
    """The message in a record, or the reason it is refused (then it goes to the DLQ).

    `source` is the topic's source: a Gmail message on the Slack topic is refused too.
    """
    limits = {"max_record_bytes": max_record_bytes, "max_text_chars": max_text_chars}
    return read(value, headers, source=source, **limits)[0]


def read(
    value: bytes | None,
    headers: Headers | None,
    *,
    source: Source | None,
    max_record_bytes: int,
    max_text_chars: int,
) -> tuple[Message | str, str | None]:
    """`decode`, and the record's value as text when it is Sago's own JSON (`from_sago`),
    to be stored as it is; the headers are read once."""
    version = header(headers, "schema-version")
    decoded = _decode(value, version, source, max_record_bytes, max_text_chars)
    if isinstance(decoded, Message) and version == SCHEMA_VERSION and value:
        return decoded, value.decode()
    return decoded, None


def _decode(
    value: bytes | None,
    version: str | None,
    source: Source | None,
    max_record_bytes: int,
    max_text_chars: int,
) -> Message | str:
    if not value:
        return "empty record"
    if len(value) > max_record_bytes:
        return f"record of {len(value):,} bytes is over the {max_record_bytes:,} limit"
    if version not in (None, SCHEMA_VERSION):
        return f"unsupported schema version {version!r}"
    try:
        message = Message.model_validate_json(value)
    except ValidationError as exc:
        first = exc.errors()[0]
        if first["type"] == "json_invalid":
            return "not JSON"
        where = ".".join(str(p) for p in first["loc"]) or "record"
        return f"not a valid message ({where}: {first['msg']})"
    if len(message.text) > max_text_chars:
        return f"text of {len(message.text):,} chars is over {max_text_chars:,}"
    if source is not None and message.source is not source:
        return f"a {message.source.value} message on the {source.value} topic"
    return message


def from_sago(headers: Headers | None) -> bool:
    """Whether a record says it was written by `encode` (this schema version): its value is
    then the message's JSON exactly as Sago writes it, and is stored without a re-dump.

    A foreign producer claiming the header with other JSON (more spaces, extra keys)
    costs nothing worse than that text stored as sent: it was validated into this very
    message, and reading it back validates it into the same one again.
    """
    return header(headers, "schema-version") == SCHEMA_VERSION


def header(headers: Headers | None, name: str) -> str | None:
    pairs = headers.items() if isinstance(headers, dict) else headers or ()
    for key, value in pairs:
        if key == name:
            return value.decode("utf-8", "replace") if isinstance(value, bytes) else value
    return None


def rejection(topic: str, position: str, reason: str, value: bytes) -> Rejection:
    """A refused record, named by topic, partition and offset (`kafka:<topic>`)."""
    excerpt = value[:200].decode("utf-8", "replace")
    return Rejection(file=f"kafka:{topic}", position=position, reason=reason, excerpt=excerpt)


def dlq_headers(refused: Rejection) -> list[tuple[str, bytes]]:
    """Why and where from: a DLQ reader needs no other system to triage the record."""
    headers = [
        ("reason", refused.reason.encode()),
        ("origin", refused.file.encode()),
        ("position", refused.position.encode()),
    ]
    if refused.field:
        headers.append(("field", refused.field.encode()))
    return headers
