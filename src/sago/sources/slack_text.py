"""Slack message objects → plain text and safe raw payloads (shared by Slack readers)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sago.sources.normalise import MAX_RAW_DEPTH, TOO_DEEP

# Posted by Slack or integrations, not said by a person: never an event's evidence.
SKIPPED_SUBTYPES = frozenset(
    {
        "bot_message", "bot_add", "bot_remove", "bot_enable", "bot_disable",
        "channel_join", "channel_leave", "group_join", "group_leave",
        "channel_topic", "channel_purpose", "channel_name", "channel_archive",
        "channel_unarchive", "group_topic", "group_purpose", "group_name", "group_archive",
        "group_unarchive", "channel_convert_to_private", "channel_convert_to_public",
        "pinned_item", "unpinned_item", "reminder_add", "reminder_delete", "tombstone",
        "joiner_notification", "app_conversation_join", "app_conversation_leave",
        "sh_room_created", "huddle_thread", "channel_canvas_updated", "slackbot_response",
        "message_deleted", "ekm_access_denied", "assistant_app_thread",
    }
)  # fmt: skip

_ENTITY = re.compile(r"<([^<>\n]*)>")
_SECRET_QUERY = re.compile(r"([?&](?:t|token)=)xox[a-z]-[^&\s\"']*", re.IGNORECASE)
_REDACTED = "[redacted]"


def user_names(users: list[Any]) -> dict[str, str]:
    """User id → the name people know them by (real name, else display name, else handle)."""
    names: dict[str, str] = {}
    for user in users:
        if not isinstance(user, dict) or not isinstance(user.get("id"), str):
            continue
        found = user.get("profile")
        profile: dict[str, Any] = found if isinstance(found, dict) else {}
        for candidate in (
            user.get("real_name"),
            profile.get("real_name"),
            profile.get("display_name"),
            user.get("name"),
        ):
            if isinstance(candidate, str) and candidate.strip():
                names[user["id"]] = candidate.strip()
                break
    return names


def render(text: str, users: Mapping[str, str], channels: Mapping[str, str]) -> str:
    """Slack mrkdwn as people read it: mentions named, links shown, HTML entities undone."""

    def entity(match: re.Match[str]) -> str:
        inner = match.group(1)
        target, _, label = inner.partition("|")
        if target.startswith("@"):
            return "@" + (users.get(target[1:]) or label or target[1:])
        if target.startswith("#"):
            return "#" + (label or channels.get(target[1:]) or target[1:])
        if target.startswith("!"):
            command = target[1:].split("^", 1)[0]
            if command in {"here", "channel", "everyone"} or not label:
                return "@" + command
            return label  # <!subteam^S1|@team>, <!date^…|fallback>
        shown = target.removeprefix("mailto:")
        if not label or label in {shown, target, shown.split("://", 1)[-1]}:
            return shown
        return f"{label} ({shown})"

    rendered = _ENTITY.sub(entity, text)
    # Slack escapes exactly these three in message text; `&amp;` goes last.
    return rendered.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _items(value: Any) -> list[Any]:
    """A field that should hold a list; anything else in a damaged export counts as empty."""
    return value if isinstance(value, list) else []


def _files(message: Mapping[str, Any]) -> list[dict[str, Any]]:
    found = [f for f in _items(message.get("files")) if isinstance(f, dict)]
    if isinstance(message.get("file"), dict):
        found.append(message["file"])
    return found


def message_text(
    message: Mapping[str, Any], users: Mapping[str, str], channels: Mapping[str, str]
) -> str:
    """The text a person wrote, plus shared files' titles; unfurls only when text is empty."""
    text = render(str(message.get("text") or ""), users, channels).strip()
    if not text:
        text = _blocks_text(message.get("blocks"), users)
    extra: list[str] = []
    for shared in _files(message):
        title = str(shared.get("title") or shared.get("name") or "").strip()
        if title and title not in text:
            extra.append(f"[file: {title}]")
        comment = shared.get("initial_comment")
        if isinstance(comment, dict):
            said = render(str(comment.get("comment") or ""), users, channels).strip()
            if said and said not in text:
                extra.append(said)
    if not text and not extra:
        for attachment in _items(message.get("attachments")):
            if isinstance(attachment, dict):
                piece = attachment.get("text") or attachment.get("fallback") or ""
                extra.append(render(str(piece), users, channels).strip())
    return "\n".join(part for part in [text, *extra] if part)


def _blocks_text(blocks: Any, users: Mapping[str, str]) -> str:
    """Rich-text blocks, for messages whose `text` is empty."""
    out: list[str] = []

    def walk(node: Any, depth: int = 0) -> None:
        if depth > MAX_RAW_DEPTH:  # real block trees are a few levels deep
            return
        if isinstance(node, list):
            for item in node:
                walk(item, depth + 1)
            return
        if not isinstance(node, dict):
            return
        kind = node.get("type")
        if kind == "text" and isinstance(node.get("text"), str):
            out.append(node["text"])
        elif kind == "user" and isinstance(node.get("user_id"), str):
            out.append("@" + users.get(node["user_id"], node["user_id"]))
        elif kind == "link" and isinstance(node.get("url"), str):
            out.append(str(node.get("text") or node["url"]))
        elif kind == "emoji" and isinstance(node.get("name"), str):
            out.append(f":{node['name']}:")
        walk(node.get("elements"), depth + 1)
        if kind in {"rich_text_section", "rich_text_preformatted", "rich_text_quote"}:
            out.append("\n")

    if isinstance(blocks, list):
        walk([b for b in blocks if isinstance(b, dict) and b.get("type") == "rich_text"])
    return "".join(out).strip()


def author(message: Mapping[str, Any], users: Mapping[str, str]) -> str:
    """A name for who posted it; the raw id, bot name or `username` when it cannot be resolved."""
    user = message.get("user")
    comment = message.get("comment")
    if not user and isinstance(comment, dict):  # old file_comment: the author is the comment's
        user = comment.get("user")
    if isinstance(user, str) and user in users:
        return users[user]
    # Modern exports embed the poster's profile; it names people users.json does not list.
    profile = message.get("user_profile") or message.get("bot_profile")
    if isinstance(profile, dict):
        for key in ("real_name", "display_name", "name"):
            if isinstance(profile.get(key), str) and profile[key].strip():
                return str(profile[key]).strip()
    for fallback in (message.get("username"), user, message.get("bot_id")):
        if isinstance(fallback, str) and fallback.strip():
            return fallback.strip()
    return "unknown"


def redact(value: Any, depth: int = 0) -> Any:
    """A copy with Slack file tokens (`?t=xoxe-…`) removed from every string: raw is stored.

    Containers deeper than the normaliser keeps are cut here already: json.loads accepts
    ~990 levels, more than a recursive walk can take.
    """
    if isinstance(value, str):
        return _SECRET_QUERY.sub(lambda m: m.group(1) + _REDACTED, value)
    if isinstance(value, list | dict) and depth >= MAX_RAW_DEPTH:
        return TOO_DEEP
    if isinstance(value, list):
        return [redact(item, depth + 1) for item in value]
    if isinstance(value, dict):
        return {key: redact(item, depth + 1) for key, item in value.items()}
    return value
