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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sago.domain.message import MAX_TEXT_CHARS, Rejection
from sago.sources.base import MessageSource, Record, SourceError, invalid_field
from sago.sources.normalise import chat_message, cut_text
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
_CHANGE_EVENTS = frozenset({"message_changed", "message_deleted"})
SKIPPED_NO_TEXT = "no text"
SKIPPED_SYSTEM = "bot or system message"
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
            changes = _Changes()
            for day in sorted(days[folder]):
                changes.scan(tree, day)
            seen: set[str] = set()  # a thread reply can be written to two day files
            for day in sorted(days[folder]):
                yield from self._day(tree, (folder, day), seen, changes, (users, channel_ids))
            yield from self._leftovers(folder, seen, changes, (users, channel_ids))

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
        names: tuple[dict[str, str], dict[str, str]],
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
            if str(message.get("subtype")) in _CHANGE_EVENTS:
                continue  # applied to the message they change
            if _skipped(message):
                yield self.skipped(position, SKIPPED_SYSTEM)
                continue
            ts = str(message.get("ts") or "")
            try:
                moment = datetime.fromtimestamp(float(ts), tz=UTC)
            except (ValueError, OverflowError, OSError):
                yield self._reject(position, f"{ts[:30]!r} is not a Slack timestamp", "ts")
                continue
            if ts in seen:
                continue
            seen.add(ts)
            yield from self._version(message, folder, ts, moment, position, changes, names)

    def _version(
        self,
        message: dict[str, Any],
        folder: str,
        ts: str,
        moment: datetime,
        position: str,
        changes: _Changes,
        names: tuple[dict[str, str], dict[str, str]],
    ) -> Iterator[Record]:
        """The message as it stands at the end of the export: deleted, edited or as posted."""
        if ts in changes.deleted:
            yield self._tombstone(folder, ts, moment, changes.deleted[ts], position)
            return
        edited_at = None
        if ts in changes.changed:
            fields, edited_at = changes.changed[ts]
            message = {**message, **fields}
        yield from self._message(message, (folder, ts), moment, position, names, edited_at)

    def _leftovers(
        self,
        folder: str,
        seen: set[str],
        changes: _Changes,
        names: tuple[dict[str, str], dict[str, str]],
    ) -> Iterator[Record]:
        """Edits and deletions of messages this export does not hold (posted before it)."""
        position = f"{folder}/ (edits of earlier messages)"
        for ts in sorted(set(changes.deleted) - seen, key=_ts_order):
            moment = _ts_moment(ts)
            if moment is not None:
                yield self._tombstone(folder, ts, moment, changes.deleted[ts], position)
        for ts in sorted(set(changes.changed) - seen - set(changes.deleted), key=_ts_order):
            moment = _ts_moment(ts)
            fields, edited_at = changes.changed[ts]
            whole = changes.whole.get(ts)
            if moment is not None and whole is not None and not _skipped(whole):
                message = {**whole, **fields}
                yield from self._message(message, (folder, ts), moment, position, names, edited_at)

    def _tombstone(
        self, folder: str, ts: str, moment: datetime, deleted_at: datetime | None, position: str
    ) -> Record:
        raw = {"type": "message", "subtype": "message_deleted", "deleted_ts": ts, "channel": folder}
        try:
            return chat_message(
                native_id=f"{folder}/{ts}",
                company_id=self.company_id,
                sender="",
                text="",
                moment=moment,
                channel=folder,
                raw=raw,
                deleted=True,
                edited_at=deleted_at,
            )
        except ValidationError as exc:
            field, reason = invalid_field(exc)
            return self._reject(position, reason, field)

    def _message(
        self,
        message: dict[str, Any],
        where: tuple[str, str],
        moment: datetime,
        position: str,
        names: tuple[dict[str, str], dict[str, str]],
        edited_at: datetime | None = None,
    ) -> Iterator[Record]:
        folder, ts = where
        users, channels = names
        text = message_text(message, users, channels)
        if not text.strip():
            yield self.skipped(position, SKIPPED_NO_TEXT)
            return
        text, cut = cut_text(text, self.max_chars)
        thread = message.get("thread_ts")
        raw = redact(message)
        raw["channel"] = folder
        try:
            built = chat_message(
                native_id=f"{folder}/{ts}",
                company_id=self.company_id,
                sender=author(message, users),
                text=text,
                moment=moment,
                channel=folder,
                thread_id=str(thread) if thread else None,
                raw=raw,
                edited_at=edited_at,
                truncated=cut,
            )
        except ValidationError as exc:  # e.g. a folder name or ts making the id too long
            field, reason = invalid_field(exc)
            yield self._reject(position, reason, field)
            return
        if cut:
            yield self.warning(
                position, f"text over the {self.max_chars:,}-character limit; stored truncated"
            )
        yield built

    def _reject(self, position: str, reason: str, field: str | None = None) -> Rejection:
        return Rejection(file=str(self.path), position=position, reason=reason, field=field)


def _skipped(message: dict[str, Any]) -> bool:
    """System and bot posts; a thread_broadcast is a person's reply and is kept."""
    subtype = message.get("subtype")
    if not isinstance(subtype, str | None):
        subtype = str(subtype)  # a list or object here is damage; it must not raise
    if subtype in SKIPPED_SUBTYPES or message.get("hidden"):
        return True
    return (bool(message.get("bot_id")) and not message.get("user")) or "bot_profile" in message


def _ts_moment(ts: str) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(ts), tz=UTC)
    except (ValueError, OverflowError, OSError):
        return None


def _ts_order(ts: str) -> tuple[float, str]:
    moment = _ts_moment(ts)
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
        at = _ts_moment(str(event.get("ts") or ""))
        if event.get("subtype") == "message_changed" and isinstance(event.get("message"), dict):
            new = event["message"]
            target = new.get("ts")
            if not isinstance(target, str):
                return
            edited = new.get("edited")
            when = _ts_moment(str(edited.get("ts"))) if isinstance(edited, dict) else None
            when = when or at
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
