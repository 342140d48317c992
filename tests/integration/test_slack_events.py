"""`POST /slack/events` on the dashboard app: signatures checked with slack_sdk's
SignatureVerifier (valid, tampered body, old timestamp), the URL-verification challenge,
and new, changed and deleted messages reaching the raw store (names from the fake Slack
Web API, so ids match what a sync stores)."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sago.config import Settings
from sago.domain.message import Message
from sago.rawstore.sqlite import SqliteRawStore
from sago.web.app import create_app
from support import fake_slack

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"  # the example secret of Slack's docs
LOCAL = "http://127.0.0.1"


def signed(body: bytes, *, at: float | None = None, secret: str = SECRET) -> dict[str, str]:
    """The headers Slack sends: v0 HMAC-SHA256 over `v0:{timestamp}:{body}`."""
    stamp = str(int(time.time() if at is None else at))
    digest = hmac.new(secret.encode(), b"v0:" + stamp.encode() + b":" + body, hashlib.sha256)
    return {
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": "v0=" + digest.hexdigest(),
        "Content-Type": "application/json",
    }


def callback(event: dict[str, Any], event_id: str) -> bytes:
    return json.dumps({"type": "event_callback", "event_id": event_id, "event": event}).encode()


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    fake = fake_slack.FakeSlack(users=[{"id": "U1", "real_name": "Maya Chen"}])
    fake.channels.append(fake_slack.Channel("C1", "general"))
    with fake_slack.serve(fake) as url:
        settings = Settings(
            data_dir=tmp_path,
            company_id="acme",
            slack_signing_secret=SECRET,
            slack_token=fake_slack.TOKEN,
            slack_base_url=url,
            batch_max_wait=0.5,
        )
        with TestClient(create_app(settings), base_url=LOCAL) as test_client:
            yield test_client


def stored(tmp_path: Path) -> dict[str, Message]:
    store = SqliteRawStore(tmp_path / "messages.sqlite3")
    try:
        return {m.id: m for m in store.messages("acme")}
    finally:
        store.close()


def test_the_url_verification_challenge_is_answered(client: TestClient) -> None:
    body = json.dumps({"type": "url_verification", "challenge": "3eZbrw1aB"}).encode()
    answer = client.post("/slack/events", content=body, headers=signed(body))
    assert answer.status_code == 200
    assert answer.json() == {"challenge": "3eZbrw1aB"}


@pytest.mark.parametrize("case", ["tampered body", "old timestamp", "wrong secret", "unsigned"])
def test_requests_that_slack_did_not_sign_now_are_refused(
    client: TestClient, tmp_path: Path, case: str
) -> None:
    body = callback(
        {"type": "message", "channel": "C1", "user": "U1", "text": "hi", "ts": "1.5"}, "Ev1"
    )
    headers = signed(body)
    if case == "tampered body":
        body = body.replace(b"hi", b"we raised $90M")
    elif case == "old timestamp":  # a replay of a request signed 6 minutes ago
        headers = signed(body, at=time.time() - 360)
    elif case == "wrong secret":
        headers = signed(body, secret="not-the-secret")
    else:
        headers = {"Content-Type": "application/json"}
    answer = client.post("/slack/events", content=body, headers=headers)
    assert answer.status_code == 401
    assert stored(tmp_path) == {}


def test_new_changed_and_deleted_messages_reach_the_store(
    client: TestClient, tmp_path: Path
) -> None:
    events = [
        callback(
            {
                "type": "message",
                "channel": "C1",
                "user": "U1",
                "text": "ARR is $1M",
                "ts": "1709280000.000100",
            },
            "Ev1",
        ),
        callback(
            {
                "type": "message",
                "channel": "C1",
                "user": "U1",
                "text": "Globex churned",
                "ts": "1709280001.000100",
            },
            "Ev2",
        ),
        callback(
            {
                "type": "message",
                "subtype": "message_changed",
                "channel": "C1",
                "ts": "1709280100.000200",
                "event_ts": "1709280100.000200",
                "message": {
                    "type": "message",
                    "user": "U1",
                    "text": "ARR is $1.2M",
                    "ts": "1709280000.000100",
                    "edited": {"user": "U1", "ts": "1709280100.000000"},
                },
            },
            "Ev3",
        ),
        callback(
            {
                "type": "message",
                "subtype": "message_deleted",
                "channel": "C1",
                "ts": "1709280200.000300",
                "deleted_ts": "1709280001.000100",
            },
            "Ev4",
        ),
        callback(
            {
                "type": "message",
                "subtype": "channel_join",
                "channel": "C1",
                "user": "U1",
                "text": "<@U1> has joined",
                "ts": "1709280300.000100",
            },
            "Ev5",
        ),
    ]
    for body in events:
        assert client.post("/slack/events", content=body, headers=signed(body)).status_code == 200
    found = stored(tmp_path)
    # Ids as a sync gives them, names looked up; the edit and the delete are newer versions.
    edited = found["general/1709280000.000100"]
    assert (edited.sender, edited.channel, edited.text) == ("Maya Chen", "general", "ARR is $1.2M")
    assert edited.edited_at is not None
    gone = found["general/1709280001.000100"]
    assert (gone.deleted, gone.text) == (True, "")
    store = SqliteRawStore(tmp_path / "messages.sqlite3")
    try:
        history = store.versions("acme", "general/1709280000.000100")
    finally:
        store.close()
    assert [m.text for m in history] == ["ARR is $1M", "ARR is $1.2M"]
    assert "general/1709280300.000100" not in found  # the join is skipped


def test_edits_and_deletes_become_versions_for_the_pipeline(client: TestClient) -> None:
    from sago.sources.slack_events import event_records

    change = json.loads(
        callback(
            {
                "type": "message",
                "subtype": "message_changed",
                "channel": "C1",
                "ts": "2.0",
                "message": {
                    "type": "message",
                    "user": "U1",
                    "text": "new",
                    "ts": "1.0",
                    "edited": {"user": "U1", "ts": "2.0"},
                },
            },
            "Ev9",
        )
    )
    [edited] = event_records(change, "acme")
    assert isinstance(edited, Message)
    assert (edited.id, edited.text) == ("C1/1.0", "new")
    assert edited.edited_at is not None
    delete = json.loads(
        callback(
            {
                "type": "message",
                "subtype": "message_deleted",
                "channel": "C1",
                "ts": "3.0",
                "deleted_ts": "1.0",
            },
            "Ev10",
        )
    )
    [gone] = event_records(delete, "acme")
    assert isinstance(gone, Message)
    assert (gone.id, gone.deleted, gone.text) == ("C1/1.0", True, "")


def test_the_route_is_off_without_a_signing_secret(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, slack_signing_secret=None)
    with TestClient(create_app(settings), base_url=LOCAL) as plain:
        body = json.dumps({"type": "url_verification", "challenge": "x"}).encode()
        assert plain.post("/slack/events", content=body, headers=signed(body)).status_code in {
            404,
            405,
        }
