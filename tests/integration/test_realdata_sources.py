"""The importers on real exports and mailboxes other people wrote (shared/realdata, read in
place; see its SOURCES.md). Counts were checked by hand against the files.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from sago.domain.message import Message, Notice, Rejection
from sago.sources.base import SourceError
from sago.sources.detect import open_source
from sago.sources.gmail_json import GmailJsonSource
from sago.sources.mbox import MboxSource
from support.shared import REALDATA

pytestmark = pytest.mark.skipif(not REALDATA.is_dir(), reason=f"{REALDATA} is absent")

HFARAN = REALDATA / "slack" / "hfaran-slack-export-viewer"
ZULIP = REALDATA / "slack" / "zulip" / "zerver" / "tests" / "fixtures" / "slack_fixtures"
CORPUS = REALDATA / "mbox" / "apache-incubator-ponymail-unit-tests" / "corpus"
PONYMAIL = REALDATA / "mbox" / "apache-incubator-ponymail" / "test" / "resources"
FLANKER = REALDATA / "mbox" / "mailgun-flanker" / "tests" / "fixtures" / "messages"
GMAIL = REALDATA / "gmail"


def records(path: Path) -> list[Message | Rejection]:
    return list(open_source(path, "acme").read())


def only_messages(path: Path) -> list[Message]:
    """The messages of a file that has no rejection (skipped-record notices are fine)."""
    found = [r for r in records(path) if not isinstance(r, Notice)]
    assert all(isinstance(r, Message) for r in found), [
        r for r in found if isinstance(r, Rejection)
    ]
    return [r for r in found if isinstance(r, Message)]


def test_every_real_file_reads_or_is_refused_with_a_source_error() -> None:
    outcomes: Counter[str] = Counter()
    for path in sorted(REALDATA.rglob("*")):
        if not path.is_file():
            continue
        try:
            found = records(path)
        except SourceError:
            outcomes["refused"] += 1
            continue
        outcomes["read"] += 1
        outcomes["messages"] += sum(isinstance(r, Message) for r in found)
    # 50 mbox/eml + 11 Gmail message objects + 1 Slack zip; the rest is not an input
    # (licences, .js/.ts/.py sources, single files of an export, Gmail list pages).
    assert outcomes["read"] == 50 + 11 + 1
    # mbox: 27 (ponymail) + 199 (corpus, no_date rejected) + 19 (flanker, 3 undated
    # rejected); Gmail 11; Slack 53.
    assert outcomes["messages"] == 27 + 199 + 19 + 11 + 53


# --- Slack ------------------------------------------------------------------------------


def test_hfaran_zip_and_folder() -> None:
    zipped = only_messages(HFARAN / "tests" / "testarchive.zip")
    unzipped = only_messages(HFARAN / "_unzipped" / "testarchive")
    assert [m.model_dump() for m in zipped] == [m.model_dump() for m in unzipped]
    # 158 entries: 94 bot_message, 8 channel_join, 3 bot_add skipped; 53 kept, incl. 3
    # file_share and the file_comment.
    assert len(zipped) == 53
    assert Counter(m.channel for m in zipped) == {"enrique": 30, "traveling-sailor": 23}
    assert not any(
        m.raw.get("subtype") in {"bot_message", "channel_join", "bot_add"} for m in zipped
    )
    assert Counter(m.raw.get("subtype") for m in zipped)["file_share"] == 3
    edited = next(m for m in zipped if "edited" in m.raw)
    assert edited.id == "traveling-sailor/1458972985.000010"
    assert '"updates_enabled": false' in edited.text
    comment = next(m for m in zipped if m.raw.get("subtype") == "file_comment")
    assert comment.sender == "Hermione Granger"  # the comment's author, resolved
    assert not any("xoxe-" in json.dumps(m.raw) for m in zipped)
    assert all(m.thread_id is None for m in zipped)  # a 2016 export: no threads


def test_zulip_real_export_without_channels_json() -> None:
    found = only_messages(ZULIP / "test_slack_importer")
    # 2 + 11 entries, 4 channel_join.
    assert len(found) == 9
    upload = next(m for m in found if m.raw.get("subtype") == "file_share")
    assert upload.sender == "Josef K."
    assert "commented: test upload attachment" in upload.text
    assert [m.text for m in found][-4:] == ["@everyone", "@everyone", "@channel", "@channel"]


def _export(tmp_path: Path, users: Path, days: dict[str, list[object]]) -> Path:
    """An export folder built in tmp from message lists that are not laid out as one."""
    root = tmp_path / "export"
    root.mkdir()
    (root / "users.json").write_bytes(users.read_bytes())
    for name, messages in days.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(json.dumps(messages))
    return root


def test_zulip_hand_written_threads(tmp_path: Path) -> None:
    fixtures = ZULIP / "exported_messages_fixtures"

    def load(name: str) -> list[object]:
        found = json.loads((fixtures / name).read_text())
        return found if isinstance(found, list) else [found]

    root = _export(
        tmp_path,
        fixtures / "users.json",
        {
            "random/2015-06-12.json": load("normal_thread.json"),
            "broadcast/2015-06-12.json": load("thread_with_broadcast_reply.json"),
            "colliding/2015-06-12.json": load("threads_with_colliding_topic_names.json"),
            "modern/2026-03-04.json": load("message_with_links.json")
            + load("message_with_variety_files_and_rich_text.json"),
        },
    )
    found = {m.id: m for m in only_messages(root)}
    # A reply whose ts is earlier than its parent's keeps the parent's thread.
    assert found["random/1449868294.000007"].thread_id == "1539868294.000007"
    assert found["random/1439868294.000007"].thread_id == "1434139102.000002"
    broadcast = found["broadcast/1434139104.000002"]
    assert (broadcast.thread_id, broadcast.text) == (
        "1434139102.000002",
        "everyone should see this",
    )
    # Two threads whose first messages share a text stay two threads.
    colliding = Counter(m.thread_id for m in found.values() if m.channel == "colliding")
    assert colliding == {"1434139102.000002": 2, "1434139200.000002": 2}
    links = found["modern/1772029188.953659"]
    assert links.sender == "Peter"  # from user_profile: not in this users.json
    assert links.text.startswith("Text with a link (https://chat.zulip.org/)")
    files = found["modern/1772636065.551219"]
    assert "[file: Weekly Sync]" in files.text
    assert "xoxe" not in json.dumps(files.raw)


def test_erikkalkoken_api_messages_through_the_export_reader(tmp_path: Path) -> None:
    data_file = REALDATA / "slack" / "ErikKalkoken-slackchannel2pdf" / "tests" / "slack_data.json"
    with pytest.raises(SourceError, match="not a whole export"):
        open_source(data_file, "acme")
    team = json.loads(data_file.read_text())["T12345678"]
    (tmp_path / "users.json").write_text(json.dumps(team["users_list"]["members"]))
    history = team["conversations_history"]["G1234567X"]
    replies = team["conversations_replies"]["G1234567X"]["1561764011.015500"]
    root = _export(
        tmp_path, tmp_path / "users.json", {"G1234567X/2019-07-04.json": history + replies}
    )
    found = only_messages(root)
    # 17 history entries: 4 bot_message skipped, one ts listed twice read once; then the 5
    # replies, of which the parent is again a repeat.
    assert len(found) == 12 + 4
    assert not any("bot message" in m.text for m in found)
    thread = [m for m in found if m.thread_id == "1561764011.015500"]
    assert len(thread) == 5
    assert any("Γειά σου κόσμος" in m.text for m in found)


# --- mbox / eml ----------------------------------------------------------------------------


def test_httpd_users_2020_07() -> None:
    found = only_messages(CORPUS / "httpd-users-2020-07.mbox")
    assert len(found) == 108
    assert len({m.id for m in found}) == 108
    assert sum(m.thread_id != m.id for m in found) == 74  # In-Reply-To/References
    assert all(m.text.strip() for m in found)
    senders = {m.sender for m in found}
    assert "古川 俊介 <furukawa658@oki.com>" in senders  # iso-2022-jp RFC 2047
    assert "佐藤昌宏 / SATOU，MASAHIRO <masahiro.satou.ey@hitachi-systems.com>" in senders
    htaccess = [
        m for m in found if m.subject == "Re: [users@httpd] client removal of .htaccess file"
    ]
    assert any("’" in m.text for m in htaccess)  # windows-1252 smart quote
    mojibake = ("â€", "Ã©", "Ã¼", "\x1b")
    assert not any(bad in m.text + m.sender for m in found for bad in mojibake)
    assert not any("To unsubscribe, e-mail" in m.text for m in found)


def test_nexus_html_only() -> None:
    found = only_messages(CORPUS / "nexus-html-only.mbox")
    assert len(found) == 3
    assert "The orgapachecommons-1174 staging repository has been dropped." in found[0].text
    assert not any("<td" in m.text or "&nbsp;" in m.text for m in found)


def test_tomcat_ancient_boundary_is_salvaged() -> None:
    (found,) = only_messages(CORPUS / "tomcat-ancient-boundary.mbox")
    assert found.text == "Lajos...\n\n...this should definitely help....thanks...\n\nAllen"


def test_no_date_is_rejected() -> None:
    (rejected,) = records(CORPUS / "no_date.mbox")
    assert isinstance(rejected, Rejection)
    assert (rejected.field, rejected.position) == ("Date", "message 1 (byte 0)")


def test_the_same_message_from_three_archivers_is_one_message() -> None:
    for stem in ("maven-dev-2017-11-124652", "ponymail-dev-1080"):
        copies = sorted(CORPUS.glob(f"{stem}-*.mbox"))
        assert len(copies) == 3
        found = [only_messages(path) for path in copies]
        assert all(len(f) == 1 for f in found)
        assert len({f[0].id for f in found}) == 1
        assert len({f[0].text for f in found}) == 1


def test_wrong_charset_label_gives_the_same_text_as_the_fixed_copy() -> None:
    (wrong,) = only_messages(PONYMAIL / "pass" / "00439.982a2ff6189badfe70c2fe3c972466a2.mbox")
    (fixed,) = only_messages(
        PONYMAIL / "pass" / "00439.982a2ff6189badfe70c2fe3c972466a2_fixcharset.mbox"
    )
    assert wrong.text == fixed.text


def test_ponymail_framing_counts_and_from_escaping() -> None:
    tests = only_messages(PONYMAIL / "pass" / "tests.mbox")
    assert len(tests) == 15
    escaping = next(m for m in tests if "Eternity" in m.text)
    assert "\nFrom Here to Eternity\n" in escaping.text
    assert len(only_messages(PONYMAIL / "pass" / "attachments.mbox")) == 5


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bilingual-simple.eml", "А эта линия по-русски."),
        ("long-links.eml", "Very long link"),
        ("torture-part.eml", "---------- Forwarded message ----------"),
        # Very long soft-broken QP URLs; the HTML alternative is labelled text/plain.
        ("quoted-printable.eml", "utmcsr=(direct)|utmccn=(direct)|utmcmd=(none)"),
    ],
)
def test_flanker_messages(name: str, expected: str) -> None:
    (found,) = only_messages(FLANKER / name)
    assert expected in found.text
    assert "<html" not in found.text.lower()


def test_flanker_undated_messages_are_rejections() -> None:
    for name in ("false-multipart.eml", "missing-final-boundary.eml", "signed.eml"):
        (rejected,) = records(FLANKER / name)
        assert isinstance(rejected, Rejection)
        assert rejected.field == "Date"


# --- Gmail API JSON ------------------------------------------------------------------------


def _gmail(relative: str) -> Message:
    path = GMAIL / relative
    source = open_source(path, "acme")
    assert isinstance(source, GmailJsonSource)
    (found,) = only_messages(path)
    return found


def test_larsklingsten_latin1_labelled_parts_are_utf8() -> None:
    base = "larsklingsten-gmail-api-parse-message-ts/_extracted_json/"
    claudia = _gmail(base + "GMAIL_RESP_CLAUDIA_1ATTACH.json")
    assert "übersenden" in claudia.text
    assert "Verfügung" in claudia.text
    sparkron = _gmail(base + "GMAIL_RESP_SPARKRON_ATTACH.json")
    assert "Jægergårdsgade" in sparkron.text
    for name in ("CLAUDIA_1ATTACH", "CLAUDIA_3ATTACH", "SPARKRON_ATTACH", "LK_PLAIN", "UBS_BUGFIX"):
        text = _gmail(f"{base}GMAIL_RESP_{name}.json").text
        assert "Ã" not in text
        assert "=C3" not in text
    assert "disclaim" not in _gmail(base + "GMAIL_RESP_UBS_BUGFIX.json").text.lower()


def test_emiltholin_messages_and_draft() -> None:
    base = "EmilTholin-gmail-api-parse-message/_extracted_json/"
    draft = _gmail(base + "multipartAlternativeDraft.json")
    assert draft.text == "Can it parse *draft *now? Sure can!"
    assert "DRAFT" in draft.raw["labelIds"]
    assert _gmail(base + "plainTextMessage.json").text == "The actual message text goes here"
    attached = _gmail(base + "multipartAlternativePlainTextAttachmentMessage.json")
    assert attached.text == "cool *stuff*"  # the text/plain attachment is not the body
    assert (attached.id, attached.thread_id) == ("156576c760d1abcd", "156576c760d1bcde")


def test_aaira_message_and_list_page() -> None:
    base = "aaira-a-gocd2gmail2slack/_extracted_json/"
    found = _gmail(base + "gmail_message_detail_1.MESSAGE1.json")
    assert found.subject == "FW: Stage [product.branch.CI/100/Package/1] passed"
    assert "See details:" in found.text
    with pytest.raises(SourceError, match="list page"):
        open_source(GMAIL / base / "gmail_messages_initial.MESSAGES.json", "acme")


def test_mbox_reader_reads_every_message_of_the_1_mb_httpd_file() -> None:
    # Speed is measured by `sago bench`, not asserted here.
    path = CORPUS / "httpd-users-2020-07.mbox"
    count = sum(isinstance(r, Message) for r in MboxSource(path, "acme").read())
    assert count == 108
