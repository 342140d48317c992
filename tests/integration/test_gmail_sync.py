"""`GmailSync` through the real google-api-python-client (static discovery document) and
google-auth against a local fake Gmail API and token endpoint."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from sago.domain.message import Message, Notice, Rejection
from sago.sources.gmail_api import GmailSync, GmailSyncError, gmail_service
from sago.syncstate.sqlite import SqliteSyncState
from support.fake_gmail import FakeGmail, rfc822, serve, service_account_key, user_credentials


@pytest.fixture
def fake() -> FakeGmail:
    mailbox = FakeGmail()
    for n in range(5):
        mailbox.add(f"id{n}", "t0" if n < 2 else f"t{n}", rfc822(n, f"Update {n}", f"body {n}"))
    return mailbox


@pytest.fixture
def base_url(fake: FakeGmail) -> Iterator[str]:
    with serve(fake) as url:
        yield url


def credentials(tmp_path: Path, content: dict[str, str], mode: int = 0o600) -> Path:
    path = tmp_path / "gmail.json"
    path.write_text(json.dumps(content))
    path.chmod(mode)
    return path


def sync(
    tmp_path: Path, base_url: str, state: SqliteSyncState, *, query: str = "", user: str = "me"
) -> GmailSync:
    key = credentials(tmp_path, user_credentials(base_url + "token"))
    service = gmail_service(key, user=user, base_url=base_url, token_uri=base_url + "token")
    return GmailSync(service, "acme", state, user=user, query=query, page_size=2)


def one_pass(runner: GmailSync) -> tuple[dict[str, Message], list[Notice]]:
    records = list(runner.read())
    assert not [r for r in records if isinstance(r, Rejection)], records
    runner.commit()
    return (
        {r.id: r for r in records if isinstance(r, Message)},
        [r for r in records if isinstance(r, Notice)],
    )


def test_a_full_sync_pages_through_the_list_and_reads_raw_mail(
    fake: FakeGmail, base_url: str, state: SqliteSyncState, tmp_path: Path
) -> None:
    fake.rate_limit["users.messages"] = 1  # a 429, retried by the client
    found, _ = one_pass(sync(tmp_path, base_url, state))
    assert sorted(found) == [f"id{n}" for n in range(5)]
    first = found["id0"]
    assert (first.subject, first.text, first.thread_id) == ("Update 0", "body 0", "t0")
    assert first.sender == "Maya <maya@acme.example>"
    assert len(fake.calls_to("users.messages")) == 3 + 1  # 5 ids in pages of 2, plus the 429
    assert all(q["format"] == ["raw"] for q in fake.calls_to("users.messages.get"))
    # The OAuth refresh went to the file's token_uri with its refresh token.
    [grant] = fake.token_requests
    assert grant["grant_type"] == ["refresh_token"]
    assert state.load("acme", "gmail", "me") == {"historyId": "105"}


def test_the_query_narrows_the_first_sync(
    fake: FakeGmail, base_url: str, state: SqliteSyncState, tmp_path: Path
) -> None:
    found, _ = one_pass(sync(tmp_path, base_url, state, query="Update 3"))
    assert list(found) == ["id3"]
    assert fake.calls_to("users.messages")[0]["q"] == ["Update 3"]


def test_later_syncs_read_only_the_history_since_the_last(
    fake: FakeGmail, base_url: str, state: SqliteSyncState, tmp_path: Path
) -> None:
    one_pass(sync(tmp_path, base_url, state))
    fake.calls.clear()
    fake.add("id9", "t0", rfc822(9, "Re: Update 0", "a reply", refs="0"))
    fake.delete("id4")
    found, _ = one_pass(sync(tmp_path, base_url, state))
    assert sorted(found) == ["id4", "id9"]
    assert found["id9"].thread_id == "t0"
    assert (found["id4"].deleted, found["id4"].text) == (True, "")
    assert [q["startHistoryId"] for q in fake.calls_to("users.history")] == [["105"]]
    assert [q["format"] for q in fake.calls_to("users.messages.get")] == [["raw"]]
    assert not fake.calls_to("users.messages")  # no listing: history only
    assert state.load("acme", "gmail", "me") == {"historyId": "107"}


def test_a_stale_history_id_falls_back_to_a_full_sync(
    fake: FakeGmail, base_url: str, state: SqliteSyncState, tmp_path: Path
) -> None:
    state.save("acme", "gmail", "me", {"historyId": "3"})
    fake.oldest_history = 50  # Gmail keeps history for about a week: id 3 is gone
    found, notices = one_pass(sync(tmp_path, base_url, state))
    assert len(found) == 5
    [warning] = notices
    assert "404" in warning.reason
    assert state.load("acme", "gmail", "me") == {"historyId": "105"}


def test_a_service_account_acts_for_the_user_by_delegation(
    fake: FakeGmail, base_url: str, state: SqliteSyncState, tmp_path: Path
) -> None:
    key = credentials(tmp_path, service_account_key(base_url + "token"))
    service = gmail_service(key, user="maya@acme.example", base_url=base_url)
    found, _ = one_pass(GmailSync(service, "acme", state, user="maya@acme.example"))
    assert len(found) == 5
    [grant] = fake.token_requests
    assert grant["grant_type"] == ["urn:ietf:params:oauth:grant-type:jwt-bearer"]
    claims = grant["assertion"][0].split(".")[1]
    payload = json.loads(base64.urlsafe_b64decode(claims + "=" * (-len(claims) % 4)))
    assert payload["sub"] == "maya@acme.example"
    assert payload["scope"] == "https://www.googleapis.com/auth/gmail.readonly"
    assert fake.calls_to("users.profile")  # the path named the delegated user
    with pytest.raises(ValueError, match="SAGO_GMAIL_USER"):
        gmail_service(key, user="me", base_url=base_url)


def test_refused_credentials_and_loose_files_are_one_line(
    fake: FakeGmail, base_url: str, state: SqliteSyncState, tmp_path: Path
) -> None:
    loose = credentials(tmp_path, user_credentials(base_url + "token"), mode=0o644)
    with pytest.raises(ValueError, match="chmod 600"):
        gmail_service(loose, base_url=base_url)
    fake.refuse_grants = True  # the user revoked the app's access
    with pytest.raises(GmailSyncError, match="refused to issue an access token") as caught:
        list(sync(tmp_path, base_url, state).read())
    assert "\n" not in str(caught.value)
    assert "fake-refresh-token" not in str(caught.value)
    assert state.load("acme", "gmail", "me") is None
