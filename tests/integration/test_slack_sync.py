"""`SlackSync` through the real slack_sdk WebClient against a local fake Slack Web API:
pagination and has_more, threads, 429 with Retry-After, auth and scope errors, the app
not in a channel, and incremental syncs that see new replies, edits and deletions."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from sago.domain.message import Message, Notice, Rejection
from sago.sources.slack_api import SlackSync, SlackSyncError, slack_client
from sago.syncstate.sqlite import SqliteSyncState
from support.fake_slack import TOKEN, Channel, FakeSlack, serve

NOW = 1_709_600_000.0  # the fake workspace's "now"; messages are a few days before it
DAY = 86_400.0


def ts(days_ago: float, n: int = 0) -> str:
    return f"{NOW - days_ago * DAY + n / 1000:.6f}"


@pytest.fixture
def fake() -> FakeSlack:
    workspace = FakeSlack(
        users=[{"id": "U1", "real_name": "Maya Chen"}, {"id": "U2", "name": "ravi"}],
        channels=[Channel("C1", "general"), Channel("C2", "deals")],
    )
    for n in range(5):
        workspace.post("C1", ts(3, n), f"general news {n}")
    workspace.post("C1", ts(3, 9), "<@U2> has joined", subtype="channel_join")
    workspace.post("C2", ts(2), "Initech pilot?", user="U2")
    workspace.reply("C2", ts(2), ts(2, 1), "signed today")
    return workspace


@pytest.fixture
def base_url(fake: FakeSlack) -> Iterator[str]:
    with serve(fake) as url:
        yield url


def sync(
    base_url: str, state: SqliteSyncState, *, token: str = TOKEN, lookback: float = 7
) -> SlackSync:
    return SlackSync(
        slack_client(token, base_url, max_retries=2),
        "acme",
        state,
        lookback=timedelta(days=lookback),
        clock=lambda: NOW,
        page_size=2,  # every list takes several pages
    )


def one_pass(runner: SlackSync) -> tuple[dict[str, Message], list[Notice]]:
    records = list(runner.read())
    assert not [r for r in records if isinstance(r, Rejection)], records
    runner.commit()
    messages = {r.id: r for r in records if isinstance(r, Message)}
    assert len(messages) == sum(isinstance(r, Message) for r in records)  # no id twice
    return messages, [r for r in records if isinstance(r, Notice)]


def test_a_first_sync_reads_every_page_thread_and_name(
    fake: FakeSlack, base_url: str, state: SqliteSyncState
) -> None:
    fake.rate_limit["conversations.history"] = 1  # one 429 with Retry-After: 1
    found, notices = one_pass(sync(base_url, state))
    assert sorted(found) == sorted(
        [f"general/{ts(3, n)}" for n in range(5)] + [f"deals/{ts(2)}", f"deals/{ts(2, 1)}"]
    )
    reply = found[f"deals/{ts(2, 1)}"]
    assert (reply.thread_id, reply.sender, reply.channel) == (ts(2), "Maya Chen", "deals")
    assert found[f"deals/{ts(2)}"].sender == "ravi"
    assert [n.reason for n in notices] == ["bot or system message"]  # the join
    history = fake.calls_to("conversations.history")
    # general: 6 messages in pages of 2 (3 pages) + the retried 429; deals: 1 page.
    assert len(history) == 3 + 1 + 1
    assert history[0] == history[1]  # the same request again after the 429
    assert len(fake.calls_to("conversations.replies")) == 1
    assert state.keys("acme", "slack") == ["C1", "C2"]


def test_the_next_sync_sees_new_replies_edits_and_deletions(
    fake: FakeSlack, base_url: str, state: SqliteSyncState
) -> None:
    one_pass(sync(base_url, state))
    fake.reply("C2", ts(2), ts(1), "contract countersigned")  # a reply after the parent
    fake.edit("C1", ts(3, 1), "general news 1 (corrected)", at=ts(0.5))
    fake.delete("C1", ts(3, 2))
    fake.post("C1", ts(0.1), "fresh")
    found, _ = one_pass(sync(base_url, state))
    assert found[f"deals/{ts(1)}"].thread_id == ts(2)
    edited = found[f"general/{ts(3, 1)}"]
    assert edited.text == "general news 1 (corrected)"
    assert edited.edited_at is not None
    assert edited.edited_at.timestamp() == pytest.approx(float(ts(0.5)))
    gone = found[f"general/{ts(3, 2)}"]
    assert (gone.deleted, gone.text) == (True, "")
    assert f"general/{ts(0.1)}" in found
    # A third sync with nothing new reports no deletion again and no edit.
    third, _ = one_pass(sync(base_url, state))
    assert not [m for m in third.values() if m.deleted]


def test_without_a_lookback_only_new_messages_are_fetched(
    fake: FakeSlack, base_url: str, state: SqliteSyncState
) -> None:
    one_pass(sync(base_url, state, lookback=0))
    fake.calls.clear()
    fake.post("C1", ts(0.1), "fresh")
    found, _ = one_pass(sync(base_url, state, lookback=0))
    assert list(found) == [f"general/{ts(0.1)}"]
    oldest = {p["channel"]: p["oldest"] for p in fake.calls_to("conversations.history")}
    assert oldest == {"C1": ts(3, 9), "C2": ts(2)}  # each channel's newest message


def test_a_bad_token_is_one_line_naming_the_setting(base_url: str, state: SqliteSyncState) -> None:
    with pytest.raises(SlackSyncError, match=r"invalid_auth.*SLACK_BOT_TOKEN") as caught:
        list(sync(base_url, state, token="xoxb-wrong").read())
    assert "\n" not in str(caught.value)
    assert "xoxb-wrong" not in str(caught.value)


def test_a_missing_scope_names_the_scope_to_add(
    fake: FakeSlack, base_url: str, state: SqliteSyncState
) -> None:
    fake.scopes.discard("channels:history")
    with pytest.raises(SlackSyncError, match="lacks the scope channels:history"):
        list(sync(base_url, state).read())
    assert state.keys("acme", "slack") == []  # nothing committed


def test_a_channel_the_app_is_not_in_is_a_warning_and_the_rest_syncs(
    fake: FakeSlack, base_url: str, state: SqliteSyncState
) -> None:
    general = fake.channel("C1")
    assert general is not None
    general.member = False
    found, notices = one_pass(sync(base_url, state))
    assert sorted(found) == [f"deals/{ts(2)}", f"deals/{ts(2, 1)}"]
    [warning] = [n for n in notices if n.kind == "warning"]
    assert "not in #general" in warning.reason
    assert "invite" in warning.reason


def test_without_private_channel_scopes_the_public_ones_still_sync(
    fake: FakeSlack, base_url: str, state: SqliteSyncState
) -> None:
    fake.scopes.discard("groups:read")
    found, notices = one_pass(sync(base_url, state))
    assert len(found) == 7
    [warning] = [n for n in notices if n.kind == "warning"]
    assert "groups:read" in warning.reason
    types = [c["types"] for c in fake.calls_to("conversations.list")]
    assert types == ["public_channel,private_channel", "public_channel"]
