"""`sago sync slack|gmail` as a user runs them, against the local fakes, killed on the way:
a sync killed with SIGKILL mid-fetch, or dead after storing but before saving its place,
is finished by the next one, which stores nothing twice; its saved place is then the newest
message, so a sync after it fetches only what is new."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from sago.rawstore.sqlite import SqliteRawStore
from sago.syncstate.sqlite import SqliteSyncState
from support import fake_gmail, fake_slack
from support.cli import SAGO, clean_env, sago

CRASH_EXIT = 86  # SAGO_CRASH_AT's os._exit: a kill -9 at a named point


def env_for(data: Path, **extra: str) -> dict[str, str]:
    """clean_env, letting the several processes of a test share compiled bytecode."""
    env = clean_env(data, **extra)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def stored(output: str) -> tuple[int, int]:
    """(new, already stored) from the run summary table."""
    found = re.search(r"stored new / already stored\s*[│|]\s*([\d,]+) / ([\d,]+)", output)
    assert found, output
    return int(found.group(1).replace(",", "")), int(found.group(2).replace(",", ""))


def count(data: Path) -> int:
    store = SqliteRawStore(data / "messages.sqlite3")
    try:
        return store.count("acme")
    finally:
        store.close()


def kill_while_held(env: dict[str, str], cwd: Path, held: threading.Event, what: str) -> None:
    """Start the sync, wait until the fake holds its request, SIGKILL it."""
    proc = subprocess.Popen(
        [str(SAGO), "sync", what], cwd=cwd, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        assert held.wait(60), "the sync never reached the held request"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        assert proc.wait(30) == -signal.SIGKILL


@pytest.fixture
def slack() -> Iterator[tuple[fake_slack.FakeSlack, str]]:
    fake = fake_slack.FakeSlack(
        users=[{"id": "U1", "real_name": "Maya Chen"}],
        channels=[fake_slack.Channel("C1", "general"), fake_slack.Channel("C2", "deals")],
    )
    for n in range(4):
        fake.post("C1", f"1709280{n}00.000100", f"We closed deal {n}")
    fake.post("C1", "1709280900.000100", "<@U1> has joined", subtype="channel_join")
    fake.post("C2", "1709281000.000100", "Initech pilot?")
    fake.reply("C2", "1709281000.000100", "1709281100.000100", "Initech signed a pilot")
    with fake_slack.serve(fake) as url:
        yield fake, url


def test_slack_sync_survives_kills_and_fetches_only_what_is_new(
    slack: tuple[fake_slack.FakeSlack, str], tmp_path: Path
) -> None:
    fake, url = slack
    env = env_for(
        tmp_path / "data",
        SLACK_BOT_TOKEN=fake_slack.TOKEN,
        SAGO_SLACK_BASE_URL=url,
        SAGO_SLACK_LOOKBACK_DAYS="0",
        SAGO_COMPANY_ID="acme",
    )
    first = sago("sync", "slack", cwd=tmp_path, env=env)
    assert first.returncode == 0, first.stderr  # the join is skipped, not a rejection
    assert stored(first.stdout) == (6, 0)
    assert "xoxb" not in first.stdout + first.stderr

    fake.post("C1", "1709290000.000100", "ARR passed $2M")
    fake.post("C2", "1709290100.000100", "Globex wants a pilot")
    fake.reply("C2", "1709290100.000100", "1709290200.000100", "Globex pilot starts Monday")
    fake.hold = "conversations.replies"
    kill_while_held(env, tmp_path, fake.held, "slack")
    fake.hold = None

    crashed = sago("sync", "slack", cwd=tmp_path, env={**env, "SAGO_CRASH_AT": "during_email"})
    assert crashed.returncode == CRASH_EXIT, crashed.stderr
    assert count(tmp_path / "data") == 9  # stored, but the place was never saved

    fake.calls.clear()
    again = sago("sync", "slack", cwd=tmp_path, env=env)
    assert again.returncode == 0, again.stderr
    assert stored(again.stdout) == (0, 3)  # fetched again, stored nothing twice
    assert count(tmp_path / "data") == 9
    # It started from the first sync's place: the killed ones saved none.
    oldest = {c["channel"]: c["oldest"] for c in fake.calls_to("conversations.history")}
    assert oldest == {"C1": "1709280900.000100", "C2": "1709281000.000100"}

    # Its place is saved now: the next sync asks for nothing older (in-process tests show
    # the requests it then makes).
    state = SqliteSyncState(tmp_path / "data" / "messages.sqlite3")
    try:
        places = {key: state.load("acme", "slack", key) for key in ("C1", "C2")}
    finally:
        state.close()
    assert {k: v["latest"] for k, v in places.items() if v} == {
        "C1": "1709290000.000100",
        "C2": "1709290100.000100",
    }


def test_slack_sync_errors_are_one_line(
    slack: tuple[fake_slack.FakeSlack, str], tmp_path: Path
) -> None:
    _, url = slack
    env = env_for(tmp_path / "data", SAGO_SLACK_BASE_URL=url)
    wrong = sago("sync", "slack", cwd=tmp_path, env={**env, "SLACK_BOT_TOKEN": "xoxb-nope"})
    assert wrong.returncode == 2
    assert "invalid_auth" in wrong.stderr
    assert len(wrong.stderr.strip().splitlines()) == 1, wrong.stderr
    assert "xoxb-nope" not in wrong.stderr


def test_gmail_sync_survives_kills_and_fetches_only_what_is_new(tmp_path: Path) -> None:
    fake = fake_gmail.FakeGmail()
    for n in range(4):
        fake.add(f"id{n}", f"t{n}", fake_gmail.rfc822(n, f"Update {n}", f"We hired {n} engineers"))
    with fake_gmail.serve(fake) as url:
        key = tmp_path / "gmail.json"
        key.write_text(json.dumps(fake_gmail.user_credentials(url + "token")))
        key.chmod(0o600)
        env = env_for(
            tmp_path / "data",
            SAGO_GMAIL_CREDENTIALS=str(key),
            SAGO_GMAIL_BASE_URL=url,
            SAGO_GMAIL_TOKEN_URI=url + "token",
            SAGO_COMPANY_ID="acme",
        )
        first = sago("sync", "gmail", cwd=tmp_path, env=env)
        assert first.returncode == 0, first.stderr
        assert stored(first.stdout) == (4, 0)
        assert "fake-refresh-token" not in first.stdout + first.stderr

        fake.add("id7", "t0", fake_gmail.rfc822(7, "Re: Update 0", "Signed Initech"))
        fake.add("id8", "t8", fake_gmail.rfc822(8, "Board", "ARR is $2M"))
        fake.hold = "users.messages.get"
        kill_while_held(env, tmp_path, fake.held, "gmail")
        fake.hold = None

        crashed = sago("sync", "gmail", cwd=tmp_path, env={**env, "SAGO_CRASH_AT": "during_email"})
        assert crashed.returncode == CRASH_EXIT, crashed.stderr
        assert count(tmp_path / "data") == 6

        fake.calls.clear()
        again = sago("sync", "gmail", cwd=tmp_path, env=env)
        assert again.returncode == 0, again.stderr
        assert stored(again.stdout) == (0, 2)
        assert [q["startHistoryId"] for q in fake.calls_to("users.history")] == [["104"]]

        assert not fake.calls_to("users.messages")  # history only, no listing
    state = SqliteSyncState(tmp_path / "data" / "messages.sqlite3")
    try:
        assert state.load("acme", "gmail", "me") == {"historyId": "106"}
    finally:
        state.close()
