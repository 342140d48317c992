"""What every reader of messages must hold: the same ids (and the same rejections) on every
read, one id per message, and a wholly valid input loses no message.

The file readers are picked by `open_source` (csv, mbox, Gmail API JSON, a Slack export as a
folder and as a .zip); the live syncs (Gmail API, Slack Web API) are built by
`sago.bootstrap` from Settings and talk through the real google-api-python-client and
slack_sdk to the local fakes the integration tests use. For a sync, "read again" is a
first sync with a fresh sync state. The mbox and Slack export fixtures hold deliberately
broken records, so only the other inputs are counted message by message.
"""

from __future__ import annotations

import base64
import json
import shutil
import zipfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from sago import bootstrap
from sago.domain.message import Message, Rejection
from sago.sources.detect import open_source
from support import fake_gmail, fake_slack
from support.factories import settings

FIXTURES = Path(__file__).parent.parent / "fixtures" / "sources"
COMPANY = "tessellate"

CSV = """id,is_chat,chat_sender,email_sender,timestamp,content
1,True,Hana,,2024-10-14T08:31:00,we signed the pilot with Bluefin
2,True,Ben,,2024-10-14T08:33:00,nice
3,False,,ceo@tessellate.example,2024-10-15T09:00:00,ARR is now $1.2M
"""

Records = list[Message | Rejection]
Reader = Callable[[], Records]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _gmail_json(tmp_path: Path) -> Path:
    """Three messages as the Gmail API returns them: two `full`, one `raw`."""
    full = [
        {
            "id": f"g{n}",
            "threadId": "t1",
            "internalDate": str(1709550000000 + n * 60_000),
            "payload": {
                "mimeType": "text/plain",
                "headers": [
                    {"name": "From", "value": "Maya <maya@tessellate.example>"},
                    {"name": "Subject", "value": f"Update {n}"},
                ],
                "body": {"data": _b64(f"ARR is ${n}M".encode())},
            },
        }
        for n in (1, 2)
    ]
    raw = {
        "id": "g3",
        "internalDate": "1709557200000",
        "raw": _b64(fake_gmail.rfc822(3, "Raw", "Hi")),
    }
    path = tmp_path / "gmail.jsonl"
    path.write_text("".join(json.dumps(o) + "\n" for o in [*full, raw]), encoding="utf-8")
    return path


def _zipped_export(tmp_path: Path) -> Path:
    path = tmp_path / "slack_export.zip"
    root = FIXTURES / "slack_export"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in sorted(root.rglob("*.json")):
            archive.write(member, member.relative_to(root).as_posix())
    return path


def _file(path: Path) -> Reader:
    return lambda: [
        r for r in open_source(path, COMPANY).read() if isinstance(r, Message | Rejection)
    ]


def _sync(kind: str, tmp_path: Path, **fields: Any) -> Reader:
    """A first sync, each time from a fresh sync state (a new data folder)."""
    runs = iter(range(1_000))

    def read() -> Records:
        chosen = settings(company_id=COMPANY, data_dir=tmp_path / f"run{next(runs)}", **fields)
        chosen.data_dir.mkdir()
        state = bootstrap.build_syncstate(chosen)
        try:
            records = list(bootstrap.build_sync(chosen, kind, state).read())
        finally:
            state.close()
        return [r for r in records if isinstance(r, Message | Rejection)]

    return read


def _slack_api(stack: ExitStack, tmp_path: Path) -> Reader:
    fake = fake_slack.FakeSlack(
        users=[{"id": "U1", "real_name": "Maya Chen"}],
        channels=[fake_slack.Channel("C1", "general"), fake_slack.Channel("C2", "deals")],
    )
    for n in range(4):
        fake.post("C1", f"1709280{n}00.000100", f"We closed deal {n}")
    fake.post("C1", "1709280900.000100", "<@U1> has joined", subtype="channel_join")  # skipped
    fake.post("C2", "1709281000.000100", "Initech pilot?")
    fake.reply("C2", "1709281000.000100", "1709281100.000100", "Initech signed a pilot")
    url = stack.enter_context(fake_slack.serve(fake))
    return _sync(
        "slack", tmp_path, slack_token=fake_slack.TOKEN, slack_base_url=url, slack_lookback_days=0
    )


def _gmail_api(stack: ExitStack, tmp_path: Path) -> Reader:
    fake = fake_gmail.FakeGmail()
    for n in range(5):
        fake.add(f"id{n}", "t0" if n < 2 else f"t{n}", fake_gmail.rfc822(n, f"Update {n}", f"b{n}"))
    url = stack.enter_context(fake_gmail.serve(fake))
    key = tmp_path / "gmail.json"
    key.write_text(json.dumps(fake_gmail.user_credentials(url + "token")))
    key.chmod(0o600)
    return _sync(
        "gmail", tmp_path, gmail_credentials=key, gmail_base_url=url, gmail_token_uri=url + "token"
    )


# kind -> how many messages the input holds, where it is wholly valid
KINDS = {
    "csv": 3,
    "mbox": None,
    "gmail_json": 3,
    "slack_export": None,
    "slack_export_zip": None,
    "gmail_api": 5,
    "slack_api": 6,
}


@pytest.fixture(params=sorted(KINDS))
def source(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Reader, int | None]]:
    kind: str = request.param
    with ExitStack() as stack:
        reader: Reader
        if kind == "csv":
            path = tmp_path / "messages.csv"
            path.write_text(CSV, encoding="utf-8")
            reader = _file(path)
        elif kind == "mbox":
            reader = _file(FIXTURES / "mail" / "threads.mbox")
        elif kind == "gmail_json":
            reader = _file(_gmail_json(tmp_path))
        elif kind == "slack_export":
            shutil.copytree(FIXTURES / "slack_export", tmp_path / "slack_export")
            reader = _file(tmp_path / "slack_export")
        elif kind == "slack_export_zip":
            reader = _file(_zipped_export(tmp_path))
        elif kind == "gmail_api":
            reader = _gmail_api(stack, tmp_path)
        else:
            reader = _slack_api(stack, tmp_path)
        yield reader, KINDS[kind]


def test_ids_are_stable_and_nothing_is_lost(source: tuple[Reader, int | None]) -> None:
    read, expected = source
    first = read()
    ids = [r.id for r in first if isinstance(r, Message)]
    assert ids
    assert len(set(ids)) == len(ids), "one id per message"
    if expected is not None:
        assert not [r for r in first if isinstance(r, Rejection)], "a valid input rejects nothing"
        assert len(ids) == expected
    again = read()
    assert [r.id for r in again if isinstance(r, Message)] == ids
    assert [r for r in again if isinstance(r, Rejection)] == [
        r for r in first if isinstance(r, Rejection)
    ]
