"""A local Slack Web API speaking the documented JSON, for the real slack_sdk WebClient.

Implements what `sago sync slack` calls: users.list, conversations.list,
conversations.history (`oldest` exclusive, newest first) and conversations.replies, all
with cursor pagination (`limit`, `response_metadata.next_cursor`, `has_more`); plus the
failure modes: a bad token (`invalid_auth`), a scope missing (`missing_scope` with
`needed`), a channel the app is not in (`not_in_channel`), and a 429 with `Retry-After`.
Tests can also hold a method's request until they kill the client (kill -9 tests).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from support.fake_http import serve_json

TOKEN = "xoxb-test-token"
SCOPES = {
    "users.list": "users:read",
    "conversations.list": "channels:read",
    "conversations.history": "channels:history",
    "conversations.replies": "channels:history",
    "conversations.info": "channels:read",
    "users.info": "users:read",
}


@dataclass
class Channel:
    id: str
    name: str
    messages: list[dict[str, Any]] = field(default_factory=list)  # top-level, any order
    replies: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # thread → replies
    member: bool = True


@dataclass
class FakeSlack:
    users: list[dict[str, Any]] = field(default_factory=list)
    channels: list[Channel] = field(default_factory=list)
    scopes: set[str] = field(default_factory=lambda: {*SCOPES.values(), "groups:read"})
    rate_limit: dict[str, int] = field(default_factory=dict)  # method → 429s still to send
    hold: str | None = None  # a method whose requests wait until released
    held: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    calls: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def channel(self, cid: str) -> Channel | None:
        return next((c for c in self.channels if c.id == cid), None)

    def post(self, cid: str, ts: str, text: str, user: str = "U1", **extra: Any) -> None:
        found = self.channel(cid)
        assert found is not None
        with self.lock:
            found.messages.append(
                {"type": "message", "user": user, "text": text, "ts": ts, **extra}
            )

    def reply(self, cid: str, parent: str, ts: str, text: str, user: str = "U1") -> None:
        found = self.channel(cid)
        assert found is not None
        with self.lock:
            message = {"type": "message", "user": user, "text": text, "ts": ts, "thread_ts": parent}
            found.replies.setdefault(parent, []).append(message)
            root = next(m for m in found.messages if m["ts"] == parent)
            root.update(thread_ts=parent, reply_count=len(found.replies[parent]), latest_reply=ts)

    def edit(self, cid: str, ts: str, text: str, at: str) -> None:
        found = self.channel(cid)
        assert found is not None
        with self.lock:
            for message in [*found.messages, *(r for rs in found.replies.values() for r in rs)]:
                if message["ts"] == ts:
                    message.update(text=text, edited={"user": message["user"], "ts": at})

    def delete(self, cid: str, ts: str) -> None:
        found = self.channel(cid)
        assert found is not None
        with self.lock:
            found.messages = [m for m in found.messages if m["ts"] != ts]
            for thread, replies in found.replies.items():
                found.replies[thread] = [r for r in replies if r["ts"] != ts]

    def calls_to(self, method: str) -> list[dict[str, str]]:
        return [params for name, params in self.calls if name == method]

    # -- the API ---------------------------------------------------------------------

    def answer(
        self, method: str, params: dict[str, str], auth: str
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        with self.lock:
            self.calls.append((method, params))
            if self.rate_limit.get(method, 0) > 0:
                self.rate_limit[method] -= 1
                return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"}
        if auth != f"Bearer {TOKEN}":
            return 200, {"ok": False, "error": "invalid_auth"}, {}
        needed = SCOPES.get(method)
        if needed is None:
            return 200, {"ok": False, "error": "unknown_method"}, {}
        if method == "conversations.list" and "private_channel" in params.get("types", ""):
            needed = "groups:read" if needed in self.scopes else needed
        if needed not in self.scopes:
            provided = ",".join(sorted(self.scopes))
            return (
                200,
                {"ok": False, "error": "missing_scope", "needed": needed, "provided": provided},
                {},
            )
        if method == self.hold:
            self.held.set()
            self.release.wait(60)
        with self.lock:
            return 200, self._answer(method, params), {}

    def _answer(self, method: str, params: dict[str, str]) -> dict[str, Any]:
        if method == "users.list":
            return self._page("members", self.users, params)
        if method == "conversations.list":
            listed = [{"id": c.id, "name": c.name, "is_member": c.member} for c in self.channels]
            return self._page("channels", listed, params)
        if method == "users.info":
            user = next((u for u in self.users if u["id"] == params.get("user")), None)
            return {"ok": True, "user": user} if user else {"ok": False, "error": "user_not_found"}
        found = self.channel(params.get("channel", ""))
        if found is None:
            return {"ok": False, "error": "channel_not_found"}
        if method == "conversations.info":
            return {"ok": True, "channel": {"id": found.id, "name": found.name}}
        if not found.member:
            return {"ok": False, "error": "not_in_channel"}
        if method == "conversations.history":
            oldest = float(params.get("oldest") or 0)
            items = sorted(
                (dict(m) for m in found.messages if float(m["ts"]) > oldest),
                key=lambda m: float(m["ts"]),
                reverse=True,
            )
            return self._page("messages", items, params)
        parent = params.get("ts", "")
        root = [dict(m) for m in found.messages if m["ts"] == parent]
        if not root:
            return {"ok": False, "error": "thread_not_found"}
        thread = root + sorted(
            (dict(r) for r in found.replies.get(parent, [])), key=lambda r: float(r["ts"])
        )
        return self._page("messages", thread, params)

    @staticmethod
    def _page(key: str, items: list[dict[str, Any]], params: dict[str, str]) -> dict[str, Any]:
        start = int(params.get("cursor") or 0)
        limit = int(params.get("limit") or 100)
        chunk = items[start : start + limit]
        more = start + limit < len(items)
        return {
            "ok": True,
            key: chunk,
            "has_more": more,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }


@contextmanager
def serve(fake: FakeSlack) -> Iterator[str]:
    """The fake on a free loopback port; yields the base URL (…/api/)."""

    def answer(_: str, path: str, headers: dict[str, str], body: str) -> Any:
        if "json" in (headers.get("Content-Type") or ""):
            params = {k: str(v) for k, v in json.loads(body or "{}").items()}
        else:
            params = dict(parse_qsl(body))
        method = path.rsplit("/", 1)[-1].split("?", maxsplit=1)[0]
        return fake.answer(method, params, headers.get("Authorization", ""))

    with serve_json(answer, fake.release) as root:
        yield root + "api/"
