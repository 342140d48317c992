"""open_source picks the reader from the path and its first bytes."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from sago.sources.base import SourceError
from sago.sources.csv import CsvSource
from sago.sources.detect import open_source
from sago.sources.gmail_json import GmailJsonSource
from sago.sources.mbox import MboxSource
from sago.sources.slack_export import SlackExportSource

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"
MAIL = (
    b"Received: from mx\nFrom: a@example.com\nSubject: hi\n"
    b"Date: Mon, 4 Mar 2024 09:00:00 +0000\n\nbody\n"
)
GMAIL = {"id": "1", "threadId": "1", "payload": {"mimeType": "text/plain", "headers": []}}


def kind(path: Path) -> type:
    return type(open_source(path, "acme"))


def test_slack_folder_zip_and_wrapped_folder(tmp_path: Path) -> None:
    assert kind(FIXTURES / "slack_export") is SlackExportSource
    wrapper = tmp_path / "download"
    shutil.copytree(FIXTURES / "slack_export", wrapper / "Acme export")
    assert kind(wrapper) is SlackExportSource
    archive = tmp_path / "export.bin"  # no .zip suffix: the magic bytes decide
    with zipfile.ZipFile(archive, "w") as handle:
        handle.writestr("users.json", "[]")
    assert kind(archive) is SlackExportSource


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("box.mbox", b"From a@b Mon Mar  4 09:00:00 2024\n" + MAIL),
        ("box.mbx", b"From a@b Mon Mar  4 09:00:00 2024\n" + MAIL),
        ("one.eml", MAIL),
        ("export", b"From a@b Mon Mar  4 09:00:00 2024\n" + MAIL),  # no suffix: From_ line
        ("message.txt", b"\r\n" + MAIL.replace(b"\n", b"\r\n")),  # headers, CRLF
    ],
)
def test_mail(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert kind(path) is MboxSource


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("m.jsonl", json.dumps(GMAIL) + "\n" + json.dumps(GMAIL) + "\n"),
        ("m.ndjson", json.dumps(GMAIL) + "\n"),
        ("m.json", json.dumps([GMAIL], indent=2)),
        ("draft.json", json.dumps({"id": "r1", "message": GMAIL})),
        ("noext", json.dumps({"id": "1", "threadId": "1", "raw": "RnJvbTo"})),
    ],
)
def test_gmail_json(tmp_path: Path, name: str, content: str) -> None:
    path = tmp_path / name
    path.write_text(content)
    assert kind(path) is GmailJsonSource


def test_csv_by_suffix_and_by_header(tmp_path: Path) -> None:
    header = "id,is_chat,chat_sender,email_sender,timestamp,content\n"
    (tmp_path / "a.csv").write_text(header)
    (tmp_path / "seed").write_text(header)
    assert kind(tmp_path / "a.csv") is CsvSource
    assert kind(tmp_path / "seed") is CsvSource


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "list.json",
            '{"messages": [{"id": "1", "threadId": "1"}], "resultSizeEstimate": 1}',
            "list page",
        ),
        (
            "2024-01-01.json",
            '[{"type": "message", "ts": "1704067200.000100", "text": "x"}]',
            "whole export",
        ),
        ("users.json", '[{"id": "U1", "name": "ann"}]', "whole export"),
        ("labels.json", '{"labels": [{"id": "INBOX"}]}', "not Gmail API messages"),
        ("notes.txt", "just some words\n", "unknown input format"),
        ("empty.bin", "", "empty"),
    ],
)
def test_unsupported_inputs_say_what_is_supported(
    tmp_path: Path, name: str, content: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(content)
    with pytest.raises(SourceError, match=expected) as caught:
        open_source(path, "acme")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(str(path))


def test_folder_that_is_not_an_export_and_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "stuff").mkdir()
    with pytest.raises(SourceError, match="Slack workspace export"):
        open_source(tmp_path / "stuff", "acme")
    with pytest.raises(SourceError, match="no such file"):
        open_source(tmp_path / "absent.mbox", "acme")


def test_max_chars_is_passed_on(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    path.write_text(json.dumps(GMAIL) + "\n")
    source = open_source(path, "acme", max_chars=123)
    assert isinstance(source, GmailJsonSource)
    assert source.max_chars == 123
