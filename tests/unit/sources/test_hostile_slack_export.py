"""Hostile input for the Slack export reader: nothing crashes, bad members and messages are
named, good day files still come through (a zip resynchronises at the next member)."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from pathlib import Path
from typing import Any

import pytest

from sago.domain.message import Message, Notice, Rejection
from sago.sources.base import SourceError
from sago.sources.slack_archive import unsafe_name
from sago.sources.slack_export import SlackExportSource
from support.hostile import (
    Case,
    Records,
    assert_survivors,
    edit,
    generic_input,
    json_mutated,
    messages,
    outcome,
    rejections,
    survives,
    text_of,
    write,
)

FIXTURE = Path(__file__).parents[2] / "fixtures/sources/slack_export"
RICH_DAY = json.loads((FIXTURE / "general/2024-03-01.json").read_text(encoding="utf-8"))
USERS = [
    {"id": "U01MAYA", "name": "maya", "real_name": "Maya Chen"},
    {"id": "U02RAVI", "name": "ravi", "profile": {"display_name": "Ravi"}},
]
CHANNELS = [{"id": "C0GENERAL", "name": "general"}, {"id": "C0DEALS", "name": "deals"}]
GOOD_A = [
    {"type": "message", "user": "U01MAYA", "text": "We closed the seed.", "ts": "1709280000.1"}
]
GOOD_B = [{"type": "message", "user": "U02RAVI", "text": "MRR is up.", "ts": "1709452800.2"}]
GOOD_IDS = {"deals/1709280000.1": "We closed the seed.", "deals/1709452800.2": "MRR is up."}


def members(**changes: bytes) -> dict[str, bytes]:
    """The files of a small valid export, with some replaced or added."""
    files = {
        "users.json": json.dumps(USERS).encode(),
        "channels.json": json.dumps(CHANNELS).encode(),
        "general/2024-03-01.json": json.dumps(RICH_DAY).encode(),
        "deals/2024-03-01.json": json.dumps(GOOD_A).encode(),
        "deals/2024-03-03.json": json.dumps(GOOD_B).encode(),
    }
    files.update(changes)
    return files


def zipped(files: dict[str, bytes], method: int = zipfile.ZIP_STORED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


VALID = zipped(members())
DEFLATED = zipped(members(), zipfile.ZIP_DEFLATED)
TRAVERSALS = ["../", "/", "C:\\", "..\\", "general/../../", "a/../../", "", "deals/"]


def read(path: Path, **limits: int) -> Records | SourceError:
    return outcome(SlackExportSource(path, "acme", max_chars=5_000, **limits))


def member_name(blob: bytes) -> str:
    """A day file's name that may escape the archive (zipfile cuts names at a NUL)."""
    prefix = TRAVERSALS[blob[0] % len(TRAVERSALS)] if blob else ""
    name = prefix + text_of(blob[1:24]).encode("ascii", "replace").decode() + "2024-03-09.json"
    return name.replace("\x00", "")


def slack_input(kind: str, blob: bytes) -> bytes:
    """The zip's bytes for one generated case."""
    if kind == "deflated":
        return generic_input("mutated", blob, DEFLATED)
    if kind == "day bytes":  # one day file damaged at the byte level
        damaged = edit(json.dumps(RICH_DAY).encode(), blob)
        return zipped(members(**{"general/2024-03-01.json": damaged}))
    if kind == "day fields":  # one day's structure damaged: type confusion in a message
        day = json.dumps(json_mutated(RICH_DAY, blob)).encode()
        return zipped(members(**{"general/2024-03-01.json": day}))
    if kind == "listings":  # users.json or channels.json damaged
        listing = "users.json" if blob[:1] < b"\x80" else "channels.json"
        value = USERS if listing == "users.json" else CHANNELS
        return zipped(members(**{listing: json.dumps(json_mutated(value, blob[1:])).encode()}))
    if kind == "names":  # a member whose name may escape the archive
        return zipped(members(**{member_name(blob): json.dumps(GOOD_A).encode()}))
    return generic_input(kind, blob, VALID)


def refused_member(case: Case, result: Records | SourceError) -> None:
    if case.kind == "names" and unsafe_name(refused := member_name(case.blob)):
        assert any(r.position == refused for r in rejections(result))


def test_slack_export_reader_survives_hostile_input() -> None:
    survives(
        "slack_export",
        filename="export.zip",
        read=read,
        kinds=["deflated", "day bytes", "day fields", "listings", "names"],
        build=slack_input,
        good=GOOD_IDS,
        # A well-formed zip: the damage stays inside one member or message.
        intact={"day bytes", "day fields", "listings", "names"},
        expect=refused_member,
    )


def export(tmp_path: Path, data: bytes) -> Path:
    return write(tmp_path, "export.zip", data)


def test_path_traversal_members_are_refused_and_the_rest_is_read(tmp_path: Path) -> None:
    evil = [
        "../../etc/2024-03-01.json",
        "/abs/2024-03-01.json",
        "C:\\Windows\\2024-03-01.json",
        "general/../../up/2024-03-01.json",
        "..\\up\\2024-03-01.json",
    ]
    payload = json.dumps(GOOD_A).encode()
    result = read(export(tmp_path, zipped(members(**dict.fromkeys(evil, payload)))))
    assert_survivors(result, GOOD_IDS)
    refused = {r.position: r.reason for r in rejections(result)}
    assert all(refused[name] == "path escapes the archive; refused" for name in evil)
    assert not (tmp_path.parent / "etc").exists()  # nothing is ever extracted


def test_a_zip_bomb_is_refused_before_anything_is_inflated(tmp_path: Path) -> None:
    bomb = zipped(members(**{"general/2024-03-02.json": b"\0" * 4_000_000}), zipfile.ZIP_DEFLATED)
    result = read(export(tmp_path, bomb))
    assert isinstance(result, SourceError)
    assert "zip bomb" in str(result)


def test_an_archive_declaring_more_than_the_total_limit_is_refused(tmp_path: Path) -> None:
    result = read(export(tmp_path, VALID), max_total_bytes=1_000)
    assert isinstance(result, SourceError)
    assert "over the 1,000 limit" in str(result)


def _patch_member(data: bytes, name: str, *, size: int | None = None, flags: int = 0) -> bytes:
    """Rewrite a member's declared size or flags in both its local and central headers."""
    raw = bytearray(data)
    encoded = name.encode()
    for signature, flag_at, size_at, name_at in (
        (b"PK\x03\x04", 6, 22, 30),
        (b"PK\x01\x02", 8, 24, 46),
    ):
        start = 0
        while (at := raw.find(signature, start)) >= 0:
            start = at + 4
            if raw[at + name_at : at + name_at + len(encoded)] != encoded:
                continue
            if size is not None:
                raw[at + size_at : at + size_at + 4] = struct.pack("<I", size)
            raw[at + flag_at] |= flags
    return bytes(raw)


@pytest.mark.parametrize(
    ("size", "flags", "reason"),
    [(10, 0, "Bad CRC-32"), (None, 0x1, "is encrypted")],
    ids=["declares-less-than-it-holds", "encrypted"],
)
def test_a_lying_or_encrypted_member_is_one_rejection(
    tmp_path: Path, size: int | None, flags: int, reason: str
) -> None:
    name = "general/2024-03-01.json"
    result = read(export(tmp_path, _patch_member(DEFLATED, name, size=size, flags=flags)))
    assert_survivors(result, GOOD_IDS)
    [bad] = [r for r in rejections(result) if r.position == name]
    assert reason in bad.reason


@pytest.mark.parametrize(
    "document",
    [b"[" * 100_000 + b"]" * 100_000, b"[" + b"9" * 5_000 + b"]"],
    ids=["deep", "long-integer"],
)
@pytest.mark.parametrize("member", ["users.json", "general/2024-03-01.json"])
def test_unparseable_json_members_are_rejections(
    tmp_path: Path, document: bytes, member: str
) -> None:
    # Regression: json.loads raised RecursionError / ValueError out of the reader.
    result = read(export(tmp_path, zipped(members(**{member: document}))))
    assert_survivors(result, GOOD_IDS)
    [bad] = [r for r in rejections(result) if r.position == member]
    assert "nested too deeply" in bad.reason or "cannot be parsed" in bad.reason


def test_a_10_mb_message_is_cut_and_the_rest_is_read(tmp_path: Path) -> None:
    huge = [{"type": "message", "user": "U01MAYA", "text": "x" * 10_000_000, "ts": "1709366400.5"}]
    result = read(
        export(tmp_path, zipped(members(**{"deals/2024-03-02.json": json.dumps(huge).encode()})))
    )
    assert_survivors(result, GOOD_IDS)
    assert not [r for r in rejections(result) if r.position.startswith("deals/2024-03-02.json")]
    [cut] = [m for m in messages(result) if m.id == "deals/1709366400.5"]
    assert cut.truncated
    assert len(cut.text) == 5000  # the limit this test reads with


def nested(levels: int) -> Any:
    value: Any = []
    for _ in range(levels):
        value = [value]
    return value


MAYA = {"user": "U01MAYA", "ts": "1.5"}


@pytest.mark.parametrize(
    "message",
    [
        # Regressions, each of which raised out of the reader and stopped the whole export.
        pytest.param({**MAYA, "text": "x", "subtype": {"a": 1}}, id="subtype-object"),
        pytest.param({**MAYA, "text": "x", "subtype": ["bot_message"]}, id="subtype-list"),
        pytest.param({**MAYA, "text": "", "attachments": 5}, id="attachments-number"),
        pytest.param({**MAYA, "text": "x", "files": 5}, id="files-number"),
        pytest.param({**MAYA, "text": "x", "files": [{"initial_comment": 5}]}, id="comment"),
        pytest.param({**MAYA, "text": "hi \ud800"}, id="lone-surrogate"),
        pytest.param({**MAYA, "text": "x", "ts": "0" * 600 + "1.5"}, id="id-over-512"),
        # json.loads allows 900 levels; walking them recursively did not.
        pytest.param({**MAYA, "text": "x", "metadata": nested(900)}, id="deep-field"),
        pytest.param(
            {**MAYA, "text": "", "blocks": [{"type": "rich_text", "elements": nested(900)}]},
            id="deep-blocks",
        ),
    ],
)
def test_odd_messages_do_not_stop_the_export(tmp_path: Path, message: dict[str, Any]) -> None:
    day = json.dumps([message, *GOOD_A]).encode()
    result = read(export(tmp_path, zipped(members(**{"general/2024-03-01.json": day}))))
    assert_survivors(result, GOOD_IDS)
    for record in result if isinstance(result, list) else []:
        assert isinstance(record, Message | Rejection | Notice)


def _central(data: bytes, name: str) -> int:
    """Offset of a member's central directory header."""
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        size = struct.unpack("<H", data[at + 28 : at + 30])[0]
        if data[at + 46 : at + 46 + size] == name.encode():
            return at
        at = data.find(b"PK\x01\x02", at + 4)
    raise AssertionError(name)


def test_an_archive_zipfile_cannot_open_is_one_line_source_error(tmp_path: Path) -> None:
    # Regressions: zipfile raised NotImplementedError ("zip file version 9.9") and
    # UnicodeDecodeError (a name flagged UTF-8 that is not) past the reader.
    version = bytearray(VALID)
    version[_central(VALID, "users.json") + 6] = 99
    name = bytearray(VALID)
    at = _central(VALID, "users.json")
    name[at + 8] |= 0x08  # general purpose flag bit 11 (0x0800): the name is UTF-8
    name[at + 9] |= 0x08
    name[at + 46 : at + 48] = b"\xff\xfe"
    for damaged in (bytes(version), bytes(name)):
        result = read(export(tmp_path, damaged))
        assert isinstance(result, SourceError)
        assert "not a readable zip archive" in str(result)


def test_a_member_with_an_empty_name_is_ignored(tmp_path: Path) -> None:
    # Regression: ZipInfo.is_dir() raised IndexError on it. zipfile cuts names at a NUL,
    # so a crafted archive gets one by a NUL in the central directory.
    data = bytearray(zipped(members(**{"E": b"[]"})))
    data[_central(bytes(data), "E") + 46] = 0
    result = read(export(tmp_path, bytes(data)))
    assert_survivors(result, GOOD_IDS)


def test_a_corrupt_deflate_stream_is_one_rejection(tmp_path: Path) -> None:
    # Regression: zlib.error escaped the member read.
    data = bytearray(DEFLATED)
    name = b"general/2024-03-01.json"
    start = data.find(b"PK\x03\x04")
    while data[start + 30 : start + 30 + len(name)] != name:
        start = data.find(b"PK\x03\x04", start + 4)
    body = start + 30 + len(name) + struct.unpack("<H", data[start + 28 : start + 30])[0]
    data[body : body + 8] = b"\xff" * 8
    result = read(export(tmp_path, bytes(data)))
    assert_survivors(result, GOOD_IDS)
    [bad] = [r for r in rejections(result) if r.position == name.decode()]
    assert bad.reason.startswith("cannot be decompressed")


def test_symbolic_links_in_an_unpacked_export_are_refused(tmp_path: Path) -> None:
    # An export unpacked from a hostile archive may link a day file to any file.
    secret = tmp_path / "secret.json"
    secret.write_text(json.dumps([{**MAYA, "text": "private"}]), encoding="utf-8")
    folder = tmp_path / "export"
    for name, data in members().items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    (folder / "deals/2024-03-02.json").symlink_to(secret)
    result = outcome(SlackExportSource(folder, "acme"))
    assert_survivors(result, GOOD_IDS)
    assert "private" not in {m.text for m in messages(result)}
    [link] = [r for r in rejections(result) if r.position == "deals/2024-03-02.json"]
    assert link.reason == "is a symbolic link; refused"
