"""Live Gmail sync (`sago sync gmail`) through google-api-python-client and google-auth.

As Google's "Synchronizing clients" guide says: the first sync lists the mailbox
(`users.messages.list` with `q` and `pageToken`) and remembers the mailbox's `historyId`;
every later sync asks `users.history.list` what was added or deleted since then, and falls
back to a full sync when Gmail answers 404 (the id is too old). Each message is fetched
with `users.messages.get?format=raw` and read by the same MIME reader as mbox files; a
deletion comes out as a tombstone (`deleted=True`). The place is saved by `commit()`,
after the records are stored.

Credentials: an OAuth user file (`authorized_user`, with a refresh token) or a service
account key acting for `user` by domain-wide delegation. Scope: gmail.readonly. The
discovery document is the one the library ships (static): no network at build time.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sago.config import read_secret_file
from sago.domain.message import MAX_TEXT_CHARS, Notice
from sago.sources.base import Record, SourceError
from sago.sources.gmail_json import GmailJsonSource
from sago.sources.normalise import email_message
from sago.syncstate.base import SyncState

try:
    import google.oauth2.credentials
    import google_auth_httplib2
    import httplib2
    from google.auth.exceptions import RefreshError, TransportError
    from google.oauth2 import service_account
    from googleapiclient.discovery import build
    from googleapiclient.errors import HttpError
except ImportError as exc:  # pragma: no cover - depends on the installed extras
    raise ImportError("sago sync gmail needs its extra: pip install 'sago[gmail]'") from exc

SOURCE = "gmail"
SCOPES = ["https://www.googleapis.com/auth/gmail.readonly"]
PAGE = 500
RETRIES = 4  # 429 and 5xx, with the library's exponential backoff
CREDENTIALS_SETTING = "SAGO_GMAIL_CREDENTIALS"


class GmailSyncError(SourceError):
    """The sync cannot go on (credentials refused, a scope missing); one line."""


def gmail_service(
    credentials: Path,
    *,
    user: str = "me",
    base_url: str | None = None,
    token_uri: str | None = None,
    http: httplib2.Http | None = None,
) -> Any:
    """The Gmail v1 client from the bundled discovery document, authorised for `user`.

    `token_uri` replaces the OAuth token endpoint (google-auth pins a user file's to
    Google's own), for a proxy or a test server.
    """
    try:
        info = json.loads(read_secret_file(credentials, CREDENTIALS_SETTING))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{CREDENTIALS_SETTING}={credentials} is not JSON ({exc.msg})") from exc
    if not isinstance(info, dict):
        raise ValueError(f"{CREDENTIALS_SETTING}={credentials} is not a credentials object")
    creds: Any
    try:
        if info.get("type") == "service_account":
            if user == "me" or "@" not in user:
                raise ValueError(
                    "a service account reads mail by domain-wide delegation: set "
                    "SAGO_GMAIL_USER to the address to act for"
                )
            creds = service_account.Credentials.from_service_account_info(  # type: ignore[no-untyped-call]
                info, scopes=SCOPES
            )
            creds = creds.with_subject(user)
        else:
            creds = google.oauth2.credentials.Credentials.from_authorized_user_info(  # type: ignore[no-untyped-call]
                info, SCOPES
            )
    except (KeyError, ValueError) as exc:
        raise ValueError(f"{CREDENTIALS_SETTING}={credentials}: {exc}") from exc
    if token_uri:
        creds = creds.with_token_uri(token_uri)
    authed = google_auth_httplib2.AuthorizedHttp(creds, http=http or httplib2.Http(timeout=60))
    options = {"api_endpoint": base_url} if base_url else None
    return build(
        "gmail", "v1", http=authed, static_discovery=True, cache_discovery=False,
        client_options=options,
    )  # fmt: skip


def explain(exc: Exception, what: str) -> GmailSyncError:
    """Gmail's or the token endpoint's answer as one line naming what to fix."""
    if isinstance(exc, RefreshError):
        return GmailSyncError(
            f"Google refused to issue an access token ({what}): the credentials in "
            f"{CREDENTIALS_SETTING} are revoked, expired or lack delegation; authorise again"
        )
    if isinstance(exc, HttpError):
        status = exc.resp.status
        reason = exc.reason or ""
        if status == 401:
            return GmailSyncError(f"Gmail refused the credentials (401) on {what}: {reason}")
        if status == 403:
            return GmailSyncError(
                f"Gmail refused {what} (403: {reason}): the credentials need the scope "
                f"{SCOPES[0]} (and, for a service account, domain-wide delegation of it)"
            )
        return GmailSyncError(f"Gmail answered {status} on {what}: {reason}")
    return GmailSyncError(f"Gmail unreachable on {what}: {exc}")


class GmailSync:
    """One pass over a mailbox; `read()` then `commit()`."""

    kind = "gmail_api"

    def __init__(
        self,
        service: Any,
        company_id: str,
        state: SyncState,
        *,
        user: str = "me",
        query: str = "",
        max_chars: int = MAX_TEXT_CHARS,
        page_size: int = PAGE,
    ) -> None:
        self.service = service
        self.company_id = company_id
        self.state = state
        self.user = user
        self.query = query
        self.page_size = page_size
        self.reader = GmailJsonSource(Path(f"gmail:{user}"), company_id, max_chars=max_chars)
        self.pending: dict[str, Any] | None = None
        self.fetched: list[str] = []

    def _run(self, request: Any, what: str) -> dict[str, Any]:
        try:
            found: dict[str, Any] = request.execute(num_retries=RETRIES)
        except (HttpError, RefreshError, TransportError, OSError) as exc:
            raise explain(exc, what) from exc
        return found

    def read(self) -> Iterator[Record]:
        before = self.state.load(self.company_id, SOURCE, self.user)
        if before and before.get("historyId"):
            try:
                yield from self._incremental(str(before["historyId"]))
                return
            except GmailSyncError as exc:
                if not isinstance(exc.__cause__, HttpError) or exc.__cause__.resp.status != 404:
                    raise
            yield Notice(
                file=self.reader.path.as_posix(),
                position=f"historyId {before['historyId']}",
                kind="warning",
                reason="Gmail no longer has this history (404); reading the whole mailbox again",
            )
        yield from self._full()

    def _full(self) -> Iterator[Record]:
        users = self.service.users()
        # The history id first: whatever changes while listing is seen again next time.
        profile = self._run(users.getProfile(userId=self.user), "users.getProfile")
        token: str | None = None
        while True:
            page = self._run(
                users.messages().list(
                    userId=self.user, q=self.query or None, pageToken=token,
                    maxResults=self.page_size,
                ),
                "users.messages.list",
            )  # fmt: skip
            for item in page.get("messages") or []:
                yield from self._message(str(item["id"]))
            token = page.get("nextPageToken")
            if not token:
                break
        self.pending = {"historyId": str(profile["historyId"])}

    def _incremental(self, start: str) -> Iterator[Record]:
        users = self.service.users()
        token: str | None = None
        added: dict[str, None] = {}
        deleted: dict[str, str] = {}  # id → threadId
        latest = start
        while True:
            page = self._run(
                users.history().list(
                    userId=self.user, startHistoryId=start, pageToken=token,
                    historyTypes=["messageAdded", "messageDeleted"], maxResults=self.page_size,
                ),
                "users.history.list",
            )  # fmt: skip
            for entry in page.get("history") or []:
                for change in entry.get("messagesAdded") or []:
                    added[str(change["message"]["id"])] = None
                    deleted.pop(str(change["message"]["id"]), None)
                for change in entry.get("messagesDeleted") or []:
                    gone = change["message"]
                    added.pop(str(gone["id"]), None)
                    deleted[str(gone["id"])] = str(gone.get("threadId") or gone["id"])
            latest = str(page.get("historyId") or latest)
            token = page.get("nextPageToken")
            if not token:
                break
        for message_id in added:
            yield from self._message(message_id)
        for message_id, thread in deleted.items():
            yield self._tombstone(message_id, thread)
        self.pending = {"historyId": latest}

    def _message(self, message_id: str) -> Iterator[Record]:
        request = self.service.users().messages().get(userId=self.user, id=message_id, format="raw")
        try:
            obj = request.execute(num_retries=RETRIES)
        except HttpError as exc:
            if exc.resp.status != 404:
                raise explain(exc, "users.messages.get") from exc
            return  # deleted between the listing and now: its deletion comes next time
        except (RefreshError, TransportError, OSError) as exc:
            raise explain(exc, "users.messages.get") from exc
        self.fetched.append(message_id)
        yield from self.reader.records_of(obj, f"message {message_id}")

    def _tombstone(self, message_id: str, thread: str) -> Record:
        now = datetime.now(UTC)
        return email_message(
            native_id=message_id,
            company_id=self.company_id,
            sender="",
            subject=None,
            body="",
            moment=now,
            thread_id=thread,
            raw={"id": message_id, "threadId": thread, "labelIds": ["DELETED"]},
            deleted=True,
            edited_at=now,
        )

    def commit(self) -> None:
        """Save the mailbox's new historyId; call after the records are stored."""
        if self.pending is not None:
            self.state.save(self.company_id, SOURCE, self.user, self.pending)
            self.pending = None
