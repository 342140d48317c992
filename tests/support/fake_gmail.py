"""A local Gmail API (v1 REST, documented JSON) and OAuth token endpoint, for the real
google-api-python-client and google-auth.

Serves what `sago sync gmail` calls: the token endpoint (refresh-token and JWT-bearer
grants), users.getProfile, users.messages.list (`q` by substring, `pageToken`),
users.messages.get?format=raw, users.history.list (`startHistoryId`, `pageToken`, 404 for
an id older than the history kept). Bad tokens get 401; a 429 can be injected.
"""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from support.fake_http import serve_json

ACCESS_TOKEN = "ya29.fake-access-token"
REFRESH_TOKEN = "1//fake-refresh-token"


def rfc822(n: int, subject: str, body: str, *, refs: str | None = None) -> bytes:
    extra = f"References: <m{refs}@acme.example>\n" if refs else ""
    return (
        f"From: Maya <maya@acme.example>\nTo: team@acme.example\nSubject: {subject}\n"
        f"Date: Mon, 4 Mar 2024 09:{n % 60:02d}:00 +0000\nMessage-ID: <m{n}@acme.example>\n"
        f"{extra}Content-Type: text/plain; charset=utf-8\n\n{body}\n"
    ).encode()


@dataclass
class FakeGmail:
    messages: dict[str, tuple[str, bytes]] = field(default_factory=dict)  # id → thread, raw
    history: list[tuple[int, str, str, str]] = field(default_factory=list)  # id, kind, msg, thread
    history_id: int = 100
    oldest_history: int = 0  # history before this is gone (a startHistoryId below → 404)
    refuse_grants: bool = False  # the token endpoint answers invalid_grant (revoked)
    rate_limit: dict[str, int] = field(default_factory=dict)
    hold: str | None = None
    held: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    calls: list[tuple[str, dict[str, list[str]]]] = field(default_factory=list)
    token_requests: list[dict[str, list[str]]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, message_id: str, thread: str, raw: bytes) -> None:
        with self.lock:
            self.history_id += 1
            self.messages[message_id] = (thread, raw)
            self.history.append((self.history_id, "messagesAdded", message_id, thread))

    def delete(self, message_id: str) -> None:
        with self.lock:
            self.history_id += 1
            thread, _ = self.messages.pop(message_id)
            self.history.append((self.history_id, "messagesDeleted", message_id, thread))

    def calls_to(self, name: str) -> list[dict[str, list[str]]]:
        return [query for method, query in self.calls if method == name]

    def answer(
        self, method: str, path: str, query: dict[str, list[str]], body: str, auth: str
    ) -> tuple[int, dict[str, Any]]:
        if path == "/token":
            with self.lock:
                self.token_requests.append(parse_qs(body))
            if self.refuse_grants:
                refused = "Token has been expired or revoked."
                return 400, {"error": "invalid_grant", "error_description": refused}
            return 200, {"access_token": ACCESS_TOKEN, "expires_in": 3600, "token_type": "Bearer"}
        parts = path.strip("/").split("/")  # gmail v1 users {user} …
        if parts[:3] != ["gmail", "v1", "users"] or len(parts) < 5:
            return 404, _error(404, "Not Found")
        name = "users." + ".".join(p for p in parts[4:5]) + (".get" if len(parts) == 6 else "")
        with self.lock:
            self.calls.append((name, query))
            if self.rate_limit.get(name, 0) > 0:
                self.rate_limit[name] -= 1
                return 429, _error(429, "Too many concurrent requests for user")
        if auth != f"Bearer {ACCESS_TOKEN}":
            return 401, _error(401, "Request had invalid authentication credentials.")
        if name == self.hold:
            self.held.set()
            self.release.wait(60)
        with self.lock:
            return self._answer(name, parts, query)

    def _answer(
        self, name: str, parts: list[str], query: dict[str, list[str]]
    ) -> tuple[int, dict[str, Any]]:
        page_token = int((query.get("pageToken") or ["0"])[0])
        size = int((query.get("maxResults") or ["100"])[0])
        if name == "users.profile":
            return 200, {"emailAddress": "maya@acme.example", "historyId": str(self.history_id)}
        if name == "users.messages":
            q = (query.get("q") or [""])[0]
            ids = [
                {"id": mid, "threadId": thread}
                for mid, (thread, raw) in reversed(self.messages.items())
                if q.lower() in raw.decode().lower()
            ]
            chunk = ids[page_token : page_token + size]
            found: dict[str, Any] = {"messages": chunk, "resultSizeEstimate": len(ids)}
            if page_token + size < len(ids):
                found["nextPageToken"] = str(page_token + size)
            return 200, found
        if name == "users.messages.get":
            mid = parts[5]
            if mid not in self.messages:
                return 404, _error(404, "Requested entity was not found.")
            thread, raw = self.messages[mid]
            return 200, {
                "id": mid,
                "threadId": thread,
                "labelIds": ["INBOX"],
                "historyId": str(self.history_id),
                "internalDate": "1709542800000",
                "sizeEstimate": len(raw),
                "raw": base64.urlsafe_b64encode(raw).decode().rstrip("="),
            }
        if name == "users.history":
            start = int(query["startHistoryId"][0])
            if start < self.oldest_history:
                return 404, _error(404, "Requested entity was not found.")
            entries = [
                {"id": str(hid), "messages": [{"id": mid, "threadId": thread}],
                 kind: [{"message": {"id": mid, "threadId": thread, "labelIds": ["INBOX"]}}]}
                for hid, kind, mid, thread in self.history
                if hid > start
            ]  # fmt: skip
            chunk = entries[page_token : page_token + size]
            found = {"history": chunk, "historyId": str(self.history_id)}
            if page_token + size < len(entries):
                found["nextPageToken"] = str(page_token + size)
            return 200, found
        return 404, _error(404, "Not Found")


def _error(code: int, message: str) -> dict[str, Any]:
    status = {401: "UNAUTHENTICATED", 404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED"}.get(code, "")
    errors = [{"message": message, "domain": "global", "reason": status}]
    return {"error": {"code": code, "message": message, "status": status, "errors": errors}}


@contextmanager
def serve(fake: FakeGmail) -> Iterator[str]:
    """The fake on a free loopback port; yields its root URL (…/)."""

    def answer(method: str, path: str, headers: dict[str, str], body: str) -> Any:
        url = urlsplit(path)
        auth = headers.get("Authorization") or headers.get("authorization") or ""
        status, found = fake.answer(method, url.path, parse_qs(url.query), body, auth)
        return status, found, {}

    with serve_json(answer, fake.release) as root:
        yield root


def user_credentials(token_uri: str) -> dict[str, str]:
    """An OAuth `authorized_user` file's content, as `gcloud`/InstalledAppFlow write it."""
    return {
        "type": "authorized_user",
        "client_id": "1234.apps.googleusercontent.com",
        "client_secret": "fake-client-secret",
        "refresh_token": REFRESH_TOKEN,
        "token_uri": token_uri,
    }


def service_account_key(token_uri: str) -> dict[str, str]:
    """A service-account key file's content with a freshly made RSA key."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return {
        "type": "service_account",
        "project_id": "acme-test",
        "private_key_id": "k1",
        "private_key": pem,
        "client_email": "sago@acme-test.iam.gserviceaccount.com",
        "client_id": "42",
        "token_uri": token_uri,
    }
