"""Slack Events API callbacks → records: a new message, an edit (`message_changed`: the
newest text with `edited_at`) or a deletion (`message_deleted`: a tombstone).

Names come from a `names` lookup (the receiver asks the Web API when it has a bot token),
so an event's message gets the id a sync or an export gives it: `{channel name}/{ts}`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from sago.domain.message import MAX_TEXT_CHARS
from sago.sources.base import Record
from sago.sources.slack_message import (
    SlackContext,
    edited_time,
    slack_records,
    tombstone,
    ts_moment,
)

# channel id → (channel name, {user id: name}); the identity when nothing is known.
Names = Callable[[str, str | None], tuple[str, dict[str, str]]]


def no_names(channel: str, user: str | None) -> tuple[str, dict[str, str]]:  # noqa: ARG001
    return channel, {}


def event_records(
    payload: dict[str, Any],
    company_id: str,
    *,
    names: Names = no_names,
    max_chars: int = MAX_TEXT_CHARS,
) -> Iterator[Record]:
    """The records of one `event_callback`; other event types give none."""
    event = payload.get("event")
    if payload.get("type") != "event_callback" or not isinstance(event, dict):
        return
    if event.get("type") != "message" or not isinstance(event.get("channel"), str):
        return
    subtype = event.get("subtype")
    inner = event.get("message") if subtype == "message_changed" else event
    user = inner.get("user") if isinstance(inner, dict) else None
    channel, users = names(event["channel"], user if isinstance(user, str) else None)
    ctx = SlackContext(f"slack-events:#{channel}", company_id, users, {}, max_chars)
    position = f"event {payload.get('event_id') or event.get('ts')}"
    if subtype == "message_deleted" and isinstance(event.get("deleted_ts"), str):
        yield tombstone(channel, event["deleted_ts"], position, ctx, ts_moment(event.get("ts")))
    elif subtype == "message_changed" and isinstance(inner, dict):
        when = edited_time(inner) or ts_moment(event.get("event_ts") or event.get("ts"))
        yield from slack_records(inner, channel, position, ctx, when)
    else:
        yield from slack_records(event, channel, position, ctx)
