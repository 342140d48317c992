"""Live Slack sync (`sago sync slack`) through the official `slack_sdk` WebClient.

Per conversation: `conversations.history` from the last saved place (cursor pagination,
`has_more`), `conversations.replies` for each thread in range, `users.list` for names.
Threads get replies and edits after their parent was synced, so every sync looks back
`lookback` (like Airbyte's and Estuary's `lookback_window`) and reads that window again:
an edited message comes out with its new text and `edited_at`, and a message seen in the
window last time but gone now comes out as a tombstone (`deleted=True`). Re-read messages
that did not change are identical, and the raw store keeps one copy.

The new place is kept in memory until `commit()`, which the caller runs only after the
records are stored: a sync killed before that starts again from the old place.

Scopes: channels:read + channels:history (public), groups:read + groups:history (private),
users:read (names). 429s are retried after their `Retry-After` by slack_sdk's handler.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sago.domain.message import MAX_TEXT_CHARS, Notice
from sago.sources.base import Record, SourceError
from sago.sources.slack_message import (
    SlackContext,
    edited_time,
    slack_records,
    tombstone,
    ts_moment,
)
from sago.sources.slack_text import user_names
from sago.syncstate.base import State, SyncState

try:
    from slack_sdk import WebClient
    from slack_sdk.errors import SlackApiError
    from slack_sdk.http_retry.builtin_handlers import (
        ConnectionErrorRetryHandler,
        RateLimitErrorRetryHandler,
    )
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise ImportError("sago sync slack needs its extra: pip install 'sago[slack]'") from exc

SOURCE = "slack"
PAGE = 200
CONVERSATION_TYPES = "public_channel,private_channel"
_AUTH_ERRORS = {"invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired"}


class SlackSyncError(SourceError):
    """The sync cannot go on (bad token, a scope missing); one line saying what to do."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code


def slack_client(
    token: str, base_url: str, *, max_retries: int = 4, timeout: int = 30
) -> WebClient:
    """The WebClient with 429 (`Retry-After`) and dropped-connection retries."""
    return WebClient(
        token=token,
        base_url=base_url if base_url.endswith("/") else base_url + "/",
        timeout=timeout,
        retry_handlers=[
            RateLimitErrorRetryHandler(max_retry_count=max_retries),
            ConnectionErrorRetryHandler(max_retry_count=max_retries),
        ],
    )


def explain(exc: SlackApiError, method: str) -> SlackSyncError:
    """Slack's error code as one line naming what to fix."""
    code = str(exc.response.get("error") or "unknown_error")
    if code in _AUTH_ERRORS:
        return SlackSyncError(
            f"Slack refused the token ({code}) on {method}: set SLACK_BOT_TOKEN (or "
            "SAGO_SLACK_TOKEN / SAGO_SLACK_TOKEN_FILE) to the app's bot token (xoxb-…)",
            code,
        )
    if code == "missing_scope":
        needed = exc.response.get("needed") or "the scope the method needs"
        return SlackSyncError(
            f"the Slack token lacks the scope {needed} ({method}): add it under "
            "OAuth & Permissions → Bot Token Scopes and reinstall the app",
            code,
        )
    if code == "ratelimited":
        return SlackSyncError(f"Slack kept answering 429 on {method}; try again later", code)
    return SlackSyncError(f"Slack answered {code} on {method}", code)


class SlackSync:
    """One pass over the workspace's conversations; `read()` then `commit()`."""

    kind = "slack_api"

    def __init__(
        self,
        client: WebClient,
        company_id: str,
        state: SyncState,
        *,
        lookback: timedelta = timedelta(days=7),
        channels: Sequence[str] = (),
        max_chars: int = MAX_TEXT_CHARS,
        clock: Callable[[], float] = time.time,
        page_size: int = PAGE,
    ) -> None:
        self.client = client
        self.company_id = company_id
        self.state = state
        self.lookback = lookback
        self.wanted = set(channels)
        self.max_chars = max_chars
        self.clock = clock
        self.page_size = page_size
        self.pending: dict[str, State] = {}
        self.requests: dict[str, int] = {}

    def _call(self, method: str, **params: Any) -> Iterator[dict[str, Any]]:
        """Every page of a cursor-paginated method (slack_sdk follows `next_cursor`)."""
        try:
            for page in getattr(self.client, method.replace(".", "_"))(**params):
                self.requests[method] = self.requests.get(method, 0) + 1
                yield dict(page.data) if isinstance(page.data, dict) else {}
        except SlackApiError as exc:
            raise explain(exc, method) from exc

    def read(self) -> Iterator[Record]:
        users = user_names(
            [
                u
                for page in self._call("users.list", limit=self.page_size)
                for u in page.get("members", [])
            ]
        )
        conversations: list[dict[str, Any]] = []
        try:
            conversations = self._conversations(CONVERSATION_TYPES)
        except SlackSyncError as exc:
            if exc.code != "missing_scope":
                raise
            # A bot with only the public-channel scopes still syncs those.
            conversations = self._conversations("public_channel")
            yield Notice(
                file="slack:workspace",
                position="conversations.list",
                kind="warning",
                reason="private channels skipped: the token lacks groups:read "
                "(add groups:read and groups:history to sync them)",
            )
        names = {c["id"]: str(c.get("name") or c["id"]) for c in conversations}
        for conversation in conversations:
            cid, name = conversation["id"], names[conversation["id"]]
            if self.wanted and cid not in self.wanted and name not in self.wanted:
                continue
            ctx = SlackContext(f"slack:#{name}", self.company_id, users, names, self.max_chars)
            yield from self._conversation(cid, name, ctx)

    def _conversations(self, types: str) -> list[dict[str, Any]]:
        pages = self._call(
            "conversations.list", types=types, exclude_archived=True, limit=self.page_size
        )
        return [
            c
            for page in pages
            for c in page.get("channels", [])
            if isinstance(c, dict) and isinstance(c.get("id"), str)
        ]

    def _conversation(self, cid: str, name: str, ctx: SlackContext) -> Iterator[Record]:
        before = self.state.load(self.company_id, SOURCE, cid) or {}
        now = self.clock()
        window_start = now - self.lookback.total_seconds()
        latest = float(before.get("latest") or 0)
        oldest = min(latest, window_start) if before else 0.0
        seen: dict[str, str] = {}  # ts → its thread's ts ("" for a top-level message)
        threads: list[str] = []
        pages = self._call(
            "conversations.history", channel=cid, oldest=f"{oldest:.6f}", limit=self.page_size
        )
        try:
            for page in pages:
                for message in page.get("messages", []):
                    if not isinstance(message, dict):
                        continue
                    ts = str(message.get("ts") or "")
                    seen[ts] = ""
                    latest = max(latest, float(ts) if ts_moment(ts) else 0.0)
                    if message.get("thread_ts") == ts and message.get("reply_count"):
                        threads.append(ts)
                    yield from self._one(message, name, ctx)
        except SlackSyncError as exc:
            if exc.code != "not_in_channel":
                raise
            reason = f"the app is not in #{name} ({cid}); invite it there (/invite @app) to sync it"
            yield Notice(file=ctx.file, position=cid, kind="warning", reason=reason)
            return
        for parent in threads:
            for page in self._call(
                "conversations.replies", channel=cid, ts=parent, limit=self.page_size
            ):
                for reply in page.get("messages", []):
                    if isinstance(reply, dict) and str(reply.get("ts")) != parent:
                        seen[str(reply.get("ts"))] = parent
                        yield from self._one(reply, name, ctx)
        yield from self._deletions(before, seen, (oldest, set(threads)), name, ctx)
        kept = {ts: t for ts, t in seen.items() if float(t or ts) >= window_start}
        self.pending[cid] = {"latest": f"{latest:.6f}", "window": kept, "name": name}

    def _one(self, message: dict[str, Any], name: str, ctx: SlackContext) -> Iterator[Record]:
        ts = str(message.get("ts") or "")
        if message.get("subtype") == "tombstone":  # a deleted parent that still has replies
            yield tombstone(name, ts, f"ts {ts}", ctx, edited_time(message))
            return
        yield from slack_records(message, name, f"ts {ts}", ctx, edited_time(message))

    def _deletions(
        self,
        before: State,
        seen: dict[str, str],
        fetched: tuple[float, set[str]],
        name: str,
        ctx: SlackContext,
    ) -> Iterator[Record]:
        """Messages of the last window that this sync read again and did not find."""
        oldest, threads = fetched
        now = datetime.fromtimestamp(self.clock(), tz=UTC)
        window = before.get("window") or {}
        for ts, thread in sorted(window.items()):
            covered = thread in threads if thread else float(ts) > oldest
            if covered and ts not in seen:
                yield tombstone(name, ts, f"ts {ts}", ctx, now)

    def commit(self) -> None:
        """Save each conversation's new place; call after the records are stored."""
        for cid, state in self.pending.items():
            self.state.save(self.company_id, SOURCE, cid, state)
        self.pending.clear()
