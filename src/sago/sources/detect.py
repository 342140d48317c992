"""Pick the reader for a path by looking at it (`sago run PATH` needs no --format).

The suffix decides when it is unambiguous; otherwise the first bytes do. Only the first
64 KiB are read here, so detection is cheap on any size of input.
"""

from __future__ import annotations

import re
from pathlib import Path

from sago.domain.message import MAX_TEXT_CHARS
from sago.sources.base import MessageSource, SourceError

SUPPORTED = (
    "the seed's .csv, a Slack workspace export (.zip or folder with users.json/channels.json), "
    "an mbox or .eml mailbox, or Gmail API message JSON (.json/.jsonl/.ndjson)"
)
_PEEK = 64 * 1024
_MAIL_SUFFIXES = {".mbox", ".mbx", ".eml"}
_JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
_SLACK_METADATA = ("channels.json", "users.json")
_GMAIL_BODY = re.compile(rb'"(?:payload|raw)"\s*:')
_GMAIL_KEYS = re.compile(rb'"(?:threadId|internalDate|labelIds)"\s*:')
_LIST_PAGE = re.compile(rb'"(?:resultSizeEstimate|nextPageToken)"\s*:')
_SLACK_KEYS = re.compile(rb'"ts"\s*:\s*"\d+\.\d+"')
_CSV_HEADER = re.compile(rb"^\s*(?:\xef\xbb\xbf)?[\"']?id[\"']?\s*,.*is_chat", re.IGNORECASE)


def _is_slack_folder(path: Path) -> bool:
    if any((path / name).is_file() for name in _SLACK_METADATA):
        return True
    inner = [p for p in path.iterdir() if p.is_dir() and (p / "channels.json").is_file()]
    return len(inner) == 1


def _peek(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(_PEEK)
    except OSError as exc:
        raise SourceError(f"{path}: cannot open ({exc.strerror or exc})") from exc


def open_source(path: Path, company_id: str, max_chars: int = MAX_TEXT_CHARS) -> MessageSource:
    """The reader for `path`; a one-line SourceError when it is missing or unknown."""
    if not path.exists():
        raise SourceError(f"{path}: no such file or folder")
    if path.is_dir():
        if _is_slack_folder(path):
            from sago.sources.slack_export import SlackExportSource

            return SlackExportSource(path, company_id, max_chars=max_chars)
        raise SourceError(
            f"{path}: a folder without users.json or channels.json; expected {SUPPORTED}"
        )
    suffix = path.suffix.lower()
    head = _peek(path)
    if suffix in {".csv", ".tsv"} or (suffix not in _JSON_SUFFIXES and _CSV_HEADER.match(head)):
        from sago.sources.csv import CsvSource

        return CsvSource(path, company_id, max_chars=max_chars)
    if suffix == ".zip" or head.startswith(b"PK\x03\x04"):
        from sago.sources.slack_export import SlackExportSource

        return SlackExportSource(path, company_id, max_chars=max_chars)
    if suffix in _JSON_SUFFIXES or head.lstrip()[:1] in {b"{", b"["}:
        return _json_source(path, head, company_id, max_chars)
    from sago.sources.mbox import MboxSource, looks_like_mail

    if suffix in _MAIL_SUFFIXES or looks_like_mail(head):
        return MboxSource(path, company_id, max_chars=max_chars)
    if not head.strip():
        raise SourceError(f"{path}: the file is empty; expected {SUPPORTED}")
    raise SourceError(f"{path}: unknown input format; expected {SUPPORTED}")


def _json_source(path: Path, head: bytes, company_id: str, max_chars: int) -> MessageSource:
    if _LIST_PAGE.search(head) and not _GMAIL_BODY.search(head):
        raise SourceError(
            f"{path}: a Gmail list page (ids only); fetch each message with "
            "users.messages.get?format=full and save those"
        )
    if _GMAIL_BODY.search(head) or _GMAIL_KEYS.search(head):
        from sago.sources.gmail_json import GmailJsonSource

        return GmailJsonSource(path, company_id, max_chars=max_chars)
    if _SLACK_KEYS.search(head) or path.name in _SLACK_METADATA:
        raise SourceError(
            f"{path}: Slack JSON, but not a whole export; pass the export's .zip or folder"
        )
    raise SourceError(f"{path}: JSON, but not Gmail API messages; expected {SUPPORTED}")
