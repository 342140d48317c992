"""A Slack workspace export (`.zip` or folder): users.json, channels.json and one folder per
conversation holding a `YYYY-MM-DD.json` list of messages per day.

Channels are read in channels.json order (then groups, mpims, dms, then any unlisted
folder), days in date order. Messages by people are kept, threads included; bot posts and
join/leave-style system messages are skipped without a Rejection, since they are expected.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sago.domain.message import MAX_TEXT_CHARS, Rejection
from sago.sources.base import MessageSource, Record, SourceError, invalid_field
from sago.sources.normalise import chat_message
from sago.sources.slack_archive import (
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    ExportTree,
    FolderTree,
    MemberError,
    ZipTree,
)
from sago.sources.slack_text import SKIPPED_SUBTYPES, author, message_text, redact, user_names

_DAY_FILE = re.compile(r"^([^/]+)/(\d{4}-\d{2}-\d{2})\.json$")
_EDITABLE = frozenset({"text", "edited", "files", "blocks", "attachments"})
_CONVERSATION_LISTS = (("channels.json", "name"), ("groups.json", "name"), ("mpims.json", "name"))


class SlackExportSource(MessageSource):
    """Streams a Slack export's human messages; ids are `{channel}/{ts}`."""

    kind = "slack_export"

    def __init__(
        self,
        path: Path,
        company_id: str,
        max_chars: int = MAX_TEXT_CHARS,
        max_total_bytes: int = MAX_TOTAL_BYTES,
        max_ratio: int = MAX_RATIO,
    ) -> None:
        super().__init__(path, company_id)
        self.max_chars = max_chars
        self.max_total_bytes = max_total_bytes
        self.max_ratio = max_ratio

    def read(self) -> Iterator[Record]:
        if not self.path.exists():
            raise SourceError(f"{self.path}: no such file or folder")
        tree: ExportTree = (
            FolderTree(self.path)
            if self.path.is_dir()
            else ZipTree(self.path, max_total_bytes=self.max_total_bytes, max_ratio=self.max_ratio)
        )
        try:
            yield from self._read(tree)
        finally:
            tree.close()

    def _read(self, tree: ExportTree) -> Iterator[Record]:
        for name, reason in tree.refused:
            yield self._reject(name, reason)
        names = tree.names()
        days: dict[str, list[str]] = {}
        for name in names:
            match = _DAY_FILE.match(name)
            if match:
                days.setdefault(match.group(1), []).append(name)
        if not days:
            raise SourceError(
                f"{self.path}: no conversation folders with YYYY-MM-DD.json files; "
                "is this a Slack workspace export?"
            )
        users: dict[str, str] = {}
        for listing in ("users.json", "org_users.json"):
            if listing in names:
                found, problem = self._load_list(tree, listing)
                users.update(user_names(found))
                if problem:
                    yield problem
        channel_ids: dict[str, str] = {}
        order: list[str] = []
        for listing, key in (*_CONVERSATION_LISTS, ("dms.json", "id")):
            if listing not in names:
                continue
            found, problem = self._load_list(tree, listing)
            if problem:
                yield problem
            for entry in found:
                if isinstance(entry, dict) and isinstance(entry.get(key), str):
                    order.append(entry[key])
                    if isinstance(entry.get("id"), str):
                        channel_ids[entry["id"]] = entry[key]
        listed = [folder for folder in dict.fromkeys(order) if folder in days]
        for folder in listed + sorted(set(days) - set(listed)):
            seen: set[str] = set()  # a thread reply can be written to two day files
            for day in sorted(days[folder]):
                yield from self._day(tree, (folder, day), seen, users, channel_ids)

    def _load_list(self, tree: ExportTree, name: str) -> tuple[list[Any], Rejection | None]:
        try:
            found = tree.read_json(name)
        except MemberError as exc:
            return [], self._reject(name, str(exc))
        if not isinstance(found, list):
            return [], self._reject(name, "is not a JSON list; ignored")
        return found, None

    def _day(
        self,
        tree: ExportTree,
        where: tuple[str, str],
        seen: set[str],
        users: dict[str, str],
        channels: dict[str, str],
    ) -> Iterator[Record]:
        folder, day = where
        try:
            messages = tree.read_json(day)
        except MemberError as exc:
            yield self._reject(day, str(exc))
            return
        if not isinstance(messages, list):
            yield self._reject(day, "is not a JSON list of messages")
            return
        changed, deleted = _edits(messages)
        for index, message in enumerate(messages, 1):
            position = f"{day} message {index}"
            if not isinstance(message, dict):
                yield self._reject(position, "is not a JSON object")
                continue
            if _skipped(message):
                continue
            ts = str(message.get("ts") or "")
            try:
                moment = datetime.fromtimestamp(float(ts), tz=UTC)
            except (ValueError, OverflowError, OSError):
                yield self._reject(position, f"{ts[:30]!r} is not a Slack timestamp", "ts")
                continue
            if ts in deleted or ts in seen:
                continue
            seen.add(ts)
            latest = {**message, **changed[ts]} if ts in changed else message
            yield self._message(latest, folder, ts, moment, position, users, channels)

    def _message(
        self,
        message: dict[str, Any],
        folder: str,
        ts: str,
        moment: datetime,
        position: str,
        users: dict[str, str],
        channels: dict[str, str],
    ) -> Record:
        text = message_text(message, users, channels)
        if not text.strip():
            return self._reject(position, "has no text", "text")
        if len(text) > self.max_chars:
            return self._reject(
                position, f"is {len(text):,} characters, over the {self.max_chars:,} limit", "text"
            )
        thread = message.get("thread_ts")
        raw = redact(message)
        raw["channel"] = folder
        try:
            return chat_message(
                native_id=f"{folder}/{ts}",
                company_id=self.company_id,
                sender=author(message, users),
                text=text,
                moment=moment,
                channel=folder,
                thread_id=str(thread) if thread else None,
                raw=raw,
            )
        except ValidationError as exc:  # e.g. a folder name or ts making the id too long
            field, reason = invalid_field(exc)
            return self._reject(position, reason, field)

    def _reject(self, position: str, reason: str, field: str | None = None) -> Rejection:
        return Rejection(file=str(self.path), position=position, reason=reason, field=field)


def _skipped(message: dict[str, Any]) -> bool:
    """System and bot posts; a thread_broadcast is a person's reply and is kept."""
    subtype = message.get("subtype")
    if not isinstance(subtype, str | None):
        subtype = str(subtype)  # a list or object here is damage; it must not raise
    if subtype in SKIPPED_SUBTYPES or subtype == "message_changed" or message.get("hidden"):
        return True
    return (bool(message.get("bot_id")) and not message.get("user")) or "bot_profile" in message


def _edits(messages: list[Any]) -> tuple[dict[str, dict[str, Any]], set[str]]:
    """Edits and deletions recorded as events in the same day: applied to their target."""
    changed: dict[str, dict[str, Any]] = {}
    deleted: set[str] = set()
    for message in messages:
        if not isinstance(message, dict):
            continue
        if message.get("subtype") == "message_changed" and isinstance(message.get("message"), dict):
            new = message["message"]
            if isinstance(new.get("ts"), str):
                changed[new["ts"]] = {k: v for k, v in new.items() if k in _EDITABLE}
        elif message.get("subtype") == "message_deleted" and isinstance(
            message.get("deleted_ts"), str
        ):
            deleted.add(message["deleted_ts"])
    return changed, deleted
