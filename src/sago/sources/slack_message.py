"""One Slack message object → a Message (or why not), shared by the export reader, the
live sync and the Events API receiver, so all three store the same message the same way.

Ids are `{conversation}/{ts}` with the conversation named as an export's folder is (the
channel name; a DM's id), so a company that imports its export and then syncs stores
nothing twice.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import ValidationError

from sago.domain.message import Message, Notice, Rejection
from sago.sources.base import invalid_field
from sago.sources.normalise import chat_message, cut_text
from sago.sources.slack_text import SKIPPED_SUBTYPES, author, message_text, redact

SKIPPED_NO_TEXT = "no text"
SKIPPED_SYSTEM = "bot or system message"
CHANGE_EVENTS = frozenset({"message_changed", "message_deleted"})

SlackRecord = Message | Rejection | Notice


@dataclass(frozen=True)
class SlackContext:
    """What turning messages into Messages needs besides the message itself."""

    file: str  # where records say they come from (export path, `slack:#general`)
    company_id: str
    users: Mapping[str, str]
    channels: Mapping[str, str]
    max_chars: int


def ts_moment(ts: Any) -> datetime | None:
    """A Slack `ts` ("1709280000.000100") as a UTC time; None when it is not one."""
    try:
        return datetime.fromtimestamp(float(str(ts)), tz=UTC)
    except (ValueError, OverflowError, OSError):
        return None


def is_skipped(message: Mapping[str, Any]) -> bool:
    """System and bot posts; a thread_broadcast is a person's reply and is kept."""
    subtype = message.get("subtype")
    if not isinstance(subtype, str | None):
        subtype = str(subtype)  # a list or object here is damage; it must not raise
    if subtype in SKIPPED_SUBTYPES or message.get("hidden"):
        return True
    return (bool(message.get("bot_id")) and not message.get("user")) or "bot_profile" in message


def edited_time(message: Mapping[str, Any]) -> datetime | None:
    """When the message was last edited, from its `edited` stamp."""
    edited = message.get("edited")
    return ts_moment(edited.get("ts")) if isinstance(edited, dict) else None


def slack_records(
    message: dict[str, Any],
    conversation: str,
    position: str,
    ctx: SlackContext,
    edited_at: datetime | None = None,
) -> Iterator[SlackRecord]:
    """The Message for one message object, or the Notice/Rejection saying why not."""
    if is_skipped(message):
        yield Notice(file=ctx.file, position=position, kind="skipped", reason=SKIPPED_SYSTEM)
        return
    ts = str(message.get("ts") or "")
    moment = ts_moment(ts)
    if moment is None:
        yield Rejection(
            file=ctx.file,
            position=position,
            field="ts",
            reason=f"{ts[:30]!r} is not a Slack timestamp",
        )
        return
    text = message_text(message, ctx.users, ctx.channels)
    if not text.strip():
        yield Notice(file=ctx.file, position=position, kind="skipped", reason=SKIPPED_NO_TEXT)
        return
    text, cut = cut_text(text, ctx.max_chars)
    thread = message.get("thread_ts")
    raw = redact(message)
    raw["channel"] = conversation
    try:
        built = chat_message(
            native_id=f"{conversation}/{ts}",
            company_id=ctx.company_id,
            sender=author(message, ctx.users),
            text=text,
            moment=moment,
            channel=conversation,
            thread_id=str(thread) if thread else None,
            raw=raw,
            edited_at=edited_at,
            truncated=cut,
        )
    except ValidationError as exc:  # e.g. a folder name or ts making the id too long
        field, reason = invalid_field(exc)
        yield Rejection(file=ctx.file, position=position, field=field, reason=reason)
        return
    if cut:
        reason = f"text over the {ctx.max_chars:,}-character limit; stored truncated"
        yield Notice(file=ctx.file, position=position, kind="warning", reason=reason)
    yield built


def tombstone(
    conversation: str,
    ts: str,
    position: str,
    ctx: SlackContext,
    deleted_at: datetime | None,
) -> SlackRecord:
    """A deleted message: its id and time, no text (what it said is gone on purpose)."""
    moment = ts_moment(ts)
    if moment is None:
        return Rejection(
            file=ctx.file, position=position, field="ts", reason=f"{ts[:30]!r} is not a Slack ts"
        )
    raw = {
        "type": "message",
        "subtype": "message_deleted",
        "deleted_ts": ts,
        "channel": conversation,
    }
    try:
        return chat_message(
            native_id=f"{conversation}/{ts}",
            company_id=ctx.company_id,
            sender="",
            text="",
            moment=moment,
            channel=conversation,
            raw=raw,
            deleted=True,
            edited_at=deleted_at,
        )
    except ValidationError as exc:
        field, reason = invalid_field(exc)
        return Rejection(file=ctx.file, position=position, field=field, reason=reason)
