"""A Slack workspace export (`.zip` or folder): users.json, channels.json and one folder per
conversation holding a `YYYY-MM-DD.json` list of messages per day.

Channels are read in channels.json order (then groups, mpims, dms, then any unlisted
folder), days in date order. Messages by people are kept, threads included; bot posts,
join/leave-style system messages and messages with no text are skipped and counted (a
Notice, not a Rejection: they are expected in every export).

Edits and deletions are events of their own (`message_changed`, `message_deleted`) and may
sit in a later day's file than the message they change, so each channel's days are first
scanned for them: a message comes out once, with its newest text and `edited_at`, and a
deleted one as a tombstone (`deleted=True`, no text) so an earlier import of it can be
retracted downstream.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from sago.domain.message import MAX_TEXT_CHARS, Rejection
from sago.sources.base import MessageSource, Record, SourceError
from sago.sources.slack_archive import (
    MAX_RATIO,
    MAX_TOTAL_BYTES,
    ExportTree,
    FolderTree,
    MemberError,
    ZipTree,
)
from sago.sources.slack_message import (
    CHANGE_EVENTS,
    SlackContext,
    edited_time,
    is_skipped,
    slack_records,
    tombstone,
    ts_moment,
)
from sago.sources.slack_text import user_names

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
        ctx = SlackContext(str(self.path), self.company_id, users, channel_ids, self.max_chars)
        for folder in listed + sorted(set(days) - set(listed)):
            changes = _Changes()
            for day in sorted(days[folder]):
                changes.scan(tree, day)
            seen: set[str] = set()  # a thread reply can be written to two day files
            for day in sorted(days[folder]):
                yield from self._day(tree, (folder, day), seen, changes, ctx)
            yield from self._leftovers(folder, seen, changes, ctx)

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
        changes: _Changes,
        ctx: SlackContext,
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
        for index, message in enumerate(messages, 1):
            position = f"{day} message {index}"
            if not isinstance(message, dict):
                yield self._reject(position, "is not a JSON object")
                continue
            if str(message.get("subtype")) in CHANGE_EVENTS:
                continue  # applied to the message they change
            ts = str(message.get("ts") or "")
            if ts in seen:
                continue
            if ts_moment(ts) is not None:
                seen.add(ts)
            if ts in changes.deleted and not is_skipped(message):
                yield tombstone(folder, ts, position, ctx, changes.deleted[ts])
                continue
            fields, edited_at = changes.changed.get(ts, ({}, None))
            yield from slack_records({**message, **fields}, folder, position, ctx, edited_at)

    def _leftovers(
        self, folder: str, seen: set[str], changes: _Changes, ctx: SlackContext
    ) -> Iterator[Record]:
        """Edits and deletions of messages this export does not hold (posted before it)."""
        position = f"{folder}/ (edits of earlier messages)"
        for ts in sorted(set(changes.deleted) - seen, key=_ts_order):
            yield tombstone(folder, ts, position, ctx, changes.deleted[ts])
        for ts in sorted(set(changes.changed) - seen - set(changes.deleted), key=_ts_order):
            fields, edited_at = changes.changed[ts]
            whole = changes.whole[ts]
            yield from slack_records({**whole, **fields}, folder, position, ctx, edited_at)

    def _reject(self, position: str, reason: str, field: str | None = None) -> Rejection:
        return Rejection(file=str(self.path), position=position, reason=reason, field=field)


def _ts_order(ts: str) -> tuple[float, str]:
    moment = ts_moment(ts)
    return (moment.timestamp() if moment else 0.0, ts)


class _Changes:
    """A channel's edits and deletions, from all its day files: the newest of each wins."""

    def __init__(self) -> None:
        self.changed: dict[str, tuple[dict[str, Any], datetime | None]] = {}
        self.whole: dict[str, dict[str, Any]] = {}
        self.deleted: dict[str, datetime | None] = {}
        self._order: dict[str, float] = {}

    def scan(self, tree: ExportTree, day: str) -> None:
        try:
            data = tree.read_bytes(day)
        except (MemberError, KeyError):
            return
        if b"message_changed" not in data and b"message_deleted" not in data:
            return  # most days: no need to parse twice
        try:
            messages = tree.read_json(day)
        except MemberError:
            return  # reported when the day is read
        for event in messages if isinstance(messages, list) else []:
            if isinstance(event, dict):
                self._apply(event)

    def _apply(self, event: dict[str, Any]) -> None:
        at = ts_moment(event.get("ts"))
        if event.get("subtype") == "message_changed" and isinstance(event.get("message"), dict):
            new = event["message"]
            target = new.get("ts")
            if not isinstance(target, str):
                return
            when = edited_time(new) or at
            if not self._newer(target, when):
                return
            self.changed[target] = ({k: v for k, v in new.items() if k in _EDITABLE}, when)
            self.whole[target] = new
        elif event.get("subtype") == "message_deleted" and isinstance(event.get("deleted_ts"), str):
            self.deleted[event["deleted_ts"]] = at

    def _newer(self, target: str, when: datetime | None) -> bool:
        rank = when.timestamp() if when else float("-inf")
        if rank < self._order.get(target, float("-inf")):
            return False
        self._order[target] = rank
        return True
